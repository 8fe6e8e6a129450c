"""Report-run speed: `newsreport report` against the plain papermill command, same run.

1. Demo corpus: `newsreport report` (extract + all notebooks + HTML + PDF) against running every
   notebook one after another with the plain `papermill` command (each notebook then reads the
   corpus itself). Target: ratio <= 1.0.
2. BBC corpus (../shared, skipped if absent): `newsreport report` against `newsreport extract`
   plus the same papermill runs reading those tables. Target: ratio <= 1.2.

Every timing is a whole process, each side with its own fresh cache folder.

    python benchmarks/bench_report.py [--bbc PATH] [--skip-bbc]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT / ".." / "shared" / "data" / "corpora" / "bbc-news-2225" / "text"


def timed(command: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(
        command, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - began


def fresh_env(tmp: Path, name: str) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(tmp / f"cache-{name}")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def papermill_runs(tmp: Path, env: dict[str, str], corpus: str, tables: str) -> float:
    total = 0.0
    for notebook in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        command = [sys.executable, "-m", "papermill", str(notebook), str(tmp / notebook.name),
                   "-p", "corpus", corpus, "-p", "tables_dir", tables, "-k", "python3", "--no-progress-bar"]  # fmt: skip
        total += timed(command, env)
    return total


def report_time(tmp: Path, env: dict[str, str], corpus: str, out: str) -> float:
    command = [
        sys.executable,
        "-m",
        "analysis",
        "report",
        *([corpus] if corpus else []),
        "--out",
        out,
        "--quiet",
    ]
    return timed(command, env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=Path, default=BBC)
    parser.add_argument("--skip-bbc", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        plain = papermill_runs(tmp, fresh_env(tmp, "plain"), "", "")
        ours = report_time(tmp, fresh_env(tmp, "ours"), "", str(tmp / "demo"))
        print(f"demo: plain papermill, notebooks one after another: {plain:6.2f} s")
        print(f"demo: newsreport report (HTML + PDF):               {ours:6.2f} s")
        print(f"demo: ratio report / papermill = {ours / plain:.2f}  (target <= 1.0)")
        if args.skip_bbc or not args.bbc.exists():
            print("bbc: skipped (corpus not available)")
            return 0
        env = fresh_env(tmp, "bbc-plain")
        extract = timed(
            [
                sys.executable,
                "-m",
                "analysis",
                "extract",
                str(args.bbc),
                "--out",
                str(tmp / "bbc-tables"),
                "--quiet",
            ],
            env,
        )
        plain_bbc = papermill_runs(tmp, env, str(args.bbc), str(tmp / "bbc-tables"))
        ours_bbc = report_time(tmp, fresh_env(tmp, "bbc-ours"), str(args.bbc), str(tmp / "bbc"))
        base = extract + plain_bbc
        print(
            f"bbc: newsreport extract {extract:.2f} s + papermill {plain_bbc:.2f} s = {base:6.2f} s"
        )
        print(f"bbc: newsreport report (HTML + PDF):                 {ours_bbc:6.2f} s")
        print(f"bbc: ratio report / (extract + papermill) = {ours_bbc / base:.2f}  (target <= 1.2)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
