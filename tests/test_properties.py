"""Property tests: the readers, the segmenter and every extractor on arbitrary input.

No input may raise; every offset must lie inside the text and every span's text must equal its
slice. The extractor tests run over ``available_analyses()``, so each extractor is covered as
soon as it is merged. ``benchmarks/fuzz.py`` runs the same checks (``FUZZ_TARGETS``) for a
time budget with many more examples.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus import (
    ProblemLog,
    clean_text,
    decode_bytes,
    read_corpus,
    reflow,
    sniff_encoding,
)
from analysis.pipeline import available_analyses
from analysis.segment import count_words, segment

from .offsets import check_segmentation, run_extractor

ANALYSES = available_analyses()

# Pieces of news copy that exercise quotes, cues, names, countries and sentence ends.
NEWS_PIECES = [
    " ", " ", "\n", "\n\n", ". ", "? ", "! ", ", ", ": ", "...", '"', '"', "\u201c", "\u201d",
    "\u2018", "\u2019", "'", "\u00ab", "\u00bb", "(", ")", "--", "\u2014", " said ", " says ",
    " told reporters ", " according to ", " he ", "He", "She", "They", " the ", "The ",
    "Mr. ", "Dr. ", "U.S. ", "President ", "Minister ", "Anna Smith", "Smith", " Jones",
    "France", " French ", "Georgia", "China", "Chinese ", "Paris", "Washington", "Moscow",
    "Russia", "Ukraine", "Jordan", "Turkey", " in ", " of ", " and ", "it", "was", "1.5",
    "2024", "\u0645\u0635\u0631", "\u05d9\u05e9\u05e8\u05d0\u05dc", "\u00e9", "\ufffd",
    "\u200b", "\u00a0", "\t", "\r\n", "&amp;", "&#8220;",
]  # fmt: skip
NEWS_TEXT = st.lists(st.sampled_from(NEWS_PIECES), max_size=80).map("".join)
TEXTS = st.one_of(st.text(max_size=300), NEWS_TEXT)
ANY_CHARS = st.text(st.characters(codec=None, categories=None), max_size=200)  # with surrogates

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


# --- the checks (shared with benchmarks/fuzz.py) -----------------------------------------


def check_decode(data: bytes) -> None:
    """decode_bytes never fails and returns text without lone surrogates after cleaning."""
    text = decode_bytes(data)
    assert isinstance(text, str)
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # no lone surrogates: the text can be written out
    assert "\r" not in cleaned


def check_clean(text: str) -> None:
    """clean_text never fails and leaves no carriage return, zero-width char or surrogate."""
    cleaned = clean_text(text)
    cleaned.encode("utf-8")
    for char in "\r\u200b\u200d\ufeff\u00a0\u200f\x00\x85\u2028":
        assert char not in cleaned
    reflowed = reflow(cleaned)
    assert reflowed == reflowed.strip()


def check_segment(text: str) -> None:
    """segment gives ordered, disjoint, trimmed spans inside the text, and nesting holds."""
    doc = segment(text)
    assert doc.text is text
    check_segmentation(doc)
    assert count_words(text) >= 0


def _read_file(name: str, data: bytes) -> tuple[list[Any], ProblemLog]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        log = ProblemLog()
        articles = read_corpus(path, log=log)
    return articles, log


def _check_articles(articles: list[Any]) -> None:
    ids = [a.article_id for a in articles]
    assert len(ids) == len(set(ids))
    for article in articles:
        assert article.text and article.text == article.text.strip()
        assert "\r" not in article.text
        article.text.encode("utf-8")
        for value in (article.article_id, article.path, article.title, article.source):
            if value is not None:
                value.encode("utf-8")
        check_segmentation(segment(article.text))


def check_txt_reader(data: bytes) -> None:
    """Any bytes in a .txt file: read or skipped with a reason, never an exception."""
    articles, log = _read_file("a.txt", data)
    _check_articles(articles)
    assert len(articles) + len(log.problems) == 1


def check_jsonl_reader(data: bytes) -> None:
    """Any bytes in a .jsonl file: the readable lines read, the rest skipped by line number."""
    articles, log = _read_file("c.jsonl", data)
    _check_articles(articles)
    assert all(p.line is None or p.line >= 1 for p in log.problems)


def check_jsonl_records(texts: list[str]) -> None:
    """Valid JSONL with arbitrary (even surrogate) strings as text, id and title."""
    lines = [json.dumps({"id": t[:5], "text": t, "title": t[:10]}) for t in texts]
    articles, log = _read_file("c.jsonl", "\n".join(lines).encode("utf-8"))
    _check_articles(articles)
    assert len(articles) + len(log.problems) == max(len(texts), 1)


def check_csv_reader(data: bytes) -> None:
    """Any bytes in a .csv file: never an exception."""
    articles, _log = _read_file("c.csv", b"id,text\n" + data)
    _check_articles(articles)


def check_extractor(name: str, text: str) -> None:
    """One extractor on arbitrary text: no exception, offsets inside, spans equal slices."""
    run_extractor(name, text)


FUZZ_TARGETS: list[tuple[str, Any, Callable[..., None]]] = [
    ("decode_bytes", st.binary(max_size=4000), check_decode),
    ("clean_text", ANY_CHARS, check_clean),
    ("segment", TEXTS, check_segment),
    ("read .txt", st.binary(max_size=4000), check_txt_reader),
    ("read .jsonl", st.binary(max_size=4000), check_jsonl_reader),
    ("read .jsonl records", st.lists(ANY_CHARS, max_size=5), check_jsonl_records),
    ("read .csv", st.binary(max_size=4000), check_csv_reader),
]


# --- pytest entry points ------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(st.binary(max_size=2000))
def test_decode_bytes_never_fails(data: bytes) -> None:
    check_decode(data)


@PROPERTY_SETTINGS
@given(st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_utf8_is_decoded_exactly(data: bytes) -> None:
    sniffed = sniff_encoding(data[:8192])
    if sniffed in (None, "utf-8-sig"):  # not taken for UTF-16/32 by a BOM or NUL pattern
        assert decode_bytes(data) == data.decode("utf-8").lstrip("\ufeff")


@PROPERTY_SETTINGS
@given(ANY_CHARS)
def test_clean_text(text: str) -> None:
    check_clean(text)


@PROPERTY_SETTINGS
@given(TEXTS)
def test_segment_spans(text: str) -> None:
    check_segment(text)


@PROPERTY_SETTINGS
@given(st.binary(max_size=2000))
def test_txt_reader_never_fails(data: bytes) -> None:
    check_txt_reader(data)


@PROPERTY_SETTINGS
@given(TEXTS.map(lambda t: t.encode("utf-8")))
def test_txt_reader_on_text(data: bytes) -> None:
    check_txt_reader(data)


@PROPERTY_SETTINGS
@given(st.binary(max_size=2000))
def test_jsonl_reader_never_fails(data: bytes) -> None:
    check_jsonl_reader(data)


@PROPERTY_SETTINGS
@given(st.lists(ANY_CHARS, max_size=5))
def test_jsonl_records(texts: list[str]) -> None:
    check_jsonl_records(texts)


@PROPERTY_SETTINGS
@given(st.binary(max_size=2000))
def test_csv_reader_never_fails(data: bytes) -> None:
    check_csv_reader(data)


def _analysis_params() -> list[Any]:
    if ANALYSES:
        return ANALYSES
    return [pytest.param("none", marks=pytest.mark.skip(reason="no extractor merged yet"))]


@pytest.mark.parametrize("name", _analysis_params())
@PROPERTY_SETTINGS
@given(text=TEXTS)
def test_extractor_offsets(name: str, text: str) -> None:
    check_extractor(name, text)
