"""Render executed notebooks into one self-contained HTML report, and that into a PDF.

The HTML is built here rather than with an nbconvert template so that it needs no network
(no CDN scripts, figures embedded as data URIs), hides all code, and escapes every piece of
output text: notebook outputs pass through an allow-list sanitizer, so corpus text can never
become markup or script.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from nbconvert.filters.markdown_mistune import markdown2html_mistune

_SKIP_TAGS = {"parameters", "injected-parameters", "remove-cell"}
_ALLOWED_TAGS = {
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "div", "span", "p", "br", "b", "i", "em", "strong", "code", "pre", "small", "sup", "sub",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "blockquote", "hr",
}  # fmt: skip
_ALLOWED_ATTRS = {"class", "colspan", "rowspan", "border", "id", "title", "align"}
_VOID = {"br", "col", "hr"}
_HEADING = re.compile(r"<h([1-3]) id=\"([^\"]*)\">(.*?)</h\1>", re.DOTALL)
_ANCHOR_LINK = re.compile(r"<a class=\"anchor-link\" href=\"#[^\"]*\">&#182;</a>")

SHORT_TABLE_ROWS = 32
CELL_LINE_CHARS = 60  # characters of a wrapped cell's line (the text column of a quotes table)
_ROW = re.compile(r"<tr\b.*?</tr>", re.S)
_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _table_lines(table: str) -> int:
    """Printed lines of a table: one a row, more for a row with a long, wrapping cell."""
    lines = 0
    for row in _ROW.findall(table):
        longest = max((len(_TAG.sub("", cell)) for cell in _CELL.findall(row)), default=0)
        lines += max(1, -(-longest // CELL_LINE_CHARS))
    return lines
"""Tables with at most this many rows (header included) are not split across PDF pages."""

STYLE = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-center { content: counter(page); font-size: 8pt; color: #666; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
       color: #1b1b1b; line-height: 1.45; }
body { max-width: 60em; margin: 0 auto; padding: 1.5em; }
h1 { font-size: 1.7em; border-bottom: 2px solid #2c4a7a; padding-bottom: .2em; color: #2c4a7a; }
h2 { font-size: 1.25em; color: #2c4a7a; margin-top: 1.4em; }
h3 { font-size: 1.05em; }
.chapter { break-before: page; }
.title-page h1 { font-size: 2.2em; border: none; margin-top: 3em; }
.title-page .subtitle { font-size: 1.2em; color: #444; }
.summary { border-collapse: collapse; margin: 1.5em 0; }
.summary th { text-align: left; padding: .2em 1em .2em 0; color: #555; font-weight: normal; }
.toc ol { padding-left: 1.2em; column-count: 2; column-gap: 2em; }
.toc li { margin: .15em 0; break-inside: avoid; }
.toc a { color: #2c4a7a; text-decoration: none; }
figure { margin: 1em 0; text-align: center; break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
.output-table { overflow-x: auto; margin: .8em 0 1.2em; break-inside: auto; }
.output-table.short { break-inside: avoid; }
h2, h3, h2 + p, h3 + p { break-after: avoid; }  /* a heading and its intro stay with what follows */
table.dataframe { border-collapse: collapse; font-size: 8.5pt; width: 100%; }
table.dataframe th, table.dataframe td { border-bottom: 1px solid #ddd; padding: .25em .45em;
       text-align: left; vertical-align: top; word-break: break-word; }
table.dataframe thead th { border-bottom: 2px solid #888; background: #f3f5f9; }
table.dataframe tr { break-inside: avoid; }
/* notebooks show frames with a plain 0..n index: it carries no information */
table.dataframe tbody th, table.dataframe thead th:first-child:empty { display: none; }
pre { white-space: pre-wrap; word-break: break-word; background: #f6f6f6; padding: .6em;
      font-size: 8.5pt; }
.anchor-link { display: none; }
.note { color: #555; font-size: .9em; }
.problems li { font-family: monospace; font-size: 8.5pt; }
"""


class _Sanitizer(HTMLParser):
    """Keep allow-listed tags and attributes; escape all text; drop everything else."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "iframe", "object", "embed", "template"):
            self._skip_depth += 1
            return
        if tag not in _ALLOWED_TAGS:
            return
        kept = "".join(
            f' {name}="{html.escape(value or "", quote=True)}"'
            for name, value in attrs
            if name in _ALLOWED_ATTRS
        )
        self.parts.append(f"<{tag}{kept}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "iframe", "object", "embed", "template"):
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _ALLOWED_TAGS and tag not in _VOID:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(html.escape(data, quote=False))


def sanitize_html(fragment: str) -> str:
    """Return ``fragment`` with only safe table/text markup kept and all text escaped."""
    parser = _Sanitizer()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


@dataclass
class RenderedNotebook:
    """A notebook's body HTML and its headings (level, id, text) for the table of contents."""

    body: str
    headings: list[tuple[int, str, str]] = field(default_factory=list)
    images: list[bytes] = field(default_factory=list)


def _render_output(output: Mapping[str, Any], images: list[bytes]) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr":
            return ""
        return f"<pre>{html.escape(_text(output.get('text', '')))}</pre>"
    if kind == "error":
        message = f"{output.get('ename', '')}: {output.get('evalue', '')}"
        return f"<pre class='error'>{html.escape(message)}</pre>"
    data = output.get("data", {})
    if "image/png" in data:
        png = _text(data["image/png"]).replace("\n", "")
        images.append(base64.b64decode(png))
        return f'<figure><img alt="figure" src="data:image/png;base64,{png}"></figure>'
    if "text/html" in data:
        table = sanitize_html(_text(data["text/html"]))
        # A table that fits on a page is kept whole: no two orphan rows on the next page.
        short = " short" if _table_lines(table) <= SHORT_TABLE_ROWS else ""
        return f'<div class="output-table{short}">{table}</div>'
    if "text/markdown" in data:
        return sanitize_html(markdown2html_mistune(_text(data["text/markdown"])))
    if "text/plain" in data:
        return f"<pre>{html.escape(_text(data['text/plain']))}</pre>"
    return ""


def render_notebook(notebook: Mapping[str, Any], prefix: str) -> RenderedNotebook:
    """Render one executed notebook's markdown and outputs (never its code) to HTML.

    Heading ids are prefixed with ``prefix`` so ids stay unique across notebooks.
    """
    parts: list[str] = []
    images: list[bytes] = []
    for cell in notebook.get("cells", []):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & _SKIP_TAGS:
            continue
        if cell.get("cell_type") == "markdown":
            parts.append(markdown2html_mistune(_text(cell.get("source", ""))))
        elif cell.get("cell_type") == "code":
            parts.extend(_render_output(output, images) for output in cell.get("outputs", []))
    body = _ANCHOR_LINK.sub("", "\n".join(part for part in parts if part))
    headings: list[tuple[int, str, str]] = []

    def rename(match: re.Match[str]) -> str:
        level, anchor, inner = int(match.group(1)), f"{prefix}-{match.group(2)}", match.group(3)
        headings.append((level, anchor, re.sub(r"<[^>]+>", "", inner)))
        return f'<h{level} id="{html.escape(anchor, quote=True)}">{inner}</h{level}>'

    body = _HEADING.sub(rename, body)
    return RenderedNotebook(body=body, headings=headings, images=images)


def _summary_table(rows: Sequence[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="summary">{cells}</table>'


def _toc(chapters: Sequence[RenderedNotebook]) -> str:
    items = []
    for chapter in chapters:
        for level, anchor, text in chapter.headings:
            if level <= 2:
                indent = ' style="margin-left:1.2em"' if level == 2 else ""
                items.append(
                    f'<li{indent}><a href="#{html.escape(anchor, quote=True)}">{text}</a></li>'
                )
    return '<nav class="toc"><h2>Contents</h2><ol>' + "".join(items) + "</ol></nav>"


def render_report(
    title: str,
    summary: Sequence[tuple[str, str]],
    chapters: Sequence[RenderedNotebook],
    appendix_html: str,
) -> str:
    """Assemble the whole report page: title page, contents, chapters, appendix."""
    chapter_html = "".join(f'<section class="chapter">{c.body}</section>' for c in chapters)
    safe_title = html.escape(title)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{safe_title}</title><style>{STYLE}</style></head><body>"
        f'<section class="title-page"><h1>{safe_title}</h1>'
        '<p class="subtitle">Word frequencies, speaker share and country co-mentions</p>'
        f"{_summary_table(summary)}{_toc(chapters)}</section>"
        f"{chapter_html}"
        f'<section class="chapter" id="appendix">{appendix_html}</section>'
        "</body></html>\n"
    )


def chromium_executable() -> str | None:
    """Return the path of a Chromium/Chrome executable, if one is installed."""
    import shutil

    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def write_pdf(html_text: str, target: Path, *, base_url: Path, engine: str = "auto") -> None:
    """Render the report HTML to PDF.

    Args:
        html_text: The report page.
        target: The PDF file to write.
        base_url: Folder that relative links resolve against.
        engine: "weasyprint" (always available), "chromium" (Debian's chromium, better CSS
            support; an error if absent) or "auto" (WeasyPrint: identical output everywhere).
    """
    if engine == "chromium":
        _chromium_pdf(html_text, target, base_url)
        return
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=html_text, base_url=str(base_url)).write_pdf(str(target))


def _chromium_pdf(html_text: str, target: Path, base_url: Path) -> None:
    import subprocess
    import tempfile

    from analysis.errors import ReportError

    executable = chromium_executable()
    if executable is None:
        raise ReportError("--pdf-engine chromium: no chromium found (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        page = base_url / ".print.html"
        page.write_text(html_text, encoding="utf-8")
        try:
            subprocess.run(
                [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                 "--no-pdf-header-footer", f"--print-to-pdf={target}", page.as_uri()],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError) as error:
            raise ReportError(f"chromium could not print the PDF: {error}") from error
        finally:
            page.unlink(missing_ok=True)
