"""Batch runs: one report per combination of a parameter grid, or per corpus subset.

``newsreport batch --grid top_n=10,20 --grid stem=false,true --out DIR`` renders four reports into
``DIR/<name=value,…>/`` in parallel processes, then writes ``DIR/index.html`` (and
``DIR/index.csv``) with one row per run: its parameters, status, key figures and links.
``--split-by source`` (or month, year, any metadata key) gives one report per group instead.
"""

from __future__ import annotations

import html
import itertools
import re
import traceback
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.errors import NewsreportError, ParameterError
from analysis.parameters import validate
from analysis.pipeline import CorpusArgument, group_values, resolve_corpus
from analysis.report import RunSettings, declared_parameters, notebook_paths, run_report

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(value: str, *, limit: int = 60) -> str:
    """Return ``value`` as one safe path component: no separators, no dot-only names."""
    cleaned = _UNSAFE.sub("_", value).strip("._") or "_"
    return cleaned[:limit]


def run_name(values: Mapping[str, Any]) -> str:
    """Return the folder name of a run: ``name=value,name=value`` made path-safe."""
    if not values:
        return "default"
    return ",".join(f"{safe_name(k)}={safe_name(_show(v))}" for k, v in values.items())


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "+".join(str(item) for item in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def parse_grid(items: Sequence[str]) -> dict[str, list[str]]:
    """Parse ``NAME=V1,V2`` items into ``{name: [values]}``.

    Raises:
        ParameterError: For an item without ``=`` or without values.
    """
    grid: dict[str, list[str]] = {}
    for item in items:
        name, sep, values = item.partition("=")
        options = [v.strip() for v in values.split(",") if v.strip()]
        if not sep or not name.strip() or not options:
            raise ParameterError(f"--grid {item!r}: write NAME=VALUE1,VALUE2")
        grid[name.strip()] = options
    return grid


def combinations(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Return every combination of the grid, in the order the grid lists names and values."""
    names = list(grid)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*grid.values())]


@dataclass
class RunPlan:
    """One run of a batch: its folder name, parameters and corpus subset."""

    name: str
    parameters: dict[str, Any]
    where: dict[str, str] = field(default_factory=dict)


@dataclass
class RunOutcome:
    """What happened to one run."""

    plan: RunPlan
    ok: bool
    error: str = ""
    figures: dict[str, Any] = field(default_factory=dict)


def plan_runs(
    corpus: CorpusArgument,
    grid: Mapping[str, Sequence[Any]],
    *,
    split_by: str = "",
    base: RunSettings,
) -> list[RunPlan]:
    """Return the runs of a batch, parameters validated up front (nothing runs on an error)."""
    declared = declared_parameters(notebook_paths(base.notebooks))
    plans = []
    for values in combinations(grid) if grid else [{}]:
        checked = validate({**base.parameters, **values}, declared)
        plans.append(RunPlan(run_name(values), checked))
    if not split_by:
        return plans
    groups = group_values(corpus, split_by, read_options=base.read_options)
    split = []
    for plan in plans:
        for group in groups:
            prefix = f"{safe_name(split_by)}={safe_name(group or 'none')}"
            name = prefix if plan.name == "default" else f"{prefix},{plan.name}"
            split.append(RunPlan(name, plan.parameters, {split_by: group}))
    return split


def _run_one(corpus: CorpusArgument, plan: RunPlan, settings: RunSettings) -> RunOutcome:
    try:
        folder = run_report(corpus, settings)
    except NewsreportError as error:
        return RunOutcome(plan, ok=False, error=str(error))
    except Exception as error:  # noqa: BLE001 - one failed run must not stop the batch
        detail = traceback.format_exception_only(type(error), error)[-1].strip()
        return RunOutcome(plan, ok=False, error=detail)
    return RunOutcome(plan, ok=True, figures=key_figures(folder / "tables"))


def key_figures(tables: Path) -> dict[str, Any]:
    """Return a few headline numbers of a finished run, read from its tables."""
    figures: dict[str, Any] = {}
    articles = tables / "articles.csv"
    if articles.exists():
        frame = pd.read_csv(articles)
        figures["articles"] = len(frame)
        figures["words"] = int(frame["n_words"].sum())
    share = tables / "speaker_share.csv"
    if share.exists():
        frame = pd.read_csv(share)
        figures["quotes"] = int(frame["quotes"].sum()) if len(frame) else 0
        figures["top speaker"] = str(frame["speaker"].iloc[0]) if len(frame) else ""
    mentions = tables / "country_mentions.csv"
    if mentions.exists():
        frame = pd.read_csv(mentions, keep_default_na=False)
        counts = frame["country"].value_counts()
        figures["top country"] = str(counts.index[0]) if len(counts) else ""
    return figures


def run_batch(
    corpus: CorpusArgument,
    *,
    out: Path,
    grid: Mapping[str, Sequence[Any]],
    split_by: str = "",
    jobs: int = 1,
    base: RunSettings | None = None,
) -> list[RunOutcome]:
    """Render one report per run of the batch into ``out`` and write ``out/index.html``.

    Runs go in ``jobs`` parallel processes; a failed run is listed with its error and does
    not stop the others.
    """
    base = base or RunSettings()
    corpus = resolve_corpus(corpus)  # several paths: one list for every run
    plans = plan_runs(corpus, grid, split_by=split_by, base=base)
    out.mkdir(parents=True, exist_ok=True)
    # Parallel runs each extract in their own process: no nested worker pools.
    engine = "serial" if jobs > 1 else base.engine
    settings = [
        replace(
            base,
            out=out / plan.name,
            parameters=plan.parameters,
            where=plan.where,
            quiet=True,
            engine=engine,
        )
        for plan in plans
    ]
    if jobs > 1 and len(plans) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [
                pool.submit(_run_one, corpus, p, s) for p, s in zip(plans, settings, strict=True)
            ]
            outcomes = [future.result() for future in futures]
    else:
        outcomes = [_run_one(corpus, p, s) for p, s in zip(plans, settings, strict=True)]
    write_index(out, outcomes)
    return outcomes


def write_index(out: Path, outcomes: Sequence[RunOutcome]) -> Path:
    """Write ``index.html`` and ``index.csv`` listing the runs of a batch."""
    rows = []
    for outcome in outcomes:
        row: dict[str, Any] = {"run": outcome.plan.name, "status": "ok" if outcome.ok else "failed"}
        row.update({k: _show(v) for k, v in outcome.plan.where.items()})
        row.update({k: _show(v) for k, v in outcome.plan.parameters.items()})
        row.update(outcome.figures)
        row["error"] = outcome.error
        rows.append(row)
    pd.DataFrame(rows).to_csv(out / "index.csv", index=False, lineterminator="\n")
    columns = list(dict.fromkeys(key for row in rows for key in row))
    header = "".join(f"<th>{html.escape(c)}</th>" for c in columns) + "<th>report</th>"
    body = []
    for outcome, row in zip(outcomes, rows, strict=True):
        cells = "".join(f"<td>{html.escape(str(row.get(c, '')))}</td>" for c in columns)
        link = html.escape(outcome.plan.name, quote=True)
        links = (
            f'<a href="{link}/report.html">HTML</a> · <a href="{link}/report.pdf">PDF</a>'
            if outcome.ok
            else f'<a href="{link}.failed/">failed run</a>'
        )
        body.append(f'<tr class="{row["status"]}">{cells}<td>{links}</td></tr>')
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>newsreport batch</title>'
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left}"
        "tr.failed{background:#fde8e8}</style></head><body><h1>newsreport batch</h1>"
        f"<p>{sum(o.ok for o in outcomes)} of {len(outcomes)} runs succeeded.</p>"
        f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        "</body></html>\n"
    )
    target = out / "index.html"
    target.write_text(page, encoding="utf-8")
    return target
