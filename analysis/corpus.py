r"""Read corpora into :class:`~analysis.model.Article` records.

Formats (chosen by the path; add one by writing a reader and registering it in ``READERS``):

* a folder: every ``.txt``, ``.jsonl``, ``.jsonl.gz`` and ``.csv`` file below it, recursively,
  in sorted order (symbolic links to folders are followed once; loops are skipped);
* ``.txt``: one article; an optional wire-style header (byline, source, date, headline) before
  the body;
* ``.jsonl`` / ``.jsonl.gz``: one JSON object per line with a string ``text`` field;
  ``id``, ``title``, ``date``, ``source``, ``author`` are optional; other fields become metadata;
* ``.csv``: one article per row, with a text column (``text``, ``body`` or ``content``);
* ``.list``: a list of corpus files and folders, one path a line (:func:`listed_files`).

Encodings are detected, never asked for: a BOM (UTF-8, UTF-16, UTF-32) or the NUL pattern of
UTF-16 first; then UTF-8; else Windows-1252, which agrees with Latin-1 on every printable
character and also reads 0x80-0x9F (curly quotes, dashes) that Latin-1 leaves as control codes.
Mostly-UTF-8 text with a few stray bytes (files of both kinds concatenated) keeps its UTF-8 and
reads only the stray bytes as Windows-1252.

Bodies are normalised once, here: HTML entities decoded, line ends (``\r\n``, ``\r``, form
feeds, Unicode separators) unified, zero-width characters, bidirectional marks and control
characters dropped, non-breaking spaces made plain, hard-wrapped lines of a paragraph joined, and
paragraphs separated by one blank line. Every offset elsewhere points into that text.

Problems are recorded in a :class:`ProblemLog` with the file (and line, for JSONL/CSV) and the
record is skipped: empty or whitespace-only files, binary files (NUL or control bytes, image,
archive or executable signatures), unreadable files and folders, broken symbolic links, named
pipes and devices, symbolic link loops, JSONL lines that are not a JSON object or lack a string
``text``, CSV files without a text column and rows without text, truncated gzip files. A
duplicate id is renamed (``id~2``) with a warning. With ``strict`` the first problem or warning
raises :class:`~analysis.errors.CorpusError` naming it. Reading never raises otherwise (except
for a corpus path that does not exist or has an unknown format), runs in time linear in the
input, and walks folders of any depth.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import gzip
import hashlib
import html
import io
import json
import mmap
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Final

from analysis import native_function
from analysis.dates import iso_date, names_day_and_month, parse_date
from analysis.errors import CorpusError
from analysis.model import Article, by_fields

TEXT_SUFFIXES = (".txt",)
READER_VERSION = "2"
"""Changes whenever the same corpus files would be read into different articles (part of
the whole-extraction cache key: 2 = documentation files left out, metadata tables, sources
only beside a byline or a date)."""
CORPUS_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".csv")
_BINARY_SIGNATURES = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b",
    b"RIFF", b"Rar!\x1a", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0", b"OggS", b"fLaC", b"\x00\x00\x01\x00",
    b"II*\x00", b"MM\x00*", b"wOFF", b"\x00asm", b"SQLite format 3\x00",
)  # fmt: skip
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.05  # more C0 control bytes than this in the first 8 KB: not text
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
# Invisible characters dropped from every text: zero-width ones, the BOM, soft hyphens and the
# bidirectional marks and embeddings that exports of right-to-left text leave behind.
_ZERO_WIDTH = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c"
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    None,
)  # fmt: skip
_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u3000"}
_LINE_BREAKS = {ord("\v"): "\n", ord("\f"): "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n\n"}
# The other C0 and C1 controls (and DEL) carry no text: dropped.
_CONTROLS = dict.fromkeys(
    [c for c in range(0x20) if chr(c) not in "\n\t\v\f"] + [0x7F] + list(range(0x80, 0xA0)),
    None,
)
_CLEAN_TABLE = {**_CONTROLS, **_ZERO_WIDTH, **_SPACES, **_LINE_BREAKS}
# Finding one of those characters is a fast scan; ``str.translate`` with a dict is not, and
# most texts have none of them.
_CLEAN_CHARS = re.compile(
    "[" + "".join(re.escape(chr(code)) for code in sorted(_CLEAN_TABLE)) + "]"
)
_ASCII_CLEAN = bytes(sorted(code for code in _CLEAN_TABLE if code < 0x80))
"""The ASCII characters of _CLEAN_TABLE: deleting them from the bytes of an ASCII text (a C
loop) finds them 5x faster than searching with _CLEAN_CHARS."""
# (built with chr: mypyc compiles no surrogate code points in string literals)
_LONE_SURROGATE = re.compile("[" + chr(0xD800) + "-" + chr(0xDFFF) + "]")
# Windows-1252 for the bytes it defines; its five undefined bytes fall back to Latin-1.
_CP1252 = {
    byte: bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(0x80, 0xA0)
}
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BYLINE = re.compile(r"^by\s+(?P<name>[^\W\d_][\w.'\u2019 -]{1,80})$", re.IGNORECASE)
_MAX_HEADER_LINES = 8
_MAX_OUTLET_WORDS = 6
_MAX_DATE_LINE = 120
_SPACE_RUN = re.compile(r"\s{2,}|[^\S ]")
# The indent of each non-blank line, matched on "\n" + text: a pattern that starts with a
# literal is scanned for fast (2x faster than "^" in multi-line mode).
_LINE_INDENT = re.compile(r"\n([ \t]*)\S")
_LONG_LINE = 100  # median line length above which single newlines separate paragraphs
_SHORT_LINE = 100_000  # longer lines are collapsed without a list of their words
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
        defer_text: Leave JSONL/CSV texts as read (``Article.raw_text``) for
            :func:`finish_article` to normalise later, so that the pipeline's worker
            processes do that work in parallel.
    """

    text_field: str = ""
    id_field: str = "id"
    title_field: str = "title"
    date_field: str = "date"
    source_field: str = "source"
    author_field: str = "author"
    join_lines: bool = True
    strict: bool = False
    defer_text: bool = False

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the constructor (see :func:`analysis.model.by_fields`)."""
        return by_fields(self)


@dataclass(frozen=True)
class CorpusProblem:
    """A record that could not be read, with where it is and why."""

    path: str
    line: int | None
    reason: str

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the constructor (see :func:`analysis.model.by_fields`)."""
        return by_fields(self)

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
        problem = CorpusProblem(printable(str(path)), line, printable(reason))
        if self.strict:
            raise CorpusError(f"{problem} (run without --strict to skip such records)")
        self.problems.append(problem)

    def warn(self, path: str | Path, reason: str, line: int | None = None) -> None:
        """Record something that was read but changed (e.g. a renamed duplicate id)."""
        problem = CorpusProblem(printable(str(path)), line, printable(reason))
        if self.strict:
            raise CorpusError(f"{problem} (run without --strict to accept it with a warning)")
        self.warnings.append(problem)

    def note(self, path: str | Path, reason: str, line: int | None = None) -> None:
        """Record a file left out on purpose (a README): listed, but never fails a strict run."""
        self.warnings.append(CorpusProblem(printable(str(path)), line, printable(reason)))


class Fingerprint:
    """Identifies a corpus: a digest over every article's id and text.

    The digest is a sum of per-article sha256 values (mod 2**256), so it does not depend on
    the order in which articles are read and fingerprints of parts of a corpus merge: every
    engine, however it splits the corpus, gives the same fingerprint.
    """

    def __init__(self) -> None:
        self._sum = 0
        self.articles = 0

    def update(self, article: Article) -> None:
        """Add one article."""
        digest = hashlib.sha256(article.article_id.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(article.text.encode("utf-8", "surrogatepass"))
        self._sum = (self._sum + int.from_bytes(digest.digest(), "big")) % (1 << 256)
        self.articles += 1

    def merge(self, other: Fingerprint) -> Fingerprint:
        """Add the articles of another fingerprint (of a disjoint part of the corpus)."""
        self._sum = (self._sum + other._sum) % (1 << 256)
        self.articles += other.articles
        return self

    def hexdigest(self) -> str:
        """Return the fingerprint as hex."""
        payload = self._sum.to_bytes(32, "big") + self.articles.to_bytes(8, "big")
        return hashlib.sha256(payload).hexdigest()


# --- text normalisation -----------------------------------------------------------------


def printable(value: str) -> str:
    """Return ``value`` with lone surrogates (undecodable file-name bytes) as U+FFFD.

    Such a string cannot be written as UTF-8, so it must not reach a table or the report.
    """
    if value.isascii():  # a constant-time check, true of most values
        return value
    return _LONE_SURROGATE.sub("\ufffd", value) if _LONE_SURROGATE.search(value) else value


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode the bytes that are not UTF-8 as Windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return decode_cp1252(bytes(bad)), error.end


codecs.register_error("newsreport-cp1252", _cp1252_fallback)


def decode_cp1252(data: bytes) -> str:
    """Decode Windows-1252, its five undefined bytes as Latin-1 (never fails)."""
    return data.decode("latin-1").translate(_CP1252)


def sniff_encoding(head: bytes) -> str | None:
    """Return the encoding that a BOM or a UTF-16 NUL pattern in ``head`` shows, else None.

    UTF-16 without a BOM is recognised when (almost) every other byte is NUL, as in text of
    Latin script; otherwise NUL bytes mean a binary file.
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    sample = head[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    if len(sample) >= 4 and b"\0" in sample:
        even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odd_nuls >= 0.9 * half and even_nuls == 0:
            return "utf-16-le"
        if even_nuls >= 0.9 * half and odd_nuls == 0:
            return "utf-16-be"
    return None


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes without being told the encoding.

    A BOM (UTF-8, UTF-16, UTF-32) or the NUL pattern of UTF-16 decides first. Otherwise the
    bytes are UTF-8 if they decode as such. If they do not, the text is taken as Windows-1252
    (a superset of Latin-1's printable characters: 0x93/0x94 are curly quotes), unless it is
    mostly valid UTF-8 with a few stray bytes, as when files of both encodings were
    concatenated: then only the stray bytes are read as Windows-1252.
    """
    encoding = sniff_encoding(data[:_SNIFF_BYTES])
    if encoding is not None:
        return data.decode(encoding, errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    stray = len(_LONE_SURROGATE.findall(escaped))
    utf8_chars = len(escaped) - len(escaped.encode("ascii", errors="ignore")) - stray
    if utf8_chars > stray:
        return data.decode("utf-8", errors="newsreport-cp1252")
    return decode_cp1252(data)


def clean_text(text: str) -> str:
    r"""Normalise text once for all offsets.

    HTML entities (``&amp;``, ``&#8220;``; only with the closing semicolon) are decoded; line
    ends (``\r\n``, ``\r``, form feeds, Unicode line and paragraph separators) become
    ``\n``; non-breaking and other wide spaces become plain spaces; zero-width characters,
    bidirectional marks and control characters are dropped, and lone surrogates (from broken
    JSON escapes) become U+FFFD.
    """
    if "&" in text:
        text = _ENTITY.sub(_unescape_entity, text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():  # no wide space, zero-width character or surrogate: check the rest
        if len(text.encode("ascii").translate(None, _ASCII_CLEAN)) != len(text):
            text = text.translate(_CLEAN_TABLE)
        return text
    if _CLEAN_CHARS.search(text):
        text = text.translate(_CLEAN_TABLE)
    if _LONE_SURROGATE.search(text):
        text = _LONE_SURROGATE.sub("\ufffd", text)
    return text


def _unescape_entity(match: re.Match[str]) -> str:
    return html.unescape(match.group())


_NATIVE_REFLOW: Callable[[str], str | None] | None = native_function("reflow_joined")


def reflow(body: str, *, join_lines: bool = True) -> str:
    """Return ``body`` as paragraphs separated by one blank line.

    Blank lines separate paragraphs, and so does an indented line (Reuters style) when the
    text is not indented throughout. Lines inside a paragraph are joined with a space unless
    ``join_lines`` is off or the lines are long (one paragraph per line, not hard-wrapped).

    Reading is on the hot path of every extraction: a regular install does the common case
    (lines joined, the first not indented, under :data:`_SHORT_LINE` characters) in C,
    ``analysis._native.reflow_joined``, 2.7x faster; :func:`reflow_python` is the same in
    Python.
    """
    if join_lines and _NATIVE_REFLOW is not None:
        done = _NATIVE_REFLOW(body)
        if done is not None:
            return done
    return reflow_python(body, join_lines=join_lines)


def reflow_python(body: str, *, join_lines: bool = True) -> str:
    """:func:`reflow` in Python, whole paragraphs at a time (no per-line Python loop)."""
    if "\n" not in body:
        return _collapse_spaces(body.strip())
    if not body[0].isspace():  # the first line is text, not indented: no common indent
        common = 0
    else:
        indents = _LINE_INDENT.findall("\n" + body)
        if not indents:
            return ""
        common = min(map(len, indents))
    # Lengths of the non-blank lines (blank ones strip to length 0 and sort first).
    lengths = sorted(map(len, map(str.strip, body.split("\n"))))
    lengths = lengths[bisect.bisect_right(lengths, 0) :]
    if not join_lines or lengths[len(lengths) // 2] > _LONG_LINE:
        pieces = body.split("\n")
    else:
        pieces = _paragraph_splitter(common).split(body)
    if len(body) < _SHORT_LINE:  # every piece is short: " ".join(split()) at C speed
        return "\n\n".join(filter(None, map(" ".join, map(str.split, pieces))))
    paragraphs = (_collapse_spaces(piece.strip()) for piece in pieces)
    return "\n\n".join(p for p in paragraphs if p)


@lru_cache(maxsize=64)
def _paragraph_splitter(common: int) -> re.Pattern[str]:
    """Blank lines, or a line feed before a line indented deeper than ``common``."""
    return re.compile(rf"\n[^\S\n]*\n\s*|\n(?=[ \t]{{{common + 1},}}\S)")


def _collapse_spaces(line: str) -> str:
    """Return ``" ".join(line.split())`` for a stripped line.

    Long lines go through a regular expression instead, so a multi-megabyte line costs no
    list of millions of words.
    """
    if len(line) < _SHORT_LINE:
        return " ".join(line.split())
    return _SPACE_RUN.sub(" ", line)


@dataclass(frozen=True)
class Header:
    """What a wire-style header said."""

    title: str | None = None
    author: str | None = None
    source: str | None = None
    date: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the constructor (see :func:`analysis.model.by_fields`)."""
        return by_fields(self)


def _is_label_line(line: str) -> bool:
    """A short line without sentence punctuation: a headline or an outlet name."""
    if not line or len(line) > 100:
        return False
    words = line.split()
    first = line.lstrip("\"'\u2018\u201c")[:1]
    return 0 < len(words) <= 12 and line[-1] not in ".,;:" and (first.isupper() or first.isdigit())


def _is_outlet_line(line: str) -> bool:
    """A label line that can name an outlet: a few words, the longer ones capitalised.

    "Agence France Presse", "The Times of India", "Nordic Wire" are outlets; a question or a
    standfirst in sentence case ("The shape of the UK's economy in graphics") is not.
    """
    words = line.split()
    if len(words) > _MAX_OUTLET_WORDS or line[-1] in "?!":
        return False
    if names_day_and_month(line):  # "Saturday 20 November": a date without its year
        return False
    return all(w[:1].isupper() or w[:1].isdigit() for w in words if len(w.strip("\"'()")) >= 4)


def split_header(text: str) -> tuple[Header, str]:
    """Split a wire-style header off the top of an article.

    The header is the run of leading lines that are a byline ("By Nick Coleman", any case),
    a date ("Sept 3 2008"), or a short label line (a headline when it comes first, else the
    source, kept only when a byline or a date is beside it). A label line alone, not followed
    by a blank line, is body. Returns the header and the rest of the text.
    """
    lines = text.split("\n")
    found: dict[str, str] = {}
    index = 0
    seen = 0
    source_index = 0
    while index < len(lines) and seen < _MAX_HEADER_LINES:
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        byline = _BYLINE.match(line)
        if byline and "author" not in found:
            found["author"] = byline.group("name").strip()
        elif "date" not in found and _is_date_line(line):
            found["date"] = line
        elif _is_label_line(line) and _ends_block(lines, index):
            next_is_date = index + 1 < len(lines) and _is_date_line(lines[index + 1])
            key = "title" if seen == 0 and not next_is_date else "source"
            if key in found or (key == "source" and not _is_outlet_line(line)):
                break  # a second headline, or a standfirst ("So what is the gap ...?"): body
            found[key] = line
            if key == "source":
                source_index = index
        else:
            break
        seen += 1
        index += 1
    if "source" in found and "author" not in found and "date" not in found:
        # An outlet line stands beside a byline or a date. Alone after a headline, a short
        # capitalised line is more often a place ("Ewood Park" under a match preview): body.
        del found["source"]
        index = source_index
    if not found or (set(found) == {"title"} and index >= len(lines)):
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
    return not following or _is_date_line(following) or bool(_BYLINE.match(following))


def _is_date_line(line: str) -> bool:
    """True if the whole line is a date; long lines are not looked at (body paragraphs)."""
    return len(line) <= _MAX_DATE_LINE and parse_date(line) is not None


# --- readers ----------------------------------------------------------------------------


def _os_reason(error: OSError) -> str:
    return str(error.strerror or error)


def _stream_problem(error: BaseException) -> str:
    """Say why a (gzipped) stream could not be read: corrupt, or not readable at all."""
    if isinstance(error, (EOFError, zlib.error, gzip.BadGzipFile)):
        return f"file ends abruptly or is corrupt ({error or type(error).__name__})"
    return f"unreadable file ({_os_reason(error) if isinstance(error, OSError) else error})"


def is_regular_file(path: Path, log: ProblemLog) -> bool:
    """Return True if ``path`` is a regular file; else log why it is skipped.

    Checked before opening: opening a named pipe would wait for a writer forever.
    """
    try:
        info = path.stat()
    except OSError as error:
        if path.is_symlink():
            log.skip(path, f"unreadable file (broken symbolic link: {_os_reason(error)})")
        else:
            log.skip(path, f"unreadable file ({_os_reason(error)})")
        return False
    if not stat.S_ISREG(info.st_mode):
        log.skip(path, "not a regular file (a named pipe, socket or device)")
        return False
    return True


def binary_reason(head: bytes) -> str | None:
    """Return why the first bytes of a file show it is not text, or None if they look like text."""
    if head.startswith(_BINARY_SIGNATURES):
        return "binary file (not text): an image, archive or executable signature"
    if sniff_encoding(head) is not None:
        return None
    if b"\0" in head:
        return "binary file (not text): NUL bytes"
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if head and controls > _MAX_CONTROL_SHARE * len(head):
        return "binary file (not text): control bytes"
    return None


def _read_file_bytes(path: Path, log: ProblemLog) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        log.skip(path, f"unreadable file ({_os_reason(error)})")
        return None
    if not data.strip():
        log.skip(path, "empty or whitespace-only file")
        return None
    reason = binary_reason(data[:_SNIFF_BYTES])
    if reason is not None:
        log.skip(path, reason)
        return None
    return data


def read_txt(path: Path, root: Path, options: ReadOptions, log: ProblemLog) -> Iterator[Article]:
    """Read one ``.txt`` article (optional wire header, then the body)."""
    data = _read_file_bytes(path, log)
    if data is None:
        return
    cleaned = clean_text(decode_bytes(data))
    if not cleaned.strip():
        log.skip(path, "empty or whitespace-only file (after removing invisible characters)")
        return
    header, body = split_header(cleaned)
    text = reflow(body, join_lines=options.join_lines)
    if not text:
        log.skip(path, "no body text after the header")
        return
    article = Article(
        article_id=_relative_id(path, root),
        text=text,
        path=_relative_path(path, root),
        title=header.title,
        author=header.author,
        source=header.source,
        date=header.date,
    )
    if path != root:
        row = folder_metadata(root, options).get(path.relative_to(root).as_posix())
        if row is not None:
            article = _with_metadata(article, row, options)
    yield article


# --- a folder's metadata table ------------------------------------------------------------
#
# A CSV at the top of a corpus folder with no text column and a column naming files (BBC's
# metadata.csv: id, category, title, path, ...) describes the folder's text files: each row
# gives metadata to the .txt article its path names (relative to the folder).

_FILE_COLUMNS = ("path", "file", "filename", "file_name")


def _text_columns(options: ReadOptions) -> list[str]:
    return [options.text_field] if options.text_field else ["text", "body", "content"]


def metadata_file_column(columns: Iterable[str], options: ReadOptions) -> str | None:
    """The column naming files, if a CSV with these columns is a metadata table, else None."""
    names = list(columns)
    if any(name in names for name in _text_columns(options)):
        return None
    return next((name for name in _FILE_COLUMNS if name in names), None)


# (folder, text field) -> (signature of its top-level CSV files, path -> row)
_METADATA_TABLES: dict[tuple[str, str], tuple[Any, dict[str, dict[str, str]]]] = {}
_METADATA_TABLES_KEPT = 8


def folder_metadata(root: Path, options: ReadOptions) -> dict[str, dict[str, str]]:
    """Return ``relative path -> metadata row`` from the metadata tables at the top of ``root``.

    Read once per process and again only when the folder's entries or one of its top-level
    CSV files change, so looking an article up costs a ``stat`` call or two. A path given
    twice keeps its first row; a table that cannot be read gives no rows (reading it as
    articles reports why).
    """
    key = (str(root), options.text_field)
    try:
        folder_time = root.stat().st_mtime_ns
        cached = _METADATA_TABLES.get(key)
        if cached is not None and _still_current(root, folder_time, cached[0]):
            return cached[1]
        tables = _csv_signatures(root)
    except OSError:
        return {}
    rows: dict[str, dict[str, str]] = {}
    for name, _, _ in tables:
        for path, row in _metadata_rows(root / name, options).items():
            rows.setdefault(path, row)
    if len(_METADATA_TABLES) >= _METADATA_TABLES_KEPT:
        _METADATA_TABLES.clear()
    _METADATA_TABLES[key] = ((folder_time, tuple(tables)), rows)
    return rows


def _csv_signatures(root: Path) -> list[tuple[str, int, int]]:
    """(name, time, size) of the CSV files at the top of ``root``, by name."""
    signatures = []
    with os.scandir(root) as scan:
        for entry in scan:
            if entry.name.lower().endswith(".csv") and entry.is_file():
                info = entry.stat()
                signatures.append((entry.name, info.st_mtime_ns, info.st_size))
    return sorted(signatures)


def _still_current(root: Path, folder_time: int, signature: Any) -> bool:
    """Whether the folder and its top-level CSV files are as when the rows were read."""
    known_time, tables = signature
    if folder_time != known_time:
        return False
    for name, time_ns, size in tables:
        try:
            info = (root / name).stat()
        except OSError:
            return False
        if (info.st_mtime_ns, info.st_size) != (time_ns, size):
            return False
    return True


def _metadata_rows(path: Path, options: ReadOptions) -> dict[str, dict[str, str]]:
    """The rows of one metadata table by the path they name ({} if it is none)."""
    handle = _open_text(path, ProblemLog(), newline="")
    if handle is None:
        return {}
    rows: dict[str, dict[str, str]] = {}
    with handle:
        try:
            reader = csv.DictReader(handle)
            column = metadata_file_column(reader.fieldnames or [], options)
            if column is None:
                return {}
            for row in reader:
                named = (row.get(column) or "").strip().replace("\\", "/")
                while named.startswith("./"):
                    named = named[2:]
                if named and named not in rows:
                    rows[named] = {
                        printable(key): printable(value)
                        for key, value in row.items()
                        if key is not None and key != column and isinstance(value, str) and value
                    }
        except (csv.Error, *_STREAM_ERRORS):
            return rows
    return rows


def _with_metadata(article: Article, row: dict[str, str], options: ReadOptions) -> Article:
    """Return the article with its metadata row.

    The row fills the title, author, source and date that the article's own header did not
    give (a date that does not parse is left out); every other column becomes metadata.
    """
    fields = {
        "title": options.title_field,
        "author": options.author_field,
        "source": options.source_field,
        "date": options.date_field,
    }
    changes: dict[str, Any] = {}
    for name, column in fields.items():
        value = row.get(column)
        if value and getattr(article, name) is None:
            if name == "date":
                parsed = iso_date(value)
                if parsed is None:
                    continue
                value = parsed
            changes[name] = value
    used = set(fields.values())
    metadata = {key: value for key, value in row.items() if key not in used}
    if metadata:
        changes["metadata"] = {**article.metadata, **metadata}
    return replace(article, **changes) if changes else article


def _relative_path(path: Path, root: Path) -> str:
    """Return the path relative to the corpus root (so tables do not depend on where it is)."""
    try:
        return printable(path.relative_to(root).as_posix() if root != path else path.name)
    except ValueError:
        return printable(path.name)


def _relative_id(path: Path, root: Path) -> str:
    try:
        relative = path.relative_to(root) if root != path else Path(path.name)
    except ValueError:
        relative = Path(path.name)
    return _without_corpus_suffix(printable(relative.as_posix()))


def _without_corpus_suffix(name: str) -> str:
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
    if options.defer_text:
        text = raw if raw.strip() else ""
    else:
        text = reflow(clean_text(raw), join_lines=options.join_lines)
    if not text:
        log.skip(path, f"field {text_field!r} is empty", line)
        return None
    raw_id = record.get(options.id_field)
    article_id = printable(str(raw_id) if raw_id not in (None, "") else f"{path.stem}-{line}")
    used = {text_field, options.id_field, options.title_field, options.date_field}
    used |= {options.source_field, options.author_field}
    metadata = {
        printable(str(key)): _as_text(value) for key, value in record.items() if key not in used
    }
    raw_date = _as_text(record.get(options.date_field)) or None
    date = iso_date(raw_date)
    if raw_date and date is None:
        metadata["date_raw"] = raw_date
    return Article(
        article_id=article_id,
        text=text,
        path=printable(f"{path.name}:{line}"),
        title=_as_text(record.get(options.title_field)) or None,
        author=_as_text(record.get(options.author_field)) or None,
        source=_as_text(record.get(options.source_field)) or None,
        date=date,
        metadata=metadata,
        raw_text=options.defer_text,
    )


def finish_article(article: Article, options: ReadOptions, log: ProblemLog) -> Article | None:
    """Normalise a deferred article's text (see ``ReadOptions.defer_text``).

    Returns the article unchanged if its text is already normalised, or None (logged) if
    nothing is left of the text.
    """
    if not article.raw_text:
        return article
    text = reflow(clean_text(article.text), join_lines=options.join_lines)
    if not text:
        where, _, line = article.path.rpartition(":")
        log.skip(
            where or article.path,
            "the text is empty once cleaned",
            int(line) if line.isdigit() else None,
        )
        return None
    return replace(article, text=text, raw_text=False)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is str:
        return printable(value)
    if isinstance(value, list):
        try:  # most lists are of strings: one join, one check of the result
            return printable(";".join(value))
        except TypeError:
            return ";".join(
                printable(item) if isinstance(item, str) else _json_text(item) for item in value
            )
    if isinstance(value, dict):
        return _json_text(value)
    return printable(str(value))


def _json_text(value: Any) -> str:
    return printable(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


# Stream errors of a truncated or corrupt (gzipped) file.
_STREAM_ERRORS = (OSError, EOFError, zlib.error)


def _open_binary(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _open_text(path: Path, log: ProblemLog, *, newline: str | None = None) -> IO[str] | None:
    """Open a JSONL/CSV file as text, or log why it cannot be read and return None.

    The encoding is sniffed from the first bytes (BOM, UTF-16 pattern); otherwise UTF-8 with
    stray bytes read as Windows-1252. Empty and binary files are skipped here.
    """
    try:
        with _open_binary(path) as probe:
            head = probe.read(_SNIFF_BYTES)
        handle = _open_binary(path)
    except _STREAM_ERRORS as error:
        log.skip(path, _stream_problem(error))
        return None
    reason = "empty or whitespace-only file" if not head.strip() else binary_reason(head)
    if reason is not None:
        handle.close()
        log.skip(path, reason)
        return None
    encoding = sniff_encoding(head) or "utf-8"
    errors = "newsreport-cp1252" if encoding.startswith("utf-8") else "replace"
    return io.TextIOWrapper(handle, encoding=encoding, errors=errors, newline=newline)


def read_jsonl(path: Path, root: Path, options: ReadOptions, log: ProblemLog) -> Iterator[Article]:
    """Read a ``.jsonl`` or ``.jsonl.gz`` file, one article per line."""
    handle = _open_text(path, log)
    if handle is None:
        return
    with handle:
        try:
            yield from _jsonl_lines(handle, 1, path, options, log)
        except _STREAM_ERRORS as error:
            log.skip(path, _stream_problem(error))


_SCAN_JSON: Final[Callable[[str, int], tuple[Any, int]]] = (
    json.decoder.JSONDecoder().scan_once  # type: ignore[attr-defined]
)  # the C scanner of json.loads: (value, end) of the value at an index


def _json_object(line: str) -> Any:
    """``json.loads(line)``, reading a line that is one object and its line end directly.

    ``json.loads`` spends a fifth of its time on a line of wire copy in Python around the C
    scanner (skipping white space with a pattern, twice); a line that opens with "{" and
    ends after the object, or after a line end, is read by the scanner alone. Anything else,
    or a line the scanner rejects, goes to ``json.loads`` (and its error messages).
    """
    if line[:1] == "{":
        try:
            found, end = _SCAN_JSON(line, 0)
        except (StopIteration, ValueError):
            return json.loads(line)
        if end == len(line) or line[end:] in ("\n", "\r\n"):
            return found
    return json.loads(line)


def _jsonl_article(
    line: str, path: Path, number: int, options: ReadOptions, log: ProblemLog
) -> Article | None:
    """Parse one JSONL line into an Article (None, logged, if it is not a usable record)."""
    try:
        record = _json_object(line)
    except ValueError as error:  # JSONDecodeError, or an integer of over 4300 digits
        log.skip(path, f"not valid JSON ({getattr(error, 'msg', error)})", number)
        return None
    except RecursionError:
        log.skip(path, "not valid JSON (nested too deeply)", number)
        return None
    if not isinstance(record, dict):
        log.skip(path, "not a JSON object", number)
        return None
    try:
        return _record_article(record, path, number, options, log)
    except RecursionError:
        log.skip(path, "a field is nested too deeply", number)
        return None


def read_csv(path: Path, root: Path, options: ReadOptions, log: ProblemLog) -> Iterator[Article]:
    """Read a ``.csv`` file with a header row, one article per row."""
    handle = _open_text(path, log, newline="")
    if handle is None:
        return
    with handle:
        try:
            reader = csv.DictReader(handle)
            if path != root and path.parent == root and _is_metadata_table(reader, options):
                rows = len(folder_metadata(root, options))
                log.note(
                    path,
                    f"read as the metadata of the folder's text files ({rows:,} file(s) named)",
                )
                return
            if not _has_text_column(reader, path, options, log):
                return
            yield from _csv_articles(reader, path, options, log)
        except _STREAM_ERRORS as error:
            log.skip(path, _stream_problem(error))


def _is_metadata_table(reader: csv.DictReader[str], options: ReadOptions) -> bool:
    try:
        return metadata_file_column(reader.fieldnames or [], options) is not None
    except csv.Error:
        return False  # reading it as articles reports the error


def _has_text_column(
    reader: csv.DictReader[str], path: Path, options: ReadOptions, log: ProblemLog
) -> bool:
    """Check the header once, so a file without a text column is one problem, not one a row."""
    try:
        columns = list(reader.fieldnames or [])
    except csv.Error as error:
        log.skip(path, f"CSV error in the header ({error})", 1)
        return False
    wanted = _text_columns(options)
    if not any(name in columns for name in wanted):
        names = ", ".join(repr(name) for name in columns[:20])
        log.skip(path, f"no text column ({' or '.join(wanted)}); the header has {names}", 1)
        return False
    return True


def _csv_articles(
    reader: csv.DictReader[str], path: Path, options: ReadOptions, log: ProblemLog
) -> Iterator[Article]:
    """Yield the rows' articles; a malformed row is logged and reading goes on after it."""
    failed_at = -1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if reader.line_num == failed_at:
                return  # the reader cannot move past this line
            failed_at = reader.line_num
            log.skip(path, f"CSV error ({error})", reader.line_num)
            continue
        record = {key: value for key, value in row.items() if key is not None}
        article = _record_article(record, path, reader.line_num, options, log)
        if article is not None:
            yield article


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


# Text files that describe a corpus instead of holding an article ("README.TXT" beside the
# articles of the BBC corpus): left out of a folder, with a note. Given as the corpus path
# itself, such a file is read.
_DOCUMENTATION_STEMS = frozenset(
    "readme read_me read-me license licence notice copying copyright changelog changes authors "
    "citation contributing manifest".split()
)


def is_documentation_file(path: Path) -> bool:
    """Whether a file of a corpus folder is a README, LICENSE, ... text, not an article."""
    name = path.name.lower()
    return name.endswith(".txt") and name[:-4] in _DOCUMENTATION_STEMS


def corpus_files(root: Path, log: ProblemLog) -> list[Path]:
    """List the corpus files below ``root`` in sorted order, following folder links once.

    The walk keeps its own stack, so folders nested thousands deep cannot exhaust Python's
    recursion limit; a folder reached twice (a symbolic link loop) is skipped with a problem.
    """
    found: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()
    stack: list[Iterator[tuple[Path, bool]]] = [iter([(root, True)])]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path, is_dir = entry
        if not is_dir:
            found.append(path)
            continue
        entries = _folder_entries(path, seen_dirs, log)
        if entries:
            stack.append(iter(entries))
    return found


def _folder_entries(
    folder: Path, seen_dirs: set[tuple[int, int]], log: ProblemLog
) -> list[tuple[Path, bool]]:
    """Return a folder's sub-folders and corpus files, by name, as ``(path, is_folder)``."""
    try:
        info = folder.stat()
    except OSError as error:
        log.skip(folder, f"unreadable folder ({_os_reason(error)})")
        return []
    key = (info.st_dev, info.st_ino)
    if key in seen_dirs:
        log.skip(folder, "symbolic link loop (folder already read)")
        return []
    seen_dirs.add(key)
    try:
        with os.scandir(folder) as scan:
            listing = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        log.skip(folder, f"unreadable folder ({_os_reason(error)})")
        return []
    entries: list[tuple[Path, bool]] = []
    for item in listing:
        if item.name.startswith("."):
            continue
        path = Path(item.path)
        try:
            is_dir = item.is_dir()
        except OSError:
            is_dir = False
        if not is_dir and is_documentation_file(path):
            log.note(path, "not read: a documentation file (README, LICENSE, ...), not an article")
            continue
        if is_dir or _reader_for(path) is not None:
            entries.append((path, is_dir))
    return entries


def iter_articles(
    path: str | Path,
    *,
    options: ReadOptions | None = None,
    log: ProblemLog | None = None,
) -> Iterator[Article]:
    """Yield the articles of a corpus (folder or single file), in a stable order.

    Args:
        path: A folder, a ``.txt``/``.jsonl``/``.jsonl.gz``/``.csv`` file, or a ``.list``
            file naming corpus files and folders (:func:`listed_files`).
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
    if is_file_list(root):
        listed = listed_files(root, log)
        files, bases = [file for file, _ in listed], [base for _, base in listed]
        yield from read_files(files, root.parent, options, log, bases)
        return
    if root.is_dir():
        files = corpus_files(root, log)
        if not files:
            suffixes = ", ".join(READERS)
            raise CorpusError(f"{root}: the folder holds no corpus files ({suffixes})")
    else:
        if _reader_for(root) is None:
            suffixes = ", ".join(READERS)
            raise CorpusError(
                f"{root}: unknown corpus format (expected a folder, a {LIST_SUFFIX} file "
                f"listing corpus files, or {suffixes})"
            )
        files = [root]
    yield from _unique_ids(_read_files(files, root, options, log), log)


# --- a list of files ----------------------------------------------------------------------

LIST_SUFFIX = ".list"
"""A corpus path ending so is a text file naming the corpus files, one a line."""


def is_file_list(path: Path) -> bool:
    """Whether a corpus path is a list of files (a ``.list`` file, see :func:`listed_files`)."""
    return path.name.lower().endswith(LIST_SUFFIX) and not path.is_dir()


def listed_files(path: Path, log: ProblemLog) -> list[tuple[Path, Path]]:
    """Return the corpus files a list names, in its order, each with the folder it is read from.

    A list is a text file with one path a line, relative to the list's folder or absolute
    (``~`` is expanded); blank lines and lines starting with ``#`` are ignored. A listed
    folder stands for its corpus files, read as a folder corpus reads them (sorted,
    recursively, with the folder's metadata table); a listed file is read by its suffix,
    with the metadata table at the top of the list's folder. Ids and paths are relative to
    the list's folder (a file outside it is named from its folder's name on).

    A listed path that does not exist, has an unknown format, is a list itself or names no
    corpus file is reported with the list's line and skipped; a file listed twice (directly
    or inside a listed folder) is read once, with a note.

    Raises:
        CorpusError: If the list cannot be read or names no corpus file at all.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CorpusError(f"{path}: unreadable list of files ({_os_reason(error)})") from None
    reason = binary_reason(data[:_SNIFF_BYTES])
    if reason is not None:
        raise CorpusError(f"{path}: not a list of files: {reason}")
    folder = path.parent
    found: list[tuple[Path, Path]] = []
    first_lines: dict[str, int] = {}
    for number, entry in _list_lines(data):
        shown = entry if len(entry) <= 120 else entry[:117] + "..."
        try:
            listed = Path(os.path.normpath(folder / Path(entry).expanduser()))
            files = _listed_entry(listed, shown, folder, path, number, log)
            keys = [os.path.realpath(file) for file, _ in files]
        except (OSError, ValueError, RuntimeError) as error:  # too long, NUL, "~nobody"
            reason = _os_reason(error) if isinstance(error, OSError) else str(error)
            log.skip(path, f"listed path {shown!r} cannot be read ({reason})", number)
            continue
        for (file, base), key in zip(files, keys, strict=True):
            if key in first_lines:
                again = f"{shown!r} lists {file} again (line {first_lines[key]}): read once"
                log.note(path, again, number)
                continue
            first_lines[key] = number
            found.append((file, base))
    if not found:
        raise CorpusError(f"{path}: the list names no corpus files")
    return found


def _list_lines(data: bytes) -> Iterator[tuple[int, str]]:
    """The numbered entries of a list's bytes: stripped lines, blank and ``#`` lines left out."""
    for number, raw in enumerate(decode_bytes(data).splitlines(), start=1):
        entry = raw.strip()
        if entry and not entry.startswith("#"):
            yield number, entry


def list_entries(path: Path) -> list[str]:
    """Return a list's entries as written (for provenance; [] if it cannot be read now)."""
    try:
        return [entry for _, entry in _list_lines(path.read_bytes())]
    except OSError:
        return []


def _listed_entry(
    listed: Path, entry: str, folder: Path, path: Path, number: int, log: ProblemLog
) -> list[tuple[Path, Path]]:
    """The ``(file, base folder)`` pairs of one line of a list (logged and [] if none)."""
    if not listed.exists():
        log.skip(path, f"listed path {entry!r} does not exist", number)
        return []
    if listed.is_dir():
        files = corpus_files(listed, log)
        if not files:
            log.skip(path, f"listed folder {entry!r} holds no corpus files", number)
        return [(file, listed) for file in files]
    if is_file_list(listed):
        log.skip(path, f"{entry!r} is a list: a list names corpus files and folders", number)
        return []
    if _reader_for(listed) is None:
        suffixes = ", ".join(READERS)
        log.skip(path, f"listed file {entry!r} is of an unknown format ({suffixes})", number)
        return []
    return [(listed, folder if _is_below(listed, folder) else listed.parent)]


def list_of_paths(paths: Sequence[str | Path], folder: Path) -> Path:
    """Return a list of files naming several corpus paths, written once under ``folder``.

    What a user gives as several corpus paths (``newsreport report a.jsonl b.jsonl``, or a
    shell glob) is read as a list (:func:`listed_files`) of their absolute paths. The list
    is named after the paths' common folder (``reports/<that name>``) and kept in a
    sub-folder named by a hash of its content, so the same paths always make the same list
    (a batch of runs, the cache key and the provenance all name one file).

    Raises:
        CorpusError: If a path does not exist, is a list itself or has an unknown format.
    """
    absolute = [Path(os.path.abspath(Path(path).expanduser())) for path in paths]
    for given, path in zip(paths, absolute, strict=True):
        if not path.exists():
            raise CorpusError(f"{given}: no such file or folder")
        if is_file_list(path):
            raise CorpusError(f"{given} is a list: give one list, or corpus files and folders")
        if not path.is_dir() and _reader_for(path) is None:
            suffixes = ", ".join(READERS)
            raise CorpusError(f"{given}: unknown corpus format (known: {suffixes}, {LIST_SUFFIX})")
    text = "".join(f"{path}\n" for path in dict.fromkeys(absolute))  # "a" and "a/": once
    for given, path in zip(paths, absolute, strict=True):
        if str(path) != str(path).strip() or len(str(path).splitlines()) > 1:
            raise CorpusError(
                f"{str(given)!r}: a path with a line break or edge spaces cannot be listed "
                "with others: give its folder, or write a .list"
            )
    common = Path(os.path.commonpath([path.parent for path in absolute]))
    name = corpus_name(common) if common.name else "corpus"
    digest = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    target = folder / digest / f"{name}{LIST_SUFFIX}"
    header = "# the corpus paths given to newsreport, one a line (written by newsreport)\n"
    content = (header + text).encode("utf-8", "surrogateescape")
    try:
        if not target.is_file() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}")
            temporary.write_bytes(content)
            os.replace(temporary, target)
    except OSError as error:
        raise CorpusError(f"cannot write the list of corpus paths in {folder}: {error}") from None
    return target


def _is_below(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _listed_name(file: Path, base: Path, root: Path) -> str:
    """A listed file's name relative to the list's folder ``root`` (or from ``base`` on)."""
    if _is_below(file, root):
        return file.relative_to(root).as_posix()
    return (Path(base.name) / file.relative_to(base)).as_posix()


def _rebased(articles: Iterable[Article], file: Path, base: Path, root: Path) -> Iterator[Article]:
    """Rename the articles of ``file``, read from ``base``, as a reader from ``root`` would."""
    read_path, read_id = _relative_path(file, base), _relative_id(file, base)
    name = printable(_listed_name(file, base, root))
    for article in articles:
        changes: dict[str, Any] = {}
        if article.path == read_path:  # a path-derived name (a .txt file), not a record's
            changes["path"] = name
        if article.article_id == read_id:
            changes["article_id"] = _without_corpus_suffix(name)
        yield replace(article, **changes) if changes else article


def _list_parts(path: Path, log: ProblemLog, target_bytes: PartSize) -> list[CorpusPart]:
    """Split a list's files into parts: runs of whole files, big JSONL files by lines."""
    sized = [(item, _file_size(item[0])) for item in listed_files(path, log)]
    target = _part_target(target_bytes, sum(size for _, size in sized))
    parts: list[CorpusPart] = []
    run: list[tuple[tuple[Path, Path], int]] = []

    def flush() -> None:
        for group in _group_by_size(run, target):
            files = tuple(file for file, _ in group)
            bases = tuple(base for _, base in group)
            parts.append(CorpusPart(files, bases=bases))
        run.clear()

    for (file, base), size in sized:
        ranges = (
            jsonl_ranges(file, target)
            if size > target and file.name.lower().endswith(".jsonl")
            else None
        )
        if ranges:
            flush()
            parts.extend(ranges)
        else:
            run.append(((file, base), size))
    flush()
    return parts


def corpus_source_files(path: Path, log: ProblemLog) -> list[tuple[str, Path]]:
    """The files whose bytes make up a corpus, each with a name independent of its place.

    For a cache key: a list gives itself, the files it names and the metadata tables at the
    top of its folder.
    """
    if is_file_list(path):
        folder = path.parent
        named = [(path.name, path)]
        for file, base in listed_files(path, log):
            named.append((_listed_name(file, base, folder), file))
        # the metadata tables at the top of the list's folder name its listed text files
        return named + [(f"<{name}>", folder / name) for name, _, _ in _csv_signatures(folder)]
    if path.is_dir():
        return [(file.relative_to(path).as_posix(), file) for file in corpus_files(path, log)]
    return [(path.name, path)]


PartSize = int | Callable[[int], int]
"""Bytes per part, or a function of the corpus size (in bytes) giving them."""


def corpus_partitions(
    path: str | Path, log: ProblemLog, *, target_bytes: PartSize = 32_000_000
) -> list[list[Path]] | None:
    """Split a folder corpus into lists of files of about ``target_bytes`` each.

    Returns None for a single-file corpus (it is read by one reader, in order); ids are made
    unique within a part.
    """
    root = Path(path)
    if not root.is_dir():
        return None
    sized = [(file, _file_size(file)) for file in corpus_files(root, log)]
    target = _part_target(target_bytes, sum(size for _, size in sized))
    return _group_by_size(sized, target)


def _group_by_size(sized: list[tuple[Any, int]], target: int) -> list[list[Any]]:
    """Split ``(item, size)`` pairs, in order, into runs of about ``target`` bytes each."""
    parts: list[list[Any]] = [[]]
    size = 0
    for item, item_size in sized:
        size += item_size
        parts[-1].append(item)
        if size >= target:
            parts.append([])
            size = 0
    return [part for part in parts if part]


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _part_target(target_bytes: PartSize, corpus_bytes: int) -> int:
    return max(1, target_bytes(corpus_bytes) if callable(target_bytes) else target_bytes)


@dataclass(frozen=True)
class CorpusPart:
    """A piece of a corpus that a worker reads on its own.

    Either whole files (``files``) or the lines of one uncompressed UTF-8 JSONL file between
    two byte offsets (``files`` holds that one file; ``start`` and ``end`` are byte offsets at
    line starts, ``first_line`` the number of the line at ``start``).
    """

    files: tuple[Path, ...]
    start: int | None = None
    end: int | None = None
    first_line: int = 1
    bases: tuple[Path, ...] = ()
    """For the files of a list (:func:`listed_files`): the folder each one is read from."""

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the constructor (see :func:`analysis.model.by_fields`)."""
        return by_fields(self)


def corpus_parts(
    path: str | Path, log: ProblemLog, *, target_bytes: PartSize
) -> list[CorpusPart] | None:
    """Split a corpus into parts of about ``target_bytes`` that workers read themselves.

    ``target_bytes`` may be a function of the corpus size, measured here from the files that
    are split.

    A folder is split into groups of whole files; a single uncompressed UTF-8 ``.jsonl`` file
    into ranges of whole lines. Returns None for any other single file (read in one stream).
    Ids are made unique within a part only: the caller checks that they are unique across
    parts (see :func:`analysis.pipeline.extract`).
    """
    root = Path(path)
    if is_file_list(root):
        return _list_parts(root, log, target_bytes)
    if root.is_dir():
        groups = corpus_partitions(root, log, target_bytes=target_bytes)
        return [CorpusPart(tuple(group)) for group in groups or []]
    if not root.name.lower().endswith(".jsonl") or not is_regular_file(root, ProblemLog()):
        return None
    return jsonl_ranges(root, _part_target(target_bytes, _file_size(root)))


def jsonl_ranges(path: Path, target_bytes: int) -> list[CorpusPart] | None:
    r"""Split a UTF-8 JSONL file into parts of whole lines (None if it is not plain UTF-8).

    Lines are counted as the text reader counts them (``\n``, ``\r\n`` or a lone ``\r``),
    so every article keeps the line number that a single reader would give it.
    """
    parts: list[CorpusPart] = []
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
            plain = sniff_encoding(head) in (None, "utf-8-sig")
            if not head.strip() or binary_reason(head) or not plain:
                return None  # the stream reader reports it, or decodes UTF-16/32
            # Mapped, not read: a part ends at the first line end after ``target_bytes``. The
            # last four parts' worth is cut in quarters: the workers run out of parts at
            # nearly the same time (the last part sets how long the others wait).
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
                size = len(view)
                start, line = 0, 1
                while start < size:
                    step = target_bytes if size - start > 4 * target_bytes else target_bytes // 4
                    cut = start + step
                    cut = view.find(b"\n", cut) if cut < size else -1
                    end = size if cut < 0 else cut + 1
                    parts.append(CorpusPart((path,), start, end, line))
                    line += _line_ends(view, start, end)
                    start = end
    except (OSError, ValueError):
        return None
    return parts


def _line_ends(view: mmap.mmap, start: int, end: int) -> int:
    r"""Return the number of line ends in ``view[start:end]``: ``\n``, ``\r\n`` or a lone ``\r``."""
    import numpy as np  # counted in place: a copy of the part costs 4x more

    data = np.frombuffer(view, dtype=np.uint8, count=end - start, offset=start)
    ends = int(np.count_nonzero(data == 10))
    if view.find(b"\r", start, end) >= 0:  # a lone \r ends a line too, the \r of \r\n does not
        piece = view[start:end]
        ends += piece.count(b"\r") - piece.count(b"\r\n")
    del data  # the map cannot close while an array holds it
    return ends


def read_part(
    part: CorpusPart, root: Path, options: ReadOptions, log: ProblemLog
) -> Iterator[Article]:
    """Read the articles of one part (ids made unique within the part).

    ``root`` is the corpus path: a folder, a file, or a list (ids relative to its folder).
    """
    if part.start is None or part.end is None:
        base = root.parent if is_file_list(root) else root
        yield from read_files(part.files, base, options, log, part.bases)
    else:
        yield from _unique_ids(_read_jsonl_range(part, options, log), log)


def _read_jsonl_range(part: CorpusPart, options: ReadOptions, log: ProblemLog) -> Iterator[Article]:
    path = part.files[0]
    assert part.start is not None and part.end is not None
    try:
        with path.open("rb") as handle:
            handle.seek(part.start)
            data = handle.read(part.end - part.start)
    except OSError as error:
        log.skip(path, _stream_problem(error))
        return
    if part.start == 0 and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    # Decoded line by line as the text reader of a whole file does (universal newlines): a
    # StringIO of the decoded part would hold it as 4-byte characters, 5x the part's size.
    lines = io.TextIOWrapper(
        io.BytesIO(data), encoding="utf-8", errors="newsreport-cp1252", newline=None
    )
    del data
    yield from _jsonl_lines(lines, part.first_line, path, options, log)


def _jsonl_lines(
    lines: Iterable[str], first_line: int, path: Path, options: ReadOptions, log: ProblemLog
) -> Iterator[Article]:
    """The articles of JSONL lines numbered from ``first_line`` (blank lines skipped)."""
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        article = _jsonl_article(line, path, number, options, log)
        if article is not None:
            yield article


def read_files(
    files: Iterable[Path],
    root: str | Path,
    options: ReadOptions,
    log: ProblemLog,
    bases: Sequence[Path] = (),
) -> Iterator[Article]:
    """Read the given corpus files (ids relative to ``root``, duplicates renamed).

    ``bases``: for the files of a list, the folder each one is read from (see ``_read_files``).
    """
    yield from _unique_ids(_read_files(files, Path(root), options, log, bases), log)


def _read_files(
    files: Iterable[Path],
    root: Path,
    options: ReadOptions,
    log: ProblemLog,
    bases: Sequence[Path] = (),
) -> Iterator[Article]:
    """Read files with ids relative to ``root``; ``bases``: each file's folder in a list."""
    for index, file in enumerate(files):
        reader = _reader_for(file)
        if reader is None or not is_regular_file(file, log):
            continue
        base = bases[index] if bases else root
        if base == root:
            yield from reader(file, root, options, log)
        else:  # read as in its listed folder (its metadata table), named from the list's
            yield from _rebased(reader(file, base, options, log), file, base, root)


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
    for suffix in (*CORPUS_SUFFIXES, LIST_SUFFIX):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "corpus"
