"""The Dask engine: extraction on a Dask cluster (``--engine dask [--scheduler ADDRESS]``).

Needs the ``dask`` extra (``pip install "newsreport[dask]"``). Without a scheduler address a
local cluster with one single-threaded worker process per core is started for the run.

A folder corpus is split into parts of whole files (:func:`analysis.corpus.corpus_partitions`)
and each worker reads its own files, so the files must be reachable by the workers at the same
path (a shared or network file system) and the workers must have the same version of
newsreport installed. A single-file corpus is read here and sent to the workers in batches.
Per-part accumulators are merged here exactly as the other engines merge per-batch ones, so
the tables are identical whatever the engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.corpus import (
    CorpusProblem,
    Fingerprint,
    ProblemLog,
    ReadOptions,
    corpus_partitions,
    read_files,
)
from analysis.errors import NewsreportError
from analysis.model import Article

PARTITION_BYTES = 32_000_000  # text per worker task when a folder corpus is split


@dataclass
class PartResult:
    """What one worker sends back for one part of the corpus."""

    accs: dict[str, Any]
    hits: int
    misses: int
    fingerprint: Fingerprint
    problems: list[CorpusProblem] = field(default_factory=list)
    warnings: list[CorpusProblem] = field(default_factory=list)


def read_and_process_part(
    job: Any,
    files: Sequence[str],
    root: str,
    read_options: ReadOptions,
    where: Mapping[str, str],
) -> PartResult:
    """Worker task: read a list of files, extract and fold their articles."""
    from analysis.pipeline import _batches, _merge_accs, _process_batch, matches

    log = ProblemLog(strict=read_options.strict)
    fingerprint = Fingerprint()

    def articles() -> Iterator[Article]:
        for article in read_files([Path(f) for f in files], root, read_options, log):
            if where and not matches(article, where):
                continue
            fingerprint.update(article)
            yield article

    accs: dict[str, Any] = {}
    hits = misses = 0
    for batch in _batches(articles()):
        batch_accs, batch_hits, batch_misses = _process_batch(job, batch)
        accs = _merge_accs(job.names, accs, batch_accs)
        hits, misses = hits + batch_hits, misses + batch_misses
    return PartResult(accs, hits, misses, fingerprint, log.problems, log.warnings)


def _client(scheduler: str | None, jobs: int | None) -> Any:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as error:
        raise NewsreportError(
            'the dask engine needs the dask extra: pip install "newsreport[dask]"'
        ) from error
    if scheduler:
        try:
            return Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as error:
            raise NewsreportError(
                f"cannot reach the Dask scheduler at {scheduler}: {error}"
            ) from error
    import os

    cluster = LocalCluster(
        n_workers=jobs or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )
    return Client(cluster)


def run_dask(
    job: Any,
    path: Path,
    read_options: ReadOptions,
    where: Mapping[str, str],
    *,
    scheduler: str | None,
    jobs: int | None,
    log: ProblemLog,
    fingerprint: Fingerprint,
    stream: Iterator[list[Article]],
) -> tuple[dict[str, Any], int, int]:
    """Run extraction on Dask; fills ``log`` and ``fingerprint``; returns accs, hits, misses.

    ``stream`` yields batches of a single-file corpus read here (it is not used for folders).
    """
    from dask.distributed import as_completed

    from analysis.pipeline import _merge_accs, _process_batch

    client = _client(scheduler, jobs)
    accs: dict[str, Any] = {}
    hits = misses = 0
    try:
        parts = corpus_partitions(path, log, target_bytes=PARTITION_BYTES)
        if parts is not None:
            futures = client.map(
                read_and_process_part,
                [job] * len(parts),
                [[str(f) for f in part] for part in parts],
                [str(path)] * len(parts),
                [read_options] * len(parts),
                [dict(where)] * len(parts),
                pure=False,
            )
            results = [future.result() for future in as_completed(futures)]
            for result in sorted(results, key=lambda r: r.fingerprint.hexdigest()):
                accs = _merge_accs(job.names, accs, result.accs)
                hits, misses = hits + result.hits, misses + result.misses
                fingerprint.merge(result.fingerprint)
                log.problems.extend(result.problems)
                log.warnings.extend(result.warnings)
            log.problems.sort(key=lambda p: (p.path, p.line or 0))
            log.warnings.sort(key=lambda p: (p.path, p.line or 0))
        else:
            window = 2 * max(1, len(client.scheduler_info().get("workers", {})) or 1)
            pending = []
            for batch in stream:
                pending.append(client.submit(_process_batch, job, batch, pure=False))
                if len(pending) >= window:
                    done = pending.pop(0).result()
                    accs = _merge_accs(job.names, accs, done[0])
                    hits, misses = hits + done[1], misses + done[2]
            for future in pending:
                done = future.result()
                accs = _merge_accs(job.names, accs, done[0])
                hits, misses = hits + done[1], misses + done[2]
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and not scheduler:
            cluster.close()
    return accs, hits, misses
