"""Scale: all analyses over 1x and 5x the Reuters corpus, against a bare counting script.

Prints, all timed as whole processes in the same run:
- the bare baseline (read the JSONL with json, lowercase, re.findall words, Counter) on 5x;
- `newsreport extract` with every analysis (words, quotes and speakers, countries and
  co-mentions), cold (no cache), default engine, on 1x and 5x;
- the throughput ratio ours/baseline on 5x (target >= 0.2), the time growth 5x/1x (target
  <= 5.5) and the peak resident memory of the largest process, 1x and 5x (target 5x <= 1.5x).

    python benchmarks/bench_scale.py [--copies 5] [--engine processes] [--reuters PATH]
        [--engine dask --scheduler tcp://127.0.0.1:8786] [--analyses words,countries]
        [--python .venv/bin/python]

By default `newsreport` runs from this checkout's sources (pure Python); ``--python`` runs it
with another interpreter's installed package instead, e.g. a venv with a regular (compiled)
install: ``python3 -m venv /tmp/fast && /tmp/fast/bin/pip install .``. The build that ran
(``analysis.build()``) is printed.

With ``--engine dask`` the peak memory is that of the client process only (the workers are
not its children); without ``--scheduler`` a local cluster is started by each run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _package import build_of, interpreter

ROOT = Path(__file__).resolve().parents[1]
REUTERS = ROOT / ".." / "shared" / "data" / "corpora" / "reuters-21578" / "reuters-21578.jsonl"
BASELINE = r"""
import json, re, sys
from collections import Counter
counts = Counter()
words = 0
word = re.compile(r"\w+")
with open(sys.argv[1], encoding="utf-8") as handle:
    for line in handle:
        tokens = word.findall(json.loads(line)["text"].lower())
        words += len(tokens)
        counts.update(tokens)
print(words)
"""
MEASURE = r"""
import resource, subprocess, sys, time
began = time.perf_counter()
result = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
seconds = time.perf_counter() - began
print(result.returncode, seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, result.stdout.strip().splitlines()[-1:] )
"""


def copies(source: Path, target: Path, n: int) -> int:
    """Write n copies of the JSONL with unique ids; return the number of words (\\w+)."""
    import re

    words = 0
    with source.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    with target.open("w", encoding="utf-8") as out:
        for copy in range(n):
            for row in rows:
                out.write(json.dumps({**row, "id": f"{row['id']}-c{copy}"}) + "\n")
                if copy == 0:
                    words += len(re.findall(r"\w+", row["text"].lower()))
    return words * n


def measure(
    command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, int]:
    """Run a command as a whole process in ``cwd``; return its seconds and peak MB.

    (``python -m`` puts the current folder first on the import path: from the checkout's
    root, the checkout's sources would shadow another interpreter's installed package.)
    """
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=cwd,
    )
    code, seconds, rss_kb, _ = output.stdout.split(" ", 3)
    if code != "0":
        raise SystemExit(f"failed: {' '.join(command)}")
    return float(seconds), int(rss_kb) // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--engine", default="processes")
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument("--scheduler", help="Dask scheduler address (with --engine dask)")
    parser.add_argument("--analyses", help="comma-separated analyses (default: all)")
    parser.add_argument("--python", help="interpreter whose installed newsreport to time")
    args = parser.parse_args()
    if not args.reuters.exists():
        print("skipped: Reuters corpus not available")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        tmp = Path(folder)
        one, many = tmp / "x1.jsonl", tmp / f"x{args.copies}.jsonl"
        words_one = copies(args.reuters, one, 1)
        words_many = copies(args.reuters, many, args.copies)
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        )
        python = interpreter(args.python)
        ours_env = env if args.python is None else dict(os.environ)
        build = build_of(python, ours_env, tmp)
        baseline, _ = measure([sys.executable, "-c", BASELINE, str(many)], env)

        extra = ["--scheduler", args.scheduler] if args.scheduler else []
        extra += ["--analyses", args.analyses] if args.analyses else []

        def ours(corpus: Path) -> tuple[float, int]:
            return measure([python, "-m", "analysis", "extract", str(corpus), "--out", str(tmp / f"out-{corpus.stem}"),
                            "--quiet", "--no-cache", "--engine", args.engine, *extra], ours_env, tmp)  # fmt: skip

        time_one, rss_one = ours(one)
        time_many, rss_many = ours(many)
    print(f"newsreport: {build}")
    print(
        f"corpus: Reuters-21578 x1 = {words_one:,} words, x{args.copies} = {words_many:,} words (\\w+ tokens)"
    )
    print(
        f"baseline (json + lower + re.findall + Counter), x{args.copies}: {baseline:7.2f} s  {words_many / baseline / 1e6:5.2f} M words/s"
    )
    print(
        f"newsreport extract, {args.analyses or 'all analyses'}, x1:  {time_one:7.2f} s  {words_one / time_one / 1e6:5.2f} M words/s  peak {rss_one} MB"
    )
    print(
        f"newsreport extract, {args.analyses or 'all analyses'}, x{args.copies}:  {time_many:7.2f} s  {words_many / time_many / 1e6:5.2f} M words/s  peak {rss_many} MB"
    )
    print(
        f"throughput ratio ours/baseline (x{args.copies}): {baseline / time_many:.3f}  (target >= 0.2)"
    )
    print(
        f"time growth x{args.copies}/x1: {time_many / time_one:.2f}  (target <= {1.1 * args.copies:.1f})"
    )
    print(f"peak memory x{args.copies}/x1: {rss_many / rss_one:.2f}  (target <= 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
