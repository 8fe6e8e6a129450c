"""Matplotlib figures for the report: one function per figure, each returns the Figure.

Importing this package inside a notebook registers a PNG display formatter for matplotlib
figures that renders them the same way every time (fixed DPI, no timestamp or version in the
PNG metadata), so ``display(figure)`` embeds a byte-identical image on every run, and shows
floats in tables with three decimals.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

FIGURE_DPI = 110


def figure_png(figure: Figure) -> bytes:
    """Return the figure as deterministic PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=FIGURE_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _register_notebook_formatter() -> None:
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)
    import pandas as pd

    # Tables in a report are read, not computed on: three decimals keep them narrow.
    pd.set_option("display.precision", 3)


_register_notebook_formatter()
