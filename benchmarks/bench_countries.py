"""Speed of country-mention matching on the Reuters-21578 JSONL (skips if ../shared is absent).

Prints MB/s of text (UTF-8 bytes) per CPU-second of this process (best of --repeat runs, so
that other load on a shared machine does not count) for ``find_country_mentions`` with default
options, the ratio to the 40 MB/s target, and the ratio to geotext when it is installed.

    python benchmarks/bench_countries.py [--articles N] [--repeat R] [--installed]

``--installed`` times the package installed for this interpreter (a regular install is
compiled, see ``setup.py``) instead of the checkout's sources; the build is printed.
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
from analysis.countries import _automaton, _matcher, find_country_mentions  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "data" / "corpora" / "reuters-21578" / "reuters-21578.jsonl"
TARGET_MB_S = 40.0


def load_texts(limit: int | None) -> list[str]:
    texts = []
    with CORPUS.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            texts.append(record.get("text") or "")
            if limit and len(texts) >= limit:
                break
    return texts


def best_seconds(run, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.process_time()
        run()
        best = min(best, time.process_time() - began)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=0, help="0 = all")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--installed", action="store_true", help="time the installed package")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found")
        return
    texts = load_texts(args.articles or None)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    find_country_mentions("warm-up: Russia and the U.S.")  # builds the automaton once
    found = []
    seconds = best_seconds(
        lambda: found.append(sum(len(find_country_mentions(t)) for t in texts)), args.repeat
    )
    speed = megabytes / seconds
    automaton = _automaton(False)
    scan = best_seconds(lambda: [sum(1 for _ in automaton.iter(t)) for t in texts], args.repeat)
    print(f"newsreport: {analysis.build()} {Path(analysis.__file__).parent}")
    print(f"texts: {len(texts)} articles, {megabytes:.1f} MB; mentions: {found[-1]}")
    print(f"pyahocorasick's scan alone (no rules): {megabytes / scan:.1f} MB/s")
    matcher = _matcher(False)
    if matcher is not None:  # the scan a compiled build uses (analysis._native.KeyMatcher)
        spans = best_seconds(lambda: [matcher.spans(t) for t in texts], args.repeat)
        print(f"C matcher's spans alone (the floor, no rules): {megabytes / spans:.1f} MB/s")
    print(
        f"newsreport countries: {seconds:.2f} s, {speed:.1f} MB/s "
        f"({speed / TARGET_MB_S:.2f}x the {TARGET_MB_S:.0f} MB/s target)"
    )
    try:
        from geotext import GeoText  # type: ignore[import-not-found]
    except ImportError:
        print("geotext: not installed (optional baseline)")
        return
    geo_seconds = best_seconds(lambda: [GeoText(t).country_mentions for t in texts], 1)
    geo_speed = megabytes / geo_seconds
    print(
        f"geotext: {geo_seconds:.2f} s, {geo_speed:.1f} MB/s; "
        f"newsreport is {speed / geo_speed:.1f}x geotext"
    )


if __name__ == "__main__":
    main()
