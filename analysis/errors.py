"""User-facing errors: one class per kind of problem, each message says what to do."""

from __future__ import annotations


class NewsreportError(Exception):
    """Base class of errors that the command line reports without a traceback."""

    exit_code = 1


class CorpusError(NewsreportError):
    """The corpus cannot be read (missing path, unknown format, broken record)."""

    exit_code = 2


class ParameterError(NewsreportError):
    """A report parameter is unknown or does not fit its type."""

    exit_code = 2


class ReportError(NewsreportError):
    """A report run failed (a notebook raised, timed out, or the rendering failed)."""

    exit_code = 1


class GoldFormatError(NewsreportError):
    """A gold file for ``newsreport evaluate`` is not in the documented format."""

    exit_code = 2
