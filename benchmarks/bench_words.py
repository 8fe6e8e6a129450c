"""Speed of the words analysis against a bare counting loop and against NLTK (issue 3).

Builds COPIES copies of the Reuters JSONL in a temporary folder and times whole processes,
all in the same run so that the machine's load affects every contender alike:

(a) baseline: read the JSONL with json, ``.lower()``, ``re.findall(r"\\w+")``, ``Counter``;
(b) NLTK: ``nltk.word_tokenize`` + ``FreqDist`` on a slice (SLICE articles), scaled per word
    (needs punkt_tab: NLTK_DATA=../shared/data/nltk_data, benchmark only);
(c) ours_serial: a script reading the JSONL with json and running WORDS.extract/add/finish
    in one process;
(d) ours_2proc: 2 worker processes, each folding a share of the lines with extract/add;
    the parent merges the two accumulators and finishes (what a process engine can reach);
(e) ours_cli: ``python -m analysis extract FILE --out DIR --analyses words --no-cache
    --quiet`` (the whole pipeline: corpus reader, segmentation, ``articles`` table, default
    engine), when that command works (skipped with a note otherwise, or with --no-cli).

Each contender runs ``--repeat`` times, interleaved, and the best time is kept (the machine
is shared, so single runs vary by 10-20%).
Words/s use the same word count for everyone: the baseline's ``\\w+`` tokens of the file.
Prints words/s and the ratios against (a). Usage (from the repository root)::

    python benchmarks/bench_words.py [--copies 5] [--repeat 2] [--ngram 2] [--no-cli]
        [--python .venv/bin/python]

Our contenders run from this checkout's sources (pure Python) unless ``--python`` names an
interpreter whose installed newsreport to run instead (a regular install is compiled, see
``setup.py``); the build that ran is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from _package import build_of, interpreter

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
REUTERS = SHARED / "data" / "corpora" / "reuters-21578" / "reuters-21578.jsonl"
NLTK_DATA = SHARED / "data" / "nltk_data"
PYTHON = sys.executable

BASELINE = textwrap.dedent(
    """
    import json, re, sys
    from collections import Counter
    word = re.compile(r"\\w+")
    counts = Counter()
    words = 0
    with open(sys.argv[1], encoding="utf-8") as lines:
        for line in lines:
            tokens = word.findall(json.loads(line)["text"].lower())
            words += len(tokens)
            counts.update(tokens)
    print(words, len(counts))
    """
)

NLTK = textwrap.dedent(
    """
    import json, re, sys
    import nltk
    limit = int(sys.argv[2])
    counts = nltk.FreqDist()
    words = 0
    with open(sys.argv[1], encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= limit:
                break
            text = json.loads(line)["text"]
            words += len(re.findall(r"\\w+", text))
            counts.update(nltk.word_tokenize(text.lower()))
    print(words, len(counts))
    """
)

OURS_SERIAL = textwrap.dedent(
    """
    import json, sys
    from analysis.frequencies import WORDS
    from analysis.model import Article
    options = {"ngram": int(sys.argv[2])}
    acc = WORDS.start(options)
    with open(sys.argv[1], encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            article = Article(article_id=record["id"], text=record["text"])
            acc = WORDS.add(acc, article, WORDS.extract(article, None, options))
    tables = WORDS.finish(acc, options)
    print(len(tables["word_frequencies"]))
    """
)

OURS_PARALLEL = textwrap.dedent(
    """
    import json, sys
    from multiprocessing import Pool
    from analysis.frequencies import WORDS
    from analysis.model import Article

    def fold(job):
        path, share, shares, ngram = job
        options = {"ngram": ngram}
        acc = WORDS.start(options)
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if number % shares == share:
                    record = json.loads(line)
                    article = Article(article_id=record["id"], text=record["text"])
                    acc = WORDS.add(acc, article, WORDS.extract(article, None, options))
        return acc

    if __name__ == "__main__":
        path, ngram = sys.argv[1], int(sys.argv[2])
        with Pool(2) as pool:
            first, second = pool.map(fold, [(path, 0, 2, ngram), (path, 1, 2, ngram)])
        options = {"ngram": ngram}
        tables = WORDS.finish(WORDS.merge(first, second), options)
        print(len(tables["word_frequencies"]))
    """
)


BEST: dict[str, float] = {}
"""Best (shortest) time in seconds of each contender."""
CPU: dict[str, float] = {}
"""CPU seconds (user + system, the process and its children) of each contender's best run."""


def timed(command: list[str], env: dict[str, str] | None, name: str, cwd: Path = ROOT) -> str:
    """Run a command as a whole process, keep its best time in BEST; return its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{command[:4]} failed: {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if name not in BEST or elapsed < BEST[name]:
        BEST[name], CPU[name] = elapsed, cpu
    return done.stdout.strip()


def build_corpus(folder: Path, copies: int) -> Path:
    """Write ``copies`` copies of the Reuters JSONL into ``folder``, each with its own ids.

    Copies get distinct ids (``reuters-00001-c2``), as distinct articles have: a corpus whose
    ids repeat is read in one stream so that they are renamed in corpus order, which is not
    the case measured here (``bench_scale.py`` makes its copies the same way).
    """
    target = folder / f"reuters-x{copies}.jsonl"
    with REUTERS.open(encoding="utf-8") as source:
        records = [json.loads(line) for line in source if line.strip()]
    with target.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for record in records:
                out.write(json.dumps({**record, "id": f"{record['id']}-c{copy}"}) + "\n")
    return target


def write_script(folder: Path, name: str, body: str) -> Path:
    """Write a benchmark script and return its path."""
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def run_ours_cli(corpus: Path, folder: Path, python: str, env: dict[str, str] | None) -> None:
    """Time ``python -m analysis extract`` (skipped with a note if it fails)."""
    out = folder / "tables"
    command = [
        python,
        "-m",
        "analysis",
        "extract",
        str(corpus),
        "--out",
        str(out),
        "--analyses",
        "words",
        "--no-cache",
        "--quiet",
    ]
    try:
        timed(command, env, "ours_cli", folder)
    except RuntimeError as error:
        print(f"  (CLI not usable, timing the script instead: {str(error)[:200]!r})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=2, help="runs per contender (best kept)")
    parser.add_argument("--ngram", type=int, default=2, help="ngram option of our analysis")
    parser.add_argument("--slice", type=int, default=2000, help="articles for NLTK")
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI attempt")
    parser.add_argument("--python", help="interpreter whose installed newsreport to time")
    args = parser.parse_args()
    if not REUTERS.exists():
        print(f"SKIP: {REUTERS} not found")
        return 0
    env = dict(os.environ, PYTHONPATH=str(ROOT), NLTK_DATA=str(NLTK_DATA.resolve()))
    python = interpreter(args.python)
    ours_env = env if args.python is None else dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = build_corpus(folder, args.copies)
        baseline = write_script(folder, "baseline.py", BASELINE)
        nltk_script = write_script(folder, "nltk_count.py", NLTK)
        serial = write_script(folder, "ours_serial.py", OURS_SERIAL)
        parallel = write_script(folder, "ours_parallel.py", OURS_PARALLEL)
        words = 0
        nltk_words = 0
        ngram = str(args.ngram)
        build = build_of(python, ours_env, folder)
        for _ in range(args.repeat):
            words = int(timed([PYTHON, str(baseline), str(corpus)], env, "baseline").split()[0])
            out = timed([PYTHON, str(nltk_script), str(corpus), str(args.slice)], env, "nltk")
            nltk_words = int(out.split()[0])
            timed([python, str(serial), str(corpus), ngram], ours_env, "ours_serial", folder)
            timed([python, str(parallel), str(corpus), ngram], ours_env, "ours_2proc", folder)
            if not args.no_cli:
                run_ours_cli(corpus, folder, python, ours_env)
    counted = {"nltk": nltk_words}
    rates = {name: counted.get(name, words) / seconds for name, seconds in BEST.items()}
    print(f"newsreport: {build}")
    print(
        f"corpus: {args.copies} x Reuters, {words:,} words (\\w+); ngram={args.ngram}; "
        f"NLTK on {args.slice} articles ({nltk_words:,} words)"
    )
    for name, rate in rates.items():
        ratio = rate / rates["baseline"]
        cpu = f"   CPU {CPU[name]:6.2f} s"
        print(f"  {name:12s} {rate / 1e6:6.2f} M words/s   ratio to baseline {ratio:.3f}{cpu}")
    for name in ("ours_serial", "ours_2proc", "ours_cli"):
        if name in rates:
            print(f"  {name} / nltk = {rates[name] / rates['nltk']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
