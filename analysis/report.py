"""Report runs: extract once, execute every notebook with papermill, render HTML and PDF.

A run works in a temporary folder beside its output folder and replaces the previous report
only when everything succeeded; on failure the previous report is untouched and the failed run
is kept in ``<out>.failed/`` with an error naming the notebook, the cell and the exception.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from analysis import __version__, build
from analysis.corpus import ReadOptions, corpus_name, is_file_list, list_entries
from analysis.errors import CorpusError, ParameterError, ReportError
from analysis.parameters import Parameter, all_parameters, notebook_parameters, validate
from analysis.pipeline import (
    CorpusArgument,
    Extraction,
    available_analyses,
    extract,
    resolve_corpus,
    table_workers,
    write_tables,
)
from analysis.render import RenderedNotebook, render_notebook, render_report, write_pdf

FORMATS = ("html", "pdf")
PDF_ENGINES = ("auto", "weasyprint", "chromium")
# Notebook parameters that change what is extracted (the rest only change tables and plots).
EXTRACTION_PARAMETERS = ("extra_stopwords", "stem", "ngram", "metonyms", "window", "group_by")
RESERVED_PARAMETERS = ("corpus", "tables_dir")
VERSIONED_PACKAGES = ("nltk", "pandas", "matplotlib", "papermill", "nbconvert", "numpy")


def notebooks_dir() -> Path:
    """Return the folder of the report notebooks.

    In a source checkout that is the top-level ``notebooks/`` (where people edit them); in an
    installed package, the copy shipped as package data.
    """
    package = Path(__file__).resolve().parent
    checkout = package.parent / "notebooks"
    if checkout.is_dir() and any(checkout.glob("[0-9]*.ipynb")):
        return checkout
    return package / "notebooks"


def notebook_paths(folder: Path | None = None) -> list[Path]:
    """Return the report notebooks in report order (``01-…``, ``02-…``)."""
    return sorted((folder or notebooks_dir()).glob("[0-9]*.ipynb"))


def declared_parameters(paths: Sequence[Path] | None = None) -> dict[str, Parameter]:
    """Return all parameters the report notebooks declare, by name."""
    return all_parameters(list(paths if paths is not None else notebook_paths()))


@dataclass
class RunSettings:
    """Everything a report run needs besides the corpus."""

    out: Path | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    formats: Sequence[str] = FORMATS
    timeout: int | None = None
    engine: str = "processes"
    jobs: int | None = None
    cache_dir: Path | None = None
    use_cache: bool = True
    quiet: bool = False
    read_options: ReadOptions = field(default_factory=ReadOptions)
    command: Sequence[str] = field(default_factory=lambda: list(sys.argv))
    notebooks: Path | None = None
    where: Mapping[str, str] = field(default_factory=dict)
    pdf_engine: str = "auto"
    scheduler: str | None = None


def default_out(corpus: Path) -> Path:
    """Return ``reports/<corpus name>/`` (relative to the working folder)."""
    return Path("reports") / corpus_name(corpus)


def extraction_options(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Return the subset of parameters that change extraction (see EXTRACTION_PARAMETERS).

    Only these key the per-article cache, so a change of a plotting parameter re-uses it.
    A notebook's ``group_by`` names one article field; extraction counts per list of fields.
    """
    options = {key: parameters[key] for key in EXTRACTION_PARAMETERS if key in parameters}
    if isinstance(options.get("group_by"), str):
        options["group_by"] = [options["group_by"]] if options["group_by"] else []
    return options


def run_report(corpus: CorpusArgument, settings: RunSettings) -> Path:
    """Render a full report of ``corpus`` and return its folder.

    Raises:
        ParameterError: Before anything runs, for unknown or mistyped parameters.
        ReportError: If a notebook fails or times out, or rendering fails; the previous
            report is left as it was.
    """
    for fmt in settings.formats:
        if fmt not in FORMATS:
            raise ParameterError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")
    if settings.pdf_engine not in PDF_ENGINES:
        raise ParameterError(
            f"unknown PDF engine {settings.pdf_engine!r}: choose from {', '.join(PDF_ENGINES)}"
        )
    paths = notebook_paths(settings.notebooks)
    if not paths:
        raise ReportError(
            f"no notebooks (NN-name.ipynb) found in {settings.notebooks or notebooks_dir()}"
        )
    declared = declared_parameters(paths)
    for name in RESERVED_PARAMETERS:
        if name in settings.parameters:
            raise ParameterError(f"{name!r} is set by the runner; give the corpus as an argument")
    parameters = validate(settings.parameters, declared)
    corpus_path = resolve_corpus(corpus)
    out = Path(settings.out) if settings.out else default_out(corpus_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    started = _now()
    try:
        extraction = extract(
            corpus_path,
            analyses=available_analyses(),
            options=_effective_options(parameters, declared),
            read_options=settings.read_options,
            engine=settings.engine,
            jobs=settings.jobs,
            cache_dir=settings.cache_dir,
            use_cache=settings.use_cache,
            progress=not settings.quiet,
            where=settings.where,
            scheduler=settings.scheduler,
            render=True,
        )
        workers = table_workers(settings.engine, settings.jobs)
        write_tables(extraction.tables, work / "tables", workers)
        durations = _execute_notebooks(paths, corpus_path, work, parameters, settings)
        provenance = _provenance(corpus_path, extraction, parameters, declared, settings)
        provenance.update(started=started, finished=_now(), notebooks=durations)
        _write_json(work / "provenance.json", provenance)
        _render(work, paths, corpus_path, extraction, provenance, settings)
    except BaseException as error:
        if isinstance(error, CorpusError):
            shutil.rmtree(work, ignore_errors=True)  # nothing ran yet: no failed run to keep
            raise  # exit code 2 and the reader's message (e.g. --strict naming the record)
        _keep_failed(work, out)
        if isinstance(error, ReportError):
            raise
        if isinstance(error, KeyboardInterrupt):
            raise
        raise ReportError(f"report run failed: {type(error).__name__}: {error}") from error
    _replace(work, out)
    return out


def _effective_options(
    parameters: Mapping[str, Any], declared: Mapping[str, Parameter]
) -> dict[str, Any]:
    defaults = {name: p.default for name, p in declared.items()}
    return extraction_options({**defaults, **parameters})


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _execute_notebooks(
    paths: Sequence[Path],
    corpus: Path,
    work: Path,
    parameters: Mapping[str, Any],
    settings: RunSettings,
) -> dict[str, float]:
    """Run the notebooks with papermill, in parallel processes (they only read the tables).

    Raises:
        ReportError: For the first notebook (in report order) that failed, naming its cell
            and exception.
    """
    (work / "notebooks").mkdir(exist_ok=True)
    _kernel_imports_this_package()
    jobs = max(1, min(len(paths), settings.jobs or os.cpu_count() or 1))
    tasks = []
    for path in paths:
        own = {p.name for p in notebook_parameters(path)}
        injected = {k: v for k, v in parameters.items() if k in own}
        injected.update(corpus=str(corpus.resolve()), tables_dir=str((work / "tables").resolve()))
        tasks.append((path, work / "notebooks" / path.name, injected, settings.timeout, work))
    bar = None
    if not settings.quiet:
        from tqdm import tqdm

        bar = tqdm(total=len(paths), desc="notebooks", unit=" nb")
    outcomes: dict[str, tuple[float, str]] = {}
    if jobs == 1:
        for task in tasks:
            outcomes[task[0].name] = execute_notebook(*task)
            if bar is not None:
                bar.update(1)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
            futures = {pool.submit(execute_notebook, *task): task[0].name for task in tasks}
            for future in as_completed(futures):
                outcomes[futures[future]] = future.result()
                if bar is not None:
                    bar.update(1)
    if bar is not None:
        bar.close()
    for path in paths:
        error = outcomes[path.name][1]
        if error:
            raise ReportError(error)
    return {name: outcomes[name][0] for name in sorted(outcomes)}


def execute_notebook(
    path: Path, target: Path, parameters: Mapping[str, Any], timeout: int | None, cwd: Path
) -> tuple[float, str]:
    """Execute one notebook with papermill; return (seconds, error message or "")."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    began = time.perf_counter()
    error = ""
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            papermill.execute_notebook(
                str(path),
                str(target),
                parameters=dict(parameters),
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                execution_timeout=timeout,
                cwd=str(cwd),
                # jupyter_client interrupts (SIGINT) a kernel before asking it to shut down; a
                # kernel caught in a message handler then logs a harmless "KeyboardInterrupt
                # caught in kernel" ERROR. Failures of cells reach us through papermill anyway.
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            )
        except PapermillExecutionError as failure:
            error = (
                f"notebook {path.name} failed in cell {failure.exec_count}: "
                f"{failure.ename}: {failure.evalue}"
            )
        except Exception as failure:  # noqa: BLE001 - timeouts and dead kernels come as others
            error = f"notebook {path.name} failed: {type(failure).__name__}: {failure}"
            if _kernel_did_not_start(failure) and attempt < KERNEL_START_ATTEMPTS:
                error = ""
                continue  # no cell ran: start the notebook again with a new kernel
        break
    return round(time.perf_counter() - began, 3), error


KERNEL_START_ATTEMPTS = 3
"""Tries to start a notebook's kernel. jupyter_client picks free TCP ports, releases them and
lets the kernel bind them, so kernels started at the same moment (the report's notebooks run
side by side) now and then pick the same port and one dies before it answers (a known race:
papermill issue 511, jupyter_client issue 154). Nothing has run then, so starting again is
safe; a failing cell is never run again."""


def _kernel_did_not_start(failure: BaseException) -> bool:
    """Whether papermill failed because the kernel died or hung before running any cell."""
    message = str(failure)
    return isinstance(failure, RuntimeError) and (
        "Kernel died before replying to kernel_info" in message
        or "Kernel didn't respond" in message
    )


def _kernel_imports_this_package() -> None:
    """Make the notebook kernels import the same ``analysis`` as this process.

    From a source checkout that is not installed (or a second worktree) the kernel would
    otherwise import another copy, or none.
    """
    root = str(Path(__file__).resolve().parent.parent)
    current = os.environ.get("PYTHONPATH", "")
    if root not in current.split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (root, current) if p)


def _render(
    work: Path,
    paths: Sequence[Path],
    corpus: Path,
    extraction: Extraction,
    provenance: Mapping[str, Any],
    settings: RunSettings,
) -> None:
    chapters: list[RenderedNotebook] = []
    figures = work / "figures"
    figures.mkdir(exist_ok=True)
    for index, path in enumerate(paths, start=1):
        notebook = json.loads((work / "notebooks" / path.name).read_text(encoding="utf-8"))
        chapter = render_notebook(notebook, prefix=f"c{index}")
        chapters.append(chapter)
        for number, png in enumerate(chapter.images, start=1):
            (figures / f"{path.stem}-{number:02d}.png").write_bytes(png)
    title = f"newsreport: {corpus_name(corpus)}"
    if settings.where:
        title += " (" + ", ".join(f"{k} = {v}" for k, v in sorted(settings.where.items())) + ")"
    page = render_report(
        title, _summary_rows(corpus, extraction), chapters, _appendix(provenance, extraction)
    )
    (work / "report.html").write_text(page, encoding="utf-8")
    if "pdf" in settings.formats:
        write_pdf(page, work / "report.pdf", base_url=work, engine=settings.pdf_engine)
    if "html" not in settings.formats:
        (work / "report.html").unlink()


def _summary_rows(corpus: Path, extraction: Extraction) -> list[tuple[str, str]]:
    # only the columns used here: the articles table itself stays on disk
    articles = extraction.tables.select("articles", ["date", "source", "n_words"])
    name = corpus_name(corpus)
    dates = articles["date"].dropna()
    span = f"{dates.min()} to {dates.max()}" if len(dates) else "no dates"
    sources = articles["source"].dropna().nunique()
    return [
        (
            "Corpus",
            "the bundled demo corpus (invented articles)" if name == "demo" else str(corpus),
        ),
        ("Articles", f"{len(articles):,}"),
        ("Words", f"{int(articles['n_words'].sum()):,}"),
        ("Dates", span),
        ("Sources", f"{sources:,}"),
        ("Skipped records", f"{len(extraction.corpus.problems):,}"),
        ("Fingerprint", extraction.corpus.fingerprint[:16]),
        ("newsreport", __version__),
    ]


def _appendix(provenance: Mapping[str, Any], extraction: Extraction) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(str(k))}</td><td>{html.escape(json.dumps(v, default=str))}</td></tr>"
        for k, v in sorted(provenance["parameters"].items())
    )
    versions = ", ".join(f"{k} {v}" for k, v in sorted(provenance["versions"].items()))
    git = provenance.get("git") or {}
    problems = extraction.corpus.problems + extraction.corpus.warnings
    listed = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems[:500])
    more = f"<p class='note'>… and {len(problems) - 500} more</p>" if len(problems) > 500 else ""
    problem_html = (
        f"<ul class='problems'>{listed}</ul>{more}"
        if problems
        else "<p>None: every record was read.</p>"
    )
    return (
        "<h1 id='appendix-provenance'>Appendix: provenance</h1>"
        "<p>Everything needed to re-run this report: the same corpus (same fingerprint), "
        "parameters and versions give the same tables.</p>"
        f"<h2>Parameters</h2><table class='dataframe'><thead><tr><th>parameter</th><th>value</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
        "<h2>Run</h2><table class='summary'>"
        f"<tr><th>Command</th><td>{html.escape(' '.join(provenance['command']))}</td></tr>"
        f"<tr><th>Corpus</th><td>{html.escape(provenance['corpus']['path'])}</td></tr>"
        f"<tr><th>Fingerprint</th><td>{html.escape(provenance['corpus']['fingerprint'])}</td></tr>"
        f"<tr><th>Git commit</th><td>{html.escape(str(git.get('commit')))}"
        f"{' (dirty)' if git.get('dirty') else ''}</td></tr>"
        f"<tr><th>Started</th><td>{html.escape(str(provenance.get('started')))}</td></tr>"
        f"<tr><th>Versions</th><td>{html.escape(versions)}</td></tr></table>"
        f"<h2>Skipped or changed records</h2>{problem_html}"
    )


def package_versions() -> dict[str, str]:
    """Return the versions of newsreport, Python and the key packages."""
    versions = {
        "newsreport": f"{__version__} ({build()})",
        "python": platform.python_version(),
    }
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_state(folder: Path | None = None) -> dict[str, Any] | None:
    """Return ``{"commit", "dirty"}`` of the git checkout holding the package, if any."""
    where = folder or Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True, timeout=10
        )
        if commit.returncode != 0:
            return None
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=where, capture_output=True, text=True, timeout=10,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit.stdout.strip(), "dirty": bool(status.stdout.strip())}


def _provenance(
    corpus: Path,
    extraction: Extraction,
    parameters: Mapping[str, Any],
    declared: Mapping[str, Parameter],
    settings: RunSettings,
) -> dict[str, Any]:
    effective = {name: p.default for name, p in declared.items() if name not in RESERVED_PARAMETERS}
    effective.update(parameters)
    return {
        "parameters": dict(sorted(effective.items())),
        "command": list(settings.command),
        "corpus": {
            "path": str(corpus),
            "subset": dict(settings.where),
            "articles": extraction.corpus.articles,
            "fingerprint": extraction.corpus.fingerprint,
            "skipped": [str(p) for p in extraction.corpus.problems],
            "warnings": [str(p) for p in extraction.corpus.warnings],
            # a list's entries, so that the run can be repeated where the list is not
            **({"listed": list_entries(corpus)} if is_file_list(corpus) else {}),
        },
        "versions": package_versions(),
        "git": git_state(),
        "cache": {"hits": extraction.cache_hits, "misses": extraction.cache_misses},
    }


def _write_json(path: Path, value: Any) -> None:
    path.write_text(
        json.dumps(value, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8"
    )


def _keep_failed(work: Path, out: Path) -> None:
    failed = out.parent / f"{out.name}.failed"
    shutil.rmtree(failed, ignore_errors=True)
    if work.exists():
        work.rename(failed)


def _replace(work: Path, out: Path) -> None:
    """Swap the finished run into place; the old report is removed only after the swap."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    work.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(out.parent / f"{out.name}.failed", ignore_errors=True)
