"""``python -m analysis`` is the same as the ``newsreport`` command."""

from analysis.cli import run

if __name__ == "__main__":
    raise SystemExit(run())
