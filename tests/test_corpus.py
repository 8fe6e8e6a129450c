import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import (
    ProblemLog,
    ReadOptions,
    clean_text,
    corpus_name,
    decode_bytes,
    demo_corpus_path,
    list_of_paths,
    read_corpus,
    reflow,
    split_header,
)
from analysis.errors import CorpusError

from .conftest import shared_path

WIRE = """by Nick Coleman

Agence Presse Nordique
Sept 3 2008

Moscow said on Wednesday that the talks
would resume next week.

"We are ready," the minister said.
"""


def test_wire_header_is_parsed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    [article] = read_corpus(tmp_path)
    assert article.author == "Nick Coleman"
    assert article.source == "Agence Presse Nordique"
    assert article.date == "2008-09-03"
    assert article.text == (
        "Moscow said on Wednesday that the talks would resume next week.\n\n"
        '"We are ready," the minister said.'
    )
    assert article.article_id == "a"


@pytest.mark.parametrize(
    ("header", "author", "source", "date"),
    [
        ("By Jane Roe\n\nNordic Wire\nSept. 3, 2008\n\n", "Jane Roe", "Nordic Wire", "2008-09-03"),
        (
            "BY JANE ROE\n\nNordic Wire\nSeptember 3, 2008\n\n",
            "JANE ROE",
            "Nordic Wire",
            "2008-09-03",
        ),
        ("Nordic Wire\nWednesday, 3 September 2008\n\n", None, "Nordic Wire", "2008-09-03"),
        ("By Jane Roe\n2008-09-03\n\n", "Jane Roe", None, "2008-09-03"),
        ("", None, None, None),
    ],
)
def test_header_variants(
    header: str, author: str | None, source: str | None, date: str | None
) -> None:
    parsed, body = split_header(header + "The body starts here. It goes on.\n")
    assert (parsed.author, parsed.source, parsed.date) == (author, source, date)
    assert body.strip() == "The body starts here. It goes on."


def test_headline_first_line_is_title() -> None:
    parsed, body = split_header(
        "Labour plans pay rise\n\nMaternity pay will rise, the minister said.\n"
    )
    assert parsed.title == "Labour plans pay rise"
    assert body.strip().startswith("Maternity pay")


@pytest.mark.parametrize(
    "standfirst",
    [
        "So what is the gap between the parties nowadays?",
        "The shape of the economy in graphics",
        "Saturday 20 November",
    ],
)
def test_a_standfirst_after_the_headline_is_body_not_a_source(standfirst: str) -> None:
    parsed, body = split_header(f"What divides the parties\n\n{standfirst}\n\nOne cafe.\n")
    assert parsed.title == "What divides the parties" and parsed.source is None
    assert body.strip().startswith(standfirst)


def test_outlet_names_after_a_headline_are_sources() -> None:
    for outlet in ("The Times of India", "Agence France-Presse", "AFP", "Sunday Times"):
        parsed, _ = split_header(f"Talks resume\n\n{outlet}\nSept. 3, 2008\n\nThe body.\n")
        assert parsed.source == outlet, outlet


@pytest.mark.parametrize("place", ["Ewood Park", "Stade de France, Paris", "Murrayfield"])
def test_a_place_line_under_a_headline_without_byline_or_date_is_body(place: str) -> None:
    parsed, body = split_header(f"Blackburn v Burnley\n\n{place}\n\nThe hosts are unbeaten.\n")
    assert parsed.title == "Blackburn v Burnley" and parsed.source is None
    assert body.strip().startswith(place)
    # the same line beside a date is the outlet of a wire header
    parsed, body = split_header(f"Talks resume\n\n{place}\nSept. 3, 2008\n\nThe body.\n")
    assert (parsed.source, parsed.date) == (place, "2008-09-03")
    assert body.strip() == "The body."


def test_body_only_article_is_all_body() -> None:
    text = "Talks resumed in Geneva on Monday, officials said.\nThey ended late.\n"
    parsed, body = split_header(text)
    assert parsed.title is None and body == text


def test_reflow_joins_wrapped_lines_and_indented_paragraphs() -> None:
    body = "Showers continued throughout\nthe week in the zone.\n    The dry period means\nlate crops.\n"
    assert (
        reflow(body)
        == "Showers continued throughout the week in the zone.\n\nThe dry period means late crops."
    )


def test_reflow_keeps_long_lines_as_paragraphs() -> None:
    long_a = "A " * 80
    long_b = "B " * 80
    assert reflow(f"{long_a}\n{long_b}").count("\n\n") == 1


def test_clean_text_normalises() -> None:
    assert (
        clean_text("a\r\nb\rc\u00a0d\u200be &amp; &#8220;q&#8221;") == "a\nb\nc de & \u201cq\u201d"
    )


def test_clean_text_ascii_fast_path_equals_the_table() -> None:
    """An ASCII text is checked with a bytes pass; it must clean exactly as the full table."""
    import random

    from analysis.corpus import _CLEAN_TABLE

    pieces = [chr(code) for code in range(0x80) if chr(code) not in "&\r"] + ["ab ", "\n", "  "]
    generator = random.Random(7)
    for _ in range(3000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 30)))
        assert clean_text(text) == text.translate(_CLEAN_TABLE)
    assert clean_text("a\x0bb\x0cc\x00d\x7fe\tf") == "a\nb\ncde\tf"


def test_reflow_first_line_text_or_indented() -> None:
    """The indent scan is skipped when the first line is text; indented bodies still reflow."""
    assert reflow("First line\n    Second para\nwraps") == "First line\n\nSecond para wraps"
    assert reflow("    One\n    two\n\n    Three") == "One two\n\nThree"
    assert reflow(" \n \n") == ""


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("caf\u00e9 \u201cq\u201d".encode("utf-8"), "caf\u00e9 \u201cq\u201d"),
        (b"\xef\xbb\xbfhello", "hello"),
        ("h\u00e9".encode("utf-16"), "h\u00e9"),
        (b"\x93quoted\x94", "\u201cquoted\u201d"),
    ],
)
def test_decoding(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


def test_jsonl_fields_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    rows = [
        {
            "id": "x1",
            "text": "One body.",
            "title": "T",
            "date": "26-FEB-1987 15:01:01.79",
            "topics": ["a", "b"],
        },
        {"text": "Two body.", "source": "S"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    first, second = read_corpus(path)
    assert (first.article_id, first.title, first.date) == ("x1", "T", "1987-02-26")
    assert first.metadata["topics"] == "a;b"
    assert second.article_id == "c-2" and second.source == "S"


def test_jsonl_gz_and_bad_lines_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write('{"id": "a", "text": "Fine."}\nnot json\n{"id": "b", "text": 5}\n[1]\n')
    log = ProblemLog()
    articles = read_corpus(path, log=log)
    assert [a.article_id for a in articles] == ["a"]
    assert [(p.line, p.reason.split(" (")[0]) for p in log.problems] == [
        (2, "not valid JSON"),
        (3, "field 'text' is not a string"),
        (4, "not a JSON object"),
    ]


def test_strict_mode_raises_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "ok"}\n{broken\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.jsonl:2: not valid JSON"):
        read_corpus(path, options=ReadOptions(strict=True))


def test_csv_with_configurable_text_column(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('id,body,source\n1,"First, body.",S1\n2,,S2\n', encoding="utf-8")
    log = ProblemLog()
    articles = read_corpus(path, options=ReadOptions(text_field="body"), log=log)
    assert [(a.article_id, a.text, a.source) for a in articles] == [("1", "First, body.", "S1")]
    assert log.problems and log.problems[0].line == 3


def test_folder_is_recursive_sorted_and_ids_relative(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    assert [a.article_id for a in read_corpus(tmp_path)] == ["a", "b/2"]


def test_readme_and_licence_of_a_folder_are_noted_not_read(tmp_path: Path) -> None:
    (tmp_path / "sport").mkdir()
    (tmp_path / "sport" / "001.txt").write_text("The match ended.", encoding="utf-8")
    (tmp_path / "README.TXT").write_text("This corpus holds 2,225 articles.", encoding="utf-8")
    (tmp_path / "sport" / "license.txt").write_text("Free for research.", encoding="utf-8")
    (tmp_path / "readme-notes.txt").write_text("Not a README by name.", encoding="utf-8")
    log = ProblemLog(strict=True)  # a README is no broken record: a strict run goes on
    ids = [a.article_id for a in read_corpus(tmp_path, log=log)]
    assert ids == ["readme-notes", "sport/001"]
    noted = sorted(Path(p.path).name for p in log.warnings)
    assert noted == ["README.TXT", "license.txt"]
    assert all("documentation file" in p.reason for p in log.warnings)
    # given as the corpus itself, the file is read
    assert [a.text for a in read_corpus(tmp_path / "README.TXT")] == [
        "This corpus holds 2,225 articles."
    ]


def test_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    log = ProblemLog()
    assert [a.article_id for a in read_corpus(tmp_path, log=log)] == ["sub/a"]
    assert any("loop" in p.reason for p in log.problems)


def test_duplicate_ids_are_renamed_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "One."}\n{"id": "a", "text": "Two."}\n', encoding="utf-8")
    log = ProblemLog()
    assert [a.article_id for a in read_corpus(path, log=log)] == ["a", "a~2"]
    assert "duplicate id" in log.warnings[0].reason


def test_missing_and_unknown_paths_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file"):
        read_corpus(tmp_path / "nope")
    odd = tmp_path / "x.docx"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown corpus format"):
        read_corpus(odd)


def test_demo_corpus_reads_with_headers() -> None:
    articles = read_corpus(demo_corpus_path())
    assert len(articles) >= 15
    assert sum(a.date is not None for a in articles) >= len(articles) - 3
    assert len({a.source for a in articles if a.source}) >= 3
    readme = (demo_corpus_path() / "README.md").read_text(encoding="utf-8").lower()
    assert "invented" in readme


@pytest.mark.shared
def test_bbc_headline_becomes_title() -> None:
    folder = shared_path("data", "corpora", "bbc-news-2225", "text", "politics")
    articles = read_corpus(folder)
    assert len(articles) > 400
    assert all(a.title for a in articles[:20])


def _folder_with_metadata(root: Path) -> None:
    for category, number, text in [
        ("sport", "001", "Leeds v Saracens\n\nThe hosts are unbeaten at home."),
        ("sport", "002", "By Jane Roe\nSept 3 2008\n\nThe visitors won."),
        ("tech", "001", "Broadband grows\n\nMore homes are online."),
        ("tech", "009", "No row names this file.\n"),
    ]:
        (root / category).mkdir(parents=True, exist_ok=True)
        (root / category / f"{number}.txt").write_text(text, encoding="utf-8")
    (root / "metadata.csv").write_text(
        "id,category,title,path,date\n"
        "sport-001,sport,Match preview,text-is-elsewhere.txt,\n"
        "sport-001,sport,Match preview,sport/001.txt,2005-02-04\n"
        "sport-002,sport,Away win,sport/002.txt,2001-01-01\n"
        "tech-001,tech,,./tech/001.txt,not a date\n",
        encoding="utf-8",
    )


def test_a_metadata_table_at_the_top_of_a_folder_describes_its_text_files(
    tmp_path: Path,
) -> None:
    _folder_with_metadata(tmp_path)
    log = ProblemLog(strict=True)  # a metadata table is no broken record
    articles = {a.article_id: a for a in read_corpus(tmp_path, log=log)}
    assert sorted(articles) == ["sport/001", "sport/002", "tech/001", "tech/009"]
    preview, away, broadband, alone = (articles[k] for k in sorted(articles))
    # the header's own title wins; the row fills what the header did not give
    assert (preview.title, preview.date) == ("Leeds v Saracens", "2005-02-04")
    assert preview.metadata == {"id": "sport-001", "category": "sport"}
    assert (away.author, away.date, away.title) == ("Jane Roe", "2008-09-03", "Away win")
    assert broadband.metadata == {"id": "tech-001", "category": "tech"}
    assert broadband.date is None  # "not a date" is left out
    assert alone.metadata == {}
    [note] = log.warnings
    assert note.path.endswith("metadata.csv") and "metadata" in note.reason and not log.problems


def test_a_metadata_table_is_read_again_when_it_changes(tmp_path: Path) -> None:
    _folder_with_metadata(tmp_path)
    first = {a.article_id: a.metadata.get("category") for a in read_corpus(tmp_path)}
    assert first["sport/001"] == "sport"
    table = tmp_path / "metadata.csv"
    table.write_text("path,category\nsport/001.txt,rugby union\n", encoding="utf-8")
    second = {a.article_id: a.metadata.get("category") for a in read_corpus(tmp_path)}
    assert second == {
        "sport/001": "rugby union",
        "sport/002": None,
        "tech/001": None,
        "tech/009": None,
    }


def test_only_a_table_without_text_at_the_top_of_the_folder_is_metadata(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Alpha.", encoding="utf-8")
    (tmp_path / "sub" / "meta.csv").write_text("path,category\na.txt,x\n", encoding="utf-8")
    (tmp_path / "rows.csv").write_text("path,text\na.txt,Beta.\n", encoding="utf-8")
    log = ProblemLog()
    articles = read_corpus(tmp_path, log=log)
    assert [(a.article_id, a.metadata) for a in articles] == [
        ("a", {}),  # the table in the sub-folder describes nothing
        ("rows-2", {"path": "a.txt"}),  # a table with a text column holds articles (line 2)
    ]
    assert [Path(p.path).name for p in log.problems] == ["meta.csv"]
    # a CSV given as the corpus itself is read as articles, whatever its columns
    with pytest.raises(CorpusError):
        read_corpus(tmp_path / "sub" / "meta.csv", options=ReadOptions(strict=True))


# --- a list of files ------------------------------------------------------------------------


def test_a_list_names_files_and_folders_in_its_order(tmp_path: Path) -> None:
    _folder_with_metadata(tmp_path / "bbc")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "wire.jsonl").write_text(
        '{"id": "w1", "text": "Peru said no."}\n{"text": "Chile said yes."}\n', encoding="utf-8"
    )
    (elsewhere / "note.txt").write_text("A note from Kenya.", encoding="utf-8")
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "extra.txt").write_text("An extra article.", encoding="utf-8")
    listing = lists / "corpus.list"
    listing.write_text(
        "# the corpus of the study\n"
        "\n"
        f"{elsewhere / 'wire.jsonl'}\n"  # absolute
        "../bbc\n"  # a folder, relative to the list
        "  extra.txt  \n"
        "../elsewhere/note.txt\n",
        encoding="utf-8",
    )
    log = ProblemLog(strict=True)  # notes only: a strict run goes on
    articles = read_corpus(listing, log=log)
    assert [(a.article_id, a.path) for a in articles] == [
        ("w1", "wire.jsonl:1"),
        ("wire-2", "wire.jsonl:2"),
        ("bbc/sport/001", "bbc/sport/001.txt"),  # outside the list's folder: from its name on
        ("bbc/sport/002", "bbc/sport/002.txt"),
        ("bbc/tech/001", "bbc/tech/001.txt"),
        ("bbc/tech/009", "bbc/tech/009.txt"),
        ("extra", "extra.txt"),
        ("elsewhere/note", "elsewhere/note.txt"),
    ]
    # a listed folder is read as a folder corpus: its metadata table applies
    by_id = {a.article_id: a for a in articles}
    assert by_id["bbc/sport/002"].title == "Away win"
    assert by_id["bbc/tech/001"].metadata == {"id": "tech-001", "category": "tech"}
    assert [p.reason for p in log.warnings if "metadata" in p.reason]


def test_a_list_reports_bad_entries_with_its_line_and_reads_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Alpha from Peru.", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "x.docx").write_text("x", encoding="utf-8")
    (tmp_path / "other.list").write_text("a.txt\n", encoding="utf-8")
    listing = tmp_path / "corpus.list"
    listing.write_text("a.txt\nmissing.txt\nx.docx\nempty\nother.list\n./a.txt\n", encoding="utf-8")
    log = ProblemLog()
    assert [a.article_id for a in read_corpus(listing, log=log)] == ["a"]
    assert [(Path(p.path).name, p.line) for p in log.problems] == [
        ("corpus.list", 2),
        ("corpus.list", 3),
        ("corpus.list", 4),
        ("corpus.list", 5),
    ]
    reasons = [p.reason for p in log.problems]
    assert "does not exist" in reasons[0] and "unknown format" in reasons[1]
    assert "no corpus files" in reasons[2] and "is a list" in reasons[3]
    [again] = log.warnings  # listed twice: read once
    assert again.line == 6 and "line 1" in again.reason
    with pytest.raises(CorpusError, match=r"corpus.list:2: listed path 'missing.txt'"):
        read_corpus(listing, options=ReadOptions(strict=True))


def test_a_list_naming_nothing_readable_is_a_clear_error(tmp_path: Path) -> None:
    listing = tmp_path / "corpus.list"
    listing.write_text("# nothing yet\nmissing.txt\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="names no corpus files"):
        read_corpus(listing)
    listing.write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    with pytest.raises(CorpusError, match="not a list of files"):
        read_corpus(listing)


def test_a_list_of_a_folders_files_reads_as_the_folder(tmp_path: Path) -> None:
    _folder_with_metadata(tmp_path)
    folder = read_corpus(tmp_path)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.txt"))
    (tmp_path / "all.list").write_text("\n".join(names) + "\n", encoding="utf-8")
    assert read_corpus(tmp_path / "all.list") == folder


def test_several_paths_make_one_list_named_after_their_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "wires"
    (corpus / "2019").mkdir(parents=True)
    (corpus / "2019" / "a.txt").write_text("Alpha from Peru.", encoding="utf-8")
    (corpus / "b.jsonl").write_text('{"id": "b1", "text": "Chile said yes."}\n', encoding="utf-8")
    lists = tmp_path / "cache"
    made = list_of_paths([corpus / "b.jsonl", corpus / "2019", f"{corpus / '2019'}/"], lists)
    assert made.name == "wires.list" and made.parent.parent == lists
    assert corpus_name(made) == "wires"  # its report goes to reports/wires
    assert made.read_text(encoding="utf-8").splitlines()[1:] == [
        str(corpus / "b.jsonl"),
        str(corpus / "2019"),  # "2019" and "2019/" are one path: listed once
    ]
    again = list_of_paths([corpus / "b.jsonl", corpus / "2019"], lists)
    assert again == made  # the same paths always make the same list
    other = list_of_paths([corpus / "2019", corpus / "b.jsonl"], lists)
    assert other != made and other.name == "wires.list"  # another order, another list
    log = ProblemLog(strict=True)
    assert [(a.article_id, a.path) for a in read_corpus(made, log=log)] == [
        ("b1", "b.jsonl:1"),  # as in a list: a record has its file and line
        ("2019/a", "2019/a.txt"),  # a given folder is named from its own name on
    ]
    assert not log.problems and not log.warnings


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.txt", "missing.txt: no such file or folder"),
        ("x.docx", "unknown corpus format"),
        ("other.list", "is a list: give one list"),
    ],
)
def test_several_paths_fail_clearly_on_a_bad_one(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "a.txt").write_text("Alpha from Peru.", encoding="utf-8")
    (tmp_path / "x.docx").write_text("x", encoding="utf-8")
    (tmp_path / "other.list").write_text("a.txt\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        list_of_paths([tmp_path / "a.txt", tmp_path / name], tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


# --- reflow in C (analysis/_native.c): built by a regular install, so these run in
# tests/test_compiled.py's run of the suite against a built wheel.

REFLOW_CASES = [
    "One line only",
    "First line\nwraps here\n\nSecond paragraph\n  indented third\nwraps",
    "Tabs\n\tindent a paragraph\n \t \n\n  \nafter blank lines with spaces",
    "Caf\u00e9\u00a0cr\u00e8me\n\u3000wide space line\u2028separator\x85next\n\nend",
    "Emoji \U0001f600 line\n\n\n\U0001f600 again\r\nwith CR\x0b\x0c\x1c",
    "Trailing newlines\n\n\n",
    "x" * 150 + "\n" + "y" * 150 + "\nshort",  # long lines: not this case (None)
    "Starts with text\n" + "word " * 30_000,  # very long: not this case (None)
]


def _native_reflow() -> Any:
    try:
        from analysis._native import reflow_joined
    except ImportError:
        pytest.skip("pure-Python install: no C reflow (tests/test_compiled.py runs this)")
    return reflow_joined


@pytest.mark.parametrize("body", REFLOW_CASES)
def test_c_reflow_equals_python_reflow(body: str) -> None:
    from analysis.corpus import reflow_python

    native = _native_reflow()(body)
    if native is not None:
        assert native == reflow_python(body)
    assert reflow(body) == reflow_python(body)


def test_c_reflow_takes_only_its_case() -> None:
    native = _native_reflow()
    assert native("no newline") is None
    assert native(" indented first\nline") is None
    assert native("a" * 120 + "\n" + "b" * 120) is None  # median line over 100
    assert native("Short\n" + "w " * 60_000) is None  # 100,000 characters or more
    assert native("Short\nlines\n\nhere") == "Short lines\n\nhere"
    with pytest.raises(TypeError):
        native(b"bytes")


def test_c_reflow_equals_python_reflow_on_random_texts() -> None:
    import random

    from analysis.corpus import reflow_python

    native = _native_reflow()
    pieces = ["a", "Bb", "\u00e9", "\u0436", "\U0001f600", " ", "  ", "\t", "\n", "\n\n"]
    pieces += ["\n ", "\n\t", "\r", "\x0b", "\x1c", "\x85", "\u2028", "\u3000", "\xa0", "\u200b"]
    chances = random.Random(11)
    checked = 0
    for _ in range(20_000):
        body = "".join(chances.choice(pieces) for _ in range(chances.randint(0, 25)))
        done = native(body)
        if done is not None:
            assert done == reflow_python(body), repr(body)
            checked += 1
    assert checked > 3000


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.text(max_size=4), _JSON_VALUES, max_size=4),
    st.sampled_from(["", "\n", "\r\n", " \n", "\t", "\n\n", " x", "}", ",{}"]),
    st.sampled_from(["", " ", "\ufeff", "\t"]),
    st.booleans(),
)
def test_json_lines_are_read_as_json_loads_reads_them(
    record: dict[str, Any], end: str, start: str, ascii_only: bool
) -> None:
    from analysis.corpus import _json_object

    line = start + json.dumps(record, ensure_ascii=ascii_only) + end
    for text in (line, line.replace(", ", ","), line[: len(line) // 2]):
        try:
            expected: Any = json.loads(text)
        except ValueError as error:
            with pytest.raises(ValueError) as raised:
                _json_object(text)
            assert str(raised.value) == str(error)
        else:
            assert _json_object(text) == expected
