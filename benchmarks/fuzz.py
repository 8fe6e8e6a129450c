"""Fuzz the corpus readers, the segmenter and every available extractor for a time budget.

Runs the property checks of ``tests/test_properties.py`` (``FUZZ_TARGETS``, plus one target
per extractor in ``available_analyses()`` and one reader-to-extractors pipeline target) with
hypothesis, round-robin, fresh random examples each round, until the budget is spent. Exits 1
with hypothesis's (shrunk) falsifying example on the first failure, 0 otherwise.

Usage (from the repository root)::

    python benchmarks/fuzz.py --seconds 180
    python benchmarks/fuzz.py --seconds 60 --only segment,quotes
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from analysis.corpus import ProblemLog, read_corpus  # noqa: E402
from analysis.pipeline import available_analyses  # noqa: E402
from tests.offsets import run_extractor  # noqa: E402
from tests.test_properties import FUZZ_TARGETS, NEWS_TEXT, TEXTS, check_extractor  # noqa: E402


@dataclass
class Target:
    name: str
    strategy: Any
    check: Callable[[Any], None]
    examples: int = 0
    seconds: float = 0.0


def check_pipeline(data: bytes, analyses: list[str]) -> None:
    """Bytes as a .txt file -> reader -> every extractor: no exception, offsets valid."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt"
        path.write_bytes(data)
        articles = read_corpus(path, log=ProblemLog())
    for article in articles:
        for name in analyses:
            run_extractor(name, article.text)


def targets(only: set[str]) -> list[Target]:
    analyses = available_analyses()
    found = [Target(name, strategy, check) for name, strategy, check in FUZZ_TARGETS]
    for name in analyses:
        found.append(Target(name, TEXTS, partial(check_extractor, name)))
        found.append(Target(f"{name} (long news text)", st.lists(NEWS_TEXT, max_size=8).map(
            "\n\n".join), partial(check_extractor, name)))  # fmt: skip
    if analyses:
        news_bytes = st.one_of(st.binary(max_size=3000), NEWS_TEXT.map(lambda t: t.encode()))
        found.append(Target("pipeline", news_bytes, partial(check_pipeline, analyses=analyses)))
    if only:
        found = [t for t in found if t.name in only or t.name.split(" ")[0] in only]
    return found


def run_round(target: Target, examples: int) -> None:
    """Run ``examples`` fresh random examples of one target (raises on a failure)."""

    def counted(value: Any) -> None:
        target.examples += 1
        target.check(value)

    test = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )(given(target.strategy)(counted))
    began = time.perf_counter()
    try:
        test()
    finally:
        target.seconds += time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180, help="time budget (default 180)")
    parser.add_argument("--examples", type=int, default=200, help="examples per target per round")
    parser.add_argument("--only", default="", help="comma-separated target names")
    args = parser.parse_args(argv)
    chosen = targets({name.strip() for name in args.only.split(",") if name.strip()})
    if not chosen:
        print("no fuzz targets selected", file=sys.stderr)
        return 2
    print(f"fuzzing {len(chosen)} targets for {args.seconds:.0f} s: "
          + ", ".join(t.name for t in chosen), flush=True)  # fmt: skip
    deadline = time.monotonic() + args.seconds
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        for target in chosen:
            if time.monotonic() >= deadline:
                break
            try:
                run_round(target, args.examples)
            except Exception:  # noqa: BLE001 - report any failure with its example
                traceback.print_exc()
                print(f"FAILED: {target.name} after {target.examples} examples", flush=True)
                return 1
    total = sum(t.examples for t in chosen)
    for target in chosen:
        print(f"  {target.name:32s} {target.examples:8d} examples {target.seconds:7.1f} s")
    print(f"OK: {total} examples in {rounds} rounds, no failure", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
