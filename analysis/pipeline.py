"""Run the extractors over a corpus and produce tidy tables.

Each article is segmented once; every requested :class:`~analysis.model.Extractor` turns it
into a per-article result (cached on disk, keyed by the article, the options and the
extractor's version) that is folded into an accumulator. Batches of articles are processed in
worker processes (``engine="processes"``, the default) or in this process (``"serial"``); only
a bounded number of batches is in flight. Folding is order-independent and every table is
sorted, so all engines give identical tables.

Tables with a row per article, quote or mention are spooled (:mod:`analysis.spool`): each
run of :func:`extract` has a spool folder (option ``_spool_dir``, not part of any cache key)
where accumulators write sorted runs; an extractor with a ``finish_to(acc, options, folder)``
method merges them into row files there, so memory does not grow with the corpus. ``finish``
(the :class:`~analysis.model.Extractor` protocol) still returns DataFrames for direct use.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import itertools
import json
import os
import pickle
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis._lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported once the workers run (see analysis._lazy)

from analysis import __version__
from analysis.corpus import (
    READER_VERSION,
    CorpusPart,
    CorpusProblem,
    Fingerprint,
    ProblemLog,
    ReadOptions,
    corpus_parts,
    corpus_source_files,
    demo_corpus_path,
    finish_article,
    iter_articles,
    list_of_paths,
    read_part,
)
from analysis.errors import CorpusError, NewsreportError
from analysis.model import Article, Document, Extractor, article_field
from analysis.segment import count_chunk_words
from analysis.spool import (
    RENDER_OPTION,
    SPOOL_OPTION,
    PlainColumns,
    RowRuns,
    RowTable,
    TableSet,
    finish_rows,
    write_frame_csv,
)

ANALYSES: dict[str, str] = {
    "words": "analysis.frequencies:WORDS",
    "quotes": "analysis.quotes:QUOTES",
    "countries": "analysis.countries:COUNTRIES",
}
DEFAULT_ANALYSES: tuple[str, ...] = ("words", "quotes", "countries")
ENGINES = ("serial", "processes", "dask")
DERIVED_FIELDS = ("year", "month", "folder")
BATCH_ARTICLES = 256
BATCH_CHARS = 2_000_000


# --- the articles table -----------------------------------------------------------------


class ArticlesExtractor:
    """The ``articles`` table: one row per article with its metadata and sizes.

    Columns: article_id, path, title, author, source, date, n_paragraphs, n_sentences, n_words,
    year, month, folder (derived grouping fields), plus one column per metadata key found in
    the corpus.
    """

    name = "articles"
    version = "2"

    def extract(self, article: Article, doc: Document | None, options: Mapping[str, Any]) -> dict:
        """Return the article's row."""
        if doc is None:
            doc = Document(article.text)
        n_paragraphs, n_sentences = doc.counts()
        row: dict[str, Any] = {
            "article_id": article.article_id,
            "path": article.path,
            "title": article.title,
            "author": article.author,
            "source": article.source,
            "date": article.date,
            "n_paragraphs": n_paragraphs,
            "n_sentences": n_sentences,
            "n_words": doc.n_words if doc.n_words is not None else count_chunk_words(doc.chunks),
        }
        # Grouping fields derived as every chapter derives them, so `group_by` means the
        # same in each (e.g. "folder": the BBC categories).
        for derived in DERIVED_FIELDS:
            row[derived] = article_field(article, derived) or None
        for key, value in sorted(article.metadata.items()):
            row.setdefault(f"meta_{key}" if key in row else key, value)
        return row

    def start(self, options: Mapping[str, Any]) -> ArticlesAccumulator:
        """Return an empty accumulator (rows spooled to the run's spool folder, if any)."""
        return ArticlesAccumulator(RowRuns("articles", _by_article_id, options.get(SPOOL_OPTION)))

    def add(self, acc: ArticlesAccumulator, article: Article, result: dict) -> ArticlesAccumulator:
        """Add the article's row, held as its (column names, values) pair."""
        values = tuple(result.values())
        shape = (tuple(result), tuple(map(type, values)))
        seen = acc.shapes.get(shape)
        if seen is None:
            seen = acc.shapes[shape] = [1, result, shape[0]]
        else:
            seen[0] += 1
        acc.rows.append((seen[2], values))  # one names tuple per shape: pickled once a frame
        return acc

    def merge(self, acc: ArticlesAccumulator, other: ArticlesAccumulator) -> ArticlesAccumulator:
        """Merge two accumulators (rows are sorted in ``finish``)."""
        acc.rows.merge(other.rows)
        for shape, (count, first, names) in other.shapes.items():
            seen = acc.shapes.get(shape)
            if seen is None:
                acc.shapes[shape] = [count, first, names]
            else:
                seen[0] += count
        return acc

    def finish(
        self, acc: ArticlesAccumulator, options: Mapping[str, Any]
    ) -> dict[str, pd.DataFrame]:
        """Return the ``articles`` table sorted by article id."""
        return {"articles": articles_frame(_row_dicts(acc.rows.sorted_rows()), _columns(acc))}

    def finish_to(
        self, acc: ArticlesAccumulator, options: Mapping[str, Any], folder: Path
    ) -> dict[str, RowTable]:
        """Write the ``articles`` table as a sorted row file in ``folder``."""
        columns = _columns(acc)
        build = partial(_pairs_frame, columns=columns)
        dtypes = _article_dtypes(acc, columns)
        plain = PlainColumns(columns, pairs=True)
        # The shapes tell every column's value types over the whole table: checked once,
        # not per chunk; rows of every column are in column order when all such shapes are.
        kinds: dict[str, set[type]] = {column: set() for column in columns}
        for names, types in acc.shapes:  # (names, types) keys
            for column in columns:
                kinds[column].add(types[names.index(column)] if column in names else type(None))
        complete = [names for names, _ in acc.shapes if len(names) == len(columns)]
        plain = replace(
            plain,
            whole=plain.table_is_plain(kinds, dtypes),
            ordered=len(columns) if all(names == columns for names in complete) else None,
        )
        render = bool(options.get(RENDER_OPTION))
        return {"articles": finish_rows(acc.rows, folder, build, dtypes, plain, render=render)}


@dataclass
class ArticlesAccumulator:
    """Article rows (spooled) and their shapes: which columns a row has, of which types.

    A row is held as a pair: the tuple of its column names (one tuple object per shape, so
    that pickling writes it once per frame) and the tuple of its values. Such rows pickle
    1.3x and unpickle 1.7x faster than dicts (the table of 5x Reuters finishes with 22% less
    CPU), and a row with every column in column order is written to the CSV as it is.

    Per shape, the number of rows, the first row (a dict) and the names tuple: from them
    :func:`_column_counts` tells how many rows have each column and a value of each type,
    which fix the dtype pandas gives each column over the whole table, so that the CSV
    written in chunks formats every value as the whole table would. (One dict lookup per
    row, not one per column.)
    """

    rows: RowRuns
    shapes: dict[tuple[tuple[str, ...], tuple[type, ...]], list[Any]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """The number of rows."""
        return sum(seen[0] for seen in self.shapes.values())


def _column_counts(
    acc: ArticlesAccumulator,
) -> tuple[dict[str, int], dict[tuple[str, str], Any]]:
    """Return how many rows have each column, and the first value of each column and type."""
    columns: dict[str, int] = {}
    examples: dict[tuple[str, str], Any] = {}
    for (names, _), (count, first, _) in acc.shapes.items():
        for column in names:
            columns[column] = columns.get(column, 0) + count
            value = first[column]
            examples.setdefault((column, type(value).__name__), value)
    return columns, examples


_BASE_COLUMNS = (
    "article_id", "path", "title", "author", "source", "date",
    "n_paragraphs", "n_sentences", "n_words", *DERIVED_FIELDS,
)  # fmt: skip


ArticleRow = tuple[tuple[str, ...], tuple[Any, ...]]
"""A row of the ``articles`` table as it is spooled: (column names, values)."""


def _by_article_id(row: ArticleRow) -> str:
    names, values = row
    return str(values[0] if names[0] == "article_id" else values[names.index("article_id")])


def _row_dicts(rows: Iterable[ArticleRow]) -> list[dict[str, Any]]:
    return [dict(zip(names, values, strict=True)) for names, values in rows]


def _pairs_frame(rows: list[ArticleRow], columns: Sequence[str]) -> pd.DataFrame:
    """Return spooled (names, values) article rows as the ``articles`` frame."""
    return articles_frame(_row_dicts(rows), columns)


def _columns(acc: ArticlesAccumulator) -> tuple[str, ...]:
    columns, _ = _column_counts(acc)
    extra = sorted(column for column in columns if column not in _BASE_COLUMNS)
    return (*_BASE_COLUMNS, *extra)


def articles_frame(rows: list[dict], columns: Sequence[str]) -> pd.DataFrame:
    """Return article rows (already sorted by id) as the ``articles`` frame."""
    frame = pd.DataFrame(rows, columns=None if rows else list(columns))
    return frame.reindex(columns=list(columns)).reset_index(drop=True)


def _article_dtypes(acc: ArticlesAccumulator, columns: Sequence[str]) -> dict[str, Any]:
    """Return the dtype of each column in the whole table, inferred from a few sample rows."""
    dtypes: dict[str, Any] = {}
    counts, examples = _column_counts(acc)
    total = acc.count
    for column in columns:
        sample: list[dict] = [{column: v} for (c, _), v in examples.items() if c == column]
        if counts.get(column, 0) < total:
            sample.append({})  # some rows lack the column: a missing value in the whole
        dtypes[column] = articles_frame(sample, [column])[column].dtype if sample else object
    return dtypes


ARTICLES = ArticlesExtractor()


def get_extractor(name: str) -> Extractor:
    """Return the extractor registered under ``name`` (imported on first use)."""
    if name == "articles":
        return ARTICLES
    if name not in ANALYSES:
        known = ", ".join(ANALYSES)
        raise NewsreportError(f"unknown analysis {name!r}: choose from {known}")
    module_name, _, attribute = ANALYSES[name].partition(":")
    module = importlib.import_module(module_name)
    extractor: Extractor = getattr(module, attribute)
    return extractor


def available_analyses() -> list[str]:
    """Return the registered analyses whose modules import (others are not built yet)."""
    names = []
    for name in ANALYSES:
        try:
            get_extractor(name)
        except (ImportError, AttributeError):
            continue
        names.append(name)
    return names


# --- the per-article cache --------------------------------------------------------------


def default_cache_dir() -> Path:
    """Return ``$XDG_CACHE_HOME/newsreport`` (``~/.cache/newsreport`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsreport"


class ResultCache:
    """Per-article extraction results in one SQLite file, safe for several processes."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "results-v1.sqlite"
        self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB)")
        self.hits = 0
        self.misses = 0

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """Return the cached results among ``keys``."""
        found: dict[str, Any] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, value FROM results WHERE key IN ({marks})"
            for key, value in self._db.execute(query, chunk):
                try:
                    found[key] = pickle.loads(value)
                except Exception:  # noqa: BLE001 - a stale or corrupt entry is a miss
                    continue
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        return found

    def put_many(self, items: Iterable[tuple[str, Any]]) -> None:
        """Store results (protocol-5 pickles)."""
        rows = [(key, pickle.dumps(value, protocol=5)) for key, value in items]
        if rows:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", rows)

    def close(self) -> None:
        """Close the database."""
        self._db.close()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the ``analysis`` package's code and resource files.

    Part of every cache key, so that results cached by other code (a newer rule, an edited
    word list) are never served: the extractors' ``version`` marks only deliberate changes.
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = [*package.rglob("*.py"), *(package / "resources").glob("*.t[sx]t")]
    for file in sorted(files):
        if "__pycache__" in file.parts:
            continue
        digest.update(b"\0" + file.relative_to(package).as_posix().encode())
        digest.update(b"\0" + file.read_bytes())
    return digest.hexdigest()


def _options_digest(name: str, version: str, options: Mapping[str, Any]) -> bytes:
    options = {k: v for k, v in options.items() if k not in (SPOOL_OPTION, RENDER_OPTION)}
    payload = [name, version, __version__, code_digest(), options]
    return json.dumps(payload, sort_keys=True, default=str).encode("utf-8")


def cache_key(article: Article, extractor_digest: bytes) -> str:
    """Return the cache key of one article under one extractor + options."""
    digest = hashlib.sha256(extractor_digest)
    for value in (article.article_id, article.path, article.text, article.title, article.author):
        digest.update(b"\0" + str(value).encode("utf-8", "surrogatepass"))
    for extra in (article.source, article.date, sorted(article.metadata.items())):
        digest.update(b"\0" + str(extra).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def corpus_cache_key(
    path: Path,
    names: Sequence[str],
    options: Mapping[str, Any],
    read_options: ReadOptions,
    where: Mapping[str, str] | None,
) -> str | None:
    """Return a key for the whole extraction: the corpus files' bytes, options and versions.

    A re-run on unchanged files with the same options then loads the finished tables instead
    of touching every article. None when the files cannot be listed or read.
    """
    digest = hashlib.sha256()
    versions = [(name, get_extractor(name).version) for name in names]
    reading = [READER_VERSION, repr(replace(read_options, defer_text=False))]
    settings = [__version__, code_digest(), versions, options, *reading]
    digest.update(
        json.dumps([*settings, sorted((where or {}).items())], sort_keys=True, default=str).encode()
    )
    try:
        for name, file in corpus_source_files(path, ProblemLog()):
            digest.update(b"\0" + name.encode("utf-8", "surrogateescape"))
            with file.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):  # noqa: B023
                    digest.update(block)
    except (OSError, ValueError, CorpusError):
        return None
    return digest.hexdigest()


def _load_extraction(cache_dir: Path, key: str) -> Extraction | None:
    """Return the stored extraction of ``key``: small tables pickled, row tables as files."""
    entry = cache_dir / "tables" / key
    try:
        with (entry / "extraction.pickle").open("rb") as handle:
            loaded = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a missing, stale or corrupt entry is a miss
        return None
    if not isinstance(loaded, Extraction) or not isinstance(loaded.tables, TableSet):
        return None
    loaded.tables = loaded.tables.relocated(entry)
    if not all(table.path.is_file() for table in loaded.tables.row_tables().values()):
        return None
    return loaded


def _store_extraction(cache_dir: Path, key: str, extraction: Extraction, work: Path) -> Extraction:
    """Make ``work`` (holding the row table files) the cache entry of ``key``, atomically.

    The entry is a folder: ``extraction.pickle`` (summary and small tables, row tables by
    file name) next to the row table files; it appears whole by one rename. Returns the
    extraction reading from the entry (another process's entry if it was stored first).
    """
    entry = cache_dir / "tables" / key
    stored = replace(extraction, tables=extraction.tables.relocated(Path()))
    with (work / "extraction.pickle").open("wb") as handle:
        pickle.dump(stored, handle, protocol=5)
    try:
        work.replace(entry)
    except OSError:  # stored meanwhile by another run, or a broken entry is in the way
        found = _load_extraction(cache_dir, key)
        if found is None:
            try:  # a broken entry (a row file lost): this run's tables replace it
                shutil.rmtree(entry)
                work.replace(entry)
                return replace(extraction, tables=extraction.tables.relocated(entry))
            except OSError:
                return replace(extraction, tables=extraction.tables.relocated(work, owned=True))
        shutil.rmtree(work, ignore_errors=True)
        hits, misses = extraction.cache_hits, extraction.cache_misses
        return replace(found, cache_hits=hits, cache_misses=misses)
    return replace(extraction, tables=extraction.tables.relocated(entry))


def _work_folder(cache_dir: Path | None, key: str | None) -> Path:
    """Return a new folder for the run's spool and row tables.

    With a cache entry to store, it sits in the cache's ``tables`` folder, so that it becomes
    the entry by a rename; otherwise in the temporary folder (``$TMPDIR``).
    """
    if cache_dir is not None and key is not None:
        parent = cache_dir / "tables"
        parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(parent, ".")
        return Path(tempfile.mkdtemp(prefix=f".{key}.", dir=parent))
    _remove_abandoned(Path(tempfile.gettempdir()), "newsreport-")
    return Path(tempfile.mkdtemp(prefix="newsreport-"))


ABANDONED_AFTER = 7 * 24 * 3600
"""Age (seconds) after which a work folder of a killed run is removed by a later run."""


def _remove_abandoned(parent: Path, prefix: str) -> None:
    """Remove work folders that a killed run left (untouched for :data:`ABANDONED_AFTER`)."""
    now = time.time()
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(prefix) and p.is_dir()]
    except OSError:
        return
    for folder in candidates:
        try:
            newest = max([folder.stat().st_mtime] + [p.stat().st_mtime for p in folder.iterdir()])
        except OSError:
            continue
        if now - newest > ABANDONED_AFTER:
            shutil.rmtree(folder, ignore_errors=True)


# --- batches ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    names: tuple[str, ...]
    options: Mapping[str, Any]
    cache_dir: str | None
    read_options: ReadOptions = field(default_factory=ReadOptions)


@dataclass
class BatchResult:
    """What one batch gives back: accumulators, cache counts, fingerprint and problems."""

    accs: dict[str, Any]
    hits: int = 0
    misses: int = 0
    fingerprint: Fingerprint = field(default_factory=Fingerprint)
    problems: list[CorpusProblem] = field(default_factory=list)
    warnings: list[CorpusProblem] = field(default_factory=list)
    id_hashes: list[np.ndarray] = field(default_factory=list)

    def merge(self, other: BatchResult, names: Sequence[str]) -> BatchResult:
        """Fold another batch's result into this one."""
        self.accs = _merge_accs(names, self.accs, other.accs)
        self.id_hashes.extend(other.id_hashes)
        self.hits += other.hits
        self.misses += other.misses
        self.fingerprint.merge(other.fingerprint)
        self.problems.extend(other.problems)
        self.warnings.extend(other.warnings)
        return self


COLLECTOR_THRESHOLDS = (50_000, 20, 20)
"""Python's cyclic garbage collector thresholds while a worker folds articles.

Extraction allocates millions of short-lived tuples, lists and dicts and hardly ever makes
a reference cycle; with the default thresholds (700, 10, 10) the collector runs every 700
allocations and spends about 7% of a serial all-analyses run on Reuters scanning them.
"""


def _worker_collections() -> None:
    """Set a worker process's collector thresholds to :data:`COLLECTOR_THRESHOLDS` for good.

    Restored to the defaults between two tasks, a threshold of 700 made the young objects of
    the last task (the caches' new entries: up to 50,000 objects) be walked at once: 15
    collections of 26 ms each in a worker of a 5x Reuters run, and two older-generation
    collections of 70 ms.
    """
    gc.set_threshold(*COLLECTOR_THRESHOLDS)


def _few_collections(function: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``function`` with :data:`COLLECTOR_THRESHOLDS`, restoring the caller's after."""

    @wraps(function)
    def tuned(*args: Any, **kwargs: Any) -> Any:
        before = gc.get_threshold()
        gc.set_threshold(*COLLECTOR_THRESHOLDS)
        try:
            return function(*args, **kwargs)
        finally:
            gc.set_threshold(*before)

    return tuned


@_few_collections
def _process_batch(
    job: _Job, articles: Sequence[Article], into: BatchResult | None = None
) -> BatchResult:
    """Normalise, extract and fold one batch of articles (in a worker process).

    Each extractor runs over the whole batch before the next one, which keeps its caches
    warm. An article is segmented at most once, and only if an extractor that needs the
    :class:`Document` has no cached result for it (the words analysis does without). The
    articles table runs last, so it reuses the others' segmentation, and the word counts
    that the words analysis leaves on the documents.
    """
    log = ProblemLog(strict=job.read_options.strict)
    fingerprint = into.fingerprint if into is not None else Fingerprint()
    ready: list[Article] = []
    for article in articles:
        finished = finish_article(article, job.read_options, log)
        if finished is not None:
            fingerprint.update(finished)
            ready.append(finished)
    # the articles table last: it reuses the segmentation and the word counts of the others
    names = sorted(job.names, key=lambda name: name == ARTICLES.name)
    extractors = [get_extractor(name) for name in names]
    cache = ResultCache(Path(job.cache_dir)) if job.cache_dir else None
    keys: dict[tuple[str, str], str] = {}
    cached: dict[str, Any] = {}
    if cache is not None:
        digests = {e.name: _options_digest(e.name, e.version, job.options) for e in extractors}
        keys = {
            (e.name, a.article_id): cache_key(a, digests[e.name]) for e in extractors for a in ready
        }
        cached = cache.get_many(list(keys.values()))
    docs: list[Document | None] = [None] * len(ready)
    fresh: list[tuple[str, Any]] = []
    accs: dict[str, Any] = into.accs if into is not None else {}
    for extractor in extractors:
        acc = accs[extractor.name] if extractor.name in accs else extractor.start(job.options)
        for index, article in enumerate(ready):
            key = keys.get((extractor.name, article.article_id))
            if key is not None and key in cached:
                result = cached[key]
            else:
                doc = docs[index]
                if doc is None:  # segmented on first use, shared by the extractors
                    doc = docs[index] = Document(article.text)
                result = extractor.extract(article, doc, job.options)
                if key is not None:
                    fresh.append((key, result))
            acc = extractor.add(acc, article, result)
        accs[extractor.name] = acc
    hits, misses = (cache.hits, cache.misses) if cache else (0, len(ready) * len(extractors))
    if cache:
        cache.put_many(fresh)
        cache.close()
    if into is None:
        return BatchResult(accs, hits, misses, fingerprint, log.problems, log.warnings)
    into.hits += hits
    into.misses += misses
    into.problems.extend(log.problems)
    into.warnings.extend(log.warnings)
    return into


@_few_collections
def _process_part(
    job: _Job,
    part: CorpusPart,
    root: str,
    where: Mapping[str, str],
    into: BatchResult | None = None,
) -> BatchResult:
    """Worker task: read one part of the corpus, extract and fold all its articles.

    The result (``into``, if given, folded further) carries a 64-bit hash of every article
    id, so that the caller can check that ids are unique across parts (within a part they
    are made unique as they are read).
    """
    log = ProblemLog(strict=job.read_options.strict)
    total = into if into is not None else BatchResult({})
    ids: list[int] = []

    # the worker reads the text itself: normalised as it is read, nothing to defer
    read_options = replace(job.read_options, defer_text=False)

    def selected() -> Iterator[Article]:
        for article in read_part(part, Path(root), read_options, log):
            # every id read counts, kept or not: the stream renames repeats before `where`
            ids.append(_id_hash(article.article_id))
            if not where or matches(article, where):
                yield article

    for batch in _batches(selected()):
        _process_batch(job, batch, into=total)
    total.problems.extend(log.problems)
    total.warnings.extend(log.warnings)
    total.id_hashes.append(np.asarray(ids, dtype=np.uint64))
    return total


def _id_hash(article_id: str) -> int:
    digest = hashlib.blake2b(article_id.encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "little")


def _batches(articles: Iterable[Article]) -> Iterator[list[Article]]:
    batch: list[Article] = []
    size = 0
    for article in articles:
        batch.append(article)
        size += len(article.text)
        if len(batch) >= BATCH_ARTICLES or size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


# --- extraction -------------------------------------------------------------------------


@dataclass
class CorpusSummary:
    """What was read: for provenance and the report's appendix."""

    path: str
    articles: int
    fingerprint: str
    problems: list[CorpusProblem] = field(default_factory=list)
    warnings: list[CorpusProblem] = field(default_factory=list)


@dataclass
class Extraction:
    """The result of :func:`extract`: tables by name, the corpus summary and cache counts.

    ``tables`` is a :class:`~analysis.spool.TableSet`: row tables (articles, quotes, country
    mentions, speaker share) stay on disk until a DataFrame is asked for
    (``extraction.tables["quotes"]``); :func:`write_tables` writes them without building one.
    """

    tables: TableSet
    corpus: CorpusSummary
    cache_hits: int = 0
    cache_misses: int = 0
    corpus_cache_hit: bool = False

    def __post_init__(self) -> None:
        """Accept a plain dict of DataFrames as ``tables``."""
        if not isinstance(self.tables, TableSet):
            self.tables = TableSet(self.tables)


CorpusArgument = str | Path | Sequence[str | Path] | None
"""A corpus as the library functions take it: a path, several paths, or None (the demo)."""


def resolve_corpus(corpus: CorpusArgument) -> Path:
    """Return the corpus path, the bundled demo corpus for None, "" or no path.

    Several paths are read as one corpus: a list of them (:func:`~analysis.corpus.list_of_paths`)
    is written once in the cache folder's ``lists`` and returned.
    """
    if corpus is None or isinstance(corpus, (str, Path)):
        paths = [] if corpus is None or str(corpus) == "" else [corpus]
    else:
        paths = [path for path in corpus if str(path) != ""]
    if not paths:
        return demo_corpus_path()
    if len(paths) == 1:
        return Path(paths[0])
    return list_of_paths(paths, default_cache_dir() / "lists")


def extract(
    corpus: CorpusArgument = None,
    *,
    analyses: Sequence[str] | None = None,
    options: Mapping[str, Any] | None = None,
    read_options: ReadOptions | None = None,
    engine: str = "processes",
    jobs: int | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    progress: bool = False,
    where: Mapping[str, str] | None = None,
    scheduler: str | None = None,
    render: bool = False,
) -> Extraction:
    """Extract the tables of ``analyses`` (plus ``articles``) from a corpus.

    Args:
        corpus: Folder, file or list of files, or several of them (read as one list);
            None or "" for the bundled demo corpus.
        analyses: Names from :data:`ANALYSES` (None: every available one).
        options: Extraction options (a flat dict; each extractor documents its keys).
        read_options: How to read the corpus (field names, strict mode).
        engine: "serial", "processes" (default, all cores) or "dask".
        jobs: Worker processes for "processes" (default: the number of cores).
        cache_dir: Cache folder (default :func:`default_cache_dir`).
        use_cache: Read and write the per-article cache.
        progress: Show a progress bar over articles on stderr.
        scheduler: Address of a Dask scheduler for ``engine="dask"`` (None: a local cluster).
        where: Keep only articles whose field equals the value, e.g. ``{"source": "X"}``
            (fields: source, author, year, month, date, or any metadata key).
        render: Also write each table's CSV as it is finished, in the process that finishes
            it (the extractors side by side), so that :func:`write_tables` only copies
            files. For callers that write the tables next (the CLI, the report).

    Returns:
        The tables, the corpus summary and the cache hit/miss counts.
    """
    if engine not in ENGINES:
        raise NewsreportError(f"unknown engine {engine!r}: choose from {', '.join(ENGINES)}")
    if analyses is None:
        analyses = available_analyses()
    for name in analyses:
        get_extractor(name)  # fail before reading anything
    path = resolve_corpus(corpus)
    read_options = replace(read_options or ReadOptions(), defer_text=engine != "serial")
    folder = (Path(cache_dir) if cache_dir else default_cache_dir()) if use_cache else None
    key = None
    if folder is not None and path.exists():
        names = ("articles", *analyses)
        key = corpus_cache_key(path, names, dict(options or {}), read_options, where)
        found = _load_extraction(folder, key) if key else None
        if found is not None:  # every per-article result is, in effect, served from cache
            found.corpus_cache_hit = True
            found.cache_hits, found.cache_misses = found.cache_hits + found.cache_misses, 0
            return found
    store = key is not None and not read_options.strict
    work = _work_folder(folder if store else None, key)
    try:
        result = _extract_into(
            work, path, analyses, options, read_options, engine, jobs, cache_dir, use_cache,
            progress, where, scheduler, render,
        )  # fmt: skip
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if folder is not None and key is not None and store:
        return _store_extraction(folder, key, result, work)
    result.tables = result.tables.relocated(work, owned=True)
    return result


def _extract_into(
    work: Path,
    path: Path,
    analyses: Sequence[str],
    options: Mapping[str, Any] | None,
    read_options: ReadOptions,
    engine: str,
    jobs: int | None,
    cache_dir: str | Path | None,
    use_cache: bool,
    progress: bool,
    where: Mapping[str, str] | None,
    scheduler: str | None,
    render: bool = False,
) -> Extraction:
    """Run the extraction; row tables are written into ``work`` (its ``runs`` spool removed)."""
    spool = work / "runs"
    spool.mkdir()
    log = ProblemLog(strict=read_options.strict)
    job = _Job(
        names=("articles", *analyses),
        options={**dict(options or {}), SPOOL_OPTION: str(spool), RENDER_OPTION: render},
        cache_dir=str(Path(cache_dir) if cache_dir else default_cache_dir()) if use_cache else None,
        read_options=read_options,
    )

    def articles() -> Iterator[Article]:
        for article in iter_articles(path, options=read_options, log=log):
            if where and not matches(article, where):
                continue
            yield article

    stream = _with_progress(articles(), progress)
    try:
        if engine == "dask":
            from analysis.engines import run_dask  # optional dependency

            total = run_dask(
                job, path, read_options, where or {}, scheduler=scheduler, jobs=jobs, log=log,
                stream=_batches(stream),
            )  # fmt: skip
        elif (
            parallel := _run_in_parts(job, path, where or {}, jobs, engine, progress)
        ) is not None:
            total, part_log = parallel
            log.problems.extend(part_log.problems)
            log.warnings.extend(part_log.warnings)
        else:
            batches = _batches(stream)
            first = list(itertools.islice(batches, 2))
            batches = itertools.chain(first, batches)
            workers = jobs or os.cpu_count() or 1
            if engine == "processes" and workers > 1 and len(first) > 1:
                total = _run_processes(job, batches, workers)
            else:  # one batch is not worth starting worker processes
                total = _run_serial(job, batches)
        tables = _finish_tables(job, total, work, table_workers(engine, jobs))
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    order = lambda problem: (problem.path, problem.line or 0)  # noqa: E731
    summary = CorpusSummary(
        path=str(path),
        articles=total.fingerprint.articles,
        fingerprint=total.fingerprint.hexdigest(),
        problems=sorted([*log.problems, *total.problems], key=order),
        warnings=sorted([*log.warnings, *total.warnings], key=order),
    )
    hits, misses = total.hits, total.misses
    return Extraction(tables=tables, corpus=summary, cache_hits=hits, cache_misses=misses)


def _finish_tables(job: _Job, total: BatchResult, folder: Path, workers: int = 1) -> TableSet:
    """Finish every accumulator; row tables go to files in ``folder`` when the extractor can.

    With ``workers`` > 1, the extractors finish side by side in forked processes (merging
    a big corpus's sorted runs takes seconds per table); the tables are the same. With the
    :data:`~analysis.spool.RENDER_OPTION`, each process also writes the CSVs of the tables
    it finished.
    """
    names = _longest_first(job.names)
    # an extractor without ``finish_to`` makes frames held in memory: finished here, they are
    # not pickled back from a child (the words analysis' tables: 15 MB on 5x Reuters)
    here = [i for i, name in enumerate(names) if not hasattr(get_extractor(name), "finish_to")]
    finished = fork_map(_finish_one, names, (job, total, folder), workers, here)
    tables: dict[str, pd.DataFrame | RowTable] = {}
    rendered: dict[str, Path] = {}
    for part, csv_files in finished:
        tables.update(part)
        rendered.update(csv_files)
    return TableSet(tables, rendered=rendered)


_FINISH_ORDER = ("quotes", "articles", "words", "countries")
"""Extractors by the time their tables take to finish, longest first (on 5x Reuters: 0.9,
0.55, 0.5 and 0.35 s; the quotes table has a row and its text per quote)."""


def _longest_first(names: Sequence[str]) -> list[str]:
    """``names`` in :data:`_FINISH_ORDER`, the others after them in their order.

    :func:`fork_map` starts the items in order: with the longest first, two processes end
    together (on 5x Reuters: 2.0 s instead of 2.7 s, when the quotes came last).
    """
    known = [name for name in _FINISH_ORDER if name in names]
    return known + [name for name in names if name not in _FINISH_ORDER]


def table_workers(engine: str, jobs: int | None) -> int:
    """Processes that finish and write the tables at the end of a run of ``engine``."""
    return 1 if engine == "serial" else jobs or os.cpu_count() or 1


@_few_collections
def _finish_one(
    state: tuple[_Job, BatchResult, Path], name: str
) -> tuple[dict[str, pd.DataFrame | RowTable], dict[str, Path]]:
    """Finish one extractor's accumulator, and render its CSVs (see :func:`_finish_tables`)."""
    job, total, folder = state
    extractor = get_extractor(name)
    acc = total.accs.get(name, extractor.start(job.options))
    finish_to = getattr(extractor, "finish_to", None)
    if finish_to is not None:
        tables = dict(finish_to(acc, job.options, folder))
    else:
        tables = dict(extractor.finish(acc, job.options))
    if not job.options.get(RENDER_OPTION):
        return tables, {}
    finished = TableSet(tables)  # row tables may have written theirs as they were merged
    return tables, {t: finished.rendered(t) or finished.render(t, folder) for t in tables}


_FORKED: list[Any] = []
"""The state of the running :func:`fork_map` (reaches its forked children by fork)."""


def fork_map(
    function: Callable[[Any, Any], Any],
    items: Sequence[Any],
    state: Any,
    workers: int,
    here_first: Sequence[int] = (),
) -> list[Any]:
    """Return ``[function(state, item) for item in items]``, side by side in forked processes.

    ``state`` reaches the children by fork, not by pickling (it may be big: accumulators,
    tables). This process and ``workers - 1`` forked children take the items in the order
    given (put the longest first), each the next one not yet taken as it is free; this process
    first takes the items at the indices ``here_first``. The results of the children are
    pickled back, those of this process are not (give it the items with big results: the
    words analysis' tables, 15 MB pickled on 5x Reuters, took 0.2 s to come back). Runs in
    this process only with one worker, one item, or where processes cannot be forked.
    """
    import multiprocessing

    workers = min(workers, len(items))
    if workers < 2 or _FORKED or "fork" not in multiprocessing.get_all_start_methods():
        return [function(state, item) for item in items]
    context = multiprocessing.get_context("fork")
    taken = context.Array("b", len(items))  # 1: the item was started by some process
    _FORKED.append((function, items, state, taken))
    try:
        with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
            children = [pool.submit(_forked_items) for _ in range(workers - 1)]
            results = dict(_take_items(function, items, state, taken, here_first))
            for child in children:
                results.update(child.result())
    finally:
        _FORKED.clear()
    return [results[index] for index in range(len(items))]


def _take_items(
    function: Callable[[Any, Any], Any],
    items: Sequence[Any],
    state: Any,
    taken: Any,
    first: Sequence[int] = (),
) -> list[tuple[int, Any]]:
    """Run items not yet taken, one at a time (``first`` first, then in order).

    Returns (index, result) of each item run here.
    """
    done: list[tuple[int, Any]] = []
    while True:
        with taken.get_lock():
            index = next((i for i in (*first, *range(len(items))) if not taken[i]), None)
            if index is not None:
                taken[index] = 1
        if index is None:
            return done
        done.append((index, function(state, items[index])))


def _forked_items() -> list[tuple[int, Any]]:
    return _take_items(*_FORKED[0])


def matches(article: Article, where: Mapping[str, str]) -> bool:
    """True if the article has every ``field: value`` of ``where``."""
    return all(article_field(article, key) == value for key, value in where.items())


def group_values(
    corpus: CorpusArgument, field_name: str, *, read_options: ReadOptions | None = None
) -> list[str]:
    """Return the sorted distinct values of a grouping field over a corpus ("" = none)."""
    path = resolve_corpus(corpus)
    log = ProblemLog(strict=False)
    values = {
        article_field(a, field_name) for a in iter_articles(path, options=read_options, log=log)
    }
    return sorted(values)


def _with_progress(articles: Iterator[Article], progress: bool) -> Iterator[Article]:
    """Count articles on a progress bar, shown only once the stream is read.

    The engines that read the corpus in parts never read the stream: they show parts.
    """
    if not progress:
        return articles

    def counted() -> Iterator[Article]:
        from tqdm import tqdm

        with tqdm(desc="articles", unit=" art", mininterval=0.5) as bar:
            for article in articles:
                bar.update(1)
                yield article

    return counted()


def _merge_accs(
    names: Sequence[str], accs: dict[str, Any], other: dict[str, Any]
) -> dict[str, Any]:
    for name in names:
        if name not in other:  # a part with no (selected) article folded nothing
            continue
        extractor = get_extractor(name)
        if name in accs:
            accs[name] = extractor.merge(accs[name], other[name])
        else:
            accs[name] = other[name]
    return accs


def _run_serial(job: _Job, batches: Iterator[list[Article]]) -> BatchResult:
    total = BatchResult({})
    for batch in batches:
        _process_batch(job, batch, into=total)
    return total


PART_BYTES = 4_000_000
"""Largest corpus part a worker reads on its own (smaller for small corpora: balance).

A worker holds a part's bytes and folds the whole part into one accumulator, so this bounds
worker memory: with 16 MB parts a 5x corpus peaked at 1.5x the memory of 1x (3.4 MB parts),
with 4 MB parts at 1.2x, in the same time.
"""
MIN_PART_BYTES = 1_000_000
"""Smallest part: below it, starting a task costs more than reading the part."""


def _run_in_parts(
    job: _Job,
    path: Path,
    where: Mapping[str, str],
    jobs: int | None,
    engine: str,
    progress: bool,
) -> tuple[BatchResult, ProblemLog] | None:
    """Run the processes engine with workers reading their own parts of the corpus.

    Returns None when the corpus cannot be split (a single CSV, text or gzipped file, a
    strict run, one worker) or when its ids repeat across parts: the caller then reads the
    corpus in one stream, which renames repeated ids in corpus order.
    """
    workers = jobs or os.cpu_count() or 1
    if engine != "processes" or workers < 2 or job.read_options.strict or not path.exists():
        return None
    log = ProblemLog()
    parts = corpus_parts(path, log, target_bytes=part_size(workers, PART_BYTES))
    if not parts or len(parts) < 2:
        return None
    tasks = ((_process_part, job, part, str(path), dict(where)) for part in parts)
    total = _run_tasks(tasks, workers, job.names, _part_progress(len(parts), progress))
    if not ids_unique(total):
        return None  # an id repeats across parts: renaming must follow corpus order
    return total, log


def ids_unique(total: BatchResult) -> bool:
    """True if no article id repeats across the parts folded into ``total`` (then forgotten)."""
    hashes = np.concatenate(total.id_hashes) if total.id_hashes else np.empty(0, np.uint64)
    total.id_hashes = []
    return len(np.unique(hashes)) == len(hashes)


def part_size(workers: int, largest: int) -> Callable[[int], int]:
    """Part size as a function of the corpus size: about four parts per worker.

    At least :data:`MIN_PART_BYTES`, at most ``largest``.
    """
    return lambda corpus_bytes: max(
        MIN_PART_BYTES, min(largest, corpus_bytes // (4 * max(1, workers)))
    )


def _part_progress(parts: int, progress: bool) -> Any:
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=parts, desc="corpus parts", unit=" part", mininterval=0.5)


_FOLDS: dict[str, BatchResult] = {}
"""In a worker process: the fold of the tasks it ran for each run, by run token."""

HAND_OVER_ROUNDS = 100
"""Rounds of hand-over tasks after which a run gives up collecting its workers' folds."""


def _fold_task(token: str, function: Callable[..., BatchResult], *arguments: Any) -> int:
    """Worker: run a task, folding into this worker's result for the run; return the pid.

    Folding in the worker, not in the parent, means one accumulator per worker is pickled
    and merged at the end instead of one per task (26 parts of a 5x Reuters run).
    """
    _FOLDS[token] = function(*arguments, into=_FOLDS.get(token))
    return os.getpid()


def _hand_over(token: str) -> tuple[int, BatchResult | None]:
    """Worker: give up this worker's fold of the run (None if it holds none)."""
    found = _FOLDS.pop(token, None)
    if found is None:
        time.sleep(0.05)  # busy a moment, so that the next hand-over goes to a holder
    return os.getpid(), found


def _run_tasks(
    tasks: Iterator[tuple[Any, ...]], jobs: int, names: Sequence[str], bar: Any
) -> BatchResult:
    """Run ``(function, *arguments)`` tasks in ``jobs`` processes, at most ``2 * jobs`` at once.

    Each ``function`` takes an ``into`` keyword (a :class:`BatchResult` to fold into): a
    worker folds all the tasks it runs into one result, and hands it over at the end.
    """
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    token = os.urandom(8).hex()
    total = BatchResult({})
    holders: set[int] = set()
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_worker_collections
    ) as pool:
        pending: set[Future[Any]] = set()  # tasks: the pid of the worker that ran each
        handing: set[Future[Any]] = set()  # hand-overs: (pid, its fold or None)
        exhausted = False
        while pending or handing or not exhausted:
            while not exhausted and len(pending) < 2 * jobs:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                else:
                    pending.add(pool.submit(_fold_task, token, *task))
            # The workers are forked by now, without pandas: this process imports it (for
            # finishing the tables) while they run, not before they start (analysis._lazy).
            _ = pd.DataFrame
            if exhausted and holders and len(pending) + len(handing) < jobs:
                # no task left for an idle worker: it hands its results over while the others
                # finish theirs (a worker takes its tasks in order: none after its hand-over)
                handing.add(pool.submit(_hand_over, token))
            if not pending and not handing:
                break
            done, _ = wait(pending | handing, return_when=FIRST_COMPLETED)
            # a worker's task before its hand-over: then a holder who handed over is no more one
            for future in sorted(done, key=lambda future: future in handing):
                if future in handing:
                    handing.discard(future)
                    pid, folded = future.result()
                    if folded is not None:
                        total.merge(folded, names)
                        holders.discard(pid)
                    continue
                pending.discard(future)
                holders.add(future.result())
                if bar is not None:
                    bar.update(1)
        for _ in range(HAND_OVER_ROUNDS):
            if not holders:
                break
            # one task per worker: each idle worker takes one (a non-holder stays busy a moment)
            for handed in [pool.submit(_hand_over, token) for _ in range(jobs)]:
                pid, folded = handed.result()
                if folded is not None:
                    total.merge(folded, names)
                    holders.discard(pid)
        if holders:
            raise NewsreportError(f"{len(holders)} worker(s) did not hand over their results")
    if bar is not None:
        bar.close()
    return total


def _run_processes(job: _Job, batches: Iterator[list[Article]], jobs: int) -> BatchResult:
    """Run batches read here in ``jobs`` processes with at most ``2 * jobs`` in flight."""
    tasks = ((_process_batch, job, batch) for batch in batches)
    return _run_tasks(tasks, jobs, job.names, None)


# --- tables on disk ---------------------------------------------------------------------


def write_tables(
    tables: Mapping[str, pd.DataFrame], out_dir: str | Path, workers: int = 1
) -> list[Path]:
    """Write each table as ``<name>.csv`` (UTF-8, no index) into ``out_dir``; return the paths.

    Row tables of a :class:`~analysis.spool.TableSet` are streamed from disk in bounded
    memory, byte-identical to writing their DataFrame. A table whose CSV was written as it
    was finished (``extract(render=True)``) is copied. With ``workers`` > 1, the other tables
    are written side by side in forked processes, the biggest first.
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    names = sorted(tables)
    rendered = [n for n in names if isinstance(tables, TableSet) and tables.rendered(n)]
    for name in rendered:  # a copy of the CSV written as the table was finished
        _write_one((tables, folder), name)
    left = [name for name in names if name not in rendered]
    by_size = sorted(left, key=lambda name: -_table_cells(tables, name))
    fork_map(_write_one, by_size, (tables, folder), workers)
    return [folder / f"{name}.csv" for name in names]


def _table_cells(tables: Mapping[str, pd.DataFrame], name: str) -> int:
    """Return a table's rows x columns (without building a row table): its writing time.

    (Rows alone put 244,000 n-grams of 3 columns before 95,000 articles of 19.)
    """
    row_table = tables.row_table(name) if isinstance(tables, TableSet) else None
    if row_table is None:
        return int(tables[name].size)
    columns = len(row_table.plain.columns) if row_table.plain else len(row_table.dtypes)
    return row_table.rows * max(columns, 1)


def _write_one(state: tuple[Mapping[str, pd.DataFrame], Path], name: str) -> None:
    """Write one table of :func:`write_tables`."""
    tables, folder = state
    target = folder / f"{name}.csv"
    if isinstance(tables, TableSet):
        tables.write_csv(name, target)
    else:
        write_frame_csv(tables[name], target)


def read_tables(tables_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Read every ``*.csv`` of a tables folder back into DataFrames."""
    folder = Path(tables_dir)
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        tables[path.stem] = pd.read_csv(path, keep_default_na=False, na_values=[""])
    return tables


def load_tables(
    corpus: str | Path | None = "",
    *,
    tables_dir: str | Path | None = "",
    analyses: Sequence[str] = DEFAULT_ANALYSES,
    options: Mapping[str, Any] | None = None,
    progress: bool = False,
) -> MutableMapping[str, pd.DataFrame]:
    """Return the tables a notebook needs: read from ``tables_dir`` or extracted now.

    Extracted tables come as a :class:`~analysis.spool.TableSet`: each row table becomes a
    DataFrame on first access.

    The report runner extracts once and passes ``tables_dir``; a notebook opened on its own
    (JupyterLab, plain papermill) extracts its corpus here, using the per-article cache.
    """
    if tables_dir:
        tables = read_tables(tables_dir)
        missing = [name for name in analyses if not _has_tables(name, tables)]
        if not missing:
            return tables
    return extract(corpus, analyses=analyses, options=options, progress=progress).tables


_TABLES_OF = {
    "words": ("word_frequencies",),
    "quotes": ("quotes", "speaker_share"),
    "countries": ("country_mentions", "comentions"),
}


def _has_tables(analysis: str, tables: Mapping[str, pd.DataFrame]) -> bool:
    return all(name in tables for name in _TABLES_OF.get(analysis, (analysis,)))
