import math
import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.frequencies import (
    WORDS,
    WordOptions,
    choose_terms,
    collocations,
    compare_group,
    distinctive_words,
    glance_table,
    keyness_g2,
    keyword_in_context,
    term_trends,
)
from analysis.model import Article

ARTICLES = [
    Article(
        "a1",
        "Russia's army moved. The army of Russia's allies, the US army, waited.",
        source="Wire",
        date="2024-01-05",
        metadata={"category": "world"},
    ),
    Article(
        "a2",
        "The U.S. economy grew; the US central bank said rates would stay.",
        source="Wire",
        date="2024-02-10",
        metadata={"category": "business"},
    ),
    Article(
        "a3",
        "Central bank rates rose. Central bank officials met in Moscow.",
        source="Daily",
        date="2024-02-11",
        metadata={"category": "business"},
    ),
]


def run(articles: Iterable[Article], options: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    acc = WORDS.start(options)
    for article in articles:
        acc = WORDS.add(acc, article, WORDS.extract(article, None, options))
    return WORDS.finish(acc, options)


def counts(frame: pd.DataFrame) -> dict[str, int]:
    return dict(zip(frame["term"], frame["count"], strict=True))


def test_word_frequencies_counts_article_counts_and_rate() -> None:
    tables = run(ARTICLES, {"min_count": 1})
    freq = tables["word_frequencies"]
    assert list(freq.columns) == ["term", "count", "article_count", "per_10k"]
    found = counts(freq)
    assert found["army"] == 3
    assert found["russia"] == 2
    assert found["US"] == 3
    assert found["central"] == 3
    assert "us" not in found and "s" not in found and "the" not in found
    row = freq.set_index("term").loc["bank"]
    assert row["count"] == 3 and row["article_count"] == 2
    totals = tables["word_group_totals"]
    corpus = totals[totals["group_by"] == "corpus"].iloc[0]
    # running words: every word token including stopwords, without punctuation
    assert corpus["words"] == 12 + 12 + 10
    assert corpus["articles"] == 3
    assert row["per_10k"] == pytest.approx(3 * 10_000 / 34)
    # sorted by count then term, deterministic
    assert freq["count"].is_monotonic_decreasing
    assert list(freq["term"][:4]) == ["US", "army", "bank", "central"]


def test_grouping_by_a_metadata_column() -> None:
    tables = run(ARTICLES, {"group_by": ["category", "month"], "min_count": 1})
    by_group = tables["word_frequencies_by_group"]
    assert list(by_group.columns) == [
        "group_by",
        "group",
        "term",
        "count",
        "article_count",
        "per_10k",
    ]
    business = by_group[(by_group["group_by"] == "category") & (by_group["group"] == "business")]
    assert counts(business)["bank"] == 3
    assert "army" not in counts(business)
    months = by_group[by_group["group_by"] == "month"]
    assert sorted(set(months["group"])) == ["2024-01", "2024-02"]
    totals = tables["word_group_totals"].set_index(["group_by", "group"])
    assert totals.loc[("category", "business"), "articles"] == 2
    assert totals.loc[("category", "business"), "words"] == 22
    world = by_group[(by_group["group_by"] == "category") & (by_group["group"] == "world")]
    assert world.set_index("term").loc["army", "per_10k"] == pytest.approx(3 * 10_000 / 12)


def test_empty_articles_count_as_articles_without_words() -> None:
    articles = [Article("e1", ""), ARTICLES[0], Article("e2", "  \n "), ARTICLES[2]]
    tables = run(articles, {"group_by": ["source"], "min_count": 1})
    reference = run([ARTICLES[0], ARTICLES[2]], {"group_by": ["source"], "min_count": 1})
    pd.testing.assert_frame_equal(tables["word_frequencies"], reference["word_frequencies"])
    totals = tables["word_group_totals"].set_index(["group_by", "group"])
    assert totals.loc[("corpus", "all"), "articles"] == 4
    assert totals.loc[("source", "(unknown)"), "words"] == 0


def test_missing_group_values_are_unknown() -> None:
    tables = run([Article("x", "Plain words here")], {"group_by": ["source", "desk"]})
    groups = set(tables["word_frequencies_by_group"]["group"])
    assert groups == {"(unknown)"}


def test_ngrams_do_not_cross_punctuation_or_stopwords() -> None:
    tables = run(ARTICLES, {"ngram": 3, "min_count": 1})
    ngrams = tables["ngrams"]
    assert list(ngrams.columns) == ["n", "ngram", "count"]
    pairs = ngrams[ngrams["n"] == 2]
    bigrams = dict(zip(pairs["ngram"], pairs["count"], strict=True))
    assert bigrams["central bank"] == 3
    assert bigrams["russia army"] == 1
    assert "moved army" not in bigrams  # a full stop between them
    assert "army russia" not in bigrams  # "of" between them
    assert "rates rose" in bigrams and "rose central" not in bigrams
    trigrams = set(ngrams[ngrams["n"] == 3]["ngram"])
    assert "central bank rates" in trigrams
    assert "central bank officials" in trigrams


def test_min_count_filters_ngrams() -> None:
    tables = run(ARTICLES, {"min_count": 2})
    assert set(tables["ngrams"]["ngram"]) == {"central bank"}


def test_merge_equals_one_pass_and_results_pickle() -> None:
    options = {"group_by": ["category"], "ngram": 3, "min_count": 1}
    whole = run(ARTICLES, options)
    first = WORDS.start(options)
    for article in ARTICLES[:1]:
        first = WORDS.add(first, article, WORDS.extract(article, None, options))
    # the second half goes through pickle, like results of a worker process
    second = pickle.loads(pickle.dumps(WORDS.start(options)))
    for article in ARTICLES[1:]:
        result = pickle.loads(pickle.dumps(WORDS.extract(article, None, options)))
        second = WORDS.add(second, article, result)
    merged = WORDS.finish(WORDS.merge(first, pickle.loads(pickle.dumps(second))), options)
    for name, table in whole.items():
        pd.testing.assert_frame_equal(table, merged[name], check_dtype=False)


def test_pruning_keeps_frequent_ngrams_and_records_level() -> None:
    options = {"min_count": 1}
    acc = WORDS.start(options)
    acc.max_ngram_types = 3
    text = "central bank " * 5 + ". alpha beta. gamma delta. epsilon zeta. eta theta."
    article = Article("p", text)
    acc = WORDS.add(acc, article, WORDS.extract(article, None, options))
    tables = WORDS.finish(acc, options)
    assert acc.ngram_pruned_below >= 2
    assert dict(zip(tables["ngrams"]["ngram"], tables["ngrams"]["count"], strict=True)) == {
        "central bank": 5,
        "bank central": 4,
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"ngram": 5}, "ngram must be"),
        ({"min_length": "3"}, "min_length must be an integer"),
        ({"lemmatize": "yes"}, "lemmatize must be true or false"),
        ({"stem": "lancaster"}, "stem must be one of"),
    ],
)
def test_bad_options_are_parameter_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        run(ARTICLES[:1], options)


def test_options_accept_comma_separated_lists() -> None:
    chosen = WordOptions.from_mapping({"group_by": "category, year", "extra_stopwords": "a,b"})
    assert chosen.group_by == ("category", "year")
    assert chosen.extra_stopwords == ("a", "b")


def test_extra_stopwords_option_reaches_the_tables() -> None:
    tables = run(ARTICLES, {"extra_stopwords": ["army", "bank"]})
    assert not {"army", "bank"} & set(tables["word_frequencies"]["term"])


def test_collocation_scores_equal_nltk() -> None:
    from nltk.collocations import BigramCollocationFinder
    from nltk.metrics import BigramAssocMeasures

    words = "new york is big . new york has bank . central bank of new york rates".split()
    finder = BigramCollocationFinder.from_words(words)
    bigrams = pd.DataFrame(
        {
            "ngram": [" ".join(gram) for gram in finder.ngram_fd],
            "count": list(finder.ngram_fd.values()),
        }
    )
    term_counts = pd.Series(dict(finder.word_fd))
    table = collocations(term_counts, bigrams, top=1000)
    for measure in ("pmi", "likelihood_ratio"):
        expected = dict(finder.score_ngrams(getattr(BigramAssocMeasures, measure)))
        got = table[table["measure"] == measure]
        assert len(got) == len(expected)
        for ngram, score in zip(got["ngram"], got["score"], strict=True):
            assert score == pytest.approx(expected[tuple(ngram.split(" "))], rel=1e-9)
        assert list(got["score"]) == sorted(got["score"], reverse=True)
    via_nltk = collocations(term_counts, bigrams, top=1000, use_nltk=True)
    pd.testing.assert_frame_equal(via_nltk, table, check_exact=False, rtol=1e-9)


def test_collocations_table_from_the_extractor() -> None:
    tables = run(ARTICLES, {"min_count": 2})
    colloc = tables["collocations"]
    assert list(colloc.columns) == ["measure", "rank", "ngram", "score", "count"]
    assert set(colloc["measure"]) == {"pmi", "likelihood_ratio"}
    assert set(colloc["ngram"]) == {"central bank"}


def by_group_table(rows: dict[str, dict[str, int]]) -> pd.DataFrame:
    records = [
        {"group_by": "side", "group": group, "term": term, "count": count}
        for group, terms in rows.items()
        for term, count in terms.items()
    ]
    return pd.DataFrame(records)


def test_log_odds_with_informative_prior_hand_computed() -> None:
    table = by_group_table({"A": {"x": 3, "y": 1}, "B": {"x": 1, "y": 3}})
    result = distinctive_words(table, group_by="side", group="A", prior=1.0).set_index("term")
    # prior a_w = counts over both groups: a_x = a_y = 4, a0 = 8; n_A = n_B = 4
    # delta_x = ln((3+4)/(4+8-3-4)) - ln((1+4)/(4+8-1-4)) = ln(7/5) - ln(5/7) = 2 ln 1.4
    # var_x = 1/(3+4) + 1/(1+4) = 12/35
    assert result.loc["x", "log_odds"] == pytest.approx(2 * math.log(1.4))
    assert result.loc["x", "variance"] == pytest.approx(12 / 35)
    assert result.loc["x", "z"] == pytest.approx(2 * math.log(1.4) / math.sqrt(12 / 35))
    assert result.loc["x", "z"] == pytest.approx(1.149271, abs=1e-6)
    assert result.loc["y", "z"] == pytest.approx(-result.loc["x", "z"])
    assert list(result.index) == ["x", "y"]


def test_log_odds_against_one_other_group_and_explicit_prior() -> None:
    table = by_group_table({"A": {"x": 3, "y": 1}, "B": {"x": 1, "y": 3}, "C": {"x": 50}})
    vs_b = distinctive_words(
        table, group_by="side", group="A", other="B", prior=pd.Series({"x": 4.0, "y": 4.0})
    ).set_index("term")
    assert vs_b.loc["x", "log_odds"] == pytest.approx(2 * math.log(1.4))
    vs_rest = distinctive_words(table, group_by="side", group="A").set_index("term")
    assert vs_rest.loc["x", "count_other"] == 51
    with pytest.raises(ParameterError, match="not found"):
        distinctive_words(table, group_by="side", group="Z")


def test_keyness_g2_hand_computed() -> None:
    table = by_group_table({"A": {"x": 10, "y": 90}, "B": {"y": 100}})
    result = keyness_g2(table, group_by="side", group="A").set_index("term")
    # a=10, b=0, c=d=100: E1 = E2 = 5; G2 = 2 * 10 ln(10/5) = 20 ln 2
    assert result.loc["x", "g2"] == pytest.approx(20 * math.log(2))
    assert result.loc["x", "p_value"] == pytest.approx(math.erfc(math.sqrt(10 * math.log(2))))
    assert result.loc["y", "g2"] < 0
    assert result.index[0] == "x"


def test_keyness_uses_running_words_when_totals_given() -> None:
    table = by_group_table({"A": {"x": 10}, "B": {"x": 10}})
    totals = pd.DataFrame({"group_by": ["side", "side"], "group": ["A", "B"], "words": [100, 300]})
    result = keyness_g2(table, group_by="side", group="A", totals=totals).set_index("term")
    expected = 2 * (10 * math.log(10 / 5) + 10 * math.log(10 / 15))
    assert result.loc["x", "g2"] == pytest.approx(expected)
    assert result.loc["x", "per_10k"] == pytest.approx(1000)


def test_keyword_in_context_offsets() -> None:
    table = keyword_in_context(ARTICLES, ["Russia", "US", "central bank"], width=12)
    assert list(table.columns) == ["article_id", "start", "end", "left", "keyword", "right"]
    texts = {article.article_id: article.text for article in ARTICLES}
    for row in table.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.keyword
    keywords = list(table["keyword"])
    assert keywords.count("Russia's") == 2
    assert "U.S." in keywords and "US" in keywords
    assert keywords.count("Central bank") == 2 and keywords.count("central bank") == 1
    first = table.iloc[0]
    assert first["article_id"] == "a1" and first["keyword"] == "Russia's" and first["left"] == ""


def test_keyword_in_context_limit_and_stemming() -> None:
    limited = keyword_in_context(ARTICLES, ["bank"], limit=2)
    assert len(limited) == 2 and set(limited["article_id"]) == {"a2", "a3"}
    stemmed = keyword_in_context(
        [Article("s", "Banks and banking: the bank.")], ["banks"], options={"stem": "porter"}
    )
    assert list(stemmed["keyword"]) == ["Banks", "banking", "bank"]


def test_term_trends_fills_missing_groups() -> None:
    tables = run(ARTICLES, {"group_by": ["month"]})
    trends = term_trends(
        tables["word_frequencies_by_group"], ["Russia's", "bank"], group_by="month"
    )
    assert list(trends.columns) == ["group", "term", "count", "per_10k"]
    found = {(row.group, row.term): row.count for row in trends.itertuples()}
    assert found == {
        ("2024-01", "russia"): 2,
        ("2024-01", "bank"): 0,
        ("2024-02", "russia"): 0,
        ("2024-02", "bank"): 3,
    }


def test_folder_grouping_and_month_always_counted() -> None:
    articles = [
        Article("sport/1", "Goal scored late", path="text/sport/001.txt"),
        Article("tech/1", "Broadband users grew", path="text/tech/001.txt"),
        Article("loose", "No folder here", path="loose.txt"),
    ]
    tables = run(articles, {"group_by": "folder"})
    totals = tables["word_group_totals"]
    assert list(totals["group_by"].unique()) == ["corpus", "folder", "month"]
    folders = totals[totals["group_by"] == "folder"]
    assert list(folders["group"]) == ["(unknown)", "sport", "tech"]


def test_compare_group_picks_the_largest_group_and_explains() -> None:
    tables = run(ARTICLES, {"group_by": ["source"]})
    by_group, totals = tables["word_frequencies_by_group"], tables["word_group_totals"]
    comparison = compare_group(by_group, totals, group_by="source")
    assert comparison.group == "Wire" and comparison.other == "the rest"
    assert "source = Wire" in comparison.note
    assert set(comparison.distinctive["term"][:2]) == {"US", "army"}
    assert set(comparison.keyness.columns) >= {"term", "g2", "p_value"}
    single = compare_group(by_group, totals, group_by="month", group="2024-02")
    assert single.group == "2024-02"
    with pytest.raises(ParameterError, match="was not counted"):
        compare_group(by_group, totals, group_by="category")
    with pytest.raises(ParameterError, match="not found"):
        compare_group(by_group, totals, group_by="source", group="Nope")


def test_compare_group_by_default_skips_the_articles_without_a_value() -> None:
    articles = [
        Article("n1", "Markets fell. Markets fell again. Bonds rose and markets fell."),
        Article("n2", "Markets rallied after the central bank spoke about markets."),
        Article("w1", "The army moved north at dawn today.", source="Wire"),
        Article("d1", "Rain fell on the city.", source="Daily"),
    ]
    tables = run(articles, {"group_by": ["source"]})
    by_group, totals = tables["word_frequencies_by_group"], tables["word_group_totals"]
    sizes = totals[totals["group_by"] == "source"].set_index("group")["words"]
    assert sizes.idxmax() == "(unknown)"  # the largest group has no source
    assert compare_group(by_group, totals, group_by="source").group == "Wire"
    chosen = compare_group(by_group, totals, group_by="source", group="(unknown)")
    assert chosen.group == "(unknown)"  # still there when asked for
    only_unknown = run(articles[:2], {"group_by": ["source"]})
    alone = compare_group(
        only_unknown["word_frequencies_by_group"],
        only_unknown["word_group_totals"],
        group_by="source",
    )
    assert alone.group == "" and "nothing to compare" in alone.note


def test_glance_table_keeps_the_largest_groups_and_says_so() -> None:
    rows = [("corpus", "all", 6, 600)] + [
        ("topic", name, 1, words) for name, words in [("a", 50), ("b", 300), ("c", 10), ("d", 240)]
    ]
    totals = pd.DataFrame(rows, columns=["group_by", "group", "articles", "words"])
    table, note = glance_table(totals, "topic", limit=2)
    assert list(table["group"]) == ["all", "b", "d"]  # in the table's order
    assert note.startswith("4 groups of topic: the 2 with most running words")
    table, note = glance_table(totals, "topic", limit=4)
    assert list(table["group"]) == ["all", "a", "b", "c", "d"] and note == ""


def test_compare_group_with_a_single_group_has_nothing_to_compare() -> None:
    tables = run(ARTICLES[:2], {"group_by": ["source"]})
    comparison = compare_group(
        tables["word_frequencies_by_group"], tables["word_group_totals"], group_by="source"
    )
    assert comparison.distinctive.empty and "nothing to compare" in comparison.note


def test_choose_terms_normalises_or_takes_the_most_frequent() -> None:
    tables = run(ARTICLES, {})
    frequencies = tables["word_frequencies"]
    assert choose_terms(frequencies, ["U.S.", "Russia's"]) == ["US", "russia"]
    assert choose_terms(frequencies, [], n=2) == ["US", "army"]
    assert choose_terms(frequencies, ["banks"], options={"stem": "porter"}) == ["bank"]


def test_figures_are_titled_figures() -> None:
    from matplotlib.figure import Figure

    from analysis.plots import words as plots

    tables = run(ARTICLES, {"group_by": ["source"]})
    comparison = compare_group(
        tables["word_frequencies_by_group"], tables["word_group_totals"], group_by="source"
    )
    trends = term_trends(tables["word_frequencies_by_group"], ["bank", "army"])
    figures = [
        plots.top_terms(tables["word_frequencies"], top_n=5),
        plots.terms_over_time(trends),
        plots.fightin_words(comparison.distinctive, group="Wire", z_threshold=0.1),
    ]
    for figure in figures:
        assert isinstance(figure, Figure)
        assert figure.axes[0].get_title()
        assert figure.axes[0].get_xlabel()
    labels = [text.get_text() for text in figures[2].axes[0].texts]
    assert "US" in labels and "army" not in labels  # same spot as "US": skipped
    assert plots.terms_over_time(trends.iloc[0:0]).axes[0].texts[0].get_text().startswith("No")


@pytest.mark.slow
def test_chapter_notebook_runs_with_papermill(tmp_path: Path) -> None:
    import json

    import papermill

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps({"id": article.article_id, "text": article.text,
                        "source": article.source, "date": article.date})
            for article in ARTICLES
        ),
        encoding="utf-8",
    )  # fmt: skip
    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "02-word-frequencies.ipynb"
    declared = papermill.inspect_notebook(str(notebook))
    assert {"corpus", "tables_dir", "top_n", "ngram", "group_by", "terms"} <= set(declared)
    assert {"extra_stopwords", "stem"} <= set(declared)
    papermill.execute_notebook(
        str(notebook), str(tmp_path / "out.ipynb"),
        parameters={"corpus": str(corpus), "terms": ["bank", "Russia"], "top_n": 6},
        kernel_name="python3", progress_bar=False,
    )  # fmt: skip
    executed = json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8"))
    outputs = [o for c in executed["cells"] for o in c.get("outputs", [])]
    assert not any(o.get("output_type") == "error" for o in outputs)
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 3


# --- the C chunk coder (analysis/_native.c) -----------------------------------------------
# A regular install builds it; the editable install of the test command does not, so these
# run in tests/test_compiled.py's run of the suite against a built wheel.

CODER_TEXTS = [
    "",
    "   \n\t ",
    "Russia's army moved. The army of Russia's allies, the US army, waited.",
    "THE U.S. ARMY SAID IT WOULD STAY",  # shouting: the other table
    "Caf\u00e9 cr\u00e8me, na\u00efve r\u00e9sum\u00e9: 3.5% \u00a0up\u00a0 12,000 (x)",
    "\u041c\u043e\u0441\u043a\u0432\u0430 \u2014 the Kremlin\u2019s \u201cquote\u201d said",
    "emoji \U0001f600 and \U0001f600x \u4e2d\u56fd said\u3000wide\u2028line\x85next\x1cfs",
    "the the the said, said, said. Russia's Russia\u2019s",
]


def _native_chunk_table() -> Any:
    from analysis import frequencies

    if frequencies.ChunkTable is None:
        pytest.skip("pure-Python install: no C chunk table (tests/test_compiled.py runs this)")
    return frequencies.ChunkTable


@pytest.mark.parametrize("counting", [False, True])
def test_the_c_chunk_coder_gives_the_python_coders_items(counting: bool) -> None:
    from analysis.frequencies import ChunkCoder, tokenizer_for, word_options

    _native_chunk_table()
    tokenizer = tokenizer_for(word_options({}))
    native, python = ChunkCoder(tokenizer), ChunkCoder(tokenizer, native=False)
    assert native.native and not python.native
    for text in CODER_TEXTS * 2:  # the second pass finds every chunk in the tables
        mine, theirs = (
            native.encode(text, counting=counting),
            python.encode(text, counting=counting),
        )
        assert mine.items() == theirs.items() == tokenizer.items(text)
        assert list(mine.codes or []) == list(theirs.codes or [])
        assert mine.word_count() == theirs.word_count()


def test_the_c_chunk_table_splits_as_str_split() -> None:
    import hashlib
    import random
    from array import array

    table_type = _native_chunk_table()
    asked: list[str] = []

    def code_of(chunk: str) -> int:  # any int64, negative ones included
        digest = hashlib.blake2b(chunk.encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "little", signed=True)

    def missing(chunk: str) -> int:
        asked.append(chunk)
        return code_of(chunk)

    table = table_type(missing)
    alphabet = list(
        "ab\u00e9\u0436\u4e2d\U0001f600  \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000\u200b"
    )
    chances = random.Random(7)
    seen: set[str] = set()
    for _ in range(3000):
        text = "".join(chances.choice(alphabet) for _ in range(chances.randint(0, 40)))
        codes = array("q")
        codes.frombytes(table.encode(text))
        assert codes.tolist() == [code_of(chunk) for chunk in text.split()], repr(text)
        seen.update(text.split())
    assert sorted(asked) == sorted(seen)  # each distinct chunk was asked for once
    assert len(table) == len(seen) > 512  # (the table of 1024 slots grew)
    table.clear()
    assert len(table) == 0
    codes = array("q")
    codes.frombytes(table.encode("a b a"))
    assert codes.tolist() == [code_of("a"), code_of("b"), code_of("a")]
    assert asked[-2:] == ["a", "b"]


def test_the_c_chunk_table_passes_errors_on() -> None:
    table_type = _native_chunk_table()

    def failing(chunk: str) -> int:
        raise ValueError(f"no code for {chunk}")

    with pytest.raises(ValueError, match="no code for word"):
        table_type(failing).encode("word")
    with pytest.raises(TypeError):
        table_type(len).encode(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        table_type("not callable")  # type: ignore[arg-type]


def _native_module() -> Any:
    from analysis import frequencies

    if frequencies._native is None:
        pytest.skip("pure-Python install: no C module (tests/test_compiled.py runs this)")
    return frequencies._native


def test_the_c_folding_steps_equal_numpys() -> None:
    import numpy as np

    from analysis.frequencies import TermVocabulary, _unique
    from analysis.tokens import STOP, join_item

    native = _native_module()
    chances = np.random.default_rng(5)
    vocabulary = TermVocabulary()
    words: list[str | None] = [f"w{index}" for index in range(300)] + [STOP, None] * 20
    for size in chances.integers(1, 4, 2000):  # items of 1-3 terms, stopwords and barriers
        vocabulary.code(join_item(tuple(words[i] for i in chances.integers(0, len(words), size))))
    codes = chances.integers(0, len(vocabulary.items), 50_000).astype(np.int64)
    sizes = np.diff(np.sort(np.concatenate(([0, 50_000], chances.integers(0, 50_000, 400)))))
    mine = vocabulary.expand(codes, sizes)
    theirs = vocabulary.expand(codes, sizes, native=False)
    assert np.array_equal(mine[0], theirs[0]) and np.array_equal(mine[1], theirs[1])
    terms, article = theirs
    assert (terms == -1).any() and (terms == -2).any()  # barriers and stopwords were there
    mask = np.frombuffer(native.first_in_article(terms, article, len(vocabulary.terms)), bool)
    kept = terms >= 0
    expected = _unique((article[kept] << 32) | terms[kept])
    assert np.array_equal(np.sort((article[mask] << 32) | terms[mask]), expected)


def test_the_c_folding_steps_check_their_arguments() -> None:
    import numpy as np

    native = _native_module()
    one = np.zeros(1, dtype=np.int64)
    with pytest.raises(ValueError, match="out of range"):
        native.expand(np.array([3]), one, one + 1, one, np.array([1]))
    with pytest.raises(ValueError, match="add up"):
        native.expand(one, one, one + 1, one, np.array([2]))
    with pytest.raises(TypeError, match="int64"):
        native.expand(one.astype(np.int32), one, one, one, one)
    with pytest.raises(ValueError, match="must not decrease"):
        native.first_in_article(np.array([0, 0]), np.array([1, 0]), 1)
    with pytest.raises(ValueError, match="out of range"):
        native.first_in_article(np.array([5]), np.array([0]), 2)


@pytest.mark.parametrize("options", [{}, {"ngram": 3, "group_by": "category"}])
def test_words_tables_are_the_same_with_the_c_folding_steps(
    options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from functools import partialmethod

    from analysis.frequencies import WordAccumulator

    _native_module()
    flush = WordAccumulator.flush
    tables = []
    for native in (True, False):
        monkeypatch.setattr(WordAccumulator, "flush", partialmethod(flush, native=native))
        acc = WORDS.start(options)
        for article in ARTICLES * 3:
            acc = WORDS.add(acc, article, WORDS.extract(article, None, options))
        tables.append(WORDS.finish(acc, options))
    assert tables[0].keys() == tables[1].keys()
    for name in tables[0]:
        pd.testing.assert_frame_equal(tables[0][name], tables[1][name])


def test_the_c_packed_sum_is_the_sum_of_the_shifted_codes() -> None:
    from array import array

    import numpy as np

    from analysis.frequencies import CODE_BITS, WORD_COUNT_CAP, coder_for, word_options
    from analysis.segment import count_words

    native = _native_module()
    chances = np.random.default_rng(9)
    for size in (0, 1, 7, 1000):
        words = chances.integers(0, WORD_COUNT_CAP + 1, size, dtype=np.int64)
        codes = (words << CODE_BITS) | chances.integers(0, 1 << CODE_BITS, size, dtype=np.int64)
        assert native.packed_sum(codes, CODE_BITS) == int(words.sum())
        assert native.packed_sum(array("q", codes.tolist()), CODE_BITS) == int(words.sum())
    assert native.packed_sum(np.array([-1], dtype=np.int64), 60) == 15  # read as unsigned
    with pytest.raises(ValueError, match="shift"):
        native.packed_sum(np.zeros(1, dtype=np.int64), 64)
    with pytest.raises(TypeError, match="int64"):
        native.packed_sum(np.zeros(1, dtype=np.int32), 1)
    text = "Moscow, Russia's ex-Soviet U.S.-backed \u201cdeal\u201d of 3.5 percent... don't"
    items = coder_for(word_options({})).encode(text, counting=True)
    assert items.word_count() == count_words(text)
