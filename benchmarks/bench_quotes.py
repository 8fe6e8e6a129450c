"""Speed of quote extraction + speaker resolution over the Reuters-21578 JSONL, on one core.

Usage: python benchmarks/bench_quotes.py [--limit N] [--path FILE]

Prints words/s and the ratio to the 300,000 words/s target (the fastest of ``--repeat`` runs:
the machine is shared, so single runs vary). Segmentation is timed separately
(the pipeline segments each article once for all extractors) and included in the total.
Skips cleanly when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.quotes import extract_quotes  # noqa: E402
from analysis.segment import count_words, segment  # noqa: E402

TARGET_WORDS_PER_SECOND = 300_000
DEFAULT_PATH = ROOT / ".." / "shared" / "data" / "corpora" / "reuters-21578" / "reuters-21578.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--repeat", type=int, default=1, help="runs; the fastest is reported")
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
    segment_time = extract_time = float("inf")
    quotes = 0
    for _ in range(max(args.repeat, 1)):
        start = time.perf_counter()
        docs = [segment(t) for t in texts]
        segmented = time.perf_counter()
        quotes = 0
        for text, doc in zip(texts, docs, strict=True):
            quotes += len(extract_quotes(text, doc=doc))
        done = time.perf_counter()
        segment_time = min(segment_time, segmented - start)
        extract_time = min(extract_time, done - segmented)
    extract_rate = words / max(extract_time, 1e-9)
    total_rate = words / max(extract_time + segment_time, 1e-9)
    print(f"articles {len(texts)}, words {words:,}, quotes {quotes:,}")
    print(f"segment {segment_time:.2f} s, quotes+speakers {extract_time:.2f} s "
          f"(fastest of {max(args.repeat, 1)})")
    print(f"quotes+speakers: {extract_rate:,.0f} words/s "
          f"(ratio to target {extract_rate / TARGET_WORDS_PER_SECOND:.2f})")
    print(f"with segmentation: {total_rate:,.0f} words/s "
          f"(ratio to target {total_rate / TARGET_WORDS_PER_SECOND:.2f})")


if __name__ == "__main__":
    main()
