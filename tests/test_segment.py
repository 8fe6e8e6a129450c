import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.segment import (
    _WORD_RE,
    chunk_words,
    count_words,
    paragraph_spans,
    segment,
    segment_spans,
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
