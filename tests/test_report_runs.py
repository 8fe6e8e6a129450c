"""Report runs people can trust: validation, atomic output, timeouts, determinism, cache, batch."""

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.batch import run_name, safe_name
from analysis.errors import ParameterError, ReportError
from analysis.pipeline import extract, write_tables
from analysis.report import RunSettings, run_report

ROOT = Path(__file__).resolve().parents[1]


def make_notebooks(folder: Path, body: str) -> Path:
    """Write a one-chapter notebook folder whose code cell is ``body``."""
    folder.mkdir(parents=True, exist_ok=True)
    params = nbformat.v4.new_code_cell(
        'corpus: str = ""  # corpus\ntables_dir: str = ""  # tables\nlimit: int = 3  # a limit\n'
    )
    params.metadata["tags"] = ["parameters"]
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Test chapter"),
        params,
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell(body),
    ]
    nbformat.write(notebook, folder / "01-test.ipynb")
    return folder


def settings(tmp_path: Path, notebooks: Path, **kwargs: object) -> RunSettings:
    return RunSettings(
        out=tmp_path / "out",
        notebooks=notebooks,
        quiet=True,
        formats=["html"],
        engine="serial",
        **kwargs,
    )  # type: ignore[arg-type]


@pytest.mark.slow
def test_failed_run_keeps_previous_report_and_names_the_cell(tmp_path: Path) -> None:
    good = make_notebooks(tmp_path / "good", "print('fine', limit)")
    out = run_report(None, settings(tmp_path, good))
    before = (out / "report.html").read_bytes()
    bad = make_notebooks(tmp_path / "bad", "raise ValueError('broken on purpose')")
    with pytest.raises(ReportError) as caught:
        run_report(None, settings(tmp_path, bad))
    message = str(caught.value)
    assert "01-test.ipynb" in message and "cell" in message and "ValueError" in message
    assert "broken on purpose" in message
    assert (out / "report.html").read_bytes() == before
    assert (tmp_path / "out.failed" / "notebooks" / "01-test.ipynb").exists()
    assert not list(tmp_path.glob(".out.tmp-*"))


@pytest.mark.slow
def test_cell_timeout_is_a_failure(tmp_path: Path) -> None:
    slow = make_notebooks(tmp_path / "slow", "import time\ntime.sleep(30)")
    with pytest.raises(ReportError, match="01-test.ipynb"):
        run_report(None, settings(tmp_path, slow, timeout=2))
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_cli_failure_exit_code_and_message(tmp_path: Path) -> None:
    bad = make_notebooks(tmp_path / "bad", "1/0")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--notebooks", str(bad), "--out",
         str(tmp_path / "r"), "--quiet", "--format", "html", "--engine", "serial"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1
    assert "ZeroDivisionError" in result.stderr and "Traceback" not in result.stderr


def test_mistyped_parameter_is_rejected_before_running(tmp_path: Path) -> None:
    good = make_notebooks(tmp_path / "good", "pass")
    with pytest.raises(ParameterError, match=r"'limit'.*expects int.*'three'"):
        run_report(None, settings(tmp_path, good, parameters={"limit": "three"}))
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_same_input_gives_identical_tables_and_figures(tmp_path: Path) -> None:
    first = run_report(None, RunSettings(out=tmp_path / "a", quiet=True, formats=["html"]))
    second = run_report(
        None, RunSettings(out=tmp_path / "b", quiet=True, formats=["html"], use_cache=False)
    )
    for kind in ("tables", "figures"):
        names = sorted(p.name for p in (first / kind).iterdir())
        assert names == sorted(p.name for p in (second / kind).iterdir())
        for name in names:
            assert (first / kind / name).read_bytes() == (second / kind / name).read_bytes(), name
    provenance = json.loads((first / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["corpus"]["articles"] >= 15 and len(provenance["corpus"]["fingerprint"]) == 64


def test_second_extract_hits_the_cache_with_identical_tables(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = extract(None, cache_dir=cache, engine="serial")
    warm = extract(None, cache_dir=cache, engine="serial")
    assert cold.cache_hits == 0 and cold.cache_misses > 0 and not cold.corpus_cache_hit
    assert warm.cache_misses == 0 and warm.cache_hits == cold.cache_misses
    assert warm.corpus_cache_hit  # unchanged files and options: the finished tables are reused
    write_tables(cold.tables, tmp_path / "cold")
    write_tables(warm.tables, tmp_path / "warm")
    for table in (tmp_path / "cold").glob("*.csv"):
        assert table.read_bytes() == (tmp_path / "warm" / table.name).read_bytes()


def test_a_new_way_of_reading_the_files_is_no_corpus_cache_hit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis import pipeline

    cache = tmp_path / "cache"
    extract(None, cache_dir=cache, engine="serial", analyses=())
    assert extract(None, cache_dir=cache, engine="serial", analyses=()).corpus_cache_hit
    monkeypatch.setattr(pipeline, "READER_VERSION", "reading changed")
    assert not extract(None, cache_dir=cache, engine="serial", analyses=()).corpus_cache_hit


def test_changed_article_is_the_only_miss(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for index in range(4):
        (corpus / f"{index}.txt").write_text(
            f"Article number {index} said hello.", encoding="utf-8"
        )
    cache = tmp_path / "cache"
    extract(corpus, cache_dir=cache, engine="serial", analyses=())
    (corpus / "2.txt").write_text("A changed text.", encoding="utf-8")
    again = extract(corpus, cache_dir=cache, engine="serial", analyses=())
    assert (again.cache_hits, again.cache_misses) == (3, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("../../etc/passwd", "etc_passwd"),
        ("..", "_"),
        ("a/b\\c", "a_b_c"),
        ("Reuters", "Reuters"),
        ("", "_"),
    ],
)
def test_group_names_never_escape_the_output_folder(value: str, expected: str) -> None:
    assert safe_name(value) == expected
    assert "/" not in run_name({"source": value}) and ".." not in run_name({"source": value}).split(
        "="
    )


@pytest.mark.slow
def test_batch_grid_gives_one_report_per_combination_and_an_index(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "batch", "--grid", "top_sources=3,5", "--out",
         str(tmp_path / "g"), "--quiet", "--format", "html"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    for name in ("top_sources=3", "top_sources=5"):
        assert (tmp_path / "g" / name / "report.html").exists()
    index = pd.read_csv(tmp_path / "g" / "index.csv")
    assert list(index["status"]) == ["ok", "ok"] and list(index["top_sources"]) == [3, 5]
    assert 'href="top_sources=3/report.html"' in (tmp_path / "g" / "index.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.slow
def test_batch_split_by_source_with_hostile_names(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    rows = [
        {"id": "1", "text": "Alpha text here.", "source": "../../evil"},
        {"id": "2", "text": "Beta text here.", "source": "<b>Wire</b>"},
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = tmp_path / "g"
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "batch", str(corpus), "--split-by", "source", "--out",
         str(out), "--quiet", "--format", "html", "--batch-jobs", "1"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    made = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert made == ["source=b_Wire_b", "source=evil"]
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<b>Wire</b>" not in index and "&lt;b&gt;Wire&lt;/b&gt;" in index


def test_plain_papermill_still_runs_a_notebook(tmp_path: Path) -> None:
    import papermill

    notebook = ROOT / "notebooks" / "01-corpus-overview.ipynb"
    declared = papermill.inspect_notebook(str(notebook))
    assert {"corpus", "tables_dir", "top_sources"} <= set(declared)
    papermill.execute_notebook(
        str(notebook), str(tmp_path / "out.ipynb"), parameters={"top_sources": 2},
        kernel_name="python3", progress_bar=False,
    )  # fmt: skip
    executed = json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8"))
    assert not any(
        o.get("output_type") == "error" for c in executed["cells"] for o in c.get("outputs", [])
    )


def test_a_kernel_that_dies_on_start_is_started_again_but_a_failing_cell_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from analysis import report

    calls: list[str] = []
    failures = [RuntimeError("Kernel died before replying to kernel_info")]

    def flaky(input_path: str, output_path: str, **_: object) -> None:
        calls.append(input_path)
        if failures:
            raise failures.pop(0)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    seconds, error = report.execute_notebook(tmp_path / "a.ipynb", tmp_path / "o.ipynb", {}, 5,
                                             tmp_path)
    assert error == "" and len(calls) == 2  # the port race lost once: started again

    calls.clear()
    failures[:] = [RuntimeError("Kernel died before replying to kernel_info")] * 5
    _, error = report.execute_notebook(tmp_path / "a.ipynb", tmp_path / "o.ipynb", {}, 5, tmp_path)
    assert len(calls) == report.KERNEL_START_ATTEMPTS and "Kernel died" in error

    calls.clear()
    cell = PapermillExecutionError(2, 3, "boom", "ValueError", "bad value", [])
    failures[:] = [cell, cell]
    _, error = report.execute_notebook(tmp_path / "a.ipynb", tmp_path / "o.ipynb", {}, 5, tmp_path)
    assert len(calls) == 1 and "failed in cell 3: ValueError: bad value" in error


def test_the_provenance_of_a_list_names_its_entries(tmp_path: Path) -> None:
    from analysis.pipeline import CorpusSummary, Extraction
    from analysis.report import RunSettings, _provenance

    listing = tmp_path / "study.list"
    listing.write_text("# the study\na.txt\n\n  /data/b.jsonl \n", encoding="utf-8")
    summary = CorpusSummary(path=str(listing), articles=0, fingerprint="0" * 64)
    provenance = _provenance(listing, Extraction({}, summary), {}, {}, RunSettings())
    assert provenance["corpus"]["listed"] == ["a.txt", "/data/b.jsonl"]
    folder = _provenance(tmp_path, Extraction({}, summary), {}, {}, RunSettings())
    assert "listed" not in folder["corpus"]
