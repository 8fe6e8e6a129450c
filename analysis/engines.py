"""The Dask engine: extraction on a Dask cluster (``--engine dask [--scheduler ADDRESS]``).

Needs the ``dask`` extra (``pip install "newsreport[dask]"``). Without a scheduler address a
local cluster with one single-threaded worker process per core is started for the run.

A folder corpus or a ``.list`` of files is split into parts of whole files, and an uncompressed
JSONL file into ranges of whole lines (:func:`analysis.corpus.corpus_parts`); each worker reads
its own parts,
so the files must be reachable by the workers at the same path (a shared or network file
system) and the workers must have the same version of newsreport installed. Other single
files (CSV, gzipped JSONL, text) are read here and sent to the workers in batches.
Per-part accumulators are merged here exactly as the other engines merge per-batch ones, so
the tables are identical whatever the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from analysis.corpus import ProblemLog, ReadOptions, corpus_parts
from analysis.errors import NewsreportError
from analysis.model import Article

PARTITION_BYTES = 32_000_000
"""Largest part of a corpus read by one worker task (smaller parts when there are few)."""


def _part_size(client: Any) -> Callable[[int], int]:
    """About four parts per worker of the cluster, at most :data:`PARTITION_BYTES` each."""
    from analysis.pipeline import part_size

    return part_size(len(client.scheduler_info().get("workers", {})) or 1, PARTITION_BYTES)


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
    stream: Iterator[list[Article]],
) -> Any:
    """Run extraction on Dask and return the merged BatchResult.

    A folder, a ``.list`` of files or an uncompressed JSONL file is split into parts that the
    workers read themselves (:func:`analysis.corpus.corpus_parts`). Any other single file, or
    a corpus whose ids repeat across parts, is read here from ``stream`` and sent in batches.
    Problems found while listing a folder go to ``log``.
    """
    from dask.distributed import as_completed

    from analysis.pipeline import BatchResult, _process_batch, _process_part, ids_unique

    client = _client(scheduler, jobs)
    total = BatchResult({})
    try:
        part_log = ProblemLog()
        parts = (
            None
            if read_options.strict
            else corpus_parts(path, part_log, target_bytes=_part_size(client))
        )
        if parts:
            futures = client.map(
                _process_part,
                [job] * len(parts),
                parts,
                [str(path)] * len(parts),
                [dict(where)] * len(parts),
                pure=False,
            )
            for future in as_completed(futures):
                total.merge(future.result(), job.names)
            if ids_unique(total):
                log.problems.extend(part_log.problems)
                log.warnings.extend(part_log.warnings)
                return total
            total = BatchResult({})  # ids repeat across parts: read in corpus order
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
        pending = []
        for batch in stream:
            pending.append(client.submit(_process_batch, job, batch, pure=False))
            if len(pending) >= window:
                total.merge(pending.pop(0).result(), job.names)
        for future in pending:
            total.merge(future.result(), job.names)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and not scheduler:
            cluster.close()
    return total
