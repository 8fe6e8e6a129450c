"""Word frequencies, n-grams and collocations by corpus and by group, and distinctive words.

The extractor :data:`WORDS` (registry name ``"words"``) counts terms (see
:mod:`analysis.tokens` for what a term is) in one fast pass per article and folds the counts
per combination of the requested grouping values.

Options (keys of the flat options dict, with defaults):

* ``stopwords`` ("builtin"): "builtin" (``resources/stopwords_en.txt``), "nltk" (NLTK's
  list; needs its ``stopwords`` data) or "none".
* ``stopwords_file`` (""): path of a stopword file (one word a line, ``#`` comments) that
  replaces the list above.
* ``extra_stopwords`` ([]): further words to remove.
* ``case_fold`` (True): lower-case words, keeping all-capitals abbreviations ("US", "NATO").
* ``min_length`` (2): shortest term kept.
* ``keep_numbers`` (False): count tokens that start with a digit.
* ``stem`` ("none"): "porter" or "snowball" (NLTK stemmers, no data needed).
* ``lemmatize`` (False): WordNet lemmas (needs NLTK's ``wordnet`` data).
* ``group_by`` (["source", "month"]): article fields to group by: "source", "month"
  (``YYYY-MM`` of the date), "year", "author", "title", "folder" (the folder holding the
  article's file, e.g. the category folders of the BBC corpus) or any metadata key
  ("category"). Missing values are grouped as ``(unknown)``. "month" is always counted as
  well (the chapter's terms-over-time figure needs it).
* ``ngram`` (2): longest n-gram counted (1 = none, 2 = bigrams, 3 = bigrams and trigrams).
  N-grams never cross punctuation, numbers or removed words.
* ``min_count`` (5): smallest count of an n-gram listed in ``ngrams`` and scored in
  ``collocations`` (PMI overrates rare pairs, so keep it at 5 or more on real corpora).
* ``collocations_top`` (200): rows per association measure in ``collocations``.
* ``max_ngram_types`` (2,000,000): bound on distinct bigrams (and on trigrams) held while
  counting. When it is exceeded, the n-grams seen only once so far (then at most twice, ...)
  are dropped until the bound holds, and the accumulator's ``ngram_pruned_below`` records the
  level: counts below it may be too low (lossy counting). N-grams frequent enough to reach
  ``min_count`` early are not affected; the bound is never reached on corpora of a few
  million words.

Tables returned by ``WORDS.finish`` (counts exclude stopwords; ``per_10k`` is per 10,000
running words, i.e. all word tokens including stopwords, excluding numbers and punctuation):

* ``word_frequencies``: term, count, article_count, per_10k.
* ``word_frequencies_by_group``: group_by, group, term, count, article_count, per_10k
  (one block per grouping column).
* ``word_group_totals``: group_by, group, articles, words, terms (words = running words,
  terms = kept term tokens); the first row is the corpus (group_by "corpus", group "all").
* ``ngrams``: n, ngram (space separated), count. (No article count: counting distinct
  n-grams per article would cost a third of the analysis' run time.)
* ``collocations``: measure ("pmi" or "likelihood_ratio"), rank, ngram, score, count: the
  top ``collocations_top`` bigrams (count >= ``min_count``) by the scores of NLTK's
  ``BigramCollocationFinder`` / ``BigramAssocMeasures`` (same formulas, computed on arrays;
  the tests compare them with NLTK).

How it is fast: ``extract`` splits the text on white space (C speed) and looks every chunk
up in a per-process cache (chunk -> code), so each distinct chunk ("Russia's", "said,") is
tokenized only once; ``add`` queues the codes and counts them every :data:`FLUSH_ITEMS` items
with numpy (codes -> term ids, per-cell counts, per-article distinct terms, bigrams).

Memory: sorted (key, count) arrays of the (grouping cell, term) pairs seen -- one cell per
combination of grouping values (e.g. source x month) -- plus the n-gram counts bounded by
``max_ngram_types``, plus the chunk cache bounded by ``analysis.tokens.CHUNK_CACHE_LIMIT``.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis._lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported once the workers run (see analysis._lazy)

from analysis.errors import ParameterError
from analysis.model import UNKNOWN_GROUP, Article, Document, article_field
from analysis.segment import chunk_words
from analysis.tokens import (
    CHUNK_CACHE_LIMIT,
    STOP,
    ChunkItem,
    TermOrBarrier,
    Tokenizer,
    TokenizerSettings,
    load_stopwords,
    split_item,
)

try:  # the C chunk coder and folding steps of a regular (compiled) install, see setup.py
    from analysis import _native
except ImportError:  # editable / pure-Python install
    _native = None  # type: ignore[assignment]
ChunkTable = _native.ChunkTable if _native is not None else None

DEFAULT_GROUP_BY = ("source", "month")
PER = 10_000


@dataclass(frozen=True)
class WordOptions:
    """The options of the words analysis, validated (see the module docstring)."""

    stopwords: str = "builtin"
    stopwords_file: str = ""
    extra_stopwords: tuple[str, ...] = ()
    case_fold: bool = True
    min_length: int = 2
    keep_numbers: bool = False
    stem: str = "none"
    lemmatize: bool = False
    group_by: tuple[str, ...] = DEFAULT_GROUP_BY
    ngram: int = 2
    min_count: int = 5
    collocations_top: int = 200
    max_ngram_types: int = 2_000_000

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any]) -> WordOptions:
        """Read this analysis' keys from the flat options dict, with defaults.

        Raises:
            ParameterError: When a value has the wrong type or is out of range.
        """
        values: dict[str, Any] = {}
        for name, default in _DEFAULTS.items():
            if name not in options or options[name] is None:
                continue
            values[name] = _coerce(name, options[name], default)
        chosen = cls(**values)
        if chosen.ngram < 1 or chosen.ngram > 3:
            raise ParameterError(f"ngram must be 1, 2 or 3, not {chosen.ngram}.")
        if chosen.min_length < 1 or chosen.min_count < 1 or chosen.max_ngram_types < 1000:
            raise ParameterError(
                "min_length and min_count must be >= 1 and max_ngram_types >= 1000."
            )
        return chosen

    def grouping(self) -> tuple[str, ...]:
        """Return the grouping columns counted: ``group_by`` plus "month" if missing."""
        unique = tuple(dict.fromkeys(self.group_by))
        return unique if "month" in unique else (*unique, "month")

    def tokenizer_settings(self) -> TokenizerSettings:
        """Return the tokenizer settings these options ask for."""
        stopwords = load_stopwords(
            self.stopwords, file=self.stopwords_file, extra=self.extra_stopwords
        )
        return TokenizerSettings(
            stopwords=stopwords,
            case_fold=self.case_fold,
            min_length=self.min_length,
            keep_numbers=self.keep_numbers,
            stem=self.stem,
            lemmatize=self.lemmatize,
        )


_DEFAULTS: dict[str, Any] = {
    name: value.default if value.default is not field else None
    for name, value in WordOptions.__dataclass_fields__.items()
}


def _coerce(name: str, value: Any, default: Any) -> Any:
    if isinstance(default, tuple):
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, Iterable):
            raise ParameterError(f"{name} must be a list of strings, not {value!r}.")
        return tuple(str(item) for item in value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ParameterError(f"{name} must be true or false, not {value!r}.")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(f"{name} must be an integer, not {value!r}.")
        return value
    if not isinstance(value, str):
        raise ParameterError(f"{name} must be a string, not {value!r}.")
    return str(value)


_LAST_OPTIONS: list[tuple[Mapping[str, Any], dict[str, Any], WordOptions]] = []


def word_options(options: Mapping[str, Any]) -> WordOptions:
    """Return the validated options, remembering the last dict seen (called per article)."""
    if _LAST_OPTIONS:
        seen, snapshot, parsed = _LAST_OPTIONS[0]
        # Holding the dict keeps its id from being reused; the snapshot catches mutation.
        if seen is options and snapshot == options:
            return parsed
    parsed = WordOptions.from_mapping(options)
    _LAST_OPTIONS[:] = [(options, dict(options), parsed)]
    return parsed


@lru_cache(maxsize=8)
def tokenizer_for(options: WordOptions) -> Tokenizer:
    """Return the (cached) tokenizer for these options."""
    return Tokenizer(options.tokenizer_settings())


def group_value(article: Article, column: str) -> str:
    """Return the value of a grouping column for an article (``(unknown)`` when missing)."""
    return article_field(article, column) or UNKNOWN_GROUP


BARRIER_ID = -1
STOP_ID = -2
FLUSH_ITEMS = 500_000
PENDING_KEYS = 250_000  # buffered additions of a SparseCounts before a merge
"""Pending chunk items (about words) before ``add`` counts a batch with numpy."""
_LOW32 = (1 << 32) - 1
DENSE_LIMIT = 20_000_000
"""Largest cells x terms range counted with ``bincount`` in one batch."""
_TRIGRAM_BITS = 21
_TRIGRAM_MASK = (1 << _TRIGRAM_BITS) - 1
_TRIGRAM_SHIFTS = (2 * _TRIGRAM_BITS, _TRIGRAM_BITS, 0)


class TermVocabulary:
    """Process-local ids of terms and of chunk items (see :meth:`Tokenizer.items`).

    Every distinct chunk item gets a code; a code expands to one or more term ids
    (``BARRIER_ID`` for punctuation/numbers, ``STOP_ID`` for removed words).
    """

    def __init__(self) -> None:
        """Start empty."""
        self.terms: list[str] = []
        self.term_ids: dict[str, int] = {}
        self.item_codes: dict[Any, int] = {}
        self.items: list[ChunkItem] = []
        self._starts: list[int] = []
        self._lengths: list[int] = []
        self._flat: list[int] = []
        self._arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def term_id(self, term: TermOrBarrier) -> int:
        """Return the id of a term (created when new) or of a marker."""
        if term is None:
            return BARRIER_ID
        if term == STOP:
            return STOP_ID
        found = self.term_ids.get(term)
        if found is None:
            found = self.term_ids[term] = len(self.terms)
            self.terms.append(term)
        return found

    def extend_codes(self, codes: array[int], items: Sequence[ChunkItem]) -> None:
        """Append the codes of chunk items to ``codes`` (new items are registered first).

        The codes carry no word count (see :data:`CODE_BITS`): none is needed here.
        """
        size = len(codes)
        try:
            codes.extend(map(self.item_codes.__getitem__, items))
        except KeyError:
            del codes[size:]
            for item in items:
                if item not in self.item_codes:
                    self._register(item)
            codes.extend(map(self.item_codes.__getitem__, items))

    def code(self, item: ChunkItem) -> int:
        """Return the code of a chunk item (registered when new)."""
        found = self.item_codes.get(item)
        if found is None:
            found = self._register(item)
        return found

    def _register(self, item: ChunkItem) -> int:
        parts = split_item(item)
        code = self.item_codes[item] = len(self._starts)
        self.items.append(item)
        self._starts.append(len(self._flat))
        self._lengths.append(len(parts))
        self._flat.extend(self.term_id(part) for part in parts)
        self._arrays = None
        return code

    def expand(
        self, codes: np.ndarray, per_article: np.ndarray, *, native: bool = True
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return the term ids of a batch of codes and the article index of each id.

        Args:
            codes: Item codes of consecutive articles.
            per_article: Number of codes of each article, in order.
            native: Use the C loop when built (one pass; the same arrays).
        """
        if self._arrays is None:
            self._arrays = (
                np.asarray(self._starts, dtype=np.int64),
                np.asarray(self._lengths, dtype=np.int64),
                np.asarray(self._flat, dtype=np.int64),
            )
        starts, lengths, flat = self._arrays
        if native and _native is not None:
            terms, article = _native.expand(codes, starts, lengths, flat, per_article)
            return np.frombuffer(terms, dtype=np.int64), np.frombuffer(article, dtype=np.int64)
        sizes = lengths[codes]
        ends = np.cumsum(sizes)
        # position in ``flat`` = item start + rank within the item, with one repeat
        positions = np.repeat(starts[codes] - (ends - sizes), sizes) + np.arange(
            int(ends[-1]) if len(ends) else 0
        )
        # terms before the end of each article (empty articles have no codes: use a 0 start)
        terms_before = np.concatenate(([0], ends))[np.cumsum(per_article)]
        terms_per_article = np.diff(np.concatenate(([0], terms_before)))
        return flat[positions], np.repeat(np.arange(len(per_article)), terms_per_article)


CODE_BITS = 40
"""Low bits of a chunk's packed code that hold its item code; the bits above hold the chunk's
number of words (:func:`chunk_words`), at most :data:`WORD_COUNT_CAP`.

The articles table's ``n_words`` is then the sum of an article's packed codes shifted right
(while the item codes add up to less than ``2**CODE_BITS``), instead of a second lookup per
chunk.
"""
CODE_MASK = (1 << CODE_BITS) - 1
WORD_COUNT_CAP = (1 << (63 - CODE_BITS)) - 1
_CAPPED: list[bool] = []  # non-empty once a chunk had WORD_COUNT_CAP words or more


class _CodeCache(dict[str, int]):
    """White-space chunk -> code, made on first sight.

    With ``counting``, the code is packed with the chunk's number of words (:data:`CODE_BITS`).
    """

    def __init__(
        self, tokenizer: Tokenizer, vocabulary: TermVocabulary, shouting: bool, counting: bool
    ) -> None:
        super().__init__()
        self._tokenizer = tokenizer
        self._vocabulary = vocabulary
        self._shouting = shouting
        self.counting = counting

    def __missing__(self, chunk: str) -> int:
        code = self[chunk] = self.make(chunk)
        return code

    def make(self, chunk: str) -> int:
        """Return the code of a chunk (not remembered: :class:`ChunkTable` calls this)."""
        code = self._vocabulary.code(self._tokenizer.chunk_item(chunk, shouting=self._shouting))
        if not self.counting:
            return code
        words = chunk_words(chunk)
        if words >= WORD_COUNT_CAP:
            _CAPPED.append(True)
        return code | min(words, WORD_COUNT_CAP) << CODE_BITS


class ChunkCoder:
    """Turns an article into item codes of this process' shared vocabulary.

    One lookup per chunk; the tokenizer only sees each distinct chunk once. In a regular
    install the lookups are made by the C :class:`analysis._native.ChunkTable` (4x faster,
    and no ``text.split()`` list); ``native=False``, or a pure-Python install, uses dicts.
    Both give the same codes.
    """

    def __init__(self, tokenizer: Tokenizer, *, native: bool = True) -> None:
        """Build empty caches around a tokenizer."""
        self.vocabulary = TermVocabulary()
        self._caches = {
            (shouting, counting): _CodeCache(tokenizer, self.vocabulary, shouting, counting)
            for shouting in (False, True)
            for counting in (False, True)
        }
        self._tables = (
            {key: ChunkTable(cache.make) for key, cache in self._caches.items()}
            if native and ChunkTable is not None
            else None
        )

    @property
    def native(self) -> bool:
        """Whether the C chunk table does the lookups (then ``encode`` needs no chunks)."""
        return self._tables is not None

    def encode(
        self, text: str, chunks: list[str] | None = None, *, counting: bool = False
    ) -> ArticleItems:
        """Return the article's chunk codes (``chunks``: ``text.split()`` if already made).

        With ``counting``, the codes also carry each chunk's number of words
        (:meth:`ArticleItems.word_count`); the words analysis alone needs none.
        """
        if self._tables is not None:
            table = self._tables[text.isupper(), counting]
            if len(table) > CHUNK_CACHE_LIMIT:
                table.clear()
            codes = array("q")
            codes.frombytes(table.encode(text))
            return ArticleItems(codes, self.vocabulary, counted=counting)
        cache = self._caches[text.isupper(), counting]
        if len(cache) > CHUNK_CACHE_LIMIT:
            cache.clear()
        # An int64 array, not a list: ``add`` appends it to the batch with one memory copy.
        # Made from a list: from the ``map`` itself, ``array`` grows item by item (1.5x slower).
        codes = array("q", list(map(cache.__getitem__, text.split() if chunks is None else chunks)))
        return ArticleItems(codes, self.vocabulary, counted=counting)


class ArticleItems:
    """Per-article result of ``WORDS.extract``: one item per white-space chunk.

    In the process that made it, it holds codes of that process' vocabulary, so ``add``
    in the same process needs no second lookup; pickled (sent to another process or
    cached) it becomes the item strings, which depend only on the article and options.
    """

    __slots__ = ("codes", "vocabulary", "_items", "counted")

    def __init__(
        self,
        codes: array[int] | None,
        vocabulary: TermVocabulary | None,
        items: list[ChunkItem] | None = None,
        *,
        counted: bool = False,
    ) -> None:
        """Hold codes with their vocabulary (``counted``: packed with word counts), or items."""
        self.codes = codes
        self.vocabulary = vocabulary
        self._items = items
        self.counted = counted

    def items(self) -> list[ChunkItem]:
        """Return the chunk items (see :meth:`analysis.tokens.Tokenizer.items`)."""
        if self._items is None:
            assert self.codes is not None and self.vocabulary is not None
            codes = np.frombuffer(self.codes, dtype=np.int64) & CODE_MASK
            self._items = list(map(self.vocabulary.items.__getitem__, codes.tolist()))
        return self._items

    def word_count(self) -> int | None:
        """Return the number of words of the chunks (:func:`chunk_words`), if the codes tell."""
        if self.codes is None or not self.counted:
            return None
        if not len(self.codes):
            return 0
        if _CAPPED:
            return None  # a chunk of very many words was seen: recount
        if _native is not None:  # the counts above CODE_BITS summed in C, without int objects
            return _native.packed_sum(self.codes, CODE_BITS)
        if (
            self.vocabulary is not None
            and len(self.codes) * len(self.vocabulary.items) <= CODE_MASK
        ):
            return sum(self.codes) >> CODE_BITS  # the item codes add up to less than 2**40
        return int((np.frombuffer(self.codes, dtype=np.int64) >> CODE_BITS).sum())

    def __len__(self) -> int:
        """Return the number of chunks."""
        return len(self.codes) if self.codes is not None else len(self.items())

    def __eq__(self, other: object) -> bool:
        """Compare by items."""
        return isinstance(other, ArticleItems) and self.items() == other.items()

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as plain items, independent of this process' vocabulary."""
        return (ArticleItems, (None, None, self.items()))


_LAST_CODER: list[Any] = []  # [WordOptions, ChunkCoder]: skips hashing the options per article


@lru_cache(maxsize=8)
def coder_for(options: WordOptions) -> ChunkCoder:
    """Return this process' (cached) chunk coder for these options."""
    return ChunkCoder(tokenizer_for(options))


def _run_starts(ordered: np.ndarray) -> np.ndarray:
    """Return the positions where a new value starts in a sorted array."""
    if not len(ordered):
        return np.empty(0, dtype=np.int64)
    starts = np.empty(len(ordered), dtype=bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    return np.flatnonzero(starts)


def _unique(values: np.ndarray) -> np.ndarray:
    """Return the sorted distinct values.

    Sort-based on purpose: numpy 2's hash-based ``np.unique`` is 20-30x slower on int64 keys.
    """
    ordered = np.sort(values)
    return ordered[_run_starts(ordered)]


def _unique_counts(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct values of a sorted array and how often each occurs."""
    starts = _run_starts(ordered)
    counts = np.diff(np.append(starts, len(ordered))).astype(np.int64)
    return ordered[starts], counts


class SparseCounts:
    """Integer key -> count as sorted numpy arrays; additions are buffered and merged in C."""

    def __init__(self) -> None:
        """Start empty."""
        self.keys = np.empty(0, dtype=np.int64)
        self.counts = np.empty(0, dtype=np.int64)
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []
        self._pending_size = 0

    def __len__(self) -> int:
        """Return the number of distinct keys (after merging what is pending)."""
        self.compact()
        return len(self.keys)

    def add_keys(self, keys: np.ndarray, bound: int = 0) -> None:
        """Count each occurrence of each key once.

        Args:
            keys: Non-negative int64 keys.
            bound: Cell part of the largest possible key (``n_cells << 32``); when the
                dense range of keys is small, ``bincount`` is used instead of a hash.
        """
        if not len(keys):
            return
        low = keys & _LOW32
        width = int(low.max()) + 1
        cells = int(keys.max() >> 32) + 1
        if bound and cells * width <= DENSE_LIMIT:
            dense = np.bincount((keys >> 32) * width + low, minlength=cells * width)
            present = np.flatnonzero(dense)
            self.add(((present // width) << 32) | (present % width), dense[present])
            return
        self.add(*_unique_counts(np.sort(keys)))

    def add(self, keys: np.ndarray, counts: np.ndarray) -> None:
        """Add counts for keys (keys may repeat)."""
        self._pending.append((keys, counts))
        self._pending_size += len(keys)
        # A small bound keeps the main process's merge buffers from growing with the corpus
        # (2M pending keys per counter made a 5x corpus peak at 1.7x the memory of 1x).
        if self._pending_size > max(PENDING_KEYS, len(self.keys)):
            self.compact()

    def compact(self) -> None:
        """Merge the pending additions into the sorted arrays."""
        if not self._pending:
            return
        keys = np.concatenate([self.keys, *(keys for keys, _ in self._pending)])
        counts = np.concatenate([self.counts, *(counts for _, counts in self._pending)])
        order = np.argsort(keys)  # equal keys are summed: no need for a stable sort
        keys = keys[order]
        starts = _run_starts(keys)
        self.keys = keys[starts]
        self.counts = np.add.reduceat(counts[order], starts) if len(keys) else counts
        self._pending = []
        self._pending_size = 0

    def prune(self, below: int) -> None:
        """Drop keys whose count is below ``below``."""
        self.compact()
        kept = self.counts >= below
        self.keys, self.counts = self.keys[kept], self.counts[kept]


@dataclass
class WordAccumulator:
    """Running totals of the words analysis (picklable, mergeable in any order).

    Term counts and article counts are kept per cell (one combination of grouping values)
    under the key ``cell << 32 | term id``; n-grams for the corpus only.
    """

    group_by: tuple[str, ...]
    ngram: int
    max_ngram_types: int
    vocabulary: TermVocabulary = field(default_factory=TermVocabulary)
    cell_ids: dict[tuple[str, ...], int] = field(default_factory=dict)
    cell_articles: list[int] = field(default_factory=list)
    cell_words: list[int] = field(default_factory=list)
    term_counts: SparseCounts = field(default_factory=SparseCounts)
    article_counts: SparseCounts = field(default_factory=SparseCounts)
    bigrams: SparseCounts = field(default_factory=SparseCounts)
    trigrams: SparseCounts = field(default_factory=SparseCounts)
    ngram_pruned_below: int = 0
    pending_codes: array[int] = field(default_factory=lambda: array("q"))
    pending_sizes: list[int] = field(default_factory=list)
    pending_cells: list[int] = field(default_factory=list)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle compactly: only the terms this accumulator counted, renumbered.

        The live vocabulary is shared by every accumulator of a process and holds every
        chunk item ever seen; shipping it with each batch's accumulator would cost more than
        the counting.
        """
        self.flush()
        counters = {
            name: getattr(self, name)
            for name in ("term_counts", "article_counts", "bigrams", "trigrams")
        }
        for counter in counters.values():
            counter.compact()
        used = _unique(
            np.concatenate(
                [
                    self.term_counts.keys & _LOW32,
                    self.bigrams.keys >> 32,
                    self.bigrams.keys & _LOW32,
                    *((self.trigrams.keys >> shift) & _TRIGRAM_MASK for shift in _TRIGRAM_SHIFTS),
                ]
            )
        )
        renumber = np.full(len(self.vocabulary.terms) + 1, -1, dtype=np.int64)
        renumber[used] = np.arange(len(used))
        state = {
            name: value
            for name, value in self.__dict__.items()
            if name not in counters and name != "vocabulary"
        }
        state["terms"] = [self.vocabulary.terms[index] for index in used.tolist()]
        state["counters"] = {
            name: _recode(name, counter, renumber, None) for name, counter in counters.items()
        }
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Rebuild a standalone accumulator with its own small vocabulary."""
        terms = state.pop("terms")
        counters = state.pop("counters")
        self.__dict__.update(state)
        self.vocabulary = TermVocabulary()
        for term in terms:
            self.vocabulary.term_id(term)
        for name, (keys, counts) in counters.items():
            counter = SparseCounts()
            counter.keys, counter.counts = keys, counts
            setattr(self, name, counter)

    def cell_id(self, key: tuple[str, ...]) -> int:
        """Return the id of a combination of grouping values (created when new)."""
        found = self.cell_ids.get(key)
        if found is None:
            found = self.cell_ids[key] = len(self.cell_articles)
            self.cell_articles.append(0)
            self.cell_words.append(0)
        return found

    def flush(self, *, native: bool = True) -> None:
        """Count the pending articles with vectorised numpy operations.

        With ``native`` (and a regular install), expanding the codes and finding each term's
        first occurrence in its article run as C loops of :mod:`analysis._native` instead of
        numpy masks and a sort; the counts are the same.
        """
        if not self.pending_sizes:
            return
        native = native and _native is not None
        codes = np.frombuffer(self.pending_codes, dtype=np.int64) & CODE_MASK
        article_cells = np.asarray(self.pending_cells, dtype=np.int64)
        code_counts = np.asarray(self.pending_sizes, dtype=np.int64)
        self.pending_codes, self.pending_sizes, self.pending_cells = array("q"), [], []
        terms, article = self.vocabulary.expand(codes, code_counts, native=native)
        cells = article_cells[article]
        n_cells = len(self.cell_words)
        for cell, count in enumerate(np.bincount(article_cells, minlength=n_cells)):
            self.cell_articles[cell] += int(count)
        for cell, count in enumerate(np.bincount(cells[terms != BARRIER_ID], minlength=n_cells)):
            self.cell_words[cell] += int(count)
        kept = terms >= 0
        kept_terms = terms[kept]
        self.term_counts.add_keys((cells[kept] << 32) | kept_terms, n_cells << 32)
        if native:  # each term once per article, without sorting
            mask = _native.first_in_article(terms, article, len(self.vocabulary.terms))
            first = np.frombuffer(mask, dtype=np.bool_)
            article_keys = (article_cells[article[first]] << 32) | terms[first]
        else:
            per_article = _unique((article[kept] << 32) | kept_terms)
            article_keys = (article_cells[per_article >> 32] << 32) | (per_article & _LOW32)
        self.article_counts.add_keys(article_keys, n_cells << 32)
        if self.ngram >= 2:
            self._count_ngrams(terms, kept, article)

    def _count_ngrams(self, terms: np.ndarray, kept: np.ndarray, article: np.ndarray) -> None:
        same = article[1:] == article[:-1]
        pair = kept[:-1] & kept[1:] & same
        self.bigrams.add_keys((terms[:-1][pair] << 32) | terms[1:][pair])
        if self.ngram >= 3 and len(terms) >= 3:
            small = terms < (1 << _TRIGRAM_BITS)
            triple = pair[:-1] & pair[1:] & small[:-2] & small[1:-1] & small[2:]
            first, second, third = terms[:-2][triple], terms[1:-1][triple], terms[2:][triple]
            self.trigrams.add_keys(
                (first << (2 * _TRIGRAM_BITS)) | (second << _TRIGRAM_BITS) | third
            )
        self.prune_ngrams()

    def prune_ngrams(self) -> None:
        """Drop the rarest n-grams while more than ``max_ngram_types`` are held."""
        for counter in (self.bigrams, self.trigrams):
            # Distinct n-grams cannot exceed kept + pending keys: only then is merging needed.
            if counter._pending_size + len(counter.keys) <= self.max_ngram_types:
                continue
            level = max(self.ngram_pruned_below, 1)
            while len(counter) > self.max_ngram_types:
                level += 1
                counter.prune(level)
            self.ngram_pruned_below = max(self.ngram_pruned_below, level if level > 1 else 0)


def _recode(
    name: str, counter: SparseCounts, terms: np.ndarray, cells: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Return a compacted counter's (keys, counts) with term ids (and cell ids) mapped.

    ``terms`` / ``cells`` map old ids to new ones; trigrams whose new ids do not fit the
    packed key are dropped (only possible beyond 2,097,152 distinct terms).
    """
    counter.compact()
    keys, counts = counter.keys, counter.counts
    if name in ("term_counts", "article_counts"):
        cell = keys >> 32 if cells is None else cells[keys >> 32]
        return (cell << 32) | terms[keys & _LOW32], counts
    if name == "bigrams":
        return (terms[keys >> 32] << 32) | terms[keys & _LOW32], counts
    parts = [terms[(keys >> shift) & _TRIGRAM_MASK] for shift in _TRIGRAM_SHIFTS]
    fits = (parts[0] <= _TRIGRAM_MASK) & (parts[1] <= _TRIGRAM_MASK) & (parts[2] <= _TRIGRAM_MASK)
    packed = (
        (parts[0][fits] << _TRIGRAM_SHIFTS[0])
        | (parts[1][fits] << _TRIGRAM_SHIFTS[1])
        | parts[2][fits]
    )
    return packed, counts[fits]


class WordsExtractor:
    """The words analysis as an :class:`~analysis.model.Extractor`.

    ``extract`` tokenizes (the per-article result is one item per white-space chunk, see
    :meth:`~analysis.tokens.Tokenizer.items`); ``add`` turns items into integer codes and
    counts batches of about :data:`FLUSH_ITEMS` items with numpy, because any per-word
    Python work (even ``Counter.update``) would cost more than the whole baseline loop.
    """

    name = "words"
    version = "4"  # bump when tokenization or the per-article result changes (cache key)

    def extract(
        self, article: Article, doc: Document | None, options: Mapping[str, Any]
    ) -> ArticleItems:
        """Return the article's chunk items (the Document is not needed)."""
        chosen = word_options(options)
        coder = _LAST_CODER[1] if _LAST_CODER and _LAST_CODER[0] is chosen else None
        if coder is None:
            coder = coder_for(chosen)
            _LAST_CODER[:] = [chosen, coder]
        if doc is None:
            return coder.encode(article.text)
        chunks = None if coder.native else doc.chunks  # the C table splits the text itself
        items = coder.encode(article.text, chunks, counting=doc.n_words is None)
        if doc.n_words is None:  # a by-product for the articles table
            doc.n_words = items.word_count()
        return items

    def start(self, options: Mapping[str, Any]) -> WordAccumulator:
        """Return an empty accumulator for these options."""
        chosen = word_options(options)
        return WordAccumulator(
            group_by=chosen.grouping(),
            ngram=chosen.ngram,
            max_ngram_types=chosen.max_ngram_types,
            vocabulary=coder_for(chosen).vocabulary,
        )

    def add(self, acc: WordAccumulator, article: Article, result: ArticleItems) -> WordAccumulator:
        """Queue one article's items in the cell of its grouping values."""
        if result.vocabulary is acc.vocabulary and result.codes is not None:
            acc.pending_codes.extend(result.codes)
        else:
            acc.vocabulary.extend_codes(acc.pending_codes, result.items())
        acc.pending_sizes.append(len(result))
        acc.pending_cells.append(
            acc.cell_id(tuple([group_value(article, column) for column in acc.group_by]))
        )
        if len(acc.pending_codes) >= FLUSH_ITEMS:
            acc.flush()
        return acc

    def merge(self, acc: WordAccumulator, other: WordAccumulator) -> WordAccumulator:
        """Add ``other`` into ``acc`` (re-coding its term and cell ids)."""
        acc.flush()
        other.flush()
        if other.vocabulary is acc.vocabulary:
            term_map = np.arange(len(acc.vocabulary.terms) + 1, dtype=np.int64)
        else:
            term_map = np.asarray(
                [acc.vocabulary.term_id(term) for term in other.vocabulary.terms] + [0],
                dtype=np.int64,
            )
        cell_map = np.zeros(len(other.cell_ids) + 1, dtype=np.int64)
        for key, cell in other.cell_ids.items():
            mine = cell_map[cell] = acc.cell_id(key)
            acc.cell_articles[mine] += other.cell_articles[cell]
            acc.cell_words[mine] += other.cell_words[cell]
        for name in ("term_counts", "article_counts", "bigrams", "trigrams"):
            keys, counts = _recode(name, getattr(other, name), term_map, cell_map)
            getattr(acc, name).add(keys, counts)
        acc.ngram_pruned_below = max(acc.ngram_pruned_below, other.ngram_pruned_below)
        acc.prune_ngrams()
        return acc

    def finish(self, acc: WordAccumulator, options: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
        """Return the tables listed in the module docstring."""
        chosen = word_options(options)
        acc.flush()
        view = _CountsView(acc)
        bigrams = _ngram_rows(acc, view, 2, chosen.min_count)
        return {
            "word_frequencies": _frequency_table(view, sum(acc.cell_words)),
            "word_frequencies_by_group": _group_frequency_table(acc, view),
            "word_group_totals": _totals_table(acc, view),
            "ngrams": _ngram_table(acc, view, chosen.min_count, bigrams),
            "collocations": _collocation_table(view, bigrams, top=chosen.collocations_top),
        }


WORDS = WordsExtractor()
"""The module-level extractor registered as ``"words"`` in the pipeline."""


class _CountsView:
    """The finished counts as aligned arrays, plus each term's alphabetical rank.

    Sorting by rank equals sorting by the term string (and, term by term, by n-grams joined
    with spaces, since every term character sorts after the space), without comparing
    Python strings.
    """

    def __init__(self, acc: WordAccumulator) -> None:
        acc.term_counts.compact()
        acc.article_counts.compact()
        keys = acc.term_counts.keys
        self.cell = keys >> 32
        self.term = keys & _LOW32
        self.count = acc.term_counts.counts
        self.article_count = np.zeros(len(keys), dtype=np.int64)
        self.article_count[np.searchsorted(keys, acc.article_counts.keys)] = (
            acc.article_counts.counts
        )
        terms = acc.vocabulary.terms
        self.terms = np.asarray(terms + [""], dtype=object)[:-1]
        self.rank = np.empty(len(self.terms), dtype=np.int64)
        # Python's sort of the strings: 2x faster than numpy's argsort of an object array
        self.rank[sorted(range(len(terms)), key=terms.__getitem__)] = np.arange(len(terms))
        self.corpus_count = np.bincount(self.term, self.count, len(self.terms)).astype(np.int64)
        self.corpus_article_count = np.bincount(
            self.term, self.article_count, len(self.terms)
        ).astype(np.int64)


def _sum_by(keys: np.ndarray, *values: np.ndarray) -> tuple[np.ndarray, ...]:
    """Return the distinct keys (sorted) and the sums of each value array per key."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = _run_starts(ordered)
    if not len(ordered):
        return (ordered, *(value[:0] for value in values))
    return (ordered[starts], *(np.add.reduceat(value[order], starts) for value in values))


def _frequency_frame(
    view: _CountsView, term: np.ndarray, count: np.ndarray, articles: np.ndarray, words: int
) -> pd.DataFrame:
    order = np.lexsort((view.rank[term], -count))
    count = count[order]
    return pd.DataFrame(
        {
            "term": view.terms[term[order]],
            "count": count.astype(np.int64),
            "article_count": articles[order].astype(np.int64),
            "per_10k": count * PER / words if words else np.zeros(len(count)),
        }
    )


def _frequency_table(view: _CountsView, words: int) -> pd.DataFrame:
    present = np.flatnonzero(view.corpus_count)
    return _frequency_frame(
        view, present, view.corpus_count[present], view.corpus_article_count[present], words
    )


def _cell_groups(acc: WordAccumulator, column_index: int) -> np.ndarray:
    """Return the group value of each cell for one grouping column."""
    values = [""] * len(acc.cell_ids)
    for key, cell in acc.cell_ids.items():
        values[cell] = key[column_index]
    return np.asarray(values + [""], dtype=object)[:-1]


def _group_frequency_table(acc: WordAccumulator, view: _CountsView) -> pd.DataFrame:
    columns = ["group_by", "group", "term", "count", "article_count", "per_10k"]
    blocks = []
    width = max(len(view.terms), 1)
    for index, column in enumerate(acc.group_by):
        names, cell_group = np.unique(_cell_groups(acc, index), return_inverse=True)
        words = np.bincount(cell_group, np.asarray(acc.cell_words, dtype=np.float64), len(names))
        keys, count, articles = _sum_by(
            cell_group[view.cell] * width + view.term, view.count, view.article_count
        )
        group, term = keys // width, keys % width
        order = np.lexsort((view.rank[term], -count, group))
        group, term, count = group[order], term[order], count[order]
        blocks.append(
            pd.DataFrame(
                {
                    "group_by": column,
                    "group": names[group].astype(object),
                    "term": view.terms[term],
                    "count": count.astype(np.int64),
                    "article_count": articles[order].astype(np.int64),
                    "per_10k": count * PER / words[group],
                }
            )
        )
    if not blocks:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in columns})
    return pd.concat(blocks, ignore_index=True)[columns]


def _totals_table(acc: WordAccumulator, view: _CountsView) -> pd.DataFrame:
    cells = len(acc.cell_words)
    per_cell = {
        "articles": np.asarray(acc.cell_articles, dtype=np.int64),
        "words": np.asarray(acc.cell_words, dtype=np.int64),
        "terms": np.bincount(view.cell, view.count, cells).astype(np.int64),
    }
    rows = [("corpus", "all", *(int(values.sum()) for values in per_cell.values()))]
    for index, column in enumerate(acc.group_by):
        names, cell_group = np.unique(_cell_groups(acc, index), return_inverse=True)
        sums = [np.bincount(cell_group, values, len(names)) for values in per_cell.values()]
        for position, name in enumerate(names):
            rows.append((column, str(name), *(int(total[position]) for total in sums)))
    return pd.DataFrame(rows, columns=["group_by", "group", "articles", "words", "terms"])


def _ngram_parts(acc: WordAccumulator, n: int) -> tuple[list[np.ndarray], np.ndarray]:
    """Return the term-id columns and counts of all counted n-grams of size n."""
    if n == 2:
        acc.bigrams.compact()
        keys = acc.bigrams.keys
        return [keys >> 32, keys & _LOW32], acc.bigrams.counts
    acc.trigrams.compact()
    keys = acc.trigrams.keys
    return [(keys >> shift) & _TRIGRAM_MASK for shift in _TRIGRAM_SHIFTS], acc.trigrams.counts


def _ngram_rows(
    acc: WordAccumulator, view: _CountsView, n: int, min_count: int
) -> tuple[list[np.ndarray], np.ndarray]:
    """Return the id columns and counts of n-grams seen at least ``min_count`` times, sorted."""
    parts, counts = _ngram_parts(acc, n)
    kept = counts >= min_count
    parts, counts = [part[kept] for part in parts], counts[kept]
    order = np.lexsort((*(view.rank[part] for part in reversed(parts)), -counts))
    return [part[order] for part in parts], counts[order]


def _joined(view: _CountsView, parts: list[np.ndarray]) -> np.ndarray:
    """Return the n-grams of the term-id columns as strings (an object array)."""
    columns = [view.terms[part].tolist() for part in parts]
    joined = np.empty(len(parts[0]), dtype=object)
    joined[:] = list(map(" ".join, zip(*columns, strict=True)))  # 1.6x numpy's object "+"
    return joined


def _ngram_table(
    acc: WordAccumulator,
    view: _CountsView,
    min_count: int,
    bigrams: tuple[list[np.ndarray], np.ndarray],
) -> pd.DataFrame:
    blocks = [(2, bigrams)]
    if acc.ngram >= 3:
        blocks.append((3, _ngram_rows(acc, view, 3, min_count)))
    frames = [
        pd.DataFrame(
            {
                "n": np.full(len(counts), n, dtype=np.int64),
                "ngram": _joined(view, parts) if len(counts) else np.empty(0, dtype=object),
                "count": counts.astype(np.int64),
            }
        )
        for n, (parts, counts) in blocks
    ]
    return pd.concat(frames, ignore_index=True)


COLLOCATION_MEASURES = ("pmi", "likelihood_ratio")
_COLLOCATION_COLUMNS = ["measure", "rank", "ngram", "score", "count"]


def _collocation_table(
    view: _CountsView, bigrams: tuple[list[np.ndarray], np.ndarray], *, top: int
) -> pd.DataFrame:
    (first, second), counts = bigrams
    n_xx = float(view.corpus_count.sum())
    blocks = []
    for measure in COLLOCATION_MEASURES:
        score = _association(
            measure,
            counts.astype(np.float64),
            view.corpus_count[first].astype(np.float64),
            view.corpus_count[second].astype(np.float64),
            n_xx,
        )
        order = _top_order(score, view.rank[first], view.rank[second], top)
        blocks.append(
            pd.DataFrame(
                {
                    "measure": measure,
                    "rank": np.arange(1, len(order) + 1, dtype=np.int64),
                    "ngram": _joined(view, [first[order], second[order]])
                    if len(order)
                    else np.empty(0, dtype=object),
                    "score": score[order],
                    "count": counts[order].astype(np.int64),
                }
            )
        )
    return pd.concat(blocks, ignore_index=True)[_COLLOCATION_COLUMNS]


def _top_order(score: np.ndarray, first: np.ndarray, second: np.ndarray, top: int) -> np.ndarray:
    """Return the positions of the ``top`` highest scores, ties broken by (first, second)."""
    if len(score) > top:
        threshold = np.partition(score, len(score) - top)[len(score) - top]
        candidates = np.flatnonzero(score >= threshold)  # all ties at the threshold too
    else:
        candidates = np.arange(len(score))
    order = np.lexsort((second[candidates], first[candidates], -score[candidates]))
    return candidates[order[:top]]


def collocations(
    term_counts: pd.Series,
    bigrams: pd.DataFrame,
    *,
    measures: Sequence[str] = COLLOCATION_MEASURES,
    top: int = 200,
    use_nltk: bool = False,
) -> pd.DataFrame:
    """Score bigrams as NLTK's ``BigramCollocationFinder`` does, vectorised.

    The scores are those of ``nltk.metrics.BigramAssocMeasures.pmi`` and
    ``.likelihood_ratio`` for a finder built from these counts (the word distribution is
    ``term_counts``, so N is the number of kept term tokens); ``tests/test_frequencies.py``
    checks them against NLTK. NLTK itself scores one bigram per Python call, too slow for
    the hundreds of thousands of candidates of a real corpus. ``WORDS.finish`` computes
    the ``collocations`` table the same way, on arrays.

    Args:
        term_counts: Count of each term, indexed by term.
        bigrams: Rows of the ``ngrams`` table with n == 2 (columns ngram, count), already
            filtered by ``min_count``.
        measures: Any of "pmi", "likelihood_ratio".
        top: Rows kept per measure.
        use_nltk: Score with ``nltk.collocations.BigramCollocationFinder`` itself (one
            Python call per bigram: for small tables or to cross-check).

    Returns:
        Columns measure, rank, ngram, score, count; sorted by measure then rank (score
        descending, ties by ngram).
    """
    if bigrams.empty:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in _COLLOCATION_COLUMNS})
    if use_nltk:
        return _nltk_collocations(term_counts, bigrams, measures=measures, top=top)
    words = bigrams["ngram"].str.split(" ", n=1, expand=True)
    n_ii = bigrams["count"].to_numpy(dtype=np.float64)
    n_ix = term_counts.reindex(words[0]).to_numpy(dtype=np.float64)
    n_xi = term_counts.reindex(words[1]).to_numpy(dtype=np.float64)
    n_xx = float(term_counts.sum())
    blocks = []
    for measure in measures:
        score = _association(measure, n_ii, n_ix, n_xi, n_xx)
        frame = pd.DataFrame(
            {
                "measure": measure,
                "ngram": bigrams["ngram"].to_numpy(),
                "score": score,
                "count": bigrams["count"].to_numpy(),
            }
        )
        frame = frame.sort_values(["score", "ngram"], ascending=[False, True], kind="mergesort")
        frame = frame.head(top).reset_index(drop=True)
        frame.insert(1, "rank", np.arange(1, len(frame) + 1))
        blocks.append(frame)
    return pd.concat(blocks, ignore_index=True)[_COLLOCATION_COLUMNS]


def _nltk_collocations(
    term_counts: pd.Series, bigrams: pd.DataFrame, *, measures: Sequence[str], top: int
) -> pd.DataFrame:
    from nltk.collocations import BigramCollocationFinder
    from nltk.metrics import BigramAssocMeasures
    from nltk.probability import FreqDist

    counts = {
        tuple(ngram.split(" ", 1)): int(count)
        for ngram, count in zip(bigrams["ngram"], bigrams["count"], strict=True)
    }
    finder = BigramCollocationFinder(FreqDist(term_counts.to_dict()), FreqDist(counts))
    rows = []
    for measure in measures:
        scored = finder.score_ngrams(getattr(BigramAssocMeasures, measure))
        scored.sort(key=lambda item: (-item[1], " ".join(item[0])))
        for rank, (gram, score) in enumerate(scored[:top], start=1):
            rows.append((measure, rank, " ".join(gram), float(score), counts[gram]))
    return pd.DataFrame(rows, columns=_COLLOCATION_COLUMNS)


def _association(
    measure: str, n_ii: np.ndarray, n_ix: np.ndarray, n_xi: np.ndarray, n_xx: float
) -> np.ndarray:
    """NLTK's bigram association measures on arrays (same formulas, same constants)."""
    if measure == "pmi":
        return np.log2(n_ii * n_xx) - np.log2(n_ix * n_xi)
    if measure == "likelihood_ratio":
        n_oi = n_xi - n_ii
        n_io = n_ix - n_ii
        cells = [n_ii, n_oi, n_io, n_xx - n_ii - n_oi - n_io]
        total = cells[0] + cells[1] + cells[2] + cells[3]
        score = np.zeros_like(n_ii)
        for index in range(4):
            expected = (cells[index] + cells[index ^ 1]) * (cells[index] + cells[index ^ 2]) / total
            with np.errstate(divide="ignore", invalid="ignore"):
                score += cells[index] * np.log(cells[index] / (expected + 1e-20) + 1e-20)
        return 2 * score
    raise ParameterError(f"Unknown collocation measure {measure!r}; use {COLLOCATION_MEASURES}.")


# --- analyses on the tables (pure functions, DataFrame in -> DataFrame out) -----------------


def _group_counts(
    by_group: pd.DataFrame, group_by: str, group: str, other: str | None
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return (counts in group, counts in the other group or the rest, all counts) by term."""
    block = by_group[by_group["group_by"] == group_by]
    if block.empty:
        raise ParameterError(f"No rows with group_by == {group_by!r} in the table.")
    groups = set(block["group"])
    for name in (group, other):
        if name is not None and name not in groups:
            raise ParameterError(
                f"Group {name!r} not found for {group_by!r}; groups: {sorted(groups)}."
            )
    totals = block.groupby("term")["count"].sum()
    mine = block[block["group"] == group].groupby("term")["count"].sum()
    if other is None:
        theirs = block[block["group"] != group].groupby("term")["count"].sum()
    else:
        theirs = block[block["group"] == other].groupby("term")["count"].sum()
    terms = totals.index
    return (
        mine.reindex(terms, fill_value=0).astype("float64"),
        theirs.reindex(terms, fill_value=0).astype("float64"),
        totals.astype("float64"),
    )


def distinctive_words(
    by_group: pd.DataFrame,
    *,
    group_by: str,
    group: str,
    other: str | None = None,
    prior: float | pd.Series = 1.0,
) -> pd.DataFrame:
    """Weighted log-odds ratios with an informative Dirichlet prior (Monroe et al. 2008).

    For term w with count y_w in ``group`` (size n) and y'_w in ``other`` or the rest (n'),
    and prior pseudo-counts a_w summing to a0::

        delta_w = log((y_w + a_w) / (n + a0 - y_w - a_w))
                  - log((y'_w + a_w) / (n' + a0 - y'_w - a_w))
        var_w   = 1 / (y_w + a_w) + 1 / (y'_w + a_w)
        z_w     = delta_w / sqrt(var_w)

    Args:
        by_group: The ``word_frequencies_by_group`` table.
        group_by: Which grouping to use (a value of its ``group_by`` column).
        group: The group of interest.
        other: A second group; ``None`` compares against all other groups together.
        prior: A number s gives a_w = s * (count of w over all groups of ``group_by``): the
            informative prior of Monroe et al. built from the whole corpus. A Series gives
            a_w per term explicitly (terms missing from it get 0.01).

    Returns:
        Columns term, count, count_other, total, log_odds, variance, z; sorted by z
        (largest first: most distinctive of ``group``), then term.
    """
    mine, theirs, totals = _group_counts(by_group, group_by, group, other)
    if isinstance(prior, pd.Series):
        alpha = prior.reindex(totals.index).fillna(0.01).astype("float64")
    else:
        if prior <= 0:
            raise ParameterError(f"prior must be positive, not {prior}.")
        alpha = totals * float(prior)
    return log_odds_table(mine, theirs, alpha)


def log_odds_table(mine: pd.Series, theirs: pd.Series, alpha: pd.Series) -> pd.DataFrame:
    """Return the log-odds table for aligned count and prior Series indexed by term."""
    alpha0 = float(alpha.sum())
    n_mine, n_theirs = float(mine.sum()), float(theirs.sum())
    odds_mine = (mine + alpha) / (n_mine + alpha0 - mine - alpha)
    odds_theirs = (theirs + alpha) / (n_theirs + alpha0 - theirs - alpha)
    delta = odds_mine.map(math.log) - odds_theirs.map(math.log)
    variance = 1.0 / (mine + alpha) + 1.0 / (theirs + alpha)
    frame = pd.DataFrame(
        {
            "term": mine.index.astype(str),
            "count": mine.to_numpy().astype("int64"),
            "count_other": theirs.to_numpy().astype("int64"),
            "total": (mine + theirs).to_numpy().astype("int64"),
            "log_odds": delta.to_numpy(),
            "variance": variance.to_numpy(),
            "z": (delta / variance.map(math.sqrt)).to_numpy(),
        }
    )
    frame = frame.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
    return frame.reset_index(drop=True)


def keyness_g2(
    by_group: pd.DataFrame,
    *,
    group_by: str,
    group: str,
    other: str | None = None,
    totals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Log-likelihood (G2) keyness of each term in ``group`` against ``other`` or the rest.

    G2 = 2 * (a ln(a/E1) + b ln(b/E2)) with E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d), where a, b
    are the term's counts and c, d the sizes of the two sides (Rayson & Garside 2000).

    Args:
        by_group: The ``word_frequencies_by_group`` table.
        group_by: Which grouping to use.
        group: The target group.
        other: The reference group; ``None`` uses all other groups together.
        totals: The ``word_group_totals`` table; when given, c and d are running words
            (with stopwords), otherwise the sums of the term counts.

    Returns:
        Columns term, count, count_other, per_10k, per_10k_other, log_ratio (binary log of
        the ratio of relative frequencies, 0.5 added to zero counts), g2 (signed: negative
        when the term is relatively rarer in ``group``), p_value (chi-squared, 1 d.f.);
        sorted by signed g2 (largest first), then term.
    """
    mine, theirs, _ = _group_counts(by_group, group_by, group, other)
    size_mine, size_theirs = float(mine.sum()), float(theirs.sum())
    if totals is not None:
        size_mine, size_theirs = _sizes_from_totals(totals, group_by, group, other)
    both = mine + theirs
    expected_mine = size_mine * both / (size_mine + size_theirs)
    expected_theirs = size_theirs * both / (size_mine + size_theirs)
    g2 = 2.0 * (_xlogx_over(mine, expected_mine) + _xlogx_over(theirs, expected_theirs))
    rate_mine = mine / size_mine
    rate_theirs = theirs / size_theirs
    sign = (rate_mine >= rate_theirs).map({True: 1.0, False: -1.0})
    log_ratio = (
        (mine.where(mine > 0, 0.5) / size_mine) / (theirs.where(theirs > 0, 0.5) / size_theirs)
    ).map(math.log2)
    frame = pd.DataFrame(
        {
            "term": mine.index.astype(str),
            "count": mine.to_numpy().astype("int64"),
            "count_other": theirs.to_numpy().astype("int64"),
            "per_10k": (rate_mine * PER).to_numpy(),
            "per_10k_other": (rate_theirs * PER).to_numpy(),
            "log_ratio": log_ratio.to_numpy(),
            "g2": (sign * g2).to_numpy(),
            "p_value": g2.map(lambda value: math.erfc(math.sqrt(max(value, 0.0) / 2))).to_numpy(),
        }
    )
    frame = frame.sort_values(["g2", "term"], ascending=[False, True], kind="mergesort")
    return frame.reset_index(drop=True)


def _xlogx_over(observed: pd.Series, expected: pd.Series) -> pd.Series:
    """Return observed * ln(observed / expected), with 0 where observed is 0."""
    safe = observed.where(observed > 0, 1.0) / expected.where(expected > 0, 1.0)
    return (observed * safe.map(math.log)).where(observed > 0, 0.0)


def _sizes_from_totals(
    totals: pd.DataFrame, group_by: str, group: str, other: str | None
) -> tuple[float, float]:
    block = totals[totals["group_by"] == group_by].set_index("group")["words"]
    mine = float(block.get(group, 0))
    theirs = float(block[block.index != group].sum() if other is None else block.get(other, 0))
    if mine <= 0 or theirs <= 0:
        raise ParameterError(f"No running words for {group!r} / {other or 'the rest'!r}.")
    return mine, theirs


@dataclass(frozen=True)
class GroupComparison:
    """Distinctive words of one group against the rest, ready for the chapter.

    Attributes:
        group_by: The grouping column.
        group: The group of interest ("" when there was nothing to compare).
        other: What it is compared with ("the rest").
        distinctive: :func:`distinctive_words` table (empty when there is one group only).
        keyness: :func:`keyness_g2` table (empty likewise).
        note: One sentence for the reader about what was compared.
    """

    group_by: str
    group: str
    other: str
    distinctive: pd.DataFrame
    keyness: pd.DataFrame
    note: str


def compare_group(
    by_group: pd.DataFrame, totals: pd.DataFrame, *, group_by: str, group: str = ""
) -> GroupComparison:
    """Compare one group (default: the one with most running words) against all others.

    Args:
        by_group: The ``word_frequencies_by_group`` table.
        totals: The ``word_group_totals`` table.
        group_by: The grouping column (must have been counted).
        group: The group of interest; "" picks the largest group with a value (the articles
            without one, ``(unknown)``, only when no other group is there).

    Raises:
        ParameterError: When ``group_by`` was not counted or ``group`` does not exist.
    """
    sizes = totals[totals["group_by"] == group_by]
    if sizes.empty:
        counted = sorted(set(totals["group_by"]) - {"corpus"})
        raise ParameterError(f"group_by {group_by!r} was not counted; counted: {counted}.")
    sizes = sizes.sort_values(["words", "group"], ascending=[False, True])
    groups = list(sizes["group"].astype(str))
    if group and group not in groups:
        raise ParameterError(f"group {group!r} not found for {group_by!r}; groups: {groups}.")
    known = [name for name in groups if name != UNKNOWN_GROUP]
    chosen = group or (known or groups)[0]
    if len(groups) < 2:
        empty = pd.DataFrame()
        note = (
            f"All articles share one value of {group_by!r} ({chosen}): nothing to compare. "
            "Set the `group_by` parameter to another article field to compare groups."
        )
        return GroupComparison(group_by, "", "", empty, empty, note)
    distinctive = distinctive_words(by_group, group_by=group_by, group=chosen)
    keyness = keyness_g2(by_group, group_by=group_by, group=chosen, totals=totals)
    note = (
        f"Articles with {group_by} = {chosen} compared with the other {len(groups) - 1} "
        f"group(s) of {group_by}."
    )
    return GroupComparison(group_by, chosen, "the rest", distinctive, keyness, note)


def glance_table(
    totals: pd.DataFrame, group_by: str, *, limit: int = 15
) -> tuple[pd.DataFrame, str]:
    """Return the corpus row and the ``limit`` largest groups of ``group_by``, with a note.

    The rows keep the order of ``word_group_totals`` (by group name). The note says how many
    groups were left out of the table (all of them are in the CSV); it is "" when none was.
    """
    corpus = totals[totals["group_by"] == "corpus"]
    groups = totals[totals["group_by"] == group_by]
    if len(groups) <= limit:
        return pd.concat([corpus, groups]), ""
    largest = groups.sort_values(["words", "group"], ascending=[False, True]).head(limit)
    shown = groups.loc[groups.index.isin(largest.index)]
    note = (
        f"{len(groups):,} groups of {group_by}: the {limit} with most running words are "
        "shown; all are in `word_group_totals.csv`."
    )
    return pd.concat([corpus, shown]), note


def choose_terms(
    frequencies: pd.DataFrame,
    terms: Sequence[str],
    *,
    n: int = 5,
    options: Mapping[str, Any] | None = None,
) -> list[str]:
    """Return the terms to follow: the user's (normalised) or the ``n`` most frequent."""
    if terms:
        return normalise_terms(terms, options=options)
    return list(frequencies.sort_values(["count", "term"], ascending=[False, True])["term"][:n])


def term_trends(
    by_group: pd.DataFrame,
    terms: Iterable[str],
    *,
    group_by: str = "month",
    options: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Return counts and per_10k of chosen terms in every group of ``group_by``.

    Terms are normalised like the counted terms ("Russia's" -> "russia", "U.S." -> "US",
    stemmed if ``options`` ask for it); groups where a term is absent get 0.

    Returns:
        Columns group, term, count, per_10k; sorted by group then term.
    """
    block = by_group[by_group["group_by"] == group_by]
    wanted = normalise_terms(terms, options=options)
    groups = sorted(set(block["group"]))
    index = pd.MultiIndex.from_product([groups, wanted], names=["group", "term"])
    found = block[block["term"].isin(wanted)].set_index(["group", "term"])[["count", "per_10k"]]
    frame = found.reindex(index, fill_value=0).reset_index()
    frame["count"] = frame["count"].astype("int64")
    frame["per_10k"] = frame["per_10k"].astype("float64")
    return frame


def query_tokenizer(options: Mapping[str, Any] | None = None) -> Tokenizer:
    """Return a tokenizer that normalises search words like the counted terms.

    Same case folding and stemming as ``options``, but nothing is removed (no stopwords,
    no minimum length, numbers kept), so that any word can be looked up.
    """
    chosen = word_options(options or {})
    return Tokenizer(
        TokenizerSettings(
            stopwords=frozenset(),
            case_fold=chosen.case_fold,
            min_length=1,
            keep_numbers=True,
            stem=chosen.stem,
            lemmatize=chosen.lemmatize,
        )
    )


def normalise_terms(
    terms: Iterable[str],
    tokenizer: Tokenizer | None = None,
    *,
    options: Mapping[str, Any] | None = None,
) -> list[str]:
    """Return user-given words as terms, keeping their order, without duplicates.

    Args:
        terms: Words or phrases as a user writes them ("Russia's", "U.S.", "central bank").
        tokenizer: The tokenizer to use; default :func:`query_tokenizer` of ``options``.
        options: The words options (case folding, stemming).
    """
    tokenizer = tokenizer or query_tokenizer(options)
    result: list[str] = []
    for word in terms:
        normalised = " ".join(term for term in tokenizer.query(word) if term)
        if normalised and normalised not in result:
            result.append(normalised)
    return result


def keyword_in_context(
    articles: Iterable[Article],
    terms: Iterable[str],
    *,
    width: int = 40,
    options: Mapping[str, Any] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Return every occurrence of chosen terms (or phrases) with its context.

    A term matches a token whose normalised term is the same ("Russia" finds "Russia's";
    "US" finds "U.S." but not "us"); a phrase ("prime minister") matches consecutive tokens.

    Args:
        articles: The articles to search.
        terms: Words or phrases, normalised like the counted terms.
        width: Characters of context on each side.
        options: The words options (stemming, case folding) to normalise with.
        limit: Stop after this many occurrences (in the order of ``articles``).

    Returns:
        Columns article_id, start, end, left, keyword, right; ``start``/``end`` are offsets
        into the article text (end exclusive); left/right have white space collapsed.
    """
    tokenizer = query_tokenizer(options)
    phrases = [tuple(phrase.split(" ")) for phrase in normalise_terms(terms, tokenizer)]
    rows: list[tuple[str, int, int, str, str, str]] = []
    for article in articles:
        if limit is not None and len(rows) >= limit:
            break
        text = article.text
        # Punctuation tokens stay in the list (term None) so that no phrase crosses them.
        tokens = list(tokenizer.tokens(text))
        words = [token.term for token in tokens]
        for phrase in phrases:
            size = len(phrase)
            for index in range(len(words) - size + 1):
                if tuple(words[index : index + size]) == phrase:
                    start, end = tokens[index].start, tokens[index + size - 1].end
                    rows.append(
                        (
                            article.article_id,
                            start,
                            end,
                            " ".join(text[max(0, start - width) : start].split()),
                            text[start:end],
                            " ".join(text[end : end + width].split()),
                        )
                    )
    columns = ["article_id", "start", "end", "left", "keyword", "right"]
    frame = pd.DataFrame(rows[:limit] if limit is not None else rows, columns=columns)
    return frame.sort_values(["article_id", "start"], kind="mergesort").reset_index(drop=True)
