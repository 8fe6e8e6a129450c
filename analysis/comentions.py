"""Country co-mentions: pair counts per unit and normalised association measures.

Units are sentences, paragraphs, articles and sliding windows of k consecutive sentences
(``window-k``; an article with n >= k sentences has n - k + 1 windows, a shorter one has one).
A pair of countries counts once per unit in which both occur, however often they are named.

For a pair (a, b) in one unit type with ``count`` = units naming both, ``count_a``/``count_b``
= units naming a / b, and ``n_units`` = all units of that type in the corpus (with or without
mentions), the long table ``comentions`` has:

    jaccard = count / (count_a + count_b - count)
    dice = 2 count / (count_a + count_b)
    cosine = count / sqrt(count_a count_b)
    pmi = log2(count n_units / (count_a count_b))
    npmi = pmi / -log2(count / n_units)     (1 when count == n_units)
    log_likelihood = Dunning's G2 of the 2x2 table of units (a / not a) x (b / not b)

Columns: unit, country_a, country_b (country_a < country_b), count, count_a, count_b, n_units,
jaccard, dice, cosine, pmi, npmi, log_likelihood. Rows are sorted by unit order (sentence,
paragraph, article, window-k), then country_a, country_b.

The functions below turn the long table into square matrices, clustered orders, top-pair
tables and per-period counts for the notebook.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from analysis.errors import ParameterError

MEASURES = ("count", "jaccard", "dice", "cosine", "pmi", "npmi", "log_likelihood")
COMENTION_COLUMNS = [
    "unit",
    "country_a",
    "country_b",
    "count",
    "count_a",
    "count_b",
    "n_units",
    *MEASURES[1:],
]
_EXCLUDED_BY_DEFAULT = frozenset({"embedded"})


def unit_names(window: int) -> tuple[str, ...]:
    """Return the unit names in table order for a window of ``window`` sentences."""
    return ("sentence", "paragraph", "article", f"window-{window}")


def unit_name(unit: str, window: int) -> str:
    """Return the table name of a unit parameter: "window" becomes ``window-<k>``.

    Raises:
        ParameterError: ``unit`` is not sentence, paragraph, article or window.
    """
    if unit == "window":
        return f"window-{window}"
    if unit in ("sentence", "paragraph", "article"):
        return unit
    raise ParameterError(f"unit must be sentence, paragraph, article or window, not {unit!r}")


@dataclass(frozen=True)
class UnitSets:
    """The country sets of one article's units: ``{unit: (n_units, [sets of non-empty units])}``."""

    units: dict[str, tuple[int, list[frozenset[str]]]]


def unit_country_sets(
    mentions: Iterable[tuple[int, int, str, str]],
    *,
    n_sentences: int,
    n_paragraphs: int,
    window: int,
    include_embedded: bool = False,
) -> UnitSets:
    """Group one article's mentions into the countries of each unit.

    Args:
        mentions: ``(sentence, paragraph, country, form)`` per mention.
        n_sentences: Number of sentences of the article.
        n_paragraphs: Number of paragraphs of the article.
        window: Sentences per sliding window.
        include_embedded: Count mentions of form ``embedded`` (inside names).

    Returns:
        Unit counts and the non-empty country sets per unit type.
    """
    by_sentence: dict[int, set[str]] = {}
    by_paragraph: dict[int, set[str]] = {}
    for sentence, paragraph, country, form in mentions:
        if form in _EXCLUDED_BY_DEFAULT and not include_embedded:
            continue
        by_sentence.setdefault(max(sentence, 0), set()).add(country)
        by_paragraph.setdefault(max(paragraph, 0), set()).add(country)
    n_windows = max(1, n_sentences - window + 1)
    names = unit_names(window)
    if not by_sentence:  # no country (many articles): the units' numbers only
        return UnitSets(
            {
                names[0]: (max(n_sentences, 1), []),
                names[1]: (max(n_paragraphs, 1), []),
                names[2]: (1, []),
                names[3]: (n_windows, []),
            }
        )
    by_window: dict[int, set[str]] = {}
    for sentence, countries in by_sentence.items():
        first = max(0, sentence - window + 1)
        last = min(sentence, n_windows - 1)
        for index in range(first, last + 1):
            by_window.setdefault(index, set()).update(countries)
    article = set().union(*by_sentence.values()) if by_sentence else set()
    return UnitSets(
        {
            names[0]: (max(n_sentences, 1), _frozen(by_sentence)),
            names[1]: (max(n_paragraphs, 1), _frozen(by_paragraph)),
            names[2]: (1, [frozenset(article)] if article else []),
            names[3]: (n_windows, _frozen(by_window)),
        }
    )


def _frozen(groups: Mapping[int, set[str]]) -> list[frozenset[str]]:
    return [frozenset(groups[key]) for key in sorted(groups)]


@dataclass
class ComentionAccumulator:
    """Bounded co-mention counts: units, units per country and units per pair, per unit type."""

    window: int
    include_embedded: bool = False
    n_units: Counter[str] = field(default_factory=Counter)
    country_units: dict[str, Counter[str]] = field(default_factory=dict)
    pair_units: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def empty(cls, window: int, include_embedded: bool = False) -> ComentionAccumulator:
        """Return an accumulator with no units."""
        accumulator = cls(window, include_embedded)
        for unit in unit_names(window):
            accumulator.country_units[unit] = Counter()
            accumulator.pair_units[unit] = Counter()
        return accumulator

    def add_article(self, units: UnitSets) -> None:
        """Count the units of one article."""
        for unit, (n_units, sets) in units.units.items():
            self.n_units[unit] += n_units
            if not sets:
                continue  # no country in any unit (most articles): nothing more to count
            countries = self.country_units.get(unit)
            if countries is None:
                countries = self.country_units[unit] = Counter()
            pairs = self.pair_units.get(unit)
            if pairs is None:
                pairs = self.pair_units[unit] = Counter()
            count = countries.get
            for found in sets:
                # what countries.update(found) does, without its per-call checks: most sets
                # are one or two countries
                for country in found:
                    countries[country] = count(country, 0) + 1
                if len(found) > 1:  # a set of one has no pair
                    pairs.update(combinations(sorted(found), 2))

    def merge(self, other: ComentionAccumulator) -> None:
        """Add the counts of ``other`` (same window) into this accumulator."""
        self.n_units.update(other.n_units)
        for unit, counts in other.country_units.items():
            self.country_units.setdefault(unit, Counter()).update(counts)
        for unit, pair_counts in other.pair_units.items():
            self.pair_units.setdefault(unit, Counter()).update(pair_counts)


def association_measures(
    count: np.ndarray, count_a: np.ndarray, count_b: np.ndarray, n_units: np.ndarray
) -> dict[str, np.ndarray]:
    """Return jaccard, dice, cosine, pmi, npmi and log_likelihood for arrays of counts."""
    k11 = count.astype(float)
    a = count_a.astype(float)
    b = count_b.astype(float)
    n = n_units.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(k11 * n / (a * b))
        p_ab = k11 / n
        npmi = np.where(p_ab >= 1.0, 1.0, pmi / -np.log2(p_ab))
        return {
            "jaccard": k11 / (a + b - k11),
            "dice": 2 * k11 / (a + b),
            "cosine": k11 / np.sqrt(a * b),
            "pmi": pmi,
            "npmi": npmi,
            "log_likelihood": _log_likelihood(k11, a, b, n),
        }


def _log_likelihood(k11: np.ndarray, a: np.ndarray, b: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Dunning's G2 = 2 sum k log(k / expected) over the four cells (0 log 0 = 0)."""
    cells = (k11, a - k11, b - k11, n - a - b + k11)
    rows = (a, a, n - a, n - a)
    cols = (b, n - b, b, n - b)
    total = np.zeros_like(k11)
    for cell, row, col in zip(cells, rows, cols, strict=True):
        expected = row * col / n
        with np.errstate(divide="ignore", invalid="ignore"):
            term = np.where(cell > 0, cell * np.log(cell / expected), 0.0)
        total += term
    return 2 * total


def comention_table(accumulator: ComentionAccumulator) -> pd.DataFrame:
    """Return the long ``comentions`` table (see the module docstring) from the counts."""
    rows = []
    for unit in unit_names(accumulator.window):
        countries = accumulator.country_units.get(unit, Counter())
        n_units = accumulator.n_units.get(unit, 0)
        for (first, second), count in sorted(accumulator.pair_units.get(unit, Counter()).items()):
            rows.append((unit, first, second, count, countries[first], countries[second], n_units))
    table = pd.DataFrame(rows, columns=COMENTION_COLUMNS[:7])
    for column in ("count", "count_a", "count_b", "n_units"):
        table[column] = table[column].astype("int64")
    measures = association_measures(
        table["count"].to_numpy(),
        table["count_a"].to_numpy(),
        table["count_b"].to_numpy(),
        table["n_units"].to_numpy(),
    )
    for name in MEASURES[1:]:
        table[name] = measures[name] if len(table) else pd.Series(dtype=float)
    return table


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ParameterError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURES)}")


def select_pairs(table: pd.DataFrame, *, unit: str, min_count: int = 1) -> pd.DataFrame:
    """Return the rows of one unit with at least ``min_count`` co-mentions."""
    rows = table[(table["unit"] == unit) & (table["count"] >= min_count)]
    return rows.reset_index(drop=True)


def top_countries(table: pd.DataFrame, *, unit: str, top_k: int | None = None) -> list[str]:
    """Return the countries of a unit ordered by the number of units naming them."""
    rows = table[table["unit"] == unit]
    totals = pd.concat(
        [
            rows[["country_a", "count_a"]].set_axis(["country", "units"], axis=1),
            rows[["country_b", "count_b"]].set_axis(["country", "units"], axis=1),
        ]
    ).drop_duplicates("country")
    ordered = totals.sort_values(["units", "country"], ascending=[False, True])["country"]
    countries = list(ordered)
    return countries if top_k is None else countries[:top_k]


def comention_matrix(
    table: pd.DataFrame,
    *,
    unit: str = "sentence",
    measure: str = "count",
    min_count: int = 1,
    top_k: int | None = 30,
) -> pd.DataFrame:
    """Return a square symmetric matrix of one measure for the most mentioned countries.

    Args:
        table: The long ``comentions`` table.
        unit: Which unit (sentence, paragraph, article or window-k).
        measure: count, jaccard, dice, cosine, pmi, npmi or log_likelihood.
        min_count: Pairs with fewer co-mentions are left empty (NaN).
        top_k: Keep the k countries named in most units (None: all).

    Returns:
        DataFrame indexed and columned by country code; the diagonal and missing pairs are NaN.
    """
    _check_measure(measure)
    countries = top_countries(table, unit=unit, top_k=top_k)
    matrix = pd.DataFrame(np.nan, index=countries, columns=countries, dtype=float)
    kept = set(countries)
    for row in select_pairs(table, unit=unit, min_count=min_count).itertuples(index=False):
        if row.country_a in kept and row.country_b in kept:
            value = float(getattr(row, measure))
            matrix.loc[row.country_a, row.country_b] = value
            matrix.loc[row.country_b, row.country_a] = value
    return matrix


def clustered_order(matrix: pd.DataFrame) -> list[str]:
    """Order the rows of a similarity matrix by average-linkage agglomerative clustering.

    Similarities are the matrix values (NaN as the smallest value); the leaf order of the
    dendrogram is returned, so similar countries sit next to each other in a heatmap.
    """
    labels = list(matrix.index)
    if len(labels) < 3:
        return labels
    values = matrix.to_numpy(dtype=float)
    floor = np.nanmin(values) if np.isfinite(values).any() else 0.0
    similarity = np.where(np.isfinite(values), values, floor)
    clusters: list[list[int]] = [[i] for i in range(len(labels))]
    while len(clusters) > 1:
        best = (-np.inf, 0, 1)
        for i, j in combinations(range(len(clusters)), 2):
            score = float(similarity[np.ix_(clusters[i], clusters[j])].mean())
            if score > best[0]:
                best = (score, i, j)
        _, i, j = best
        clusters[i] = clusters[i] + clusters[j]
        del clusters[j]
    return [labels[i] for i in clusters[0]]


def top_pairs(
    table: pd.DataFrame,
    *,
    unit: str = "sentence",
    measure: str = "count",
    min_count: int = 1,
    n: int = 20,
) -> pd.DataFrame:
    """Return the ``n`` strongest pairs of one unit by ``measure`` (ties by count, then codes)."""
    _check_measure(measure)
    rows = select_pairs(table, unit=unit, min_count=min_count)
    keys = (
        [measure, "count", "country_a", "country_b"]
        if measure != "count"
        else ["count", "country_a", "country_b"]
    )
    ascending = [False] * (len(keys) - 2) + [True, True]
    return rows.sort_values(keys, ascending=ascending).head(n).reset_index(drop=True)


def mentions_per_country(
    mentions: pd.DataFrame, *, include_embedded: bool = False, top_k: int | None = 30
) -> pd.DataFrame:
    """Return mentions and articles per country: country, mentions, articles (most first)."""
    rows = mentions if include_embedded else mentions[mentions["form"] != "embedded"]
    grouped = rows.groupby("country").agg(
        mentions=("article_id", "size"), articles=("article_id", "nunique")
    )
    ordered = grouped.reset_index().sort_values(["mentions", "country"], ascending=[False, True])
    ordered = ordered.reset_index(drop=True)
    return ordered if top_k is None else ordered.head(top_k)


def auto_min_count(table: pd.DataFrame, *, unit: str) -> int:
    """The smallest co-mention count worth ranking pairs by for a corpus of this size.

    ``max(3, sqrt(units) / 20)``: 3 for a few thousand sentences, 10 for the 42,000 of the
    BBC corpus, 18 for the 125,000 of Reuters. Without it, an association measure (PMI, Jaccard)
    ranks first the pairs of small countries listed together once or twice.
    """
    rows = table.loc[table["unit"] == unit, "n_units"]
    units = int(rows.max()) if len(rows) else 0
    return max(3, round(math.sqrt(units) / 20))


def auto_period(dates: Iterable[object]) -> str:
    """Return "month" when the dated articles span under three years, else "year"."""
    years = sorted({str(d)[:4] for d in dates if isinstance(d, str) and len(d) >= 4})
    if not years:
        return "year"
    return "month" if int(years[-1]) - int(years[0]) < 3 else "year"


def pairs_by_period(
    mentions: pd.DataFrame,
    dates: Mapping[str, object],
    *,
    pairs: Sequence[tuple[str, str]],
    period: str = "year",
    include_embedded: bool = False,
) -> pd.DataFrame:
    """Count articles naming both countries of each pair, per period.

    Args:
        mentions: The ``country_mentions`` table.
        dates: ISO date (``YYYY-MM-DD``) per article id; articles without a date (None, or
            NaN from a pandas column) are skipped.
        pairs: ``(country_a, country_b)`` pairs to follow.
        period: "year" or "month".
        include_embedded: Count mentions inside names.

    Returns:
        Long table: period, country_a, country_b, articles (articles naming both), total
        (articles with a date in that period that name any country).
    """
    width = 4 if period == "year" else 7
    rows = mentions if include_embedded else mentions[mentions["form"] != "embedded"]
    per_article: dict[str, set[str]] = {}
    for article_id, country in zip(rows["article_id"], rows["country"], strict=True):
        per_article.setdefault(str(article_id), set()).add(str(country))
    counts: Counter[tuple[str, str, str]] = Counter()
    totals: Counter[str] = Counter()
    wanted = [tuple(sorted(pair)) for pair in pairs]
    for article_id, countries in sorted(per_article.items()):
        date = dates.get(article_id)
        if not isinstance(date, str) or not date:
            continue  # no date (None, or NaN from a pandas column)
        key = str(date)[:width]
        totals[key] += 1
        for first, second in wanted:
            if first in countries and second in countries:
                counts[(key, first, second)] += 1
    records = [
        (key, first, second, counts[(key, first, second)], totals[key])
        for key in sorted(totals)
        for first, second in wanted
    ]
    return pd.DataFrame(records, columns=["period", "country_a", "country_b", "articles", "total"])
