"""The records that flow through the pipeline: articles and their segmentation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Protocol


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
        folder = PurePosixPath(article.path.replace("\\", "/")).parent.name
        value = folder if folder not in ("", ".") else None
    else:
        value = article.metadata.get(name)
    return str(value) if value else ""


@dataclass(frozen=True)
class Document:
    """An article's text with its segmentation, computed once and shared by all extractors.

    Attributes:
        text: The article text (same as ``Article.text``).
        paragraphs: ``(start, end)`` character spans of paragraphs, in order.
        sentences: ``(start, end)`` character spans of sentences, in order; no sentence
            crosses a paragraph boundary.
        sentence_paragraph: For each sentence, the index of its paragraph.
    """

    text: str
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]
    sentence_paragraph: tuple[int, ...]


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
