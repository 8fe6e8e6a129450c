"""newsreport: reproducible research reports on news corpora.

The import package is ``analysis``; the distribution and the command are ``newsreport``.
Data flows one way: corpus -> segment -> extractors -> tables -> plots/report.
"""

__version__ = "0.1.0"
