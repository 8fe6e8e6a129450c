"""The ``newsreport`` command line: a thin layer over the library functions."""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analysis import __version__, build
from analysis.errors import NewsreportError, ParameterError

_CORPUS_HELP = (
    "folder, .txt/.jsonl/.jsonl.gz/.csv file, or .list of files; several are read as one corpus"
)
_EPILOG = (
    "With no CORPUS the bundled demo corpus (invented articles) is used. Several paths "
    "(a shell glob) are read as one list of files."
)


def _add_corpus_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("corpus")
    group.add_argument("--text-field", default="", help="JSONL key / CSV column with the text")
    group.add_argument("--id-field", default="id", help="JSONL key / CSV column with the id")
    group.add_argument(
        "--strict", action="store_true", help="fail (exit 2) on the first bad record"
    )
    group.add_argument("--engine", default="processes", choices=("serial", "processes", "dask"))
    group.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    group.add_argument(
        "--scheduler",
        default=None,
        help="Dask scheduler address for --engine dask (tcp://host:port)",
    )
    group.add_argument("--cache-dir", type=Path, default=None, help="per-article cache folder")
    group.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    group.add_argument("--quiet", action="store_true", help="no progress bars")


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("rendering")
    group.add_argument("--format", default="html,pdf", help="html,pdf (default both)")
    group.add_argument("--timeout", type=int, default=None, help="seconds per notebook cell")
    group.add_argument("--pdf-engine", default="auto", choices=("auto", "weasyprint", "chromium"))
    group.add_argument(
        "--notebooks",
        type=Path,
        default=None,
        help="folder of NN-name.ipynb notebooks (default: the bundled ones)",
    )


def _run_settings(args: argparse.Namespace, parameters: dict[str, Any]) -> Any:
    from analysis.report import RunSettings

    return RunSettings(
        out=args.out,
        parameters=parameters,
        formats=[f.strip() for f in args.format.split(",") if f.strip()],
        timeout=args.timeout,
        engine=args.engine,
        jobs=args.jobs,
        cache_dir=args.cache_dir,
        use_cache=not args.no_cache,
        quiet=args.quiet,
        read_options=_read_options(args),
        notebooks=args.notebooks,
        pdf_engine=args.pdf_engine,
        scheduler=args.scheduler,
    )


def _read_options(args: argparse.Namespace) -> Any:
    from analysis.corpus import ReadOptions

    return ReadOptions(text_field=args.text_field, id_field=args.id_field, strict=args.strict)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``newsreport`` command."""
    parser = argparse.ArgumentParser(
        prog="newsreport",
        description="Reproducible reports on news corpora: words, speakers, countries.",
    )
    parser.add_argument(
        "--version", action="version", version=f"newsreport {__version__} ({build()})"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    ext = commands.add_parser(
        "extract", help="write the tidy tables (CSV) of a corpus", epilog=_EPILOG
    )
    ext.add_argument("corpus", nargs="*", default=[], help=_CORPUS_HELP)
    ext.add_argument("--out", type=Path, required=True, help="folder for the CSV tables")
    ext.add_argument("--analyses", default="", help="comma-separated: words,quotes,countries")
    ext.add_argument(
        "-o",
        "--option",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="an extraction option (YAML value)",
    )
    _add_corpus_options(ext)

    rep = commands.add_parser(
        "report", help="run the notebooks and render HTML + PDF", epilog=_EPILOG
    )
    rep.add_argument("corpus", nargs="*", default=[], help=_CORPUS_HELP)
    rep.add_argument(
        "--out", type=Path, default=None, help="report folder (default reports/<name>)"
    )
    rep.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a notebook parameter",
    )
    rep.add_argument("-f", "--parameter-file", type=Path, default=None, help="YAML parameters")
    _add_run_options(rep)
    _add_corpus_options(rep)

    bat = commands.add_parser("batch", help="one report per grid combination / corpus subset")
    bat.add_argument("corpus", nargs="*", default=[], help=_CORPUS_HELP)
    bat.add_argument("--out", type=Path, required=True, help="batch folder (runs + index.html)")
    bat.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="NAME=V1,V2",
        help="a parameter and its values (repeatable)",
    )
    bat.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a parameter fixed for every run",
    )
    bat.add_argument(
        "-f",
        "--grid-file",
        type=Path,
        default=None,
        help="YAML mapping NAME: [values] (a scalar is a fixed parameter)",
    )
    bat.add_argument("--split-by", default="", help="one report per source / month / year / key")
    bat.add_argument("--batch-jobs", type=int, default=2, help="reports rendered in parallel")
    _add_run_options(bat)
    _add_corpus_options(bat)

    par = commands.add_parser("params", help="list the notebooks' parameters")
    par.add_argument(
        "notebook", nargs="?", default="", help="a notebook name or path (default all)"
    )
    par.add_argument("--notebooks", type=Path, default=None, help="folder of notebooks")

    ev = commands.add_parser("evaluate", help="score against a human-annotated gold file")
    ev.add_argument("task", choices=("quotes", "countries"))
    ev.add_argument("gold", type=Path, help="gold JSONL file (quotes: or a PolNeAR split folder)")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.add_argument("--errors", type=int, default=0, help="list up to N errors with context")
    ev.add_argument("--part", default="", metavar="A:B", help="score articles A to B only (slice)")
    ev.add_argument("--metonyms", action="store_true", help="countries: count capitals/metonyms")
    ev.add_argument(
        "--include-embedded", action="store_true", help="countries: count mentions inside names"
    )
    return parser


def _yaml_values(pairs: Sequence[Sequence[str]]) -> dict[str, Any]:
    import yaml

    values: dict[str, Any] = {}
    for name, raw in pairs:
        try:
            values[name] = yaml.safe_load(raw)
        except yaml.YAMLError:
            values[name] = raw
    return values


def cmd_extract(args: argparse.Namespace) -> int:
    """``newsreport extract``: write the tables of a corpus."""
    from analysis.pipeline import available_analyses, extract, table_workers, write_tables

    analyses = [a for a in args.analyses.split(",") if a] or available_analyses()
    result = extract(
        args.corpus,
        analyses=analyses,
        options=_yaml_values(args.option),
        read_options=_read_options(args),
        engine=args.engine,
        jobs=args.jobs,
        cache_dir=args.cache_dir,
        use_cache=not args.no_cache,
        progress=not args.quiet,
        scheduler=args.scheduler,
        render=True,
    )
    written = write_tables(result.tables, args.out, table_workers(args.engine, args.jobs))
    _print_problems(result.corpus.problems, result.corpus.warnings)
    print(f"{result.corpus.articles} articles -> {len(written)} tables in {args.out}")
    return 0


def _print_problems(problems: Sequence[Any], warnings: Sequence[Any]) -> None:
    for problem in problems:
        print(f"skipped: {problem}", file=sys.stderr)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def cmd_report(args: argparse.Namespace) -> int:
    """``newsreport report``: run the notebooks and render the report."""
    from analysis.parameters import load_parameter_file
    from analysis.report import run_report

    parameters: dict[str, Any] = {}
    if args.parameter_file:
        parameters.update(load_parameter_file(args.parameter_file))
    parameters.update(dict(args.parameter))  # -p overrides the file
    settings = _run_settings(args, parameters)
    out = run_report(args.corpus, settings)
    corpus = json.loads((out / "provenance.json").read_text(encoding="utf-8"))["corpus"]
    _print_problems(corpus.get("skipped", []), corpus.get("warnings", []))
    for fmt in settings.formats:
        print(out / f"report.{fmt}")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    """``newsreport batch``: one report per grid combination or corpus subset, plus an index."""
    from analysis.batch import parse_grid, run_batch
    from analysis.parameters import load_parameter_file

    grid: dict[str, list[Any]] = {}
    fixed: dict[str, Any] = {}
    if args.grid_file:
        for name, value in load_parameter_file(args.grid_file).items():
            if isinstance(value, list):
                grid[name] = value
            else:
                fixed[name] = value
    grid.update(parse_grid(args.grid))
    fixed.update(dict(args.parameter))
    outcomes = run_batch(
        args.corpus,
        out=args.out,
        grid=grid,
        split_by=args.split_by,
        jobs=args.batch_jobs,
        base=_run_settings(args, fixed),
    )
    for outcome in outcomes:
        status = "ok" if outcome.ok else f"FAILED: {outcome.error}"
        print(f"{outcome.plan.name}: {status}")
    print(args.out / "index.html")
    return 0 if all(o.ok for o in outcomes) else 1


def cmd_params(args: argparse.Namespace) -> int:
    """``newsreport params``: list every parameter with type, default and help."""
    from analysis.parameters import notebook_parameters
    from analysis.report import notebook_paths

    paths = notebook_paths(args.notebooks)
    if args.notebook:
        paths = [p for p in paths if args.notebook in (p.name, p.stem, str(p))]
        if not paths:
            raise ParameterError(f"no notebook named {args.notebook!r}")
    for path in paths:
        print(path.stem)
        for p in notebook_parameters(path):
            print(f"  {p.name}: {p.type} = {p.default!r}  # {p.help}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """``newsreport evaluate``: score quotes or countries against a gold file."""
    module = importlib.import_module(f"analysis.evaluate.{args.task}")
    if args.task == "quotes" and args.gold.is_dir():  # a PolNeAR split folder
        scores = module.evaluate_polnear(args.gold)
        if args.json:
            print(json.dumps(scores, sort_keys=True))
        else:
            print("\n".join(f"{name}: {value}" for name, value in scores.items()))
        return 0
    extra: dict[str, Any] = {}
    if args.task == "countries":
        extra = {"metonyms": args.metonyms, "include_embedded": args.include_embedded}
        extra["part"] = args.part
    elif args.part:
        start, _, stop = args.part.partition(":")
        extra["articles"] = slice(int(start) if start else None, int(stop) if stop else None)
    print(module.evaluate_file(args.gold, as_json=args.json, errors=args.errors, **extra))
    return 0


COMMANDS = {
    "extract": cmd_extract,
    "report": cmd_report,
    "batch": cmd_batch,
    "params": cmd_params,
    "evaluate": cmd_evaluate,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; user errors print one line and exit non-zero, no traceback."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except NewsreportError as error:
        print(f"newsreport: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("newsreport: interrupted", file=sys.stderr)
        return 130


def run() -> int:
    """The ``newsreport`` program: :func:`main`, then a quicker exit.

    The objects left when the command is done are frozen, so that the interpreter's last
    collection at exit does not walk them (0.05-0.1 s after a big extraction). Only for the
    process's own command: :func:`main` called in a program leaves the collector alone.
    """
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":
    raise SystemExit(run())
