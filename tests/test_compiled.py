"""The compiled build (``setup.py``: mypyc) behaves exactly as the pure-Python package.

A regular install compiles the modules of ``analysis.COMPILED_MODULES``; editable installs (the
test command's) stay pure Python. The slow test builds a real wheel with pip, puts its compiled
modules into a copy of the sources, runs the test suite against them and compares the
tables of extractions with the pure-Python ones, byte for byte.
"""

from __future__ import annotations

import ast
import filecmp
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import analysis

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "analysis" / "demo_corpus"
REUTERS = ROOT / ".." / "shared" / "data" / "corpora" / "reuters-21578" / "reuters-21578.jsonl"
COPIED = ("analysis", "tests", "notebooks", "setup.py", "pyproject.toml", "README.md")


def _setup_compiled() -> list[str]:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else None
        if isinstance(target, ast.Name) and target.id == "COMPILED":
            return list(ast.literal_eval(node.value))
    raise AssertionError("setup.py has no COMPILED list")


def test_setup_compiles_the_modules_the_package_names() -> None:
    expected = [f"analysis/{name}.py" for name in analysis.COMPILED_MODULES]
    assert _setup_compiled() == expected
    for path in expected:
        assert (ROOT / path).is_file()


def test_the_test_install_is_pure_python() -> None:
    # Editable installs never compile: a compiled module would shadow the edited source.
    assert analysis.build() == "pure Python"


def _env(tree: Path) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(tree))


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, (
        f"{command[:5]} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    )
    return done.stdout


@pytest.fixture(scope="module")
def compiled_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sources with the compiled modules of a freshly built wheel beside them."""
    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler: the package installs as pure Python here")
    tree = tmp_path_factory.mktemp("compiled") / "newsreport"
    tree.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.so", "*.pyc")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=ignore, symlinks=True)
        else:
            shutil.copy2(source, tree / name)
    wheels = tree.parent / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(wheels)], tree)
    (wheel,) = wheels.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        compiled = [name for name in archive.namelist() if name.endswith(".so")]
        assert compiled, f"{wheel.name} holds no compiled module: the build fell back"
        archive.extractall(tree, members=compiled)
    return tree


@pytest.mark.slow
def test_the_wheel_is_compiled(compiled_tree: Path) -> None:
    code = "import analysis; print(analysis.build())"
    out = _run([sys.executable, "-c", code], compiled_tree, _env(compiled_tree))
    assert out.strip() == "compiled"


@pytest.mark.slow
def test_the_suite_passes_compiled(compiled_tree: Path) -> None:
    # Every test but these (slow ones included: the notebooks import the compiled modules
    # too, through PYTHONPATH); tests of ../shared data skip in the copy.
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"]
    command += ["--ignore", "tests/test_compiled.py"]
    out = _run(command, compiled_tree, _env(compiled_tree))
    assert " passed" in out and " failed" not in out


def _extract(tree: Path, corpus: Path, out: Path) -> None:
    command = [sys.executable, "-m", "analysis", "extract", str(corpus), "--out", str(out)]
    _run([*command, "--no-cache", "--quiet"], tree, _env(tree))


def _same_tables(first: Path, second: Path) -> None:
    names = sorted(path.name for path in first.glob("*.csv"))
    assert names and names == sorted(path.name for path in second.glob("*.csv"))
    _, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert not mismatch and not errors, f"tables differ: {mismatch + errors}"


@pytest.mark.slow
def test_compiled_tables_equal_pure_tables_on_the_demo(compiled_tree: Path, tmp_path: Path) -> None:
    _extract(ROOT, DEMO, tmp_path / "pure")
    _extract(compiled_tree, DEMO, tmp_path / "compiled")
    _same_tables(tmp_path / "pure", tmp_path / "compiled")


@pytest.mark.slow
@pytest.mark.shared
def test_compiled_tables_equal_pure_tables_on_reuters(compiled_tree: Path, tmp_path: Path) -> None:
    if not REUTERS.exists():
        pytest.skip("../shared is absent")
    lines = REUTERS.read_text(encoding="utf-8").splitlines(keepends=True)
    corpus = tmp_path / "reuters-part.jsonl"
    corpus.write_text("".join(lines[:3000]), encoding="utf-8")
    _extract(ROOT, corpus, tmp_path / "pure")
    _extract(compiled_tree, corpus, tmp_path / "compiled")
    _same_tables(tmp_path / "pure", tmp_path / "compiled")


_CACHED = """
import sys
from analysis.pipeline import extract
done = extract(sys.argv[1], cache_dir=sys.argv[2], engine="serial")
print(done.cache_hits, done.cache_misses)
"""


@pytest.mark.slow
def test_a_cache_written_by_one_build_serves_the_other(compiled_tree: Path, tmp_path: Path) -> None:
    # Per-article results pickle by their fields, so that switching between an editable
    # (pure) and a regular (compiled) install keeps the cache.
    for first, second in ((ROOT, compiled_tree), (compiled_tree, ROOT)):
        cache = tmp_path / f"cache-{first.name}"
        command = [sys.executable, "-c", _CACHED, str(DEMO), str(cache)]
        hits, computed = map(int, _run(command, tmp_path, _env(first)).split())
        assert hits == 0 and computed > 0
        hits, misses = map(int, _run(command, tmp_path, _env(second)).split())
        assert (hits, misses) == (computed, 0)
