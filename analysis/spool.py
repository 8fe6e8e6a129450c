"""Row tables spooled to disk, so that extraction memory does not grow with the corpus.

Tables with one row per article, quote or country mention grow with the corpus. Their
accumulators (:class:`RowRuns`) keep at most :data:`SEAL_ROWS` rows in memory: the rows
are written, sorted by the table's sort key, to a *run* file in the run's spool folder (in
the worker, and at the latest when the accumulator is sent to the main process, so only file
names cross the process boundary). At the end a k-way merge of the sorted runs
(:func:`heapq.merge`) writes one sorted *table file* (:class:`RowTable`), from which the CSV
is written chunk by chunk and a DataFrame is built only when someone asks for it
(:class:`TableSet`).

Run and table files are streams of pickled lists of rows (plain tuples or dicts).
"""

from __future__ import annotations

import csv
import heapq
import itertools
import os
import pickle
import re
import shutil
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from analysis import native_function
from analysis._lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")  # imported once the workers run (see analysis._lazy)

SPOOL_OPTION = "_spool_dir"
"""Extraction option naming the run's spool folder (not part of any cache key)."""
RENDER_OPTION = "_render_csv"
"""Extraction option: row tables also write their CSV as their runs are merged (not part of
any cache key; see :func:`finish_rows`)."""

SEAL_ROWS = 5_000  # rows held in memory by one accumulator before they go to a run file
CHUNK_ROWS = 2_000  # rows per pickle frame of a table file, and per CSV chunk
RUN_FRAME_ROWS = 128  # rows per pickle frame of a run: a merge holds one frame per run
FAN_IN = 64  # runs merged at once; more runs are first merged in groups
CSV_OPTIONS: dict[str, Any] = {"index": False, "encoding": "utf-8", "lineterminator": "\n"}

Row = Any
SortKey = Callable[[Row], Any] | None
FrameBuilder = Callable[[list[Row]], "pd.DataFrame"]


# --- run files ----------------------------------------------------------------------------


def write_rows(path: Path, rows: Iterable[Row], frame_rows: int | None = None) -> int:
    """Write rows to ``path`` as pickled lists of ``frame_rows`` rows; return the row count."""
    return write_chunks(path, _chunks(rows, frame_rows or CHUNK_ROWS))


def write_chunks(path: Path, chunks: Iterable[list[Row]]) -> int:
    """Write lists of rows to ``path``, one pickle frame each; return the row count."""
    count = 0
    with path.open("wb") as handle:
        for chunk in chunks:
            pickle.dump(chunk, handle, protocol=5)
            count += len(chunk)
    return count


def read_rows(path: Path) -> Iterator[Row]:
    """Yield the rows of a run or table file, in order."""
    with path.open("rb") as handle:
        while True:
            try:
                chunk = pickle.load(handle)
            except EOFError:
                return
            yield from chunk


def _chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def merge_runs(
    runs: list[Path], key: SortKey, folder: Path, *, fan_in: int | None = None
) -> Iterator[Row]:
    """Yield the rows of sorted runs in key order (equal keys: in the order of ``runs``).

    A merge holds one frame of each run in memory. With more than ``fan_in`` runs, groups of
    runs are first merged into bigger runs in ``folder``, so that memory and open files stay
    bounded however many runs the corpus gave.
    """
    fan_in = max(2, fan_in or FAN_IN)
    while len(runs) > fan_in:
        merged = []
        for start in range(0, len(runs), fan_in):
            group = runs[start : start + fan_in]
            target = folder / f"merged-{uuid.uuid4().hex}.run"
            rows = heapq.merge(*(read_rows(run) for run in group), key=key)
            write_rows(target, rows, RUN_FRAME_ROWS)
            for run in group:
                run.unlink()
            merged.append(target)
        runs = merged
    return heapq.merge(*(read_rows(run) for run in runs), key=key)


# --- accumulators -------------------------------------------------------------------------


@dataclass
class RowRuns:
    """The rows of one table: sorted run files plus at most a batch of rows in memory.

    Attributes:
        table: Table name (used in run file names).
        key: Sort key of a row (picklable: a module-level function or ``operator.itemgetter``).
        spool: Spool folder, or None to keep every row in memory (direct use of an extractor).
        rows: Rows not yet written to a run.
        runs: Run files, each sorted by ``key``.
    """

    table: str
    key: SortKey
    spool: str | None = None
    rows: list[Row] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)

    def append(self, row: Row) -> None:
        """Add one row (written to a run once :data:`SEAL_ROWS` rows are held)."""
        self.rows.append(row)
        if len(self.rows) >= SEAL_ROWS:
            self.seal()

    def merge(self, other: RowRuns) -> RowRuns:
        """Take over the runs and rows of ``other``."""
        self.runs.extend(other.runs)
        self.rows.extend(other.rows)
        if len(self.rows) >= SEAL_ROWS:
            self.seal()
        return self

    def seal(self) -> None:
        """Write the rows held in memory to a sorted run file (when the spool folder exists).

        The folder may be missing where this runs (a Dask worker on another machine): the
        rows then stay in memory and are sealed by the process that receives them.
        """
        if not self.rows or self.spool is None or not os.path.isdir(self.spool):
            return
        target = Path(self.spool) / f"{self.table}-{os.getpid()}-{uuid.uuid4().hex}.run"
        write_rows(target, sorted(self.rows, key=self.key), RUN_FRAME_ROWS)
        self.runs.append(str(target))
        self.rows = []

    def __getstate__(self) -> dict[str, Any]:
        # Pickling is how an accumulator leaves a worker for the main process: the rows go
        # to a run file here, in the worker, and only the file names are sent.
        self.seal()
        return dict(self.__dict__)

    def sorted_rows(self) -> Iterator[Row]:
        """Yield every row in key order (runs merged with the rows still in memory)."""
        in_memory = sorted(self.rows, key=self.key)
        runs = [Path(run) for run in self.runs]
        if not runs:
            return iter(in_memory)
        # intermediate merges go next to the runs, into the spool folder
        merged = merge_runs(runs, self.key, runs[0].parent)
        return heapq.merge(merged, in_memory, key=self.key)


# --- finished tables ----------------------------------------------------------------------


@dataclass(frozen=True)
class RowTable:
    """A finished row table on disk: sorted rows and the function that makes them a frame.

    ``build(rows)`` returns the table's DataFrame for a list of consecutive rows; ``dtypes``
    (column -> dtype) fixes the dtype of columns whose inferred dtype could differ between a
    chunk of rows and the whole table, so that CSV chunks format values as the whole would.
    """

    path: Path
    build: FrameBuilder
    rows: int
    dtypes: Mapping[str, Any] = field(default_factory=dict)
    plain: PlainColumns | None = None
    csv: Path | None = None
    """The table's CSV, written as the rows were merged (see :func:`finish_rows`), if any."""

    def iter_rows(self) -> Iterator[Row]:
        """Yield the rows in table order."""
        return read_rows(self.path)

    def to_frame(self) -> pd.DataFrame:
        """Return the whole table as a DataFrame (memory grows with the table)."""
        return self.build(list(self.iter_rows()))

    def write_csv(self, target: Path) -> None:
        """Write the table as CSV, chunk by chunk, byte-identical to ``to_frame().to_csv``.

        A chunk of a :attr:`plain` table whose values pandas would write as they are goes
        straight to the ``csv`` writer (the one pandas uses) without building a frame. A
        table whose CSV was written as it was finished (:attr:`csv`) is copied.
        """
        if self.csv is not None and self.csv.is_file():
            if self.csv.resolve() != target.resolve():
                shutil.copyfile(self.csv, target)
            return
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = _CsvChunks(self, handle)
            for chunk in _chunks(self.iter_rows(), CHUNK_ROWS):
                writer.write(chunk)
            writer.close()


class _CsvChunks:
    """Writes a row table's CSV chunk by chunk (see :meth:`RowTable.write_csv`)."""

    def __init__(self, table: RowTable, handle: IO[str]) -> None:
        self.table = table
        self.handle = handle
        self.writer = csv.writer(handle, lineterminator=CSV_OPTIONS["lineterminator"])
        self.header = True
        plain = table.plain
        # tuple rows go to the C lines with the plain check of each column: one pass
        self.rules = (
            plain.rules(table.dtypes)
            if plain is not None and not plain.dicts and not plain.pairs
            and _native_csv_lines is not None and _CSV_QUOTING is not None
            else None
        )  # fmt: skip

    def write(self, chunk: list[Row]) -> None:
        """Write the CSV lines of consecutive rows (with the header line first)."""
        table = self.table
        native = _native_csv_lines
        if self.rules is not None and table.plain is not None and native is not None and chunk:
            end = CSV_OPTIONS["lineterminator"]
            text = native(chunk, _CSV_SPECIALS, end, False, self.rules)
            if text is not None:
                if self.header:
                    self.writer.writerow(table.plain.columns)
                    self.header = False
                self.handle.write(text)
                return
        values = table.plain.values(chunk, table.dtypes) if table.plain else None
        if values is not None and table.plain is not None:
            if self.header:
                self.writer.writerow(table.plain.columns)
            text = csv_lines(values)
            if text is None:
                self.writer.writerows(values)
            else:
                self.handle.write(text)
        else:
            frame = table.build(chunk)
            if table.dtypes:
                frame = frame.astype(dict(table.dtypes))
            frame.to_csv(self.handle, header=self.header, **CSV_OPTIONS)
        self.header = False

    def close(self) -> None:
        """Finish the CSV (a table without rows: the header line only)."""
        if self.header:
            self.table.build([]).to_csv(self.handle, **CSV_OPTIONS)


@dataclass(frozen=True)
class PlainColumns:
    """Declares that a table's ``build`` only puts rows in a frame of these columns.

    Rows are tuples in column order, dicts by column name (a missing key is missing), or
    pairs of (column names, values) tuples (a missing name is missing).
    Such a frame's CSV writes a string as it is, an integer (in a column of integers, or of
    integers and strings) in decimal, and a missing value as an empty field: what the
    ``csv`` writer does with the Python values. :meth:`values` gives the rows for the
    writer when every column of a chunk is of that kind, and None otherwise (a float, a
    bool, integers beside missing values, which pandas turns into floats...): the chunk is
    then written by pandas.

    Attributes:
        columns: The table's columns, in order.
        dicts: Rows are dicts (else tuples).
        pairs: Rows are (column names, values) pairs.
        none_is_empty: ``build`` leaves None missing (False when it makes it "None").
        whole: Every chunk is known to be of that kind (:meth:`table_is_plain` said so for
            the whole table): no chunk is checked.
        ordered: Pair rows with this many names hold every column in column order (their
            values are taken as they are).
    """

    columns: tuple[str, ...]
    dicts: bool = False
    pairs: bool = False
    none_is_empty: bool = True
    whole: bool = False
    ordered: int | None = None

    def values(self, chunk: list[Row], dtypes: Mapping[str, Any]) -> list[Any] | None:
        """Return the chunk's rows as lists of values for the ``csv`` writer, or None."""
        columns, ordered = self.columns, self.ordered
        if self.dicts:
            rows: list[Any] = [list(map(row.get, columns)) for row in chunk]
        elif self.pairs:
            rows = [
                values
                if len(names) == ordered
                else list(map(dict(zip(names, values, strict=True)).get, columns))
                for names, values in chunk
            ]
        else:
            rows = chunk
        if self.whole:
            return rows
        try:
            by_column = list(zip(*rows, strict=True)) if rows else []
        except ValueError:  # rows of different lengths
            return None
        if by_column and len(by_column) != len(self.columns):
            return None
        for index, column in enumerate(self.columns):
            kinds = set(map(type, by_column[index])) if by_column else set()
            if not self._as_is(column, kinds, dtypes):
                return None
        return rows

    def rules(self, dtypes: Mapping[str, Any]) -> bytes:
        """The check of :meth:`values` as one byte a column, for the C ``csv_lines``.

        Each byte sets the kinds of value that :meth:`_as_is` lets the column hold (str,
        int, None) and forbids None beside an int.
        """
        flags = {str: _CSV_STR, int: _CSV_INT, type(None): _CSV_NONE}
        rules = []
        for column in self.columns:
            allowed = _WRITTEN_AS_IS[_dtype_kind(dtypes.get(column)) if column in dtypes else "any"]
            if not self.none_is_empty:
                allowed = allowed - {type(None)}
            rules.append(sum(flags[kind] for kind in allowed) | _CSV_NOT_NONE_AND_INT)
        return bytes(rules)

    def table_is_plain(self, kinds: Mapping[str, set[type]], dtypes: Mapping[str, Any]) -> bool:
        """True if every chunk of a table with these value types per column is plain.

        ``kinds``: column -> the types of its values over the whole table (``NoneType`` for
        a row without it). A chunk's types are a subset of the table's, so the check of
        :meth:`values` holds for each chunk when it holds for the whole.
        """
        return all(self._as_is(column, kinds.get(column, set()), dtypes) for column in self.columns)

    def _as_is(self, column: str, kinds: set[type], dtypes: Mapping[str, Any]) -> bool:
        """True if the csv writer writes values of these types in the column as pandas does."""
        allowed = _WRITTEN_AS_IS[_dtype_kind(dtypes.get(column)) if column in dtypes else "any"]
        return kinds <= allowed and not (
            type(None) in kinds and (int in kinds or not self.none_is_empty)
        )


# the kinds of value in a byte of PlainColumns.rules (the enum of csv_lines in _native.c)
_CSV_STR, _CSV_INT, _CSV_NONE, _CSV_NOT_NONE_AND_INT = 1, 2, 4, 32

_WRITTEN_AS_IS: dict[str, set[type]] = {
    "any": {str, int, type(None)},  # the frame infers: strings, integers, or both (objects)
    "int": {int},  # an int64 column
    "text": {str, int, type(None)},  # an object or string column
    "other": set(),  # floats, bools, dates: pandas formats them
}


def _dtype_kind(dtype: Any) -> str:
    """Classify a column dtype for :data:`_WRITTEN_AS_IS`."""
    if dtype is object or dtype is str or isinstance(dtype, pd.StringDtype):
        return "text"
    if isinstance(dtype, np.dtype):
        if dtype.kind == "O":
            return "text"
        if dtype == np.int64:
            return "int"
    return "other"


def finish_rows(
    runs: RowRuns,
    folder: Path,
    build: FrameBuilder,
    dtypes: Mapping[str, Any] | None = None,
    plain: PlainColumns | None = None,
    *,
    render: bool = False,
) -> RowTable:
    """Merge a table's runs into one sorted table file in ``folder``.

    With ``render``, the table's CSV (``folder/<table>.csv``, the bytes of
    :meth:`RowTable.write_csv`) is written from the same pass over the merged rows.
    """
    target = folder / f"{runs.table}.rows"
    table = RowTable(target, build, 0, dict(dtypes or {}), plain)
    chunks = _chunks(runs.sorted_rows(), CHUNK_ROWS)
    if render:
        rendered = folder / f"{runs.table}.csv"
        with rendered.open("w", encoding="utf-8", newline="") as handle:
            writer = _CsvChunks(table, handle)
            count = write_chunks(target, _written(chunks, writer))
            writer.close()
        table = replace(table, csv=rendered)
    else:
        count = write_chunks(target, chunks)
    for run in runs.runs:
        Path(run).unlink(missing_ok=True)
    return replace(table, rows=count)


def _written(chunks: Iterable[list[Row]], writer: _CsvChunks) -> Iterator[list[Row]]:
    """Yield the chunks, each written to the CSV first."""
    for chunk in chunks:
        writer.write(chunk)
        yield chunk


FRAME_CHUNK_ROWS = 65_536  # rows of a DataFrame turned into lists at once by write_frame_csv


def write_frame_csv(frame: pd.DataFrame, target: Path) -> None:
    """Write ``frame.to_csv(target, **CSV_OPTIONS)``: the same bytes, 1.5-1.9x faster.

    A frame of integer columns, float64 columns without missing values and text columns of
    strings only is written from its Python values, chunk by chunk: an int in decimal, a
    float as ``repr`` does (the shortest string that reads back as the float, which numpy,
    and so pandas, writes too), text quoted where the ``csv`` writer that pandas uses would
    quote it (:func:`_plain_lines`). Any other frame goes to pandas.
    """
    if not _frame_is_plain(frame):
        frame.to_csv(target, **CSV_OPTIONS)
        return
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator=CSV_OPTIONS["lineterminator"])
        writer.writerow(frame.columns)
        kinds: list[str] = [column.dtype.kind for _, column in frame.items()]
        for start in range(0, len(frame), FRAME_CHUNK_ROWS):
            part = frame.iloc[start : start + FRAME_CHUNK_ROWS]
            values = [part[column].tolist() for column in frame.columns]
            lines = _plain_lines(values, kinds)
            if lines is None:
                writer.writerows(zip(*values, strict=True))
            else:
                handle.write(lines)


def _csv_specials() -> str | None:
    """The characters that make this Python's ``csv`` writer quote a field.

    Found by asking the writer (with :data:`CSV_OPTIONS`' line end) about each character
    that its dialect could name (Python 3.11 quotes a comma, a quote mark and a line feed;
    later versions also a carriage return). None if the writer does anything to a field
    other than leave it or quote it by doubling its quote marks (:func:`csv_lines` then
    leaves every row to the writer).
    """
    import io

    end = CSV_OPTIONS["lineterminator"]
    special = []
    for code in [*range(256), 0x2028, 0x2029]:
        text = f"a{chr(code)}b"
        out = io.StringIO()
        csv.writer(out, lineterminator=end).writerow([text, "x"])
        if out.getvalue() == f"{text},x{end}":
            continue
        if out.getvalue() != '"' + text.replace('"', '""') + f'",x{end}':
            return None
        special.append(chr(code))
    return "".join(special)


_CSV_SPECIALS = _csv_specials()
_CSV_QUOTING = re.compile("[" + re.escape(_CSV_SPECIALS) + "]") if _CSV_SPECIALS else None
"""A character that makes the writer quote a field (None: leave every row to the writer)."""
_native_csv_lines = native_function("csv_lines")
"""The C twin of :func:`_plain_lines` (None where ``analysis._native`` is not built)."""


def csv_lines(rows: list[Any]) -> str | None:
    """The CSV lines the ``csv`` writer writes for rows of values, or None.

    The writer copies each character of each field into a buffer of 4-byte characters and
    makes a new string of every line (the quotes table of 5x Reuters, 65 MB, took 1.5 s);
    here the rows are turned into columns for :func:`_plain_lines`. Rows of different
    lengths give None: use the writer. ``tests/test_spool.py`` compares both on random rows.
    """
    if _CSV_QUOTING is None:
        return None
    if not rows:
        return ""
    if _native_csv_lines is not None and type(rows) is list:
        return _native_csv_lines(rows, _CSV_SPECIALS, CSV_OPTIONS["lineterminator"], False)
    try:
        columns = list(zip(*rows, strict=True))
    except ValueError:  # rows of different lengths
        return None
    return _plain_lines(columns)


_CSV_PLAIN_TYPES = frozenset({str, int, bool, float, type(None)})


def _plain_lines(values: Sequence[Sequence[Any]], kinds: Sequence[str] = ()) -> str | None:
    """The CSV lines the ``csv`` writer writes for columns of values, or None.

    Each field is taken as it is, or quoted as the writer quotes it (where a character of
    :func:`_csv_specials` is in it). Values may be ``str``, ``int``, ``bool``, ``float`` and
    None (written as the writer writes them: ``str``, ``repr`` for a float, "" for None);
    ``kinds``, numpy's dtype kinds of the columns if known, skips the look at the types of an
    integer ("i", "u") or float ("f") column. Columns of other values, or a single column (the
    writer quotes a lone empty field), give None: use the writer.
    """
    if _CSV_QUOTING is None or len(values) < 2 or not values[0]:
        return None
    if _native_csv_lines is not None and type(values) is list:
        return _native_csv_lines(values, _CSV_SPECIALS, CSV_OPTIONS["lineterminator"], True)
    return _plain_lines_python(values, kinds)


def _plain_lines_python(values: Sequence[Sequence[Any]], kinds: Sequence[str] = ()) -> str | None:
    """:func:`_plain_lines` in Python (the C ``csv_lines`` gives the same lines)."""
    quoting = _CSV_QUOTING
    if quoting is None or len(values) < 2 or not values[0]:
        return None
    search = quoting.search
    texts: list[Any] = []
    for index, column in enumerate(values):
        kind = kinds[index] if index < len(kinds) else ""
        types = set() if kind in ("i", "u", "f") else set(map(type, column))
        if kind in ("i", "u") or types == {int}:
            texts.append(list(map(str, column)))
        elif kind == "f":
            texts.append(list(map(repr, column)))
        elif types == {str}:
            if search("".join(column)) is None:
                texts.append(column)  # no field needs quoting
            else:
                texts.append(
                    ['"' + v.replace('"', '""') + '"' if search(v) else v for v in column]
                )
        elif types <= _CSV_PLAIN_TYPES:
            fields = []
            for value in column:
                if value is None:
                    fields.append("")
                elif type(value) is float:
                    fields.append(repr(value))
                elif type(value) is str:
                    fields.append('"' + value.replace('"', '""') + '"' if search(value) else value)
                else:
                    fields.append(str(value))  # int, bool
            texts.append(fields)
        else:
            return None
    end = CSV_OPTIONS["lineterminator"]
    return end.join(map(",".join, zip(*texts, strict=True))) + end


def _frame_is_plain(frame: pd.DataFrame) -> bool:
    """True if :func:`write_frame_csv` may write the frame without pandas."""
    if not len(frame.columns) or isinstance(frame.columns, pd.MultiIndex):
        return False
    if not frame.columns.is_unique or not all(isinstance(c, str) for c in frame.columns):
        return False
    for _, column in frame.items():
        dtype = column.dtype
        kind = dtype.kind if isinstance(dtype, np.dtype) else ""
        if kind in ("i", "u"):
            continue
        if dtype == np.dtype(np.float64) or isinstance(dtype, pd.StringDtype):
            if column.isna().any():
                return False
            continue
        if kind == "O" and pd.api.types.infer_dtype(column, skipna=False) in ("string", "empty"):
            continue
        return False
    return True


def frame_dtypes(frame: pd.DataFrame) -> dict[str, Any]:
    """Return the dtypes of a small sample frame, to be applied to every CSV chunk."""
    return {str(column): dtype for column, dtype in frame.dtypes.items()}


# --- the tables of an extraction ----------------------------------------------------------


class TableSet(MutableMapping[str, "pd.DataFrame"]):
    """Tables by name: small ones in memory, row tables on disk until a DataFrame is asked for.

    ``tables["quotes"]`` builds (and keeps) the DataFrame; :meth:`write_csv` writes a table
    without building it. When ``owned`` is given, that folder (holding the table files) is
    removed when the set is garbage-collected or :meth:`close` is called.

    A table may come with its CSV already written (``rendered``: name -> file, next to the
    row table files), by the process that finished it: :meth:`write_csv` then copies that
    file. Taking the table as a DataFrame (which the caller may change), replacing or
    removing it forgets that file.
    """

    def __init__(
        self,
        tables: Mapping[str, pd.DataFrame | RowTable] | None = None,
        *,
        owned: Path | None = None,
        rendered: Mapping[str, Path] | None = None,
    ) -> None:
        """Hold ``tables`` (DataFrames, or row tables on disk), in their order."""
        self._frames: dict[str, pd.DataFrame] = {}
        self._rows: dict[str, RowTable] = {}
        self._order: list[str] = []
        self._rendered = {n: Path(p) for n, p in (rendered or {}).items() if n in (tables or {})}
        for name, table in (tables or {}).items():
            self._order.append(name)
            if isinstance(table, RowTable):
                self._rows[name] = table
                if table.csv is not None:
                    self._rendered.setdefault(name, table.csv)
            else:
                self._frames[name] = table
        self._cleanup = weakref.finalize(self, shutil.rmtree, str(owned), True) if owned else None

    def __getitem__(self, name: str) -> pd.DataFrame:
        """Return a table, building a row table's DataFrame on first access.

        The caller may change the frame: from now on it is written from the frame, not
        copied from a CSV rendered before.
        """
        self._rendered.pop(name, None)
        if name not in self._frames:
            if name not in self._rows:
                raise KeyError(name)
            self._frames[name] = self._rows[name].to_frame()
        return self._frames[name]

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        """Set a table (in memory)."""
        if name not in self._order:
            self._order.append(name)
        self._rows.pop(name, None)
        self._rendered.pop(name, None)
        self._frames[name] = frame

    def __delitem__(self, name: str) -> None:
        """Remove a table."""
        if name not in self._order:
            raise KeyError(name)
        self._order.remove(name)
        self._frames.pop(name, None)
        self._rows.pop(name, None)
        self._rendered.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        """Iterate over table names (in the order the extractors produced them)."""
        return iter(list(self._order))

    def __len__(self) -> int:
        """Return the number of tables."""
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        """True if a table of that name exists (without building it)."""
        return name in self._order

    def row_table(self, name: str) -> RowTable | None:
        """Return the on-disk form of a table not (yet) built as a DataFrame, else None."""
        return self._rows.get(name) if name not in self._frames else None

    def frames(self) -> dict[str, pd.DataFrame]:
        """Return the tables held in memory (without building the row tables)."""
        return dict(self._frames)

    def row_tables(self) -> dict[str, RowTable]:
        """Return the tables on disk."""
        return dict(self._rows)

    def select(self, name: str, columns: list[str]) -> pd.DataFrame:
        """Return some columns of a table, built chunk by chunk (the whole table is not)."""
        table = self.row_table(name)
        if table is None:
            return self._frames[name][columns] if name in self._frames else self[name][columns]
        parts = [table.build(chunk)[columns] for chunk in _chunks(table.iter_rows(), CHUNK_ROWS)]
        if not parts:
            return table.build([])[columns]
        return pd.concat(parts, ignore_index=True)

    def rendered(self, name: str) -> Path | None:
        """Return the file holding the table's CSV as :meth:`write_csv` writes it, if any."""
        path = self._rendered.get(name)
        return path if path is not None and path.is_file() else None

    def render(self, name: str, folder: Path) -> Path:
        """Write the table's CSV to ``folder/<name>.csv`` and remember it; return the file."""
        target = folder / f"{name}.csv"
        self.write_csv(name, target)
        self._rendered[name] = target
        return target

    def write_csv(self, name: str, target: Path) -> None:
        """Write one table as CSV; a row table is streamed from disk in bounded memory.

        A table rendered before (:meth:`render`) is copied from its file.
        """
        rendered = self.rendered(name)
        if rendered is not None and rendered.resolve() != target.resolve():
            shutil.copyfile(rendered, target)
            return
        table = self.row_table(name)
        if table is not None:
            table.write_csv(target)
        else:
            write_frame_csv(self[name], target)

    def close(self) -> None:
        """Remove the owned folder now (the row tables become unreadable)."""
        if self._cleanup is not None:
            self._cleanup()

    def relocated(self, folder: Path, *, owned: bool = False) -> TableSet:
        """Return a set whose row tables are the same files in ``folder``.

        With ``owned``, the new set removes ``folder`` when it is collected or closed.
        """
        tables: dict[str, pd.DataFrame | RowTable] = {}
        for name in self._order:
            if name in self._rows:
                row_table = self._rows[name]
                csv_file = folder / row_table.csv.name if row_table.csv else None
                tables[name] = replace(row_table, path=folder / row_table.path.name, csv=csv_file)
            else:
                tables[name] = self._frames[name]
        rendered = {name: folder / path.name for name, path in self._rendered.items()}
        return TableSet(tables, owned=folder if owned else None, rendered=rendered)

    def __getstate__(self) -> dict[str, Any]:
        # The owner's clean-up does not travel: an unpickled set never removes files. Frames
        # built from row tables stay behind: the files are the table.
        frames = {n: f for n, f in self._frames.items() if n not in self._rows}
        return {
            "frames": frames, "rows": self._rows, "order": self._order, "rendered": self._rendered
        }  # fmt: skip

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._frames = state["frames"]
        self._rows = state["rows"]
        self._order = state["order"]
        self._rendered = state.get("rendered", {})
        self._cleanup = None

    def __repr__(self) -> str:
        """Name the tables and where each one is."""
        where = {n: "memory" if n in self._frames else "disk" for n in self._order}
        return f"TableSet({where})"
