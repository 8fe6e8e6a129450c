"""The records that flow through the pipeline: articles and their segmentation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any, Protocol


def by_fields(record: Any) -> tuple[Any, ...]:
    """``__reduce__`` of a frozen dataclass: rebuild it from its fields' values.

    A class compiled by mypyc (``setup.py``) keeps no ``__dict__``, and pickle's default
    restores the state by assignment, which a frozen dataclass refuses.
    """
    return (type(record), tuple(getattr(record, item.name) for item in fields(record)))


@dataclass(frozen=True)
class Article:
    """One news article as read from a corpus.

    Attributes:
        article_id: Stable unique id (relative path without suffix, or the JSONL/CSV id).
        text: The body text. Every offset in every table points into this string.
        path: Where the article came from (file, or ``file:line`` for JSONL/CSV rows).
        title: Headline, if known.
        author: Byline without the leading "By", if known.
        source: Outlet or wire service, if known.
        date: ISO date ``YYYY-MM-DD``, if known.
        metadata: Any further fields of the input record, as strings.
        raw_text: True while ``text`` is still the record's text as read (JSONL/CSV read
            with ``ReadOptions(defer_text=True)``): :func:`analysis.corpus.finish_article`
            normalises it, in a worker process, before any offset is taken.
    """

    article_id: str
    text: str
    path: str = ""
    title: str | None = None
    author: str | None = None
    source: str | None = None
    date: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    raw_text: bool = False

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the constructor (see :func:`by_fields`)."""
        return by_fields(self)


def _folder(path: str) -> str | None:
    """Return the name of the folder holding an article's file (None at the top)."""
    path = path.replace("\\", "/")
    head, slash, tail = path.rpartition("/")
    if not slash:  # "file.txt", "corpus.jsonl:12": no folder
        return None
    # One Path per folder, not per article ("." and "" tails make Path drop a component).
    folder = _parent_name(head) if tail not in ("", ".") else PurePosixPath(path).parent.name
    return folder if folder not in ("", ".") else None


@lru_cache(maxsize=4096)
def _parent_name(head: str) -> str:
    return PurePosixPath(head).name


UNKNOWN_GROUP = "(unknown)"
"""The group of the articles without a value for a grouping field, in every chapter."""


def article_field(article: Article, name: str) -> str:
    """Return an article's value for a grouping field ("" when it has none).

    Fields: ``source``, ``author``, ``title``, ``date``, ``year`` and ``month`` (from the
    date), ``folder`` (the folder holding the article's file, e.g. the category folders of the
    BBC corpus), or any metadata key.
    """
    value: str | None
    if name == "year":
        value = article.date[:4] if article.date else None
    elif name == "month":
        value = article.date[:7] if article.date else None
    elif name == "source":
        value = article.source or article.metadata.get("source")
    elif name in ("author", "title", "date"):
        value = getattr(article, name)
    elif name == "folder":
        value = _folder(article.path)
    else:
        value = article.metadata.get(name)
    return str(value) if value else ""


Spans = tuple[tuple[int, int], ...]


class Document:
    """An article's text with its segmentation, shared by all extractors of the article.

    The segmentation is computed on first use (by :func:`analysis.segment.segment_spans`), so
    an extraction whose analyses never read sentences never pays for it; the white-space
    chunks of the text (``text.split()``) are likewise computed once for all who count words.

    Attributes:
        text: The article text (same as ``Article.text``).
        paragraphs: ``(start, end)`` character spans of paragraphs, in order.
        sentences: ``(start, end)`` character spans of sentences, in order; no sentence
            crosses a paragraph boundary.
        sentence_paragraph: For each sentence, the index of its paragraph.
        chunks: The white-space separated chunks of the text.
        n_words: The number of words (:func:`analysis.segment.count_words`), when an
            extractor that ran before the articles table counted them as a by-product.
    """

    __slots__ = ("text", "_spans", "_chunks", "n_words")

    def __init__(
        self,
        text: str,
        paragraphs: Spans | None = None,
        sentences: Spans | None = None,
        sentence_paragraph: tuple[int, ...] | None = None,
    ) -> None:
        """Wrap a text; spans given here are used as they are, else computed when needed."""
        self.text = text
        self._spans: tuple[Spans, Spans, tuple[int, ...]] | None = None
        if paragraphs is not None and sentences is not None and sentence_paragraph is not None:
            self._spans = (tuple(paragraphs), tuple(sentences), tuple(sentence_paragraph))
        self._chunks: list[str] | None = None
        self.n_words: int | None = None

    def _segmentation(self) -> tuple[Spans, Spans, tuple[int, ...]]:
        if self._spans is None:
            from analysis.segment import segment_spans  # segment imports this module

            self._spans = segment_spans(self.text)
        return self._spans

    @property
    def paragraphs(self) -> Spans:
        """Paragraph spans."""
        return self._segmentation()[0]

    @property
    def sentences(self) -> Spans:
        """Sentence spans."""
        return self._segmentation()[1]

    @property
    def sentence_paragraph(self) -> tuple[int, ...]:
        """The paragraph index of each sentence."""
        return self._segmentation()[2]

    def counts(self) -> tuple[int, int]:
        """Return the numbers of paragraphs and sentences.

        Counted without keeping the spans when nobody has segmented the text yet (the
        articles table of a words-only extraction needs only the counts).
        """
        if self._spans is None:
            from analysis.segment import segment_counts  # segment imports this module

            return segment_counts(self.text)
        return len(self._spans[0]), len(self._spans[1])

    @property
    def chunks(self) -> list[str]:
        """The white-space separated chunks of the text (do not modify the list)."""
        if self._chunks is None:
            self._chunks = self.text.split()
        return self._chunks

    def __eq__(self, other: object) -> bool:
        """Equal when the texts and their segmentations are."""
        if not isinstance(other, Document):
            return NotImplemented
        return self.text == other.text and self._segmentation() == other._segmentation()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """Show the start of the text and the sizes."""
        return (
            f"Document(text={self.text[:40]!r}, paragraphs={len(self.paragraphs)}, "
            f"sentences={len(self.sentences)})"
        )

    def __getstate__(self) -> dict[str, object]:
        """Pickle the text and the segmentation, not the chunks."""
        return {"text": self.text, "spans": self._spans}

    def __setstate__(self, state: dict[str, object]) -> None:
        """Restore from :meth:`__getstate__`."""
        self.text = state["text"]  # type: ignore[assignment]
        self._spans = state["spans"]  # type: ignore[assignment]
        self._chunks = None
        self.n_words = None


class Extractor(Protocol):
    """One analysis (words, quotes, countries) as a map-reduce over articles.

    ``extract`` runs per article (in worker processes, cacheable: its result must be
    picklable and depend only on the article and the options). ``start``/``add``/``merge``
    fold results into an accumulator in bounded memory; ``finish`` turns the accumulator
    into tidy tables. Folding must not depend on the order of articles.
    """

    name: str
    version: str

    def extract(self, article: Article, doc: Document, options: Mapping[str, Any]) -> Any:
        """Return the per-article result."""
        ...

    def start(self, options: Mapping[str, Any]) -> Any:
        """Return an empty accumulator."""
        ...

    def add(self, acc: Any, article: Article, result: Any) -> Any:
        """Fold one article's result into ``acc`` and return the accumulator."""
        ...

    def merge(self, acc: Any, other: Any) -> Any:
        """Merge two accumulators and return the result."""
        ...

    def finish(self, acc: Any, options: Mapping[str, Any]) -> dict[str, Any]:
        """Return ``{table_name: pandas.DataFrame}`` from the accumulator."""
        ...
