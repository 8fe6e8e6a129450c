"""Scoring extractors against human-annotated gold files (``newsreport evaluate``).

One module per task: ``analysis.evaluate.quotes`` and ``analysis.evaluate.countries``. Each
exposes ``evaluate_file(gold_path, *, as_json=False, errors=0, options=None) -> str``, the text
the command prints.
"""
