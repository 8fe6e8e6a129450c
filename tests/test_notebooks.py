"""Every report notebook: thin, clean, papermill-compatible, and it runs (smoke test)."""

import ast
import json
from pathlib import Path

import papermill
import pytest

from analysis.parameters import notebook_parameters, parameters_cell
from analysis.pipeline import extract, write_tables
from analysis.report import notebook_paths

NOTEBOOKS = notebook_paths()
IDS = [p.stem for p in NOTEBOOKS]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_chapters_are_numbered_in_order() -> None:
    assert [p.name[:3] for p in NOTEBOOKS] == [f"{i:02d}-" for i in range(1, len(NOTEBOOKS) + 1)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_thin_clean_and_paired(path: Path) -> None:
    notebook = load(path)
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    for cell in code:
        tree = ast.parse("".join(cell["source"]))
        defined = [
            n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))
        ]
        assert not defined, f"{path.name}: define functions in analysis/, not in notebooks"
    assert path.with_suffix(".py").exists(), "pair the notebook with jupytext (jupytext.toml)"
    assert notebook["cells"][0]["cell_type"] == "markdown"
    assert "".join(notebook["cells"][0]["source"]).startswith("# ")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_parameters_are_declared_and_papermill_reads_them_all(path: Path) -> None:
    ours = notebook_parameters(path)
    names = [p.name for p in ours]
    assert names[:2] == ["corpus", "tables_dir"]
    assert all(p.help for p in ours), "every parameter needs a # help comment"
    theirs = papermill.inspect_notebook(str(path))
    assert list(theirs) == names
    assert parameters_cell(load(path))


@pytest.fixture(scope="module")
def demo_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tables")
    write_tables(extract(None, engine="serial").tables, folder)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_with_papermill(path: Path, demo_tables: Path, tmp_path: Path) -> None:
    target = tmp_path / path.name
    papermill.execute_notebook(
        str(path), str(target), parameters={"tables_dir": str(demo_tables)},
        kernel_name="python3", progress_bar=False, cwd=str(tmp_path),
    )  # fmt: skip
    executed = load(target)
    outputs = [o for c in executed["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "a chapter shows figures"
