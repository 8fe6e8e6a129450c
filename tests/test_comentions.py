"""Co-mention counts and measures on a small example computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.comentions import (
    ComentionAccumulator,
    association_measures,
    clustered_order,
    comention_matrix,
    comention_table,
    mentions_per_country,
    pairs_by_period,
    top_pairs,
    unit_country_sets,
    unit_name,
)
from analysis.countries import COUNTRIES
from analysis.errors import ParameterError
from analysis.model import Article
from analysis.segment import segment

# Article a: sentence 0 {FRA, DEU} (France twice: still one unit), sentence 1 {ESP}.
# Article b: sentence 0 {FRA, ESP}, sentence 1 {} ("Nothing else happened.").
ARTICLES = [
    Article("a", "France, France and Germany met. Spain watched."),
    Article("b", "France and Spain agreed. Nothing else happened."),
]


def tables(window: int = 3) -> dict[str, pd.DataFrame]:
    options = {"window": window}
    acc = COUNTRIES.start(options)
    for article in ARTICLES:
        result = COUNTRIES.extract(article, segment(article.text), options)
        acc = COUNTRIES.add(acc, article, result)
    return COUNTRIES.finish(acc, options)


def row(table: pd.DataFrame, unit: str, a: str, b: str) -> pd.Series:
    rows = table[(table["unit"] == unit) & (table["country_a"] == a) & (table["country_b"] == b)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_sentence_counts_by_hand() -> None:
    table = tables()["comentions"]
    sentence = table[table["unit"] == "sentence"]
    # pairs: DEU-FRA in a/0, ESP-FRA in b/0; there are 4 sentences in all
    pairs = sentence[["country_a", "country_b", "count"]].itertuples(index=False, name=None)
    assert list(pairs) == [
        ("DEU", "FRA", 1),
        ("ESP", "FRA", 1),
    ]
    deu_fra = row(table, "sentence", "DEU", "FRA")
    assert (deu_fra["count_a"], deu_fra["count_b"], deu_fra["n_units"]) == (1, 2, 4)


def test_sentence_measures_by_hand() -> None:
    deu_fra = row(tables()["comentions"], "sentence", "DEU", "FRA")
    # count 1, DEU in 1 sentence, FRA in 2, N = 4
    assert deu_fra["jaccard"] == pytest.approx(1 / (1 + 2 - 1))
    assert deu_fra["dice"] == pytest.approx(2 * 1 / (1 + 2))
    assert deu_fra["cosine"] == pytest.approx(1 / math.sqrt(2))
    assert deu_fra["pmi"] == pytest.approx(1.0)  # log2(1 * 4 / (1 * 2))
    assert deu_fra["npmi"] == pytest.approx(0.5)  # 1 / -log2(1 / 4)
    # 2x2 table of sentences: [[1, 0], [1, 2]], expected [[0.5, 0.5], [1.5, 1.5]]
    g2 = 2 * (1 * math.log(1 / 0.5) + 1 * math.log(1 / 1.5) + 2 * math.log(2 / 1.5))
    assert deu_fra["log_likelihood"] == pytest.approx(g2)
    assert g2 == pytest.approx(1.726092, abs=1e-6)


def test_article_paragraph_and_window_units() -> None:
    table = tables(window=3)["comentions"]
    for unit in ("article", "paragraph", "window-3"):
        rows = table[table["unit"] == unit].itertuples()
        counts = {(r.country_a, r.country_b): r.count for r in rows}
        assert counts == {("DEU", "ESP"): 1, ("DEU", "FRA"): 1, ("ESP", "FRA"): 2}, unit
        assert set(table[table["unit"] == unit]["n_units"]) == {2}
    esp_fra = row(table, "article", "ESP", "FRA")
    assert esp_fra["npmi"] == pytest.approx(1.0)  # both in every article
    assert esp_fra["jaccard"] == pytest.approx(1.0)


def test_sliding_windows() -> None:
    sets = unit_country_sets(
        [(0, 0, "FRA", "name"), (2, 0, "DEU", "name"), (4, 1, "ESP", "name")],
        n_sentences=5,
        n_paragraphs=2,
        window=2,
    )
    n_windows, windows = sets.units["window-2"]
    assert n_windows == 4  # sentences 0-1, 1-2, 2-3, 3-4
    assert windows == [
        frozenset({"FRA"}),
        frozenset({"DEU"}),
        frozenset({"DEU"}),
        frozenset({"ESP"}),
    ]


def test_embedded_mentions_are_left_out_unless_asked() -> None:
    mentions = [(0, 0, "FRA", "name"), (0, 0, "USA", "embedded")]
    without = unit_country_sets(mentions, n_sentences=1, n_paragraphs=1, window=3)
    with_them = unit_country_sets(
        mentions, n_sentences=1, n_paragraphs=1, window=3, include_embedded=True
    )
    assert without.units["sentence"][1] == [frozenset({"FRA"})]
    assert with_them.units["sentence"][1] == [frozenset({"FRA", "USA"})]


def test_accumulators_merge_to_the_same_table() -> None:
    whole = ComentionAccumulator.empty(3)
    parts = [ComentionAccumulator.empty(3), ComentionAccumulator.empty(3)]
    for index, article in enumerate(ARTICLES):
        doc = segment(article.text)
        mentions = COUNTRIES.extract(article, doc, {}).mentions
        sets = unit_country_sets(
            [(m.sentence, m.paragraph, m.country, m.form) for m in mentions],
            n_sentences=len(doc.sentences),
            n_paragraphs=len(doc.paragraphs),
            window=3,
        )
        whole.add_article(sets)
        parts[index].add_article(sets)
    parts[1].merge(parts[0])
    assert comention_table(whole).equals(comention_table(parts[1]))


def test_measures_edge_cases() -> None:
    measures = association_measures(np.array([3]), np.array([3]), np.array([3]), np.array([3]))
    assert measures["npmi"][0] == pytest.approx(1.0)
    assert measures["pmi"][0] == pytest.approx(0.0)
    assert measures["log_likelihood"][0] == pytest.approx(0.0)


def test_square_matrix_top_k_and_min_count() -> None:
    table = tables()["comentions"]
    matrix = comention_matrix(table, unit="article", measure="count", min_count=2, top_k=None)
    assert list(matrix.index) == ["ESP", "FRA", "DEU"]  # by units naming them, then code
    assert matrix.loc["ESP", "FRA"] == matrix.loc["FRA", "ESP"] == 2
    assert np.isnan(matrix.loc["DEU", "FRA"])  # below min_count
    assert np.isnan(matrix.loc["FRA", "FRA"])
    small = comention_matrix(table, unit="article", measure="dice", top_k=2)
    assert list(small.index) == ["ESP", "FRA"]
    with pytest.raises(ParameterError, match="unknown measure"):
        comention_matrix(table, measure="lift")


def test_clustered_order_keeps_similar_rows_together() -> None:
    labels = ["A", "B", "C", "D"]
    values = np.array(
        [
            [np.nan, 0.1, 0.9, 0.1],
            [0.1, np.nan, 0.1, 0.8],
            [0.9, 0.1, np.nan, 0.1],
            [0.1, 0.8, 0.1, np.nan],
        ]
    )
    order = clustered_order(pd.DataFrame(values, index=labels, columns=labels))
    assert sorted(order) == labels
    assert abs(order.index("A") - order.index("C")) == 1
    assert abs(order.index("B") - order.index("D")) == 1


def test_top_pairs_and_mentions_per_country() -> None:
    result = tables()
    pairs = top_pairs(result["comentions"], unit="article", measure="count", n=1)
    assert list(pairs[["country_a", "country_b", "count"]].iloc[0]) == ["ESP", "FRA", 2]
    per_country = mentions_per_country(result["country_mentions"])
    assert list(per_country["country"]) == ["FRA", "ESP", "DEU"]
    assert list(per_country["mentions"]) == [3, 2, 1]
    assert list(per_country["articles"]) == [2, 2, 1]


def test_pairs_by_period() -> None:
    mentions = tables()["country_mentions"]
    dates = {"a": "2020-01-05", "b": "2021-03-01"}
    result = pairs_by_period(mentions, dates, pairs=[("FRA", "ESP")], period="year")
    undated = pairs_by_period(mentions, {"a": float("nan"), "b": None}, pairs=[("FRA", "ESP")])
    assert undated.empty
    assert list(result.itertuples(index=False, name=None)) == [
        ("2020", "ESP", "FRA", 1, 1),
        ("2021", "ESP", "FRA", 1, 1),
    ]


def test_unit_parameter_names() -> None:
    assert unit_name("window", 4) == "window-4"
    assert unit_name("sentence", 4) == "sentence"
    with pytest.raises(ParameterError, match="unit must be"):
        unit_name("chapter", 3)


def test_figures_are_returned_not_shown() -> None:
    from matplotlib.figure import Figure

    from analysis.plots import countries as plots

    result = tables()
    names = {"FRA": "France", "DEU": "Germany", "ESP": "Spain"}
    matrix = comention_matrix(result["comentions"], unit="article", measure="npmi")
    pairs = top_pairs(result["comentions"], unit="article", measure="dice")
    by_year = pairs_by_period(
        result["country_mentions"], {"a": "2020-01-01", "b": "2021-01-01"}, pairs=[("ESP", "FRA")]
    )
    figures = [
        plots.mentions_bar(mentions_per_country(result["country_mentions"]), names=names),
        plots.comention_heatmap(matrix, measure="npmi", unit="article", names=names),
        plots.comention_network(pairs, measure="dice", names=names),
        plots.pairs_over_time(by_year, names=names),
        plots.comention_heatmap(matrix.iloc[:0, :0]),  # nothing to draw: a message instead
    ]
    assert all(isinstance(figure, Figure) for figure in figures)
    assert figures[1].axes[0].get_title().startswith("Country co-mentions per article")


def test_auto_min_count_grows_with_the_corpus() -> None:
    from analysis.comentions import auto_min_count

    def table(units: int) -> pd.DataFrame:
        return pd.DataFrame({"unit": ["sentence", "article"], "n_units": [units, 10]})

    assert auto_min_count(table(300), unit="sentence") == 3
    assert auto_min_count(table(41_716), unit="sentence") == 10
    assert auto_min_count(table(125_356), unit="sentence") == 18
    assert auto_min_count(table(125_356).iloc[1:], unit="sentence") == 3  # no such unit
