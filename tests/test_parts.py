"""Workers reading their own parts of a corpus: same articles, line numbers and tables."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis import pipeline
from analysis.corpus import ProblemLog, ReadOptions, corpus_parts, iter_articles, read_part
from analysis.model import Document
from analysis.segment import count_words, segment

TEXTS = [
    "Mr. Arlo Venn said on Monday that Peru and Chile would talk. \u201cWe will see,\u201d he said.",
    "Officials in Kenya said the U.S. envoy\nwas expected\n\n    next week. Ms. Ida Roe agreed.",
    "Brazil's minister, Tomas Quell, said: \u201cNo.\u201d Argentina declined to comment.",
]


def _write_jsonl(path: Path, copies: int, *, bom: bool = False, newline: str = "\n") -> None:
    lines = []
    for copy in range(copies):
        for number, text in enumerate(TEXTS):
            record = {"id": f"a{copy}-{number}", "text": f"{text} (copy {copy})", "source": "Wire"}
            lines.append(json.dumps(record))
        lines.append("")  # a blank line
        lines.append("{not json")  # a broken line, reported with its number
    data = newline.join(lines) + newline
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data.encode("utf-8"))


@pytest.mark.parametrize(
    ("bom", "newline"),
    [(False, "\n"), (True, "\r\n"), (False, "\r"), (False, "\r\n\r"), (False, "\n\r")],
)
def test_parts_read_the_same_articles_and_line_numbers(
    tmp_path: Path, bom: bool, newline: str
) -> None:
    corpus = tmp_path / "wire.jsonl"
    _write_jsonl(corpus, 40, bom=bom, newline=newline)
    stream_log, parts_log = ProblemLog(), ProblemLog()
    whole = list(iter_articles(corpus, log=stream_log))
    parts = corpus_parts(corpus, ProblemLog(), target_bytes=700)
    assert parts is not None
    assert len(parts) > 5 or newline == "\r"  # parts end at line feeds: old Mac files are one
    pieces = [a for part in parts for a in read_part(part, corpus, ReadOptions(), parts_log)]
    assert pieces == whole
    assert [(p.path, p.line) for p in parts_log.problems] == [
        (p.path, p.line) for p in stream_log.problems
    ]
    assert len(stream_log.problems) == 40


def test_single_files_that_cannot_be_split_are_read_in_one_stream(tmp_path: Path) -> None:
    utf16 = tmp_path / "wide.jsonl"
    utf16.write_bytes(codecs.BOM_UTF16_LE + '{"text": "Chile."}\n'.encode("utf-16-le"))
    csv = tmp_path / "table.csv"
    csv.write_text("text\nChile.\n", encoding="utf-8")
    assert corpus_parts(utf16, ProblemLog(), target_bytes=10) is None
    assert corpus_parts(csv, ProblemLog(), target_bytes=10) is None


def _tables(corpus: Path, engine: str) -> dict[str, pd.DataFrame]:
    return pipeline.extract(corpus, engine=engine, jobs=2, use_cache=False).tables


def _spy_on_parts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record, for each run, whether the processes engine read the corpus in parts."""
    calls: list[bool] = []
    original = pipeline._run_in_parts

    def spy(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(result is not None)
        return result

    monkeypatch.setattr(pipeline, "_run_in_parts", spy)
    return calls


def test_parts_engine_gives_the_serial_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "wire.jsonl"
    _write_jsonl(corpus, 30)
    monkeypatch.setattr(pipeline, "MIN_PART_BYTES", 500)
    calls = _spy_on_parts(monkeypatch)
    serial = pipeline.extract(corpus, engine="serial", use_cache=False)
    calls.clear()
    parts = pipeline.extract(corpus, engine="processes", jobs=2, use_cache=False)
    assert calls == [True]  # the processes engine really read in parts
    assert serial.tables.keys() == parts.tables.keys()
    for name, table in serial.tables.items():
        pd.testing.assert_frame_equal(table, parts.tables[name], obj=name)
    assert serial.corpus.fingerprint == parts.corpus.fingerprint
    assert [(p.path, p.line) for p in serial.corpus.problems] == [
        (p.path, p.line) for p in parts.corpus.problems
    ]


def test_ids_repeated_across_parts_are_renamed_in_corpus_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "twice.jsonl"
    _write_jsonl(corpus, 10)
    corpus.write_bytes(corpus.read_bytes() * 2)  # every id twice, in different parts
    monkeypatch.setattr(pipeline, "MIN_PART_BYTES", 500)
    serial = pipeline.extract(corpus, engine="serial", use_cache=False, analyses=["words"])
    parts = pipeline.extract(
        corpus, engine="processes", jobs=2, use_cache=False, analyses=["words"]
    )
    ids = parts.tables["articles"]["article_id"]
    assert ids.is_unique and ids.str.endswith("~2").sum() == 30
    pd.testing.assert_frame_equal(serial.tables["articles"], parts.tables["articles"])
    assert [str(w) for w in serial.corpus.warnings] == [str(w) for w in parts.corpus.warnings]


def test_a_document_is_segmented_only_when_sentences_are_read() -> None:
    text = "Peru said no. Chile said yes.\n\nKenya waited."
    doc = Document(text)
    assert doc.chunks == text.split()
    assert doc._spans is None  # words and word counts need no segmentation
    assert doc.sentences == segment(text).sentences and doc == segment(text)
    assert len(doc.paragraphs) == 2 and doc.sentence_paragraph == (0, 0, 1)


@pytest.mark.parametrize(
    "text",
    [
        "U.S.-led talks",
        "a--b ... c'd e\u2019f",
        "5.93 155,221 -x- '",
        "",
        "  \n ",
        "\u00e9t\u00e9 ok.",
    ],
)
def test_word_counts_by_chunks_equal_the_pattern_count(text: str) -> None:
    from analysis.segment import _WORD_RE

    assert count_words(text) == len(_WORD_RE.findall(text))


def test_a_repeated_id_is_renamed_even_when_where_drops_its_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "where.jsonl"
    first = [json.dumps({"id": f"a{n}", "text": f"Peru {n}.", "source": "X"}) for n in range(60)]
    second = [json.dumps({"id": f"a{n}", "text": f"Chile {n}.", "source": "Y"}) for n in range(60)]
    corpus.write_text("\n".join(first + second) + "\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "MIN_PART_BYTES", 500)
    options = {"use_cache": False, "analyses": [], "where": {"source": "Y"}}
    serial = pipeline.extract(corpus, engine="serial", **options)  # type: ignore[arg-type]
    parts = pipeline.extract(corpus, engine="processes", jobs=2, **options)  # type: ignore[arg-type]
    assert serial.tables["articles"]["article_id"].str.endswith("~2").all()
    pd.testing.assert_frame_equal(serial.tables["articles"], parts.tables["articles"])


def test_a_folder_read_in_parts_gets_its_metadata_table_in_every_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = ["path,category,title"]
    for number in range(40):
        folder = ("world", "sport")[number % 2]
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / f"{number:03}.txt").write_text(TEXTS[number % 3], encoding="utf-8")
        rows.append(f"{folder}/{number:03}.txt,{folder.upper()},Story {number}")
    (tmp_path / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "MIN_PART_BYTES", 500)
    options = {"use_cache": False, "analyses": ["words"], "options": {"group_by": ["category"]}}
    serial = pipeline.extract(tmp_path, engine="serial", **options)  # type: ignore[arg-type]
    parts = pipeline.extract(tmp_path, engine="processes", jobs=2, **options)  # type: ignore[arg-type]
    articles = serial.tables["articles"]
    assert set(articles["category"]) == {"WORLD", "SPORT"}
    assert articles["title"].str.startswith("Story ").all()
    for name, table in serial.tables.items():
        pd.testing.assert_frame_equal(table, parts.tables[name], obj=name)
    totals = serial.tables["word_group_totals"]
    assert set(totals.loc[totals["group_by"] == "category", "group"]) == {"WORLD", "SPORT"}
    assert [p.reason for p in parts.corpus.warnings] == [p.reason for p in serial.corpus.warnings]


def _add_hits(number: int, into: pipeline.BatchResult | None = None) -> pipeline.BatchResult:
    """A task for ``_run_tasks``: fold ``number`` into the worker's result (its pid noted)."""
    import os

    result = into if into is not None else pipeline.BatchResult({})
    result.hits += number
    result.misses += 1
    result.warnings.append(os.getpid())  # type: ignore[arg-type]
    return result


def _fail(number: int, into: pipeline.BatchResult | None = None) -> pipeline.BatchResult:
    raise ValueError(f"task {number} failed")


def test_workers_fold_their_tasks_and_hand_over_one_result_each() -> None:
    tasks = ((_add_hits, number) for number in range(40))
    total = pipeline._run_tasks(tasks, 2, (), None)
    assert (total.hits, total.misses) == (sum(range(40)), 40)
    # every task ran in a worker process; no fold was lost or handed over twice
    assert os.getpid() not in total.warnings
    assert 1 <= len(set(total.warnings)) <= 2
    assert not pipeline._FOLDS


def test_a_failing_task_fails_the_run() -> None:
    tasks = ((_fail if number == 3 else _add_hits, number) for number in range(6))
    with pytest.raises(ValueError, match="task 3 failed"):
        pipeline._run_tasks(tasks, 2, (), None)


def test_the_word_counts_the_words_analysis_leaves_are_the_articles_word_counts(
    tmp_path: Path,
) -> None:
    texts = [
        "One two, three. Four -- five's U.S.-led 5.93 (six)!",
        ",".join(["w"] * 70) + " and a chunk of 70 words",  # beyond the packed count
        '\u00e9t\u00e9 \u2014 "quoted" words\' end',
    ]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"a{n}", "text": t}) + "\n" for n, t in enumerate(texts)),
        encoding="utf-8",
    )
    counted = [
        pipeline.extract(corpus, analyses=names, engine="serial", use_cache=False)
        .tables["articles"]["n_words"]
        .tolist()
        for names in (["words"], [])
    ]
    assert counted[0] == counted[1] == [count_words(text) for text in texts]
    assert counted[0][1] == 76  # 70 + "and a chunk of 70 words"


def _apply(state: Any, item: int) -> tuple[int, int]:
    return item, state(item)


def test_fork_map_keeps_the_order_and_passes_state_by_fork() -> None:
    import multiprocessing

    offset = 1000
    state = lambda item: item + offset  # noqa: E731 - a lambda cannot be pickled
    results = pipeline.fork_map(_apply, list(range(7)), state, 2)
    assert results == [(item, item + offset) for item in range(7)]
    assert not pipeline._FORKED
    if "fork" in multiprocessing.get_all_start_methods():
        with pytest.raises(ZeroDivisionError):
            pipeline.fork_map(_apply, [1, 0], lambda item: 1 // item, 2)


def _pid_after(state: float, item: int) -> tuple[int, int]:
    import os
    import time

    time.sleep(state)
    return item, os.getpid()


def test_fork_map_runs_items_here_and_in_a_child_each_taking_the_next() -> None:
    import multiprocessing
    import os

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    results = pipeline.fork_map(_pid_after, list(range(6)), 0.2, 2)
    assert [item for item, _ in results] == list(range(6))
    pids = [pid for _, pid in results]
    assert os.getpid() in pids  # this process took items: their results were not pickled
    assert len(set(pids)) == 2  # and one child
    assert not pipeline._FORKED
    results = pipeline.fork_map(_pid_after, list(range(4)), 0.2, 2, here_first=[3, 2])
    assert [item for item, _ in results] == list(range(4))
    here = [pid == os.getpid() for _, pid in results]
    assert here[3] and here[2] and not here[0]  # here first, while the child takes 0 and 1


def test_tables_finished_and_written_side_by_side_are_the_same(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"a{n}", "text": t}) + "\n" for n, t in enumerate(TEXTS * 3)),
        encoding="utf-8",
    )
    written = {}
    for workers in (1, 2):
        extraction = pipeline.extract(corpus, engine="processes", jobs=workers, use_cache=False)
        paths = pipeline.write_tables(extraction.tables, tmp_path / f"w{workers}", workers)
        written[workers] = {path.name: path.read_bytes() for path in paths}
    assert written[1] == written[2]
    assert {"articles.csv", "quotes.csv", "country_mentions.csv"} <= set(written[2])


def test_every_worker_hands_over_when_fewer_tasks_than_workers_ran() -> None:
    total = pipeline._run_tasks(((_add_hits, number) for number in (5, 7)), 4, (), None)
    assert (total.hits, total.misses) == (12, 2)


def test_a_chunk_beyond_the_packed_word_count_is_recounted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis import frequencies

    def fresh_coders() -> None:
        frequencies.coder_for.cache_clear()
        frequencies._LAST_CODER.clear()

    fresh_coders()
    monkeypatch.setattr(frequencies, "WORD_COUNT_CAP", 50)  # instead of 2**23 - 1
    monkeypatch.setattr(frequencies, "_CAPPED", [])
    text = ",".join(["w"] * 70) + " and more words"
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    try:
        extraction = pipeline.extract(corpus, analyses=["words"], engine="serial", use_cache=False)
        assert extraction.tables["articles"]["n_words"].tolist() == [73]
        assert frequencies._CAPPED
    finally:
        fresh_coders()


def _list_corpus(root: Path) -> Path:
    """A list naming a folder of text files (with a metadata table) and a big JSONL file."""
    folder = root / "texts"
    rows = ["path,category"]
    for number in range(12):
        (folder / "sub").mkdir(parents=True, exist_ok=True)
        (folder / "sub" / f"{number:02}.txt").write_text(TEXTS[number % 3], encoding="utf-8")
        rows.append(f"sub/{number:02}.txt,{('world', 'sport')[number % 2]}")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _write_jsonl(root / "wire.jsonl", 20)
    listing = root / "study.list"
    listing.write_text("wire.jsonl\ntexts\nnot-there.jsonl\n", encoding="utf-8")
    return listing


def test_a_list_is_read_in_parts_with_the_serial_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = _list_corpus(tmp_path)
    parts = corpus_parts(listing, ProblemLog(), target_bytes=1_000)
    assert parts is not None
    ranges = [part for part in parts if part.start is not None]
    assert len(ranges) > 3  # the big JSONL file is split by lines, the folder by files
    assert len(parts) - len(ranges) > 1
    monkeypatch.setattr(pipeline, "MIN_PART_BYTES", 1_000)
    calls = _spy_on_parts(monkeypatch)
    options = {"use_cache": False, "options": {"group_by": ["category"]}}
    serial = pipeline.extract(listing, engine="serial", **options)  # type: ignore[arg-type]
    calls.clear()
    parted = pipeline.extract(listing, engine="processes", jobs=2, **options)  # type: ignore[arg-type]
    assert calls == [True]
    articles = serial.tables["articles"]
    assert len(articles) == 12 + 60
    assert set(articles["category"].dropna()) == {"world", "sport"}
    for name, table in serial.tables.items():
        pd.testing.assert_frame_equal(table, parted.tables[name], obj=name)
    assert serial.corpus.fingerprint == parted.corpus.fingerprint
    problems = [str(p) for p in serial.corpus.problems]
    assert problems == [str(p) for p in parted.corpus.problems]
    assert any("study.list:3" in problem for problem in problems)


def test_the_cache_key_of_a_list_follows_its_files(tmp_path: Path) -> None:
    listing = _list_corpus(tmp_path)

    def key() -> str | None:
        return pipeline.corpus_cache_key(listing, ["words"], {}, ReadOptions(), None)

    first = key()
    assert first is not None and key() == first
    (tmp_path / "texts" / "sub" / "03.txt").write_text("Changed.", encoding="utf-8")
    second = key()
    assert second != first
    listing.write_text("texts\n", encoding="utf-8")  # the list itself changes
    assert key() not in (first, second)
