"""Figures of the word-frequency chapter: one function per figure, each returns the Figure."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.plots.style import ACCENT, PALETTE, WIDTH, empty_figure, new_figure, tidy


def top_terms(frequencies: pd.DataFrame, *, top_n: int = 25, title: str = "") -> Figure:
    """Horizontal bar chart of the most frequent terms (per 10,000 words).

    Args:
        frequencies: The ``word_frequencies`` table (or one group's rows of the by-group one).
        top_n: Number of terms shown.
        title: Figure title (a default names the measure).
    """
    if frequencies.empty:
        return empty_figure("No terms to show.")
    top = frequencies.sort_values(["count", "term"], ascending=[False, True]).head(top_n)
    figure, axes = new_figure(max(2.5, 0.22 * len(top) + 0.9))
    positions = np.arange(len(top))[::-1]
    axes.barh(positions, top["per_10k"], color=ACCENT, height=0.7)
    axes.set_yticks(positions, labels=list(top["term"]))
    axes.set_xlabel("occurrences per 10,000 words")
    axes.set_title(title or f"The {len(top)} most frequent terms (stopwords removed)", fontsize=11)
    for position, (per_10k, articles) in zip(
        positions, zip(top["per_10k"], top["article_count"], strict=True), strict=True
    ):
        axes.text(per_10k, position, f" {articles:,} art.", va="center", fontsize=7, color="#555")
    axes.margins(x=0.12)
    return figure


def terms_over_time(trends: pd.DataFrame, *, title: str = "") -> Figure:
    """Line chart of chosen terms per 10,000 words in each period.

    Args:
        trends: Output of :func:`analysis.frequencies.term_trends` (group, term, per_10k).
        title: Figure title.
    """
    if trends.empty:
        return empty_figure("No dated articles: nothing to show over time.")
    if trends["count"].sum() == 0:
        return empty_figure("None of the chosen terms occurs in the dated articles.")
    figure, axes = new_figure(3.6)
    periods = sorted(trends["group"].unique())
    positions = {period: index for index, period in enumerate(periods)}
    for index, (term, rows) in enumerate(trends.groupby("term", sort=False)):
        rows = rows.sort_values("group")
        axes.plot(
            [positions[group] for group in rows["group"]],
            rows["per_10k"],
            marker="o",
            markersize=3,
            color=PALETTE[index % len(PALETTE)],
            label=str(term),
        )
    step = max(1, len(periods) // 12)
    ticks = list(range(0, len(periods), step))
    axes.set_xticks(ticks, labels=[periods[tick] for tick in ticks], rotation=45, ha="right")
    axes.set_ylabel("per 10,000 words")
    axes.set_xlabel("month")
    axes.set_title(title or "Chosen terms over time", fontsize=11)
    axes.legend(fontsize=8, frameon=False, ncols=min(4, trends["term"].nunique()))
    return figure


def fightin_words(
    distinctive: pd.DataFrame,
    *,
    group: str,
    other: str = "the rest",
    label_n: int = 12,
    z_threshold: float = 1.96,
) -> Figure:
    """Scatter of z-scores of the weighted log-odds against term frequency ("fightin' words").

    Terms with |z| above ``z_threshold`` are coloured; the ``label_n`` most extreme on each
    side are labelled (Monroe, Colaresi & Quinn 2008, figure style).

    Args:
        distinctive: Output of :func:`analysis.frequencies.distinctive_words`.
        group: Name of the group of interest (positive z).
        other: Name of what it is compared with (negative z).
        label_n: Labelled terms per side.
        z_threshold: |z| above which a term counts as distinctive.
    """
    if distinctive.empty:
        return empty_figure("No terms to compare.")
    frequency = distinctive["total"].clip(lower=1).to_numpy(dtype=float)
    z_scores = distinctive["z"].to_numpy(dtype=float)
    figure = Figure(figsize=(WIDTH, 4.8), dpi=110, layout="constrained")
    axes = figure.add_subplot()
    tidy(axes)
    mine = z_scores >= z_threshold
    theirs = z_scores <= -z_threshold
    neutral = ~(mine | theirs)
    axes.scatter(frequency[neutral], z_scores[neutral], s=9, color="#aaaaaa", linewidths=0)
    axes.scatter(frequency[mine], z_scores[mine], s=8, color=PALETTE[0], label=group)
    axes.scatter(frequency[theirs], z_scores[theirs], s=8, color=PALETTE[1], label=other)
    axes.set_xscale("log")
    axes.axhline(0, color="#888888", linewidth=0.6)
    for bound in (z_threshold, -z_threshold):
        axes.axhline(bound, color="#888888", linewidth=0.5, linestyle=":")
    _label_extremes(axes, distinctive, label_n=label_n, z_threshold=z_threshold)
    axes.set_xlabel("frequency of the term in both (log scale)")
    axes.set_ylabel("z-score of weighted log-odds")
    axes.set_title(f"Words distinguishing {group} from {other}", fontsize=11)
    axes.legend(fontsize=8, frameon=False, loc="upper left", markerscale=1.5)
    return figure


def _label_extremes(
    axes: Axes, distinctive: pd.DataFrame, *, label_n: int, z_threshold: float
) -> None:
    """Label the most extreme terms on each side, skipping labels that would overlap."""
    z_range = float(distinctive["z"].max() - distinctive["z"].min()) or 1.0
    placed: list[tuple[float, float]] = []
    ordered = distinctive.reset_index(drop=True)
    sides = (ordered.head(label_n), ordered.tail(label_n).iloc[::-1])
    for side, color in zip(sides, PALETTE[:2], strict=True):
        # On a small corpus nothing may pass the threshold: still name the most lopsided
        # few (in grey), so the reader sees which words lean each way.
        weak = not (side["z"].abs() >= z_threshold).any()
        limit = min(label_n, 6) if weak else label_n
        for term, total, z_score in zip(
            side["term"][:limit], side["total"][:limit], side["z"][:limit], strict=True
        ):
            if abs(z_score) < z_threshold and not weak:
                continue
            x = math.log10(max(float(total), 1.0))
            if any(abs(x - px) < 0.45 and abs(z_score - pz) < z_range / 28 for px, pz in placed):
                continue
            placed.append((x, z_score))
            axes.annotate(
                str(term),
                (max(float(total), 1.0), z_score),
                fontsize=7,
                color="#666666" if weak else color,
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
            )
