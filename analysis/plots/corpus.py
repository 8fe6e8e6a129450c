"""Figures of the corpus overview chapter (from the ``articles`` table)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.plots.style import ACCENT, empty_figure, new_figure


def articles_over_time(articles: pd.DataFrame, *, freq: str = "M") -> Figure:
    """Bar chart of articles per month (``freq="M"``), week ("W") or year ("Y")."""
    dates = pd.to_datetime(articles["date"], errors="coerce").dropna()
    if dates.empty:
        return empty_figure("No article has a date.")
    periods = dates.dt.to_period(freq).value_counts().sort_index()
    full = pd.period_range(periods.index.min(), periods.index.max(), freq=freq)
    periods = periods.reindex(full, fill_value=0)
    figure, axes = new_figure()
    labels = [str(p) for p in periods.index]
    axes.bar(range(len(periods)), periods.to_numpy(), color=ACCENT)
    step = max(1, len(labels) // 12)
    axes.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right")
    axes.set_ylabel("articles")
    axes.set_title(f"Articles per {'month' if freq == 'M' else freq}", loc="left")
    return figure


def articles_by_source(articles: pd.DataFrame, *, top_n: int = 15) -> Figure:
    """Horizontal bars of the number of articles of the ``top_n`` largest sources."""
    sources = articles["source"].fillna("(no source)").value_counts().head(top_n)
    if sources.empty:
        return empty_figure("No articles.")
    if articles["source"].isna().all():
        return empty_figure("No article names its source (no source field or header line).")
    figure, axes = new_figure(0.9 + 0.28 * len(sources))
    axes.barh(range(len(sources)), sources.to_numpy()[::-1], color=ACCENT)
    axes.set_yticks(range(len(sources)), list(sources.index[::-1]))
    axes.set_xlabel("articles")
    axes.set_title("Articles by source", loc="left")
    return figure


def length_distribution(articles: pd.DataFrame, *, bins: int = 30) -> Figure:
    """Histogram of article length in words, with the median marked."""
    words = articles["n_words"].dropna()
    if words.empty:
        return empty_figure("No articles.")
    figure, axes = new_figure()
    axes.hist(words, bins=bins, color=ACCENT, alpha=0.85)
    median = float(words.median())
    axes.axvline(median, color="#d1793b", linewidth=1.5)
    axes.annotate(
        f"median {median:,.0f} words",
        (median, axes.get_ylim()[1] * 0.92),
        xytext=(6, 0),
        textcoords="offset points",
        fontsize=9,
        color="#d1793b",
    )
    axes.set_xlabel("words per article")
    axes.set_ylabel("articles")
    axes.set_title("Article length", loc="left")
    return figure
