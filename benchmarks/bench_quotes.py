"""Speed of quote extraction + speaker resolution over the Reuters-21578 JSONL, on one core.

Usage: python benchmarks/bench_quotes.py [--limit N] [--path FILE] [--installed]

Prints words/s and the ratio to the 300,000 words/s target, by wall-clock time and by the
process's CPU time (the fastest of ``--repeat`` runs; on a shared machine the CPU time is the
fairer measure of one core's speed). Segmentation is timed separately
(the pipeline segments each article once for all extractors) and included in the total.
Skips cleanly when the corpus is absent.

The checkout's sources (pure Python) are timed, unless ``--installed``: then the package
installed for this interpreter (a regular install is compiled, see ``setup.py``), e.g.
``/tmp/fast/bin/python benchmarks/bench_quotes.py --installed``. The build is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _package import choose_package  # noqa: E402

choose_package()  # the checkout's sources, or with --installed the installed package

import analysis  # noqa: E402
from analysis.quotes import extract_quotes  # noqa: E402
from analysis.segment import count_words, segment  # noqa: E402

TARGET_WORDS_PER_SECOND = 300_000
DEFAULT_PATH = ROOT / ".." / "shared" / "data" / "corpora" / "reuters-21578" / "reuters-21578.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--repeat", type=int, default=1, help="runs; the fastest is reported")
    parser.add_argument("--installed", action="store_true", help="time the installed package")
    args = parser.parse_args()
    if not args.path.exists():
        print(f"skip: {args.path} not found")
        return
    texts = []
    with args.path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if args.limit is not None and number >= args.limit:
                break
            texts.append(json.loads(line).get("text") or "")
    words = sum(count_words(t) for t in texts)
    best: dict[str, float] = {}
    quotes = 0
    for _ in range(max(args.repeat, 1)):
        marks = [(time.perf_counter(), time.process_time())]
        docs = [segment(t) for t in texts]
        marks.append((time.perf_counter(), time.process_time()))
        quotes = 0
        for text, doc in zip(texts, docs, strict=True):
            quotes += len(extract_quotes(text, doc=doc))
        marks.append((time.perf_counter(), time.process_time()))
        for clock, column in (("wall", 0), ("cpu", 1)):
            for step, (begin, end) in (("segment", (0, 1)), ("quotes", (1, 2))):
                spent = marks[end][column] - marks[begin][column]
                key = f"{clock} {step}"
                best[key] = min(best.get(key, float("inf")), spent)
    print(f"newsreport: {analysis.build()} {Path(analysis.__file__).parent}")
    print(f"articles {len(texts)}, words {words:,}, quotes {quotes:,} "
          f"(fastest of {max(args.repeat, 1)} runs)")
    for clock in ("wall", "cpu"):
        extract_rate = words / max(best[f"{clock} quotes"], 1e-9)
        total_rate = words / max(best[f"{clock} quotes"] + best[f"{clock} segment"], 1e-9)
        print(f"{clock:>4} time: segment {best[f'{clock} segment']:.2f} s, quotes+speakers "
              f"{best[f'{clock} quotes']:.2f} s")
        print(f"      quotes+speakers {extract_rate:,.0f} words/s (ratio to target "
              f"{extract_rate / TARGET_WORDS_PER_SECOND:.2f}); with segmentation "
              f"{total_rate:,.0f} words/s ({total_rate / TARGET_WORDS_PER_SECOND:.2f})")


if __name__ == "__main__":
    main()
