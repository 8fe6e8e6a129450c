"""Paragraphs and sentences with character offsets, tuned for news copy.

Sentence boundaries come from one regular-expression pass over candidate end marks
(``.``, ``!``, ``?``, optionally followed by closing quotes or brackets, then white space
and a capital, digit or opening quote), filtered by an abbreviation list the project owns
(``resources/abbreviations.txt``): no split after titles ("Mr.", "Gen."), initials
("George W. Bush") or decimals; after ambiguous abbreviations ("U.S.", "Jan.", "Inc.") a split
only when the next word is a usual sentence starter ("The", "He", ...).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from analysis import native_function
from analysis.model import Document, Spans
from analysis.resources import sectioned_list, word_list

_PARAGRAPH_BREAK: Final = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
# A run of end marks is matched only from its first mark (the look-behind) and atomically (the
# look-ahead), so a long run of marks without white space after it costs linear, not quadratic,
# time. The pattern starts with the mark itself, so the regex engine skips to candidate marks
# instead of trying the look-behind at every character (5x faster). Groups: 1 the run of marks,
# 3 the closing quotes or brackets after it.
_CANDIDATE_END: Final = re.compile(r"([.!?](?<![.!?]{2})(?=([.!?]*))\2)([\"'\u201d\u2019)\]]*)\s+")
_OPENERS: Final = "\"'\u201c\u2018([-\u2014"
_NEXT_WORD: Final = re.compile(r"[\"'\u201c\u2018(\[]*([^\s\"'\u201c\u2018(\[]+)")
# "U.S" (the final period is the candidate)
_ACRONYM: Final = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_WORD_RE: Final = re.compile(r"\w+(?:['\u2019.-]\w+)*")
_SPACE: Final = re.compile(r"\s")
_COUNT_CHUNK: Final = 1 << 20


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    sections = sectioned_list("abbreviations.txt")
    return frozenset(sections.get("title", ())), frozenset(sections.get("other", ()))


@lru_cache(maxsize=1)
def _sentence_starters() -> frozenset[str]:
    return frozenset(word_list("sentence_starters.txt"))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the blank-line separated paragraphs of ``text``.

    Spans exclude surrounding white space; empty paragraphs are dropped.
    """
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _append_trimmed(text, position, match.start(), spans)
        position = match.end()
    _append_trimmed(text, position, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _is_boundary(text: str, para_start: int, match: re.Match[str]) -> bool:
    """Decide whether a candidate end mark really ends a sentence."""
    after = match.end()
    next_match = _NEXT_WORD.match(text, after)
    if next_match is None:
        return False
    next_word = next_match.group(1)
    first = next_word[0]
    if not (first.isupper() or first.isdigit() or text[after] in _OPENERS):
        return False
    if match.group(1) != ".":
        return True
    word = _word_before(text, para_start, match.start()).lstrip(_OPENERS)
    if not word:
        return True
    titles, others = _abbreviations()
    if word in titles:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "George W. Bush"
    if word in others or _ACRONYM.match(word):
        return next_word.rstrip(",.;:") in _sentence_starters()
    return True


def _word_before(text: str, para_start: int, end: int) -> str:
    """Return the run of non-space characters that ends at ``end`` (not before ``para_start``)."""
    # Scanning back costs the word's length; a regex search from the paragraph start would
    # rescan the paragraph for every candidate, quadratic on long paragraphs.
    start = end
    while start > para_start and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def sentence_spans_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return sentence spans inside ``text[start:end]`` (one paragraph), as absolute offsets."""
    spans: list[tuple[int, int]] = []
    position = start
    for match in _CANDIDATE_END.finditer(text, start, end):
        if _is_boundary(text, start, match):
            _append_trimmed(text, position, match.end(3), spans)
            position = match.end()
    _append_trimmed(text, position, end, spans)
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of all sentences of ``text``, never crossing paragraphs."""
    return list(segment_spans(text)[1])


def segment(text: str) -> Document:
    """Split ``text`` into paragraphs and sentences once, for all extractors."""
    return Document(text, *segment_spans(text))


_NATIVE_SEGMENT: Final = native_function("segment_spans")  # the C module of a regular install
_NATIVE_COUNTS: Final = native_function("segment_counts")


def segment_spans(text: str) -> tuple[Spans, Spans, tuple[int, ...]]:
    """Return the paragraph spans, sentence spans and paragraph index of each sentence.

    Every extraction that counts sentences segments every article once: a regular install
    does it in C (``analysis._native.segment_spans``, about 4x faster on Reuters), with the
    same rules and results as :func:`segment_spans_python`.
    """
    if _NATIVE_SEGMENT is not None:
        titles, others = _abbreviations()
        return _NATIVE_SEGMENT(text, titles, others, _sentence_starters())
    return segment_spans_python(text)


def segment_counts(text: str) -> tuple[int, int]:
    """Return the numbers of paragraphs and sentences of :func:`segment_spans`, only."""
    if _NATIVE_COUNTS is not None:  # the same scan, without making the spans
        titles, others = _abbreviations()
        return _NATIVE_COUNTS(text, titles, others, _sentence_starters())
    paragraphs, sentences, _ = segment_spans_python(text)
    return len(paragraphs), len(sentences)


def segment_spans_python(text: str) -> tuple[Spans, Spans, tuple[int, ...]]:
    """:func:`segment_spans` in Python.

    The same spans as :func:`sentence_spans_in` on each paragraph, from one scan of the
    whole text for candidate end marks (most news paragraphs are one sentence, so a scan
    per paragraph cost more than the sentences). Each non-space character lies in exactly
    one paragraph, and paragraphs are trimmed, so: a candidate whose white space reaches
    the paragraph's end (a mark that ends the paragraph) is no candidate inside it, and the
    spans between accepted candidates need no trimming (they start after white space and
    end at a mark or a closing quote, never empty).
    """
    paragraphs = paragraph_spans(text)
    sentences: list[tuple[int, int]] = []
    owner: list[int] = []
    candidates = _CANDIDATE_END.finditer(text)
    match = next(candidates, None)
    for index, (start, end) in enumerate(paragraphs):
        position = start
        while match is not None and match.start() < end:
            if match.end() < end and _is_boundary(text, start, match):
                sentences.append((position, match.end(3)))
                owner.append(index)
                position = match.end()
            match = next(candidates, None)
        sentences.append((position, end))
        owner.append(index)
    return tuple(paragraphs), tuple(sentences), tuple(owner)


def chunk_words(chunk: str) -> int:
    r"""Return the number of words in a white-space chunk (see :func:`count_words`).

    Most chunks are one word, possibly with one mark before or after it ("said,"): one run
    of word characters (``\w`` is ``isalnum`` or "_") is one word, whatever the mark.
    """
    if chunk.isalnum() or chunk[:-1].isalnum() or chunk[1:].isalnum():
        return 1
    return len(_WORD_RE.findall(chunk))


class _ChunkWords(dict[str, int]):
    """White-space chunk -> its number of words, counted on first sight."""

    def __missing__(self, chunk: str) -> int:
        count = self[chunk] = chunk_words(chunk)
        return count


_CHUNK_WORDS: Final = _ChunkWords()
_CHUNK_WORDS_LIMIT: Final = 500_000


def count_chunk_words(chunks: list[str]) -> int:
    """Return the number of word tokens in a text's white-space chunks (see :func:`count_words`).

    No word contains white space, so a text's count is the sum over its chunks, and most
    chunks recur ("the", "said,"): one dict lookup each instead of a regex match.
    """
    if len(_CHUNK_WORDS) > _CHUNK_WORDS_LIMIT:
        _CHUNK_WORDS.clear()
    return sum(map(_CHUNK_WORDS.__getitem__, chunks))


_NATIVE_WORDS: Final = native_function("count_words")


def count_words(text: str) -> int:
    """Return the number of word tokens in ``text`` (letters/digits, inner ' . - kept).

    The matches of ``_WORD_RE``: counted in C where the C module is built (one pass, no
    list of chunks), else by :func:`count_words_python`.
    """
    if _NATIVE_WORDS is not None:
        count: int = _NATIVE_WORDS(text, 0, len(text))
        return count
    return count_words_python(text)


def count_words_python(text: str) -> int:
    """:func:`count_words` in Python."""
    if len(text) <= _COUNT_CHUNK:
        return count_chunk_words(text.split())
    # Counted in chunks cut at white space (no word contains any), so a huge article never
    # becomes one list of millions of words.
    count = 0
    start = 0
    while start < len(text):
        end = min(len(text), start + _COUNT_CHUNK)
        match = _SPACE.search(text, end) if end < len(text) else None
        end = match.start() if match else len(text)
        count += len(_WORD_RE.findall(text, start, end))
        start = end
    return count
