"""``python -m analysis`` is the same as the ``newsreport`` command."""

from analysis.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
