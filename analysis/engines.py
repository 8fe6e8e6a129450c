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
from pathlib import Path
from typing import Any

from analysis.corpus import (
    ProblemLog,
    ReadOptions,
    corpus_partitions,
    read_files,
)
from analysis.errors import NewsreportError
from analysis.model import Article

PARTITION_BYTES = 32_000_000  # text per worker task when a folder corpus is split


def read_and_process_part(
    job: Any,
    files: Sequence[str],
    root: str,
    read_options: ReadOptions,
    where: Mapping[str, str],
) -> Any:
    """Worker task: read a list of files, extract and fold their articles (a BatchResult)."""
    from analysis.pipeline import BatchResult, _batches, _process_batch, matches

    log = ProblemLog(strict=read_options.strict)
    selected = (
        article
        for article in read_files([Path(f) for f in files], root, read_options, log)
        if not where or matches(article, where)
    )
    total = BatchResult({})
    for batch in _batches(selected):
        total.merge(_process_batch(job, batch), job.names)
    total.problems.extend(log.problems)
    total.warnings.extend(log.warnings)
    return total


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

    ``stream`` yields batches of a single-file corpus read here (it is not used for folders);
    problems found while listing a folder go to ``log``.
    """
    from dask.distributed import as_completed

    from analysis.pipeline import BatchResult, _process_batch

    client = _client(scheduler, jobs)
    total = BatchResult({})
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
            for future in as_completed(futures):
                total.merge(future.result(), job.names)
        else:
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
