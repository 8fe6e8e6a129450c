from pathlib import Path

import pytest

from analysis.errors import NewsreportError
from analysis.model import Article
from analysis.pipeline import article_field, extract, get_extractor, group_values, matches


def test_where_keeps_only_matching_articles() -> None:
    everything = extract(None, analyses=(), engine="serial", use_cache=False)
    sources = everything.tables["articles"]["source"].dropna().unique()
    source = sorted(sources)[0]
    subset = extract(None, analyses=(), engine="serial", use_cache=False, where={"source": source})
    articles = subset.tables["articles"]
    assert 0 < len(articles) < len(everything.tables["articles"])
    assert set(articles["source"]) == {source}
    assert subset.corpus.articles == len(articles)


def test_article_fields_for_grouping() -> None:
    article = Article("a", "t", source="S", date="2024-03-05", metadata={"topic": "grain"})
    assert [article_field(article, k) for k in ("source", "month", "year", "topic", "nope")] == [
        "S", "2024-03", "2024", "grain", "",
    ]  # fmt: skip
    assert matches(article, {"month": "2024-03", "source": "S"})
    assert not matches(article, {"month": "2024-04"})


def test_group_values_lists_months_of_the_demo_corpus() -> None:
    months = group_values(None, "month")
    assert months == sorted(months) and len([m for m in months if m]) >= 5


def test_unknown_analysis_and_engine_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(NewsreportError, match="unknown analysis 'wrods'"):
        get_extractor("wrods")
    with pytest.raises(NewsreportError, match="unknown engine"):
        extract(None, engine="spark")


def test_the_cache_follows_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis import pipeline

    def run() -> pipeline.Extraction:
        return pipeline.extract(None, analyses=["words"], engine="serial", cache_dir=tmp_path)

    run()
    assert run().corpus_cache_hit
    monkeypatch.setattr(pipeline, "code_digest", lambda: "the code of another version")
    changed = run()  # a rule or a word list changed: nothing cached before is served
    assert not changed.corpus_cache_hit and changed.cache_hits == 0
    assert run().corpus_cache_hit


def test_tables_are_written_widest_first() -> None:
    # The biggest table (rows x columns) starts first, so the two writers finish together:
    # by rows alone, 244,000 n-grams of 3 columns went before 95,000 articles of 19.
    import pandas as pd

    from analysis.pipeline import _table_cells

    done = extract(None, analyses=("words",), engine="serial", use_cache=False)
    articles = done.tables.row_table("articles")
    assert articles is not None and articles.plain is not None
    assert _table_cells(done.tables, "articles") == articles.rows * len(articles.plain.columns)
    long_and_narrow = pd.DataFrame({"ngram": ["a b"] * 60})
    short_and_wide = pd.DataFrame({f"c{index}": range(10) for index in range(19)})
    tables = {"ngrams": long_and_narrow, "articles": short_and_wide}
    assert _table_cells(tables, "ngrams") == 60 < _table_cells(tables, "articles") == 190


def test_tables_finish_longest_first() -> None:
    from analysis.pipeline import _longest_first

    assert _longest_first(["words", "custom", "quotes", "articles"]) == [
        "quotes", "articles", "words", "custom",
    ]  # fmt: skip
    assert _longest_first(["words"]) == ["words"]
