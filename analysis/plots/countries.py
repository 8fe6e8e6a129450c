"""Figures of the country chapter: mentions per country, co-mention heatmap, network, trends.

One function per figure; each returns a matplotlib Figure sized for an A4 page (8 inches
wide), with a title and axis labels, and never calls ``plt.show``.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.colors as mcolors
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.comentions import clustered_order

WIDTH = 8.0
ACCENT = "#2c4a7a"
PALETTE = ("#2c4a7a", "#d1793b", "#4f9a8a", "#a34b6b", "#7f7f7f", "#c9a227", "#5c6bc0")


def _figure(height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(WIDTH, height), dpi=110, layout="constrained")
    axes = figure.add_subplot()
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)
    axes.tick_params(length=3, labelsize=9)
    return figure, axes


def _empty(message: str) -> Figure:
    figure, axes = _figure(1.2)
    axes.axis("off")
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=10, color="#555")
    return figure


def _label(code: str, names: Mapping[str, str] | None) -> str:
    return names.get(code, code) if names else code


def mentions_bar(per_country: pd.DataFrame, *, names: Mapping[str, str] | None = None) -> Figure:
    """Horizontal bars of mentions per country, largest on top.

    Args:
        per_country: Output of ``analysis.comentions.mentions_per_country``.
        names: Optional ``{code: name}`` for the labels.
    """
    if per_country.empty:
        return _empty("No country mentions in this corpus.")
    rows = per_country.iloc[::-1]
    figure, axes = _figure(max(2.0, 0.22 * len(rows) + 0.9))
    labels = [_label(code, names) for code in rows["country"]]
    axes.barh(labels, rows["mentions"], color=ACCENT)
    axes.set_xlabel("mentions")
    axes.set_title("Mentions per country")
    axes.tick_params(axis="y", labelsize=8)
    return figure


def comention_heatmap(
    matrix: pd.DataFrame,
    *,
    measure: str = "count",
    unit: str = "sentence",
    names: Mapping[str, str] | None = None,
) -> Figure:
    """Heatmap of a square co-mention matrix, rows and columns in clustered order.

    Args:
        matrix: Output of ``analysis.comentions.comention_matrix``.
        measure: Name of the measure, for the colour bar.
        unit: Name of the unit, for the title.
        names: Optional ``{code: name}`` for the labels.
    """
    if len(matrix) < 2 or not np.isfinite(matrix.to_numpy(dtype=float)).any():
        return _empty("Too few co-mentions for a matrix (lower min_count or widen the unit).")
    order = clustered_order(matrix)
    ordered = matrix.loc[order, order]
    size = min(WIDTH, 2.5 + 0.22 * len(order))
    figure = Figure(figsize=(WIDTH, size), dpi=110, layout="constrained")
    axes = figure.add_subplot()
    values = np.ma.masked_invalid(ordered.to_numpy(dtype=float))
    colours = "RdBu_r" if measure in ("pmi", "npmi") else "Blues"
    norm = _norm(values, measure)
    image = axes.imshow(values, cmap=colours, norm=norm, aspect="equal")
    labels = [_label(code, names) for code in order]
    axes.set_xticks(range(len(order)), labels, rotation=90, fontsize=7)
    axes.set_yticks(range(len(order)), labels, fontsize=7)
    axes.set_title(f"Country co-mentions per {unit} ({measure}), clustered order")
    figure.colorbar(image, ax=axes, shrink=0.7, label=measure)
    return figure


def _norm(values: np.ma.MaskedArray, measure: str) -> mcolors.Normalize:
    low, high = float(values.min()), float(values.max())
    if measure in ("pmi", "npmi"):
        bound = max(abs(low), abs(high), 1e-9)
        return mcolors.TwoSlopeNorm(vcenter=0.0, vmin=-bound, vmax=bound)
    return mcolors.Normalize(vmin=min(0.0, low), vmax=max(high, 1e-9))


def comention_network(
    pairs: pd.DataFrame,
    *,
    measure: str = "count",
    names: Mapping[str, str] | None = None,
    seed: int = 7,
) -> Figure:
    """Network of the strongest pairs: edge width by ``measure``, node size by mentions.

    Args:
        pairs: Rows of the long ``comentions`` table to draw (e.g. ``top_pairs``).
        measure: Column giving the edge weight.
        names: Optional ``{code: name}`` for the labels.
        seed: Seed of the spring layout, so the figure is the same on every run.
    """
    if pairs.empty:
        return _empty("No pairs to draw (lower min_count).")
    graph = nx.Graph()
    for row in pairs.sort_values(["country_a", "country_b"]).itertuples(index=False):
        graph.add_edge(row.country_a, row.country_b, weight=float(getattr(row, measure)))
        graph.nodes[row.country_a]["units"] = int(row.count_a)
        graph.nodes[row.country_b]["units"] = int(row.count_b)
    weights = np.array([graph.edges[e]["weight"] for e in graph.edges], dtype=float)
    spread = weights - weights.min()
    scaled = 0.5 + 4.5 * spread / spread.max() if spread.max() > 0 else np.full(len(weights), 2.0)
    layout = nx.spring_layout(graph, seed=seed, weight=None)
    figure, axes = _figure(5.5)
    axes.axis("off")
    units = np.array([graph.nodes[n]["units"] for n in graph.nodes], dtype=float)
    sizes = 80 + 900 * units / units.max()
    nx.draw_networkx_edges(graph, layout, ax=axes, width=list(scaled), edge_color="#9aa7bd")
    nx.draw_networkx_nodes(graph, layout, ax=axes, node_size=list(sizes), node_color="#8fa6cf")
    labels = {node: _label(node, names) for node in graph.nodes}
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 1.0}
    nx.draw_networkx_labels(
        graph, layout, labels, ax=axes, font_size=8, font_color="#111", bbox=box
    )
    axes.set_title(f"Strongest country pairs (edge width: {measure})")
    return figure


def pairs_over_time(by_period: pd.DataFrame, *, names: Mapping[str, str] | None = None) -> Figure:
    """Share of articles naming both countries of each pair, per period.

    Args:
        by_period: Output of ``analysis.comentions.pairs_by_period``.
        names: Optional ``{code: name}`` for the legend.
    """
    if by_period.empty or by_period["period"].nunique() < 2:
        return _empty("Not enough dated articles to show change over time.")
    figure, axes = _figure(3.6)
    groups = by_period.groupby(["country_a", "country_b"], sort=True)
    for index, ((first, second), rows) in enumerate(groups):
        share = rows["articles"] / rows["total"].where(rows["total"] > 0)
        label = f"{_label(str(first), names)} – {_label(str(second), names)}"
        axes.plot(
            rows["period"],
            share,
            marker="o",
            markersize=3,
            color=PALETTE[index % len(PALETTE)],
            label=label,
        )
    axes.set_xlabel("period")
    axes.set_ylabel("share of articles with countries")
    axes.set_title("Co-mention of the top pairs over time (article level)")
    axes.legend(fontsize=7, frameon=False, ncol=2)
    axes.tick_params(axis="x", rotation=45, labelsize=7)
    return figure
