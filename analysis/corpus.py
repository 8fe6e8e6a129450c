"""Read corpora into :class:`~analysis.model.Article` records.

Formats (chosen by the path; add one by writing a reader and registering it in ``READERS``):

* a folder: every ``.txt``, ``.jsonl``, ``.jsonl.gz`` and ``.csv`` file below it, recursively,
  in sorted order (symbolic links to folders are followed once; loops are skipped);
* ``.txt``: one article; an optional wire-style header (byline, source, date, headline) before
  the body;
* ``.jsonl`` / ``.jsonl.gz``: one JSON object per line with a string ``text`` field;
  ``id``, ``title``, ``date``, ``source``, ``author`` are optional; other fields become metadata;
* ``.csv``: one article per row, with a text column (``text``, ``body`` or ``content``).

Bodies are normalised once, here: line ends unified, zero-width characters dropped, non-breaking
spaces made plain, HTML entities decoded, hard-wrapped lines of a paragraph joined, and
paragraphs separated by one blank line. Every offset elsewhere points into that text.

Problems (an empty file, a JSONL line that is not JSON, a duplicate id, ...) are recorded in a
:class:`ProblemLog` with the file and line, and the record is skipped; with ``strict`` the first
problem raises :class:`~analysis.errors.CorpusError`.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import html
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from analysis.dates import iso_date, parse_date
from analysis.errors import CorpusError
from analysis.model import Article

TEXT_SUFFIXES = (".txt",)
CORPUS_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".csv")
_BINARY_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u3000"}
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BYLINE = re.compile(r"^by\s+(?P<name>[^\W\d_][\w.'\u2019 -]{1,80})$", re.IGNORECASE)
_MAX_HEADER_LINES = 8
_LONG_LINE = 100  # median line length above which single newlines separate paragraphs
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class ReadOptions:
    """How to read a corpus.

    Attributes:
        text_field: JSONL key / CSV column holding the article text ("" = first of
            text, body, content).
        id_field: Key / column with the article id (missing -> ``<file>-<line>``).
        title_field: Key / column with the headline.
        date_field: Key / column with the date (parsed; the raw value is kept if it fails).
        source_field: Key / column with the outlet.
        author_field: Key / column with the byline.
        join_lines: Join hard-wrapped lines inside a paragraph.
        strict: Raise on the first problem instead of skipping the record.
    """

    text_field: str = ""
    id_field: str = "id"
    title_field: str = "title"
    date_field: str = "date"
    source_field: str = "source"
    author_field: str = "author"
    join_lines: bool = True
    strict: bool = False


@dataclass(frozen=True)
class CorpusProblem:
    """A record that could not be read, with where it is and why."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@dataclass
class ProblemLog:
    """Collects :class:`CorpusProblem` records; in strict mode the first one raises."""

    strict: bool = False
    problems: list[CorpusProblem] = field(default_factory=list)
    warnings: list[CorpusProblem] = field(default_factory=list)

    def skip(self, path: str | Path, reason: str, line: int | None = None) -> None:
        """Record a skipped record (or raise in strict mode)."""
        problem = CorpusProblem(str(path), line, reason)
        if self.strict:
            raise CorpusError(f"{problem} (run without --strict to skip such records)")
        self.problems.append(problem)

    def warn(self, path: str | Path, reason: str, line: int | None = None) -> None:
        """Record something that was read but changed (e.g. a renamed duplicate id)."""
        problem = CorpusProblem(str(path), line, reason)
        if self.strict:
            raise CorpusError(f"{problem} (run without --strict to accept it with a warning)")
        self.warnings.append(problem)


class Fingerprint:
    """sha256 over article ids and texts, in reading order: identifies a corpus."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.articles = 0

    def update(self, article: Article) -> None:
        """Add one article."""
        self._hash.update(article.article_id.encode("utf-8", "surrogatepass") + b"\0")
        self._hash.update(article.text.encode("utf-8", "surrogatepass") + b"\0")
        self.articles += 1

    def hexdigest(self) -> str:
        """Return the fingerprint as hex."""
        return self._hash.hexdigest()


# --- text normalisation -----------------------------------------------------------------


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes: BOMs first, then UTF-8, then Windows-1252 (Latin-1 fallback)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def clean_text(text: str) -> str:
    """Unify line ends and spaces, drop zero-width characters, decode HTML entities."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_ZERO_WIDTH).translate(_SPACES)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text).translate(_ZERO_WIDTH).translate(_SPACES)
    return text


def reflow(body: str, *, join_lines: bool = True) -> str:
    """Return ``body`` as paragraphs separated by one blank line.

    Blank lines separate paragraphs, and so does an indented line (Reuters style) when the
    text is not indented throughout. Lines inside a paragraph are joined with a space unless
    ``join_lines`` is off or the lines are long (one paragraph per line, not hard-wrapped).
    """
    lines = body.split("\n")
    nonblank = [line for line in lines if line.strip()]
    if not nonblank:
        return ""
    common = min(len(line) - len(line.lstrip()) for line in nonblank)
    lengths = sorted(len(line.strip()) for line in nonblank)
    one_per_line = not join_lines or lengths[len(lengths) // 2] > _LONG_LINE
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        stripped = line.strip()
        indented = len(line) - len(line.lstrip()) > common
        if not stripped or one_per_line or (indented and paragraphs[-1]):
            if paragraphs[-1]:
                paragraphs.append([])
        if stripped:
            paragraphs[-1].append(" ".join(stripped.split()))
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


@dataclass(frozen=True)
class Header:
    """What a wire-style header said."""

    title: str | None = None
    author: str | None = None
    source: str | None = None
    date: str | None = None


def _is_label_line(line: str) -> bool:
    """A short line without sentence punctuation: a headline or an outlet name."""
    words = line.split()
    first = line.lstrip("\"'\u2018\u201c")[:1]
    return (
        0 < len(words) <= 12
        and len(line) <= 100
        and line[-1] not in ".,;:"
        and (first.isupper() or first.isdigit())
    )


def split_header(text: str) -> tuple[Header, str]:
    """Split a wire-style header off the top of an article.

    The header is the run of leading lines that are a byline ("By Nick Coleman", any case),
    a date ("Sept 3 2008"), or a short label line (a headline when it comes first, else the
    source). A label line alone, not followed by a blank line, is body. Returns the header
    and the rest of the text.
    """
    lines = text.split("\n")
    found: dict[str, str] = {}
    index = 0
    seen = 0
    while index < len(lines) and seen < _MAX_HEADER_LINES:
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        byline = _BYLINE.match(line)
        if byline and "author" not in found:
            found["author"] = byline.group("name").strip()
        elif "date" not in found and parse_date(line):
            found["date"] = line
        elif _is_label_line(line) and _ends_block(lines, index):
            next_is_date = index + 1 < len(lines) and bool(parse_date(lines[index + 1].strip()))
            key = "title" if seen == 0 and not next_is_date else "source"
            if key in found:
                break
            found[key] = line
        else:
            break
        seen += 1
        index += 1
    if not found or (set(found) == {"title"} and index >= len(lines)):
        return Header(), text
    if set(found) == {"source"}:
        return Header(), text
    header = Header(
        title=found.get("title"),
        author=found.get("author"),
        source=found.get("source"),
        date=iso_date(found.get("date")),
    )
    return header, "\n".join(lines[index:])


def _ends_block(lines: list[str], index: int) -> bool:
    """True if the line is followed by a blank line, a date or byline (header continues)."""
    if index + 1 >= len(lines):
        return False
    following = lines[index + 1].strip()
    return not following or bool(parse_date(following)) or bool(_BYLINE.match(following))


# --- readers ----------------------------------------------------------------------------


def _read_file_bytes(path: Path, log: ProblemLog) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        log.skip(path, f"unreadable file ({error.strerror or error})")
        return None
    if not data.strip():
        log.skip(path, "empty or whitespace-only file")
        return None
    if data.startswith(_BINARY_SIGNATURES) or (
        b"\0" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        log.skip(path, "binary file (not text): NUL bytes or an image/archive signature")
        return None
    return data


def read_txt(path: Path, root: Path, options: ReadOptions, log: ProblemLog) -> Iterator[Article]:
    """Read one ``.txt`` article (optional wire header, then the body)."""
    data = _read_file_bytes(path, log)
    if data is None:
        return
    header, body = split_header(clean_text(decode_bytes(data)))
    text = reflow(body, join_lines=options.join_lines)
    if not text:
        log.skip(path, "no body text after the header")
        return
    yield Article(
        article_id=_relative_id(path, root),
        text=text,
        path=_relative_path(path, root),
        title=header.title,
        author=header.author,
        source=header.source,
        date=header.date,
    )


def _relative_path(path: Path, root: Path) -> str:
    """Return the path relative to the corpus root (so tables do not depend on where it is)."""
    try:
        return path.relative_to(root).as_posix() if root != path else path.name
    except ValueError:
        return path.name


def _relative_id(path: Path, root: Path) -> str:
    try:
        relative = path.relative_to(root) if root != path else Path(path.name)
    except ValueError:
        relative = Path(path.name)
    name = relative.as_posix()
    for suffix in CORPUS_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _record_article(
    record: dict[str, Any], path: Path, line: int, options: ReadOptions, log: ProblemLog
) -> Article | None:
    """Turn one JSONL object / CSV row into an Article (None, logged, if it has no text)."""
    text_field = options.text_field or next(
        (key for key in ("text", "body", "content") if key in record), "text"
    )
    raw = record.get(text_field)
    if not isinstance(raw, str):
        kind = "missing" if raw is None else f"not a string ({type(raw).__name__})"
        log.skip(path, f"field {text_field!r} is {kind}", line)
        return None
    text = reflow(clean_text(raw), join_lines=options.join_lines)
    if not text:
        log.skip(path, f"field {text_field!r} is empty", line)
        return None
    raw_id = record.get(options.id_field)
    article_id = str(raw_id) if raw_id not in (None, "") else f"{path.stem}-{line}"
    used = {text_field, options.id_field, options.title_field, options.date_field}
    used |= {options.source_field, options.author_field}
    metadata = {str(key): _as_text(value) for key, value in record.items() if key not in used}
    raw_date = _as_text(record.get(options.date_field)) or None
    date = iso_date(raw_date)
    if raw_date and date is None:
        metadata["date_raw"] = raw_date
    return Article(
        article_id=article_id,
        text=text,
        path=f"{path.name}:{line}",
        title=_as_text(record.get(options.title_field)) or None,
        author=_as_text(record.get(options.author_field)) or None,
        source=_as_text(record.get(options.source_field)) or None,
        date=date,
        metadata=metadata,
    )


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def _open_text(path: Path) -> IO[str]:
    if path.name.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8-sig", errors="replace", newline="")


def read_jsonl(path: Path, root: Path, options: ReadOptions, log: ProblemLog) -> Iterator[Article]:
    """Read a ``.jsonl`` or ``.jsonl.gz`` file, one article per line."""
    try:
        handle = _open_text(path)
    except OSError as error:
        log.skip(path, f"unreadable file ({error.strerror or error})")
        return
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    log.skip(path, f"not valid JSON ({error.msg})", number)
                    continue
                if not isinstance(record, dict):
                    log.skip(path, "not a JSON object", number)
                    continue
                article = _record_article(record, path, number, options, log)
                if article is not None:
                    yield article
        except (OSError, EOFError) as error:
            log.skip(path, f"file ends abruptly or is corrupt ({error})")


def read_csv(path: Path, root: Path, options: ReadOptions, log: ProblemLog) -> Iterator[Article]:
    """Read a ``.csv`` file with a header row, one article per row."""
    try:
        handle = _open_text(path)
    except OSError as error:
        log.skip(path, f"unreadable file ({error.strerror or error})")
        return
    with handle:
        reader = csv.DictReader(handle)
        try:
            for row in reader:
                record = {key: value for key, value in row.items() if key is not None}
                article = _record_article(record, path, reader.line_num, options, log)
                if article is not None:
                    yield article
        except csv.Error as error:
            log.skip(path, f"CSV error ({error})", reader.line_num)


Reader = Callable[[Path, Path, ReadOptions, ProblemLog], Iterator[Article]]
READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".jsonl": read_jsonl,
    ".jsonl.gz": read_jsonl,
    ".csv": read_csv,
}


def _reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return READERS[suffix]
    return None


def corpus_files(root: Path, log: ProblemLog) -> list[Path]:
    """List the corpus files below ``root`` in sorted order, following folder links once."""
    found: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()

    def walk(folder: Path) -> None:
        try:
            info = folder.stat()
        except OSError as error:
            log.skip(folder, f"unreadable folder ({error.strerror or error})")
            return
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:
            log.skip(folder, "symbolic link loop (folder already read)")
            return
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            log.skip(folder, f"unreadable folder ({error.strerror or error})")
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                walk(path)
            elif _reader_for(path) is not None:
                found.append(path)

    walk(root)
    return found


def iter_articles(
    path: str | Path,
    *,
    options: ReadOptions | None = None,
    log: ProblemLog | None = None,
) -> Iterator[Article]:
    """Yield the articles of a corpus (folder or single file), in a stable order.

    Args:
        path: A folder, or a ``.txt``/``.jsonl``/``.jsonl.gz``/``.csv`` file.
        options: Field names and reading switches.
        log: Where skipped records are recorded (a fresh one if None).

    Raises:
        CorpusError: If the path does not exist or is of an unknown format, or in strict mode
            on the first broken record.
    """
    options = options or ReadOptions()
    log = log if log is not None else ProblemLog(strict=options.strict)
    root = Path(path)
    if not root.exists():
        raise CorpusError(f"{root}: no such file or folder (give a corpus folder or file)")
    if root.is_dir():
        files = corpus_files(root, log)
        if not files:
            suffixes = ", ".join(READERS)
            raise CorpusError(f"{root}: the folder holds no corpus files ({suffixes})")
    else:
        if _reader_for(root) is None:
            suffixes = ", ".join(READERS)
            raise CorpusError(f"{root}: unknown corpus format (expected a folder or {suffixes})")
        files = [root]
    yield from _unique_ids(_read_files(files, root, options, log), log)


def _read_files(
    files: Iterable[Path], root: Path, options: ReadOptions, log: ProblemLog
) -> Iterator[Article]:
    for file in files:
        reader = _reader_for(file)
        if reader is not None:
            yield from reader(file, root, options, log)


def _unique_ids(articles: Iterable[Article], log: ProblemLog) -> Iterator[Article]:
    """Rename the second and later articles with an id already used (``id~2``), with a warning."""
    seen: set[str] = set()
    for article in articles:
        if article.article_id in seen:
            number = 2
            while f"{article.article_id}~{number}" in seen:
                number += 1
            new_id = f"{article.article_id}~{number}"
            log.warn(article.path, f"duplicate id {article.article_id!r} renamed to {new_id!r}")
            article = replace(article, article_id=new_id)
        seen.add(article.article_id)
        yield article


def read_corpus(
    path: str | Path, *, options: ReadOptions | None = None, log: ProblemLog | None = None
) -> list[Article]:
    """Return all articles of a corpus as a list (see :func:`iter_articles`)."""
    return list(iter_articles(path, options=options, log=log))


def demo_corpus_path() -> Path:
    """Return the folder of the bundled demo corpus (invented articles, see its README)."""
    return Path(__file__).resolve().parent / "demo_corpus"


def corpus_name(path: str | Path) -> str:
    """Return a short, file-name-safe name for a corpus path ("demo" for the bundled one)."""
    resolved = Path(path).resolve()
    if resolved == demo_corpus_path():
        return "demo"
    name = resolved.name
    for suffix in CORPUS_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "corpus"
