"""Shared figure conventions: size readable at A4 width, one palette, tidy axes."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

WIDTH = 8.0  # inches: the report column at A4 width
ACCENT = "#2c4a7a"
PALETTE = ("#2c4a7a", "#d1793b", "#4f9a8a", "#a34b6b", "#7f7f7f", "#c9a227", "#5c6bc0")


def new_figure(height: float = 3.6) -> tuple[Figure, Axes]:
    """Return a figure of report width with one axes, styled."""
    figure = Figure(figsize=(WIDTH, height), dpi=110, layout="constrained")
    axes = figure.add_subplot()
    tidy(axes)
    return figure, axes


def tidy(axes: Axes) -> None:
    """Remove chart junk: top/right spines, heavy ticks."""
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)
    axes.tick_params(length=3, labelsize=9)


def empty_figure(message: str) -> Figure:
    """Return a small figure saying why there is nothing to plot."""
    figure, axes = new_figure(1.2)
    axes.axis("off")
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=10, color="#555")
    return figure
