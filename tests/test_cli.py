"""End to end: the command line on the demo corpus and on small corpora made here."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from analysis.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_extract_writes_sorted_tables(tmp_path: Path) -> None:
    assert main(["extract", "--out", str(tmp_path), "--quiet", "--engine", "serial"]) == 0
    articles = pd.read_csv(tmp_path / "articles.csv")
    assert list(articles.columns[:9]) == [
        "article_id", "path", "title", "author", "source", "date",
        "n_paragraphs", "n_sentences", "n_words",
    ]  # fmt: skip
    assert list(articles["article_id"]) == sorted(articles["article_id"])
    assert (articles["n_words"] > 100).all()


def test_engines_give_identical_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis import pipeline

    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 3)  # several batches over 2 processes
    serial = pipeline.extract(None, engine="serial", use_cache=False)
    processes = pipeline.extract(None, engine="processes", jobs=2, use_cache=False)
    pipeline.write_tables(serial.tables, tmp_path / "s")
    pipeline.write_tables(processes.tables, tmp_path / "p")
    assert serial.corpus.fingerprint == processes.corpus.fingerprint
    for table in sorted((tmp_path / "s").glob("*.csv")):
        assert table.read_bytes() == (tmp_path / "p" / table.name).read_bytes(), table.name


def test_unknown_parameter_fails_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = run_cli("report", "--out", str(out), "-p", "top_sourcess", "3", "--quiet")
    assert result.returncode == 2
    assert "Did you mean 'top_sources'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_several_corpus_paths_are_read_as_one_list(tmp_path: Path) -> None:
    demo = sorted(Path(ROOT / "analysis" / "demo_corpus").glob("*.txt"))
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, files in ((first, demo[:8]), (second, demo[8:])):
        folder.mkdir()
        for file in files:
            (folder / file.name).write_bytes(file.read_bytes())
    listing = tmp_path / "both.list"
    listing.write_text("first\nsecond\n", encoding="utf-8")
    given = [str(first), *map(str, sorted(second.glob("*.txt")))]  # a folder and a glob
    assert main(["extract", *given, "--out", str(tmp_path / "paths"), "--quiet"]) == 0
    assert main(["extract", str(listing), "--out", str(tmp_path / "list"), "--quiet"]) == 0
    tables = sorted((tmp_path / "list").glob("*.csv"))
    assert len(tables) >= 8
    for table in tables:
        assert (tmp_path / "paths" / table.name).read_bytes() == table.read_bytes(), table.name
    ids = pd.read_csv(tmp_path / "paths" / "articles.csv")["article_id"]
    assert len(ids) == len(demo) and ids.str.match(r"^(first|second)/").all()


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("extract", str(tmp_path / "nothing"), "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr and "Traceback" not in result.stderr
    demo = str(ROOT / "analysis" / "demo_corpus")
    result = run_cli("extract", demo, str(tmp_path / "nothing"), "--out", str(tmp_path / "x"))
    assert result.returncode == 2 and "nothing: no such file or folder" in result.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_report_on_demo_corpus_is_complete(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = run_cli("report", "--out", str(out), "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (out / "report.html").stat().st_size > 10_000
    pdf = PdfReader(out / "report.pdf")
    assert len(pdf.pages) >= 3
    assert "Corpus overview" in "".join(page.extract_text() for page in pdf.pages)
    notebooks = sorted(p.name for p in (out / "notebooks").glob("*.ipynb"))
    assert notebooks and notebooks[0].startswith("01-")
    assert (out / "tables" / "articles.csv").exists()
    assert list((out / "figures").glob("*.png"))
    provenance = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert {
        "parameters",
        "command",
        "corpus",
        "versions",
        "git",
        "started",
        "finished",
        "notebooks",
    } <= set(provenance)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Corpus overview" in html and "<script" not in html and "http://" not in html
