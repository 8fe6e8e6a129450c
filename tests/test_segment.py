from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.segment import (
    _WORD_RE,
    _abbreviations,
    _sentence_starters,
    chunk_words,
    count_words,
    paragraph_spans,
    segment,
    segment_counts,
    segment_spans,
    segment_spans_python,
    sentence_spans,
    sentence_spans_in,
)


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Mrs. Jones. They talked.", ["Mr. Smith met Mrs. Jones.", "They talked."]),
        (
            "Gen. Ivanov and Sen. Lee spoke. Dr. No left.",
            ["Gen. Ivanov and Sen. Lee spoke.", "Dr. No left."],
        ),
        (
            "Lt. Gov. Ray Kim agreed. St. Paul is cold.",
            ["Lt. Gov. Ray Kim agreed.", "St. Paul is cold."],
        ),
        ("George W. Bush spoke. He left.", ["George W. Bush spoke.", "He left."]),
        (
            "U.S. officials and U.N. envoys met U.K. ministers. Talks ended.",
            ["U.S. officials and U.N. envoys met U.K. ministers.", "Talks ended."],
        ),
        (
            "Sanctions on the U.S. The move angered Moscow.",
            ["Sanctions on the U.S.", "The move angered Moscow."],
        ),
        ("It fell 3.5 percent. Prices rose.", ["It fell 3.5 percent.", "Prices rose."]),
        (
            "It happened on Jan. 5 and Feb. 6. Then Sept. 7 came.",
            ["It happened on Jan. 5 and Feb. 6.", "Then Sept. 7 came."],
        ),
        (
            "Look at No. 10 Downing Street. It is old.",
            ["Look at No. 10 Downing Street.", "It is old."],
        ),
        (
            '"We expect a deal before the crisis," Prikhodko said. "Not later."',
            ['"We expect a deal before the crisis," Prikhodko said.', '"Not later."'],
        ),
        ('"Is it over?" he asked. Nobody knew.', ['"Is it over?" he asked.', "Nobody knew."]),
        ('She said: "It is done." Then she left.', ['She said: "It is done."', "Then she left."]),
        ("\u201cIt is done.\u201d Then she left.", ["\u201cIt is done.\u201d", "Then she left."]),
        (
            "Acme Inc. said profits rose. Shares fell.",
            ["Acme Inc. said profits rose.", "Shares fell."],
        ),
    ],
)
def test_news_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_sentences_never_cross_paragraphs() -> None:
    text = "First paragraph without a stop\n\nSecond one. Two sentences."
    assert sentences(text) == ["First paragraph without a stop", "Second one.", "Two sentences."]


def test_paragraph_spans_trim_and_offsets() -> None:
    text = "  One.\n\n\n Two.  \n \nThree."
    spans = paragraph_spans(text)
    assert [text[s:e] for s, e in spans] == ["One.", "Two.", "Three."]


def test_segment_maps_sentences_to_paragraphs() -> None:
    doc = segment("A b. C d.\n\nE f.")
    assert len(doc.paragraphs) == 2
    assert doc.sentence_paragraph == (0, 0, 1)
    assert all(doc.text[s:e].strip() == doc.text[s:e] for s, e in doc.sentences)


def test_count_words() -> None:
    assert count_words("Three small words.") == 3
    assert count_words("It isn't 3.5 percent") == 4


_PIECES = ["a", "Bo", " ", "  ", ".", "!", "?", '"', "\u201d", "'", ")", "\n", "\n\n", "\t",
           "\u00a0", "Mr.", "U.S.", "Jan.", "The", "9", "\u2028"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_one_scan_of_the_text_gives_the_sentences_of_each_paragraph(text: str) -> None:
    paragraphs, sentences, owner = segment_spans(text)
    expected = [
        (span, index)
        for index, (start, end) in enumerate(paragraph_spans(text))
        for span in sentence_spans_in(text, start, end)
    ]
    assert list(paragraphs) == paragraph_spans(text)
    assert list(zip(sentences, owner, strict=True)) == expected


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("a_9.,-'\u2019\u00b2\u00e9\u0301\"()\u2014")), min_size=1)
)
def test_chunk_words_fast_paths_count_as_the_pattern(chunk: str) -> None:
    assert chunk_words(chunk) == len(_WORD_RE.findall(chunk))


# --- segmentation in C (analysis/_native.c): built by a regular install, so these run in
# tests/test_compiled.py's run of the suite against a built wheel.


def _native_segment() -> Any:
    try:
        from analysis._native import segment_spans as native
    except ImportError:
        pytest.skip("pure-Python install: no C segmentation (tests/test_compiled.py runs this)")
    titles, others = _abbreviations()
    starters = _sentence_starters()
    return lambda text: native(text, titles, others, starters)


SEGMENT_CASES = [
    "",
    "   \n\n  ",
    "Mr. Smith met Mrs. Jones. They talked.",
    "He left the U.S. The talks ended. He left the U.S. on Monday.",
    "George W. Bush spoke. It rained!!! \u201cNo,\u201d he said.\u201d Then? (Yes.) [Maybe.]",
    "Prices rose 3.5 percent.\u00a0\n \u00a0\nNew paragraph? yes. \u2014 Next. -Dash. 'Quote.",
    "Wide \u3000space. \u00c9t\u00e9 came. \u0416\u0443\u043a left. \U0001f600. Emoji \U0001f600 end.",
    "Line\u2028separator. And\x85next. Ends with a mark.",
    "Inc. The firm. Jan. He came. e.g. The rule. A.B.C. The end. A.B.C. went on.",
    "..!? Many marks?! \"Quoted.\" 'Single.' Done.\n\n\n\tIndented para. Last one",
]


@pytest.mark.parametrize("text", SEGMENT_CASES)
def test_c_segmentation_equals_python(text: str) -> None:
    assert _native_segment()(text) == segment_spans_python(text)
    assert segment_spans(text) == segment_spans_python(text)


def test_c_segmentation_equals_python_on_random_texts() -> None:
    import random

    native = _native_segment()
    pieces = [*_PIECES, "A", "W", "e.g", "Inc", "A.B.C", "x.y", "He", "(", "[", "\u201c", "\u2018"]
    pieces += ["-", "\u2014", "\u2019", "]", ",", ";", ":", "\r", "\x0b", "\u3000", "\u00c9", "1"]
    pieces += ["\U0001f600", "\u0416", "\x85", "\n \n", "\n\t\n  "]
    chances = random.Random(5)
    for _ in range(30_000):
        text = "".join(chances.choice(pieces) for _ in range(chances.randint(0, 30)))
        assert native(text) == segment_spans_python(text), repr(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_c_segmentation_equals_python_on_any_text(text: str) -> None:
    assert _native_segment()(text) == segment_spans_python(text)


def test_c_segmentation_checks_its_arguments() -> None:
    _native_segment()
    from analysis._native import segment_spans as native

    with pytest.raises(TypeError):
        native(b"bytes", set(), set(), set())
    with pytest.raises(TypeError):
        native("text", ["Mr"], set(), set())
    with pytest.raises(TypeError):
        native("text", set(), set())
    assert native("Mr. Smith left. He came.", {"Mr"}, set(), set())[1] == ((0, 15), (16, 24))
    assert native("Mr. Smith left. He came.", set(), set(), set())[1] == (
        (0, 3), (4, 15), (16, 24),
    )  # fmt: skip


def test_c_segment_counts_are_the_numbers_of_spans() -> None:
    _native_segment()
    from analysis._native import segment_counts as native

    titles, others = _abbreviations()
    starters = _sentence_starters()
    for text in SEGMENT_CASES:
        paragraphs, sentences, _ = segment_spans_python(text)
        assert native(text, titles, others, starters) == (len(paragraphs), len(sentences))
    with pytest.raises(TypeError):
        native("text", set(), set())


@pytest.mark.parametrize("text", SEGMENT_CASES)
def test_segment_counts_and_document_counts(text: str) -> None:
    from analysis.model import Document

    paragraphs, sentences, _ = segment_spans_python(text)
    assert segment_counts(text) == (len(paragraphs), len(sentences))
    fresh = Document(text)
    assert fresh.counts() == (len(paragraphs), len(sentences))
    segmented = Document(text)
    assert len(segmented.sentences) == len(sentences)  # spans made: counted from them
    assert segmented.counts() == (len(paragraphs), len(sentences))


# --- word counts in C (analysis._native.count_words) ---------------------------------------

COUNT_CASES = [
    "",
    "one",
    "U.S. officials' don't re-elect 3.5 per-cent",
    "a.b.c.-d 'quoted' -dash- it\u2019s end. .. ... --",
    "_under_ score__ \u00e9t\u00e9 \u00b2 \u0416\u0443\u043a \U0001f600x \u3000y\u2028z",
    "word.\nword-\n-word 'word' x'y x\u2019 \u2019y",
]


def _native_count() -> Any:
    try:
        from analysis._native import count_words as native
    except ImportError:
        pytest.skip("pure-Python install: no C word count (tests/test_compiled.py runs this)")
    return native


@pytest.mark.parametrize("text", COUNT_CASES)
def test_c_word_count_equals_python(text: str) -> None:
    from analysis.segment import count_words_python

    native = _native_count()
    assert native(text, 0, len(text)) == count_words_python(text)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            assert native(text, start, end) == count_words_python(text[start:end])


def test_c_word_count_equals_python_on_random_texts() -> None:
    import random

    from analysis.segment import count_words_python

    native = _native_count()
    alphabet = "aZ0_ .'\u2019-\n\t,\u00e9\u00b2\u0416\U0001f600\u3000"
    chances = random.Random(7)
    for _ in range(30_000):
        text = "".join(chances.choice(alphabet) for _ in range(chances.randint(0, 25)))
        assert native(text, 0, len(text)) == count_words_python(text), repr(text)
    assert native("a b c", -5, 99) == 3  # bounds are clipped as a slice's
    assert native("a b c", 3, 1) == 0
    with pytest.raises(TypeError):
        native(b"a b", 0, 3)
    with pytest.raises(TypeError):
        native("a b", 0)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_word_count_on_any_text(text: str) -> None:
    from analysis.segment import count_words, count_words_python

    assert count_words(text) == count_words_python(text)
