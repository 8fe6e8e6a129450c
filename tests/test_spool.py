"""Row tables spooled to disk: same tables and CSV bytes as the in-memory route, bounded state."""

from __future__ import annotations

import json
import operator
import pickle
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import native_function, spool
from analysis.corpus import read_corpus
from analysis.model import Article, Document
from analysis.pipeline import extract, get_extractor, write_tables
from analysis.speakers import SpeakerTally, share_frame, speaker_share
from analysis.spool import SPOOL_OPTION, RowRuns, TableSet, merge_runs, write_rows

ROW_TABLES = ("articles", "quotes", "country_mentions", "speaker_share")

# Invented texts with the values a CSV writer can get wrong: quote marks, commas, line
# breaks, unicode, empty and missing fields, numbers in metadata, a column only some rows have.
_TEXTS = [
    '"Prices will rise, and soon," said Maria Okafor, the minister. Okafor said Japan agreed.',
    "Officials said France and Germany would meet.\n\nOkafor said the talks \u201cwent well\u201d.",
    '"We are ready," Kerr said. The team flew from Brazil to Chile, officials said.',
    'Maria Okafor said: "No comment."\n\n"Later," she said. Kenya and Peru were named.',
    'Nothing quoted here; only India, \u00e9t\u00e9 and an emoji \U0001f600, commas, "marks".',
    '"A line\nbreak inside," Tomas Reyes said. Reyes said Canada, Mexico and Cuba agreed.',
]


def _write_corpus(folder: Path, copies: int = 3) -> Path:
    path = folder / "awkward.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for number, text in enumerate(_TEXTS):
                record: dict[str, object] = {"id": f"n{number}-{copy}", "text": text}
                if number % 2 == 0:
                    record["title"] = f'Title, "quoted"\nline {number}'
                    record["pages"] = number * 7
                if number % 3 == 0:
                    record["section"] = "World, \u00c1sia"
                record["date"] = None if number == 4 else f"2024-0{1 + number % 9}-1{copy}"
                out.write(json.dumps(record) + "\n")
    return path


@pytest.fixture
def tiny_spool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Force many runs, frames and chunks, and merges in several passes, on a tiny corpus."""
    monkeypatch.setattr(spool, "SEAL_ROWS", 3)
    monkeypatch.setattr(spool, "RUN_FRAME_ROWS", 2)
    monkeypatch.setattr(spool, "CHUNK_ROWS", 4)
    monkeypatch.setattr(spool, "FAN_IN", 2)


def _in_memory_tables(path: Path) -> dict[str, pd.DataFrame]:
    """The tables built the plain way: every extractor's ``finish`` on rows held in memory."""
    articles = read_corpus(path)
    tables: dict[str, pd.DataFrame] = {}
    for name in ("articles", "words", "quotes", "countries"):
        extractor = get_extractor(name)
        acc = extractor.start({})
        for article in articles:
            acc = extractor.add(
                acc, article, extractor.extract(article, Document(article.text), {})
            )
        tables.update(extractor.finish(acc, {}))
    return tables


@pytest.mark.parametrize("engine", ["serial", "processes"])
def test_spooled_tables_equal_the_in_memory_route(
    tmp_path: Path, engine: str, tiny_spool: None
) -> None:
    corpus = _write_corpus(tmp_path)
    expected = _in_memory_tables(corpus)
    result = extract(corpus, engine=engine, jobs=2, use_cache=False)
    assert isinstance(result.tables, TableSet)
    for name in ROW_TABLES:
        assert result.tables.row_table(name) is not None, f"{name} is not spooled"
    assert set(result.tables) == set(expected)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(result.tables[name], frame, check_exact=True)
    assert len(result.tables["quotes"]) > 10 and len(result.tables["country_mentions"]) > 10
    share = speaker_share(result.tables["quotes"])
    pd.testing.assert_frame_equal(result.tables["speaker_share"], share, check_exact=True)
    assert result.tables["articles"]["title"].isna().any()


def test_streamed_csv_is_byte_identical_to_the_dataframe_csv(
    tmp_path: Path, tiny_spool: None
) -> None:
    corpus = _write_corpus(tmp_path)
    tables = extract(corpus, engine="serial", use_cache=False).tables
    streamed = write_tables(tables, tmp_path / "streamed")
    assert all(tables.row_table(name) is not None for name in ROW_TABLES)  # nothing built
    whole = write_tables(dict(_in_memory_tables(corpus)), tmp_path / "whole")
    assert [p.name for p in streamed] == [p.name for p in whole]
    for mine, theirs in zip(streamed, whole, strict=True):
        assert mine.read_bytes() == theirs.read_bytes(), mine.name
    text = (tmp_path / "streamed" / "articles.csv").read_text(encoding="utf-8")
    assert '"Title, ""quoted""\nline 0"' in text


def test_csv_formats_columns_as_the_whole_table_would(tmp_path: Path) -> None:
    # "pages" is missing in some rows: the whole table makes it float ("7.0"); a chunk
    # where every row has it must not print "7".
    rows = [
        {"article_id": "a", "pages": 7},
        {"article_id": "b", "pages": 14},
        {"article_id": "c"},
    ]
    articles = get_extractor("articles")
    acc = articles.start({SPOOL_OPTION: str(tmp_path)})
    for row in rows:
        acc = articles.add(acc, Article(row["article_id"], "x"), row)
    table = articles.finish_to(acc, {}, tmp_path)["articles"]
    table.write_csv(tmp_path / "streamed.csv")
    expected = articles.finish(acc, {})["articles"].to_csv(**spool.CSV_OPTIONS)
    assert (tmp_path / "streamed.csv").read_text(encoding="utf-8") == expected
    assert "7.0" in expected


@pytest.mark.parametrize("name", ["articles", "quotes", "countries"])
def test_accumulators_send_file_names_not_rows(tmp_path: Path, name: str) -> None:
    extractor = get_extractor(name)
    options = {SPOOL_OPTION: str(tmp_path)}
    text = _TEXTS[0] + "\n\n" + _TEXTS[5]
    acc = extractor.start(options)
    for number in range(200):
        article = Article(f"a{number:03d}", text, path=f"a{number}.txt")
        acc = extractor.add(acc, article, extractor.extract(article, Document(text), options))
    wire = pickle.dumps(acc)
    runs = acc.rows
    assert runs.rows == [] and runs.runs, "rows were not written to a run file"
    assert all(Path(run).is_file() and Path(run).parent == tmp_path for run in runs.runs)
    assert len(wire) < 20_000  # names of run files and small counts, not 200 articles of rows
    back = pickle.loads(wire)
    assert list(back.rows.sorted_rows()) == list(acc.rows.sorted_rows())


def test_rows_stay_in_memory_without_a_spool_folder() -> None:
    runs = RowRuns("t", operator.itemgetter(0), spool="/nonexistent/spool")
    for number in range(5):
        runs.append((number,))
    back = pickle.loads(pickle.dumps(runs))  # e.g. a Dask worker on another machine
    assert back.rows == [(n,) for n in range(5)] and back.runs == []


def test_merge_of_many_runs_is_sorted_and_stable(tmp_path: Path) -> None:
    runs = []
    for number in range(9):
        rows = sorted((key % 4, number, key) for key in range(number, number + 12))
        path = tmp_path / f"r{number}.run"
        write_rows(path, rows, 2)
        runs.append(path)
    expected = sorted(
        (row for n in range(9) for row in sorted((k % 4, n, k) for k in range(n, n + 12))),
        key=operator.itemgetter(0),
    )
    merged = list(merge_runs(runs, operator.itemgetter(0), tmp_path, fan_in=2))
    assert merged == expected


def test_speaker_tally_gives_the_speaker_share_table(tmp_path: Path) -> None:
    quotes = [  # (article, speaker, kind, n_words): shared names, surnames, ties, unicode
        ("a", "Maria Okafor", "person", 5),
        ("a", "Okafor", "person", 2),
        ("a", "maria okafor", "person", 1),
        ("b", "Maria Okafor", "person", 3),
        ("b", "Okafor", "person", 2),
        ("b", "", "unknown", 4),
        ("c", "officials", "unnamed", 2),
        ("c", "Jos\u00e9 N\u00fa\u00f1ez", "person", 2),
        ("c", "Jose Nunez", "person", 2),
        ("d", "the Ministry", "organisation", 6),
        ("d", "Ministry", "organisation", 1),
        ("d", "Kerr", "person", 1),
        ("e", "Kerr", "person", 1),
        ("d", "The company", "organisation", 3),  # not found: each article's own
        ("e", "the company", "organisation", 2),
    ]
    frame = pd.DataFrame(
        [(a, s, k, n) for a, s, k, n in quotes],
        columns=["article_id", "speaker", "speaker_kind", "n_words"],
    )
    for folder in (None, str(tmp_path)):
        tally = SpeakerTally.empty(folder)
        for article in "abcde":
            tally.add_article(article, [(s, k, n) for a, s, k, n in quotes if a == article])
        tally = pickle.loads(pickle.dumps(tally))
        got = share_frame(list(tally.rows()), tally.totals())
        pd.testing.assert_frame_equal(got, speaker_share(frame), check_exact=True)
    empty = SpeakerTally.empty()
    pd.testing.assert_frame_equal(
        share_frame(list(empty.rows()), empty.totals()), speaker_share(frame.iloc[:0])
    )


def test_cache_entry_is_a_folder_of_files_and_the_spool_is_removed(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path, copies=1)
    cache = tmp_path / "cache"
    cold = extract(corpus, engine="serial", cache_dir=cache)
    entries = [p for p in (cache / "tables").iterdir()]
    assert len(entries) == 1 and entries[0].is_dir() and not entries[0].name.startswith(".")
    names = sorted(p.name for p in entries[0].iterdir())
    assert names == sorted(["extraction.pickle", *(f"{t}.rows" for t in ROW_TABLES)])
    assert (entries[0] / "extraction.pickle").stat().st_size < 200_000
    warm = extract(corpus, engine="serial", cache_dir=cache)
    assert warm.corpus_cache_hit and not cold.corpus_cache_hit
    for name in cold.tables:
        pd.testing.assert_frame_equal(warm.tables[name], cold.tables[name])
    write_tables(warm.tables, tmp_path / "warm")
    write_tables(cold.tables, tmp_path / "cold")
    for path in (tmp_path / "warm").iterdir():
        assert path.read_bytes() == (tmp_path / "cold" / path.name).read_bytes()


def test_a_broken_cache_entry_is_replaced_by_the_next_run(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path, copies=1)
    cache = tmp_path / "cache"
    cold = extract(corpus, engine="serial", cache_dir=cache)
    (entry,) = (cache / "tables").iterdir()
    (entry / "quotes.rows").unlink()  # e.g. removed by a cleaner of old files
    again = extract(corpus, engine="serial", cache_dir=cache)
    assert not again.corpus_cache_hit
    assert (entry / "quotes.rows").is_file() and [p.name for p in (cache / "tables").iterdir()] == [
        entry.name
    ]
    pd.testing.assert_frame_equal(again.tables["quotes"], cold.tables["quotes"])
    assert extract(corpus, engine="serial", cache_dir=cache).corpus_cache_hit


def test_temporary_tables_are_removed_with_the_extraction_and_on_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _write_corpus(tmp_path, copies=1)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    result = extract(corpus, engine="serial", use_cache=False)
    assert [p.name for p in scratch.iterdir()] and not list(scratch.glob("*/runs"))
    assert len(result.tables["quotes"]) > 0
    result.tables.close()
    assert list(scratch.iterdir()) == []

    def fail(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("analysis.pipeline._finish_tables", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        extract(corpus, engine="serial", use_cache=False)
    assert list(scratch.iterdir()) == []


def test_select_builds_only_some_columns(tmp_path: Path, tiny_spool: None) -> None:
    tables = extract(_write_corpus(tmp_path), engine="serial", use_cache=False).tables
    picked = tables.select("articles", ["date", "n_words"])
    assert tables.row_table("articles") is not None  # the whole table was not built
    whole = tables["articles"][["date", "n_words"]]
    assert picked["date"].tolist() == whole["date"].tolist()
    assert picked["n_words"].tolist() == whole["n_words"].tolist()
    assert len(picked) == 18


def test_a_killed_runs_old_work_folder_is_removed_by_a_later_run(tmp_path: Path) -> None:
    import os
    import time

    from analysis import pipeline

    corpus = _write_corpus(tmp_path, copies=1)
    cache = tmp_path / "cache"
    (cache / "tables").mkdir(parents=True)
    old = cache / "tables" / ".deadbeef.x1"  # as a killed run leaves it
    (old / "runs").mkdir(parents=True)
    recent = cache / "tables" / ".cafe.x2"  # perhaps a run still going
    recent.mkdir()
    stale = time.time() - pipeline.ABANDONED_AFTER - 60
    for path in (old / "runs", old):
        os.utime(path, (stale, stale))
    extract(corpus, engine="serial", cache_dir=cache)
    assert not old.exists() and recent.exists()


_VALUES = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from(list('ab ,"\n\r\t;\u00e9\U0001f600')), max_size=6),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
)


def _frame_of(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    columns=st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=4, unique=True),
    data=st.data(),
    none_is_empty=st.booleans(),
)
def test_plain_csv_rows_are_written_as_pandas_writes_them(
    columns: list[str], data: st.DataObject, none_is_empty: bool
) -> None:
    # Each column draws from one or two kinds of value, as real columns do; chunks where
    # pandas would format a value itself (floats, bools, integers beside missing values)
    # must fall back to pandas, the others must give the same bytes without it.
    kinds = {c: data.draw(st.lists(_VALUES, min_size=1, max_size=2)) for c in columns}
    rows = data.draw(
        st.lists(st.tuples(*(st.sampled_from(kinds[c]) for c in columns)), min_size=0, max_size=12)
    )
    names = tuple(columns)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "t.rows"
        count = write_rows(path, rows)
        build = partial(_frame_of, names)
        if not none_is_empty:
            build = partial(_frame_with_none_text, names)
        plain = spool.PlainColumns(names, none_is_empty=none_is_empty)
        fast = spool.RowTable(path, build, count, plain=plain)
        slow = spool.RowTable(path, build, count)
        fast.write_csv(folder / "fast.csv")
        slow.write_csv(folder / "slow.csv")
        assert (folder / "fast.csv").read_bytes() == (folder / "slow.csv").read_bytes()


def _frame_with_none_text(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype({c: str for c in columns if frame[c].map(type).eq(str).all()})


def test_plain_csv_takes_the_fast_path_for_strings_integers_and_missing(tmp_path: Path) -> None:
    rows = [("x", 1, None), ('y, "z"', 2, "w")]
    names = ("s", "n", "o")
    plain = spool.PlainColumns(names)
    assert plain.values(rows, {}) == rows
    assert plain.values([("x", 1.5, None)], {}) is None  # a float: pandas formats it
    assert plain.values([("x", None, None), ("y", 2, "w")], {}) is None  # 2 -> "2.0"
    assert plain.values(rows, {"n": np.dtype("float64")}) is None
    assert plain.values([("x", 1)], {}) is None  # rows of another width
    assert plain.values([("x", 1, None), ("y", 2)], {}) is None
    as_dicts = spool.PlainColumns(names, dicts=True)
    assert as_dicts.values([{"s": "x", "n": 1}], {}) == [["x", 1, None]]


# --- CSVs rendered as the tables are finished (extract(render=True), used by the CLI) ---


@pytest.mark.parametrize("engine", ["serial", "processes"])
def test_rendered_csvs_are_the_csvs_written_afterwards(
    tmp_path: Path, engine: str, tiny_spool: None
) -> None:
    corpus = _write_corpus(tmp_path)
    plain = extract(corpus, engine=engine, jobs=2, use_cache=False)
    rendered = extract(corpus, engine=engine, jobs=2, use_cache=False, render=True)
    assert all(plain.tables.rendered(name) is None for name in plain.tables)
    for name in rendered.tables:
        file = rendered.tables.rendered(name)
        assert file is not None and file.name == f"{name}.csv", name
    mine = write_tables(rendered.tables, tmp_path / "rendered", workers=2)
    theirs = write_tables(plain.tables, tmp_path / "plain", workers=2)
    assert [p.name for p in mine] == [p.name for p in theirs]
    for a, b in zip(mine, theirs, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    # nothing was built to write them: the row tables stayed on disk, and those merged from
    # sorted runs wrote their CSV in the same pass as their table file
    assert all(rendered.tables.row_table(name) is not None for name in ROW_TABLES)
    for name in ("articles", "quotes", "country_mentions"):
        table = rendered.tables.row_table(name)
        assert table is not None and table.csv == rendered.tables.rendered(name), name


def test_a_rendered_csv_is_copied_and_forgotten_once_the_table_is_taken(tmp_path: Path) -> None:
    frame = pd.DataFrame({"term": ["a", "b"], "count": [2, 1]})
    rendered = tmp_path / "words.csv"
    rendered.write_text("term,count\nwritten,before\n", encoding="utf-8")
    tables = TableSet({"words": frame, "other": frame}, rendered={"words": rendered})
    assert tables.rendered("other") is None
    write_tables(tables, tmp_path / "out")
    assert (tmp_path / "out" / "words.csv").read_text() == "term,count\nwritten,before\n"
    moved = pickle.loads(pickle.dumps(tables.relocated(tmp_path)))
    assert moved.rendered("words") == rendered
    tables["words"]["count"] = [5, 6]  # a caller may change the frame it takes
    assert tables.rendered("words") is None
    write_tables(tables, tmp_path / "after")
    assert (tmp_path / "after" / "words.csv").read_text() == "term,count\na,5\nb,6\n"
    moved["words"] = frame.iloc[:1]
    assert moved.rendered("words") is None
    rendered.unlink()  # a lost file: written from the table again
    assert tables.relocated(tmp_path).rendered("words") is None


def test_rendered_csvs_are_stored_in_the_cache_entry(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path, copies=1)
    cache = tmp_path / "cache"
    cold = extract(corpus, engine="serial", cache_dir=cache, render=True)
    (entry,) = (cache / "tables").iterdir()
    assert {f"{name}.csv" for name in cold.tables} <= {p.name for p in entry.iterdir()}
    warm = extract(corpus, engine="serial", cache_dir=cache)
    assert warm.corpus_cache_hit
    for name in warm.tables:
        assert warm.tables.rendered(name) == entry / f"{name}.csv"
    write_tables(warm.tables, tmp_path / "warm")
    write_tables(extract(corpus, engine="serial", use_cache=False).tables, tmp_path / "fresh")
    for path in (tmp_path / "fresh").iterdir():
        assert path.read_bytes() == (tmp_path / "warm" / path.name).read_bytes(), path.name


@pytest.mark.parametrize("misordered", [False, True])
def test_articles_checked_once_for_the_whole_table_write_as_pandas_does(
    tmp_path: Path, misordered: bool, tiny_spool: None
) -> None:
    # Text-only metadata, some rows without some keys: the whole table is plain. A metadata
    # key "year" becomes "meta_year", which a row holds after "n" but the columns put before.
    path = tmp_path / "plain.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(9):
            record = {"id": f"p{number}", "text": f"Text {number}, \u201cquoted\u201d."}
            if number % 3:
                record["alpha"] = f'a, "{number}"\nline'
            record["zeta"] = "z" * number
            if misordered:
                record["n"], record["year"] = str(number), "x"
            out.write(json.dumps(record) + "\n")
    tables = extract(path, analyses=[], engine="serial", use_cache=False).tables
    table = tables.row_table("articles")
    assert table is not None and table.plain is not None and table.plain.whole
    assert table.plain.ordered == (None if misordered else len(table.plain.columns))
    write_tables(tables, tmp_path / "out")
    expected = tables["articles"].to_csv(**spool.CSV_OPTIONS)
    assert (tmp_path / "out" / "articles.csv").read_text(encoding="utf-8") == expected


# --- DataFrames written by the csv module (spool.write_frame_csv) ------------------------

_TEXT = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\'\u00e9\u201c\U0001f600;')), max_size=6)
_FLOAT = st.floats(allow_nan=False) | st.sampled_from([0.0, -0.0, 1e16, 1e-5, 5e-324, 1e308])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(-(2**63), 2**63 - 1), _FLOAT, _TEXT), max_size=30),
    st.booleans(),
)
def test_plain_frames_are_written_as_pandas_writes_them(
    rows: list[tuple[int, float, str]], text_dtype: bool
) -> None:
    frame = pd.DataFrame(rows, columns=["n", "x, y", "text"])
    frame = frame.astype({"n": np.int64, "x, y": np.float64})
    frame["text"] = frame["text"].astype("str" if text_dtype else object)
    frame["single"] = frame["text"]
    assert spool._frame_is_plain(frame)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "t.csv"
        spool.FRAME_CHUNK_ROWS, before = 7, spool.FRAME_CHUNK_ROWS
        try:
            spool.write_frame_csv(frame, target)
        finally:
            spool.FRAME_CHUNK_ROWS = before
        assert target.read_bytes() == frame.to_csv(**spool.CSV_OPTIONS).encode("utf-8")
        spool.write_frame_csv(frame[["single"]], target)  # a row of one empty string: ""
        assert target.read_bytes() == frame[["single"]].to_csv(**spool.CSV_OPTIONS).encode()


@pytest.mark.parametrize(
    "column",
    [
        [1.5, float("nan")],
        ["a", None],
        ["a", 3],
        [True, False],
        np.array([1.5, 2.25], dtype=np.float32),
        pd.array([1, None], dtype="Int64"),
        pd.to_datetime(["2024-01-02", "2024-03-04"]),
        pd.Categorical(["a", "b"]),
    ],
)
def test_other_frames_are_left_to_pandas(tmp_path: Path, column: Any) -> None:
    frame = pd.DataFrame({"id": [1, 2], "value": column})
    assert not spool._frame_is_plain(frame)
    spool.write_frame_csv(frame, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text(encoding="utf-8") == frame.to_csv(**spool.CSV_OPTIONS)


_SAFE_TEXT = st.text(alphabet=st.sampled_from(list("ab '\u00e9;\t\U0001f600-")), max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(-(2**63), 2**63 - 1), _FLOAT, _SAFE_TEXT), max_size=30))
def test_plain_text_is_written_without_the_csv_writer(rows: list[tuple[int, float, str]]) -> None:
    frame = pd.DataFrame(rows, columns=["n", "x", "text"]).astype({"n": np.int64, "x": float})
    frame["text"] = frame["text"].astype(object)
    values = [frame[column].tolist() for column in frame.columns]
    if rows:  # no text to quote: the lines are joined here, not by the csv writer
        assert spool._plain_lines(values, ["i", "f", "O"]) is not None
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "t.csv"
        spool.write_frame_csv(frame, target)
        assert target.read_bytes() == frame.to_csv(**spool.CSV_OPTIONS).encode("utf-8")


_CSV_VALUES = st.one_of(
    st.text(alphabet='ab,"\n\r\0 \u00e9\u0100\u2028\x85\U0001f600;', max_size=8),
    st.integers(-(10**20), 10**20),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
)
_CSV_ROWS = st.integers(1, 5).flatmap(
    lambda width: st.lists(st.lists(_CSV_VALUES, min_size=width, max_size=width), max_size=6)
)  # rows of one width, of every kind of value a table row may hold


@settings(max_examples=400, deadline=None)
@given(_CSV_ROWS)
def test_csv_lines_are_what_the_csv_writer_writes(rows: list[list[object]]) -> None:
    import csv
    import io

    from analysis.spool import csv_lines

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    lines = csv_lines(rows)
    if lines is not None:
        assert lines == out.getvalue()
    else:  # only rows of one field are left to the writer here
        assert rows and len(rows[0]) < 2


def test_csv_lines_leave_other_values_to_the_writer() -> None:
    from analysis.spool import csv_lines

    assert csv_lines([("a", np.int64(3))]) is None
    assert csv_lines([("a", "b"), ("c",)]) is None
    assert csv_lines([]) == ""
    assert csv_lines([("a,b", 'say "hi"'), ("x\ny", 1)]) == '"a,b","say ""hi"""\n"x\ny",1\n'


@settings(max_examples=400, deadline=None)
@given(_CSV_ROWS)
def test_c_csv_lines_are_the_python_lines_and_the_writers(rows: list[list[object]]) -> None:
    import csv
    import io

    native = native_function("csv_lines")
    if native is None:
        pytest.skip("analysis._native is not built (pure-Python install)")
    specials, end = spool._CSV_SPECIALS, spool.CSV_OPTIONS["lineterminator"]
    columns = [list(column) for column in zip(*rows, strict=True)]
    by_rows = native(rows, specials, end, False)
    by_columns = native(columns, specials, end, True) if columns else None
    python = spool._plain_lines_python(columns) if columns else None
    assert by_rows == python
    assert by_columns == python
    if python is not None:
        out = io.StringIO()
        csv.writer(out, lineterminator=end).writerows(rows)
        assert python == out.getvalue()


def test_c_csv_lines_leave_other_values_and_shapes_to_the_writer() -> None:
    native = native_function("csv_lines")
    if native is None:
        pytest.skip("analysis._native is not built (pure-Python install)")
    specials, end = spool._CSV_SPECIALS, "\n"
    assert native([("a", np.int64(3))], specials, end, False) is None
    assert native([("a", 1.5), ("b", np.float64(2.5))], specials, end, False) is None
    assert native([("a", "b"), ("c",)], specials, end, False) is None
    assert native([("a",), ("b",)], specials, end, False) is None  # one column: the writer's ""
    assert native([["a", "b"], ["c"]], specials, end, True) is None
    assert native([{"a": 1}, {"b": 2}], specials, end, False) is None
    assert native([], specials, end, False) is None
    assert native([("x\u00e9,", 'q"'), (None, True)], specials, "\r\n", False) == (
        '"x\u00e9,","q"""\r\n,True\r\n'
    )
    with pytest.raises(TypeError):
        native((("a", "b"),), specials, end, False)


_RULE_VALUES = st.one_of(
    st.text(alphabet='a,"\n', max_size=3), st.integers(-5, 5), st.none(), st.booleans(),
    st.floats(allow_nan=False, width=16),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(_RULE_VALUES, _RULE_VALUES, _RULE_VALUES), min_size=1, max_size=5),
    st.sampled_from([{}, {"b": np.dtype(np.int64)}, {"c": object}, {"a": np.dtype(float)}]),
    st.booleans(),
)
def test_c_plain_check_is_the_python_check(
    rows: list[tuple[Any, Any, Any]], dtypes: dict[str, Any], none_is_empty: bool
) -> None:
    native = native_function("csv_lines")
    if native is None:
        pytest.skip("analysis._native is not built (pure-Python install)")
    plain = spool.PlainColumns(("a", "b", "c"), none_is_empty=none_is_empty)
    end = spool.CSV_OPTIONS["lineterminator"]
    lines = native(rows, spool._CSV_SPECIALS, end, False, plain.rules(dtypes))
    values = plain.values(rows, dtypes)
    if values is None:
        assert lines is None
    else:
        assert lines == spool.csv_lines(values)


def test_c_plain_rules_take_a_byte_a_column() -> None:
    native = native_function("csv_lines")
    if native is None:
        pytest.skip("analysis._native is not built (pure-Python install)")
    rows = [("a", 1), ("b", None)]
    assert native(rows, ",", "\n", False, None) == "a,1\nb,\n"
    assert native(rows, ",", "\n", False, bytes([1 | 2 | 4 | 32] * 2)) is None  # None and int
    assert native(rows, ",", "\n", False, bytes([1 | 2 | 4] * 2)) == "a,1\nb,\n"
    assert native(rows, ",", "\n", False, bytes([2, 2 | 4])) is None  # a str where ints go
    with pytest.raises(ValueError):
        native(rows, ",", "\n", False, bytes([1]))
