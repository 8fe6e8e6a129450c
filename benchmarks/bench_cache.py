"""Per-article cache: a second `newsreport extract` of an unchanged corpus, against the first.

Both runs are whole processes with the same fresh cache folder; the tables must be identical.
Target: the second run at least 10x faster.

    python benchmarks/bench_cache.py [CORPUS]   (default: ../shared Reuters JSONL)
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REUTERS = ROOT / ".." / "shared" / "data" / "corpora" / "reuters-21578" / "reuters-21578.jsonl"


def run(corpus: Path, out: Path, cache: Path) -> float:
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "extract", str(corpus), "--out", str(out), "--quiet",
                    "--cache-dir", str(cache)], check=True, env=env, stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - began


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else REUTERS
    if not corpus.exists():
        print(f"skipped: {corpus} not available")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as folder:
        tmp = Path(folder)
        cold = run(corpus, tmp / "cold", tmp / "cache")
        warm = run(corpus, tmp / "warm", tmp / "cache")
        tables = sorted(p.name for p in (tmp / "cold").glob("*.csv"))
        same = all(filecmp.cmp(tmp / "cold" / t, tmp / "warm" / t, shallow=False) for t in tables)
    print(f"first extract (cold cache): {cold:7.2f} s")
    print(f"second extract (warm cache): {warm:6.2f} s")
    print(f"speed-up {cold / warm:.1f}x (target >= 10x); {len(tables)} tables identical: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
