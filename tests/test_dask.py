"""Extraction on a real Dask cluster: a scheduler and two worker processes on 127.0.0.1."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import engines, pipeline
from analysis.corpus import demo_corpus_path
from analysis.pipeline import extract, write_tables

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed")
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    processes = [
        subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                          "--port", str(port), "--no-dashboard"], **quiet)  # type: ignore[call-overload]
    ]  # fmt: skip
    try:
        for _ in range(2):
            processes.append(
                subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address,
                                  "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                                  "--host", "127.0.0.1"], **quiet)  # type: ignore[call-overload]
            )  # fmt: skip
        deadline = time.monotonic() + 90
        while True:
            try:
                with distributed.Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=60)
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def folder_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    for index, article in enumerate(sorted(demo_corpus_path().glob("*.txt"))):
        target = corpus / f"part{index % 3}"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(article, target / article.name)
    (corpus / "part0" / "empty.txt").write_text("  \n", encoding="utf-8")
    return corpus


def test_cluster_tables_equal_local_tables(
    scheduler: str, folder_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engines, "PARTITION_BYTES", 4_000)  # several parts per worker
    monkeypatch.setattr(pipeline, "MIN_PART_BYTES", 1_000)
    local = extract(folder_corpus, engine="serial", use_cache=False)
    remote = extract(folder_corpus, engine="dask", scheduler=scheduler, use_cache=False)
    assert remote.corpus.articles == local.corpus.articles == 20
    assert remote.corpus.fingerprint == local.corpus.fingerprint
    assert [str(p) for p in remote.corpus.problems] == [str(p) for p in local.corpus.problems]
    write_tables(local.tables, tmp_path / "local")
    write_tables(remote.tables, tmp_path / "remote")
    names = sorted(p.name for p in (tmp_path / "local").glob("*.csv"))
    assert names == sorted(p.name for p in (tmp_path / "remote").glob("*.csv"))
    for name in names:
        assert (tmp_path / "local" / name).read_bytes() == (
            tmp_path / "remote" / name
        ).read_bytes(), name


def test_unreachable_scheduler_is_a_clear_error(folder_corpus: Path) -> None:
    from analysis.errors import NewsreportError

    with pytest.raises(NewsreportError, match="cannot reach the Dask scheduler"):
        extract(
            folder_corpus,
            engine="dask",
            scheduler=f"tcp://127.0.0.1:{free_port()}",
            use_cache=False,
        )


def test_cluster_reads_a_jsonl_file_in_line_ranges(
    scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    corpus = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8")})
        for path in sorted(demo_corpus_path().glob("*.txt"))
    ]
    corpus.write_text("\n".join(lines[:7] + ["{broken"] + lines[7:]) + "\n", encoding="utf-8")
    monkeypatch.setattr(engines, "PARTITION_BYTES", 3_000)  # several line ranges
    monkeypatch.setattr(pipeline, "MIN_PART_BYTES", 1_000)
    assert len(engines.corpus_parts(corpus, engines.ProblemLog(), target_bytes=3_000) or []) > 3
    local = extract(corpus, engine="serial", use_cache=False)
    remote = extract(corpus, engine="dask", scheduler=scheduler, use_cache=False)
    assert remote.corpus.fingerprint == local.corpus.fingerprint
    assert [str(p) for p in remote.corpus.problems] == [str(p) for p in local.corpus.problems]
    assert [p.line for p in local.corpus.problems] == [8]
    for name, table in local.tables.items():
        assert table.equals(remote.tables[name]), name


def test_cluster_reads_a_list_of_files(
    scheduler: str, folder_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = tmp_path / "study.list"
    listing.write_text(f"{folder_corpus / 'part2'}\n{folder_corpus / 'part0'}\n", encoding="utf-8")
    monkeypatch.setattr(engines, "PARTITION_BYTES", 4_000)
    monkeypatch.setattr(pipeline, "MIN_PART_BYTES", 1_000)
    assert len(engines.corpus_parts(listing, engines.ProblemLog(), target_bytes=4_000) or []) > 2
    local = extract(listing, engine="serial", use_cache=False)
    remote = extract(listing, engine="dask", scheduler=scheduler, use_cache=False)
    assert 0 < remote.corpus.articles == local.corpus.articles < 20
    assert remote.corpus.fingerprint == local.corpus.fingerprint
    ids = local.tables["articles"]["article_id"]  # relative to the list's folder
    assert ids.str.startswith(("corpus/part2/", "corpus/part0/")).all()
    for name, table in local.tables.items():
        assert table.equals(remote.tables[name]), name
