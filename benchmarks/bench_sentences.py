"""Sentence splitting: newsreport's splitter against NLTK's pretrained Punkt, same run.

Accuracy on the tricky news sentences of tests/test_segment.py (titles, initials, U.S., months,
decimals, quotes) and speed over the Reuters texts. Punkt needs NLTK's punkt_tab data, taken from
../shared/data/nltk_data for this comparison only (the product never needs it).

    python benchmarks/bench_sentences.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared" / "data"
sys.path.insert(0, str(ROOT))

from analysis.segment import sentence_spans  # noqa: E402
from tests.test_segment import test_news_sentences  # noqa: E402


def cases() -> list[tuple[str, list[str]]]:
    marker = test_news_sentences.pytestmark[0]  # type: ignore[attr-defined]
    return list(marker.args[1])


def main() -> int:
    os.environ.setdefault("NLTK_DATA", str(SHARED / "nltk_data"))
    from nltk.tokenize.punkt import PunktTokenizer

    punkt = PunktTokenizer("english")
    ours_ok = sum([text[s:e] for s, e in sentence_spans(text)] == want for text, want in cases())
    punkt_ok = sum(punkt.tokenize(text) == want for text, want in cases())
    print(
        f"tricky news cases split exactly right: newsreport {ours_ok}/{len(cases())}, Punkt {punkt_ok}/{len(cases())}"
    )
    reuters = SHARED / "corpora" / "reuters-21578" / "reuters-21578.jsonl"
    if not reuters.exists():
        print("speed: skipped (Reuters not available)")
        return 0
    texts = [json.loads(line)["text"] for line in reuters.open(encoding="utf-8")]
    chars = sum(map(len, texts))
    began = time.perf_counter()
    ours = sum(len(sentence_spans(t)) for t in texts)
    mid = time.perf_counter()
    theirs = sum(len(list(punkt.span_tokenize(t))) for t in texts)
    end = time.perf_counter()
    print(f"speed: newsreport {chars / (mid - began) / 1e6:.1f} MB/s ({ours} sentences), "
          f"Punkt {chars / (end - mid) / 1e6:.1f} MB/s ({theirs} sentences), ratio {(end - mid) / (mid - began):.1f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
