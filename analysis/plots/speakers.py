"""Figures of the speaker-share chapter (from the ``quotes`` and ``speaker_share`` tables)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.plots.style import ACCENT, PALETTE, empty_figure, new_figure


def top_speakers(share: pd.DataFrame, *, top_n: int = 15) -> Figure:
    """Horizontal bars of the ``top_n`` speakers' share of all quotes, labelled in percent."""
    head = share.head(top_n)
    if head.empty:
        return empty_figure("No quotes.")
    figure, axes = new_figure(0.9 + 0.3 * len(head))
    values = head["share_quotes"].to_numpy()[::-1] * 100
    labels = [
        f"{s} ({k})" if k != "person" else s
        for s, k in zip(head["speaker"], head["speaker_kind"], strict=True)
    ][::-1]
    axes.barh(range(len(head)), values, color=ACCENT)
    axes.set_yticks(range(len(head)), labels)
    for y, value in enumerate(values):
        axes.annotate(
            f"{value:.1f}%",
            (value, y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    axes.set_xlabel("share of all quotes (%)")
    axes.set_title(f"Top {len(head)} speakers by share of quotes", loc="left")
    return figure


def share_by_kind(kinds: pd.DataFrame) -> Figure:
    """Bars of the share of quotes and of quoted words by speaker kind."""
    if kinds.empty:
        return empty_figure("No quotes.")
    figure, axes = new_figure(3.0)
    positions = range(len(kinds))
    axes.bar(
        [p - 0.2 for p in positions],
        kinds["share_quotes"] * 100,
        width=0.4,
        color=PALETTE[0],
        label="quotes",
    )
    axes.bar(
        [p + 0.2 for p in positions],
        kinds["share_words"] * 100,
        width=0.4,
        color=PALETTE[1],
        label="quoted words",
    )
    axes.set_xticks(list(positions), list(kinds["speaker_kind"]))
    axes.set_ylabel("share (%)")
    axes.legend(frameon=False, fontsize=9)
    axes.set_title("Who is quoted: people, organisations, unnamed sources", loc="left")
    return figure


def share_by_group(table: pd.DataFrame, *, title: str = "Top speakers' share by source") -> Figure:
    """Stacked horizontal bars: each group's quotes split among the top speakers and "other"."""
    if table.empty:
        return empty_figure("No quotes in any group.")
    figure, axes = new_figure(1.2 + 0.32 * len(table))
    left = pd.Series(0.0, index=table.index)
    for index, column in enumerate(table.columns):
        color = "#cccccc" if column == "other" else PALETTE[index % len(PALETTE)]
        axes.barh(
            range(len(table)), table[column] * 100, left=left * 100, color=color, label=column
        )
        left = left + table[column]
    axes.set_yticks(range(len(table)), [str(g) for g in table.index])
    axes.invert_yaxis()
    axes.set_xlabel("share of the group's quotes (%)")
    axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axes.set_title(title, loc="left")
    return figure


def share_over_time(table: pd.DataFrame) -> Figure:
    """Lines of the top speakers' share of quotes per period."""
    table = table.drop(columns=["other"], errors="ignore")
    if table.empty:
        return empty_figure("No dated quotes.")
    figure, axes = new_figure()
    for index, column in enumerate(table.columns):
        axes.plot(
            range(len(table)),
            table[column] * 100,
            marker="o",
            markersize=3,
            color=PALETTE[index % len(PALETTE)],
            label=column,
        )
    step = max(1, len(table) // 12)
    labels = [str(p) for p in table.index]
    axes.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right")
    axes.set_ylabel("share of the period's quotes (%)")
    axes.legend(frameon=False, fontsize=8)
    axes.set_title("Top speakers over time", loc="left")
    return figure


def concentration_curve(share: pd.DataFrame, *, top: int = 10) -> Figure:
    """Cumulative share of quotes against the number of speakers, ranked by quotes."""
    if share.empty:
        return empty_figure("No quotes.")
    figure, axes = new_figure(3.2)
    cumulative = share["share_quotes"].cumsum().to_numpy() * 100
    ranks = range(1, len(cumulative) + 1)
    axes.plot(ranks, cumulative, color=ACCENT)
    marked = min(top, len(cumulative))
    axes.axvline(marked, color=PALETTE[1], linewidth=1)
    axes.annotate(
        f"top {marked}: {cumulative[marked - 1]:.0f}% of quotes",
        (marked, cumulative[marked - 1]),
        xytext=(6, -12),
        textcoords="offset points",
        fontsize=9,
        color=PALETTE[1],
    )
    axes.set_xscale("log")
    axes.set_xlabel("speakers, ranked by quotes (log scale)")
    axes.set_ylabel("cumulative share of quotes (%)")
    axes.set_ylim(0, 100)
    axes.set_title("Concentration: how much the most-quoted speakers take", loc="left")
    return figure
