"""Score quote extraction against a gold file (``newsreport evaluate quotes GOLD.jsonl``).

Gold format, one article per line::

    {"id": str, "text": str, "quotes": [{"start": int, "end": int, "speaker": str,
                                         "kind": "direct" | "indirect"}]}

Each gold quote is matched one-to-one to the predicted quote with the best character overlap,
greedily by decreasing overlap. Two overlap measures are reported: ``gold`` (shared characters
divided by the gold span's length, the GGT convention) and ``longer`` (divided by the longer of
the two spans, so an over-long prediction does not count). For each: precision, recall and F1
at overlap 0.3 and 0.8; speaker accuracy on quotes matched at 0.3, strict (names equal after
lower-casing and removing punctuation and a trailing 's) and relaxed (one name's words a subset
of the other's); end-to-end F1 (matched at 0.3 and speaker strict-correct); recall by gold kind.

PolNeAR (brat standoff with Source/Cue/Content spans) is scored for content-span recall, and
for the source of the matched contents, by :func:`evaluate_polnear`.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.errors import GoldFormatError
from analysis.evaluate import gold_records
from analysis.quotes import Quote, extract_quotes, speech_verb_forms
from analysis.speakers import lexicon

THRESHOLDS = (0.3, 0.8)
MEASURES = ("gold", "longer")


@dataclass(frozen=True)
class GoldQuote:
    """One annotated quote."""

    start: int
    end: int
    speaker: str
    kind: str


@dataclass(frozen=True)
class GoldArticle:
    """One annotated article."""

    article_id: str
    text: str
    quotes: tuple[GoldQuote, ...]


_FORMAT = "{'id', 'text', 'quotes': [{'start', 'end', 'speaker', 'kind'}]}"


def read_gold(path: Path) -> list[GoldArticle]:
    """Read a quotes gold file.

    Raises:
        GoldFormatError: When a line is not JSON or lacks a field (the message names the line).
    """
    articles: list[GoldArticle] = []
    for where, record in gold_records(path, _FORMAT):
        try:
            text = record["text"]
            quotes = tuple(
                GoldQuote(
                    int(q["start"]),
                    int(q["end"]),
                    str(q.get("speaker", "")),
                    str(q.get("kind", "direct")),
                )
                for q in record["quotes"]
            )
            articles.append(GoldArticle(str(record["id"]), text, quotes))
        except (KeyError, TypeError, ValueError) as error:
            raise GoldFormatError(f"{where}: expected {_FORMAT} ({error!r})") from error
    return articles


_PUNCTUATION = re.compile(r"[^\w\s]")


def normalise_name(name: str) -> str:
    """Lower-case a name, drop a trailing 's and all punctuation, collapse white space."""
    lowered = re.sub(r"['\u2019]s$", "", name.strip().lower())
    return " ".join(_PUNCTUATION.sub(" ", lowered).split())


def speaker_strict(gold: str, predicted: str) -> bool:
    """Return whether two names are equal after :func:`normalise_name`."""
    return bool(normalise_name(gold)) and normalise_name(gold) == normalise_name(predicted)


def speaker_relaxed(gold: str, predicted: str) -> bool:
    """Return whether one name's words are a subset of the other's (both non-empty)."""
    a, b = set(normalise_name(gold).split()), set(normalise_name(predicted).split())
    return bool(a) and bool(b) and (a <= b or b <= a)


def _overlap(gold: GoldQuote, pred: Quote, measure: str) -> float:
    shared = min(gold.end, pred.end) - max(gold.start, pred.start)
    if shared <= 0:
        return 0.0
    if measure == "gold":
        return shared / max(gold.end - gold.start, 1)
    return shared / max(gold.end - gold.start, pred.end - pred.start, 1)


def match(
    gold: Sequence[GoldQuote], predicted: Sequence[Quote], threshold: float, measure: str
) -> dict[int, int]:
    """Match gold to predicted quotes one-to-one, best overlap first.

    Returns:
        ``{gold index: predicted index}`` for pairs with overlap >= ``threshold``.
    """
    pairs = []
    for g, gold_quote in enumerate(gold):
        for p, pred in enumerate(predicted):
            score = _overlap(gold_quote, pred, measure)
            if score >= threshold and score > 0:
                pairs.append((-score, g, p))
    pairs.sort()
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, g, p in pairs:
        if g not in matched and p not in used:
            matched[g] = p
            used.add(p)
    return matched


@dataclass
class _Counts:
    gold: int = 0
    predicted: int = 0
    matched: dict[str, int] = field(default_factory=dict)
    strict: int = 0
    relaxed: int = 0
    end_to_end: int = 0
    kind_gold: dict[str, int] = field(default_factory=dict)
    kind_matched: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleResult:
    """Gold and predicted quotes of one article, for scoring and the error listing."""

    article: GoldArticle
    predicted: tuple[Quote, ...]


def predict(articles: Iterable[GoldArticle]) -> list[ArticleResult]:
    """Run :func:`analysis.quotes.extract_quotes` on each gold article's text."""
    return [ArticleResult(a, tuple(extract_quotes(a.text))) for a in articles]


def score(results: Sequence[ArticleResult], measure: str = "gold") -> dict[str, Any]:
    """Return the figures of one overlap measure over all articles (see module docstring)."""
    counts = _Counts()
    for result in results:
        gold, pred = result.article.quotes, result.predicted
        counts.gold += len(gold)
        counts.predicted += len(pred)
        for quote in gold:
            counts.kind_gold[quote.kind] = counts.kind_gold.get(quote.kind, 0) + 1
        for threshold in THRESHOLDS:
            found = match(gold, pred, threshold, measure)
            key = str(threshold)
            counts.matched[key] = counts.matched.get(key, 0) + len(found)
            if threshold != THRESHOLDS[0]:
                continue
            for g, p in found.items():
                kind = gold[g].kind
                counts.kind_matched[kind] = counts.kind_matched.get(kind, 0) + 1
                if speaker_strict(gold[g].speaker, pred[p].speaker):
                    counts.strict += 1
                    counts.end_to_end += 1
                if speaker_relaxed(gold[g].speaker, pred[p].speaker):
                    counts.relaxed += 1
    return _figures(counts, len(results))


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _figures(counts: _Counts, n_articles: int) -> dict[str, Any]:
    precision, recall, f1 = {}, {}, {}
    for threshold in THRESHOLDS:
        key = str(threshold)
        hit = counts.matched.get(key, 0)
        precision[key] = round(hit / counts.predicted, 4) if counts.predicted else 0.0
        recall[key] = round(hit / counts.gold, 4) if counts.gold else 0.0
        f1[key] = round(_f1(precision[key], recall[key]), 4)
    matched = counts.matched.get(str(THRESHOLDS[0]), 0)
    e2e_p = counts.end_to_end / counts.predicted if counts.predicted else 0.0
    e2e_r = counts.end_to_end / counts.gold if counts.gold else 0.0
    return {
        "articles": n_articles,
        "gold_quotes": counts.gold,
        "predicted_quotes": counts.predicted,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "speaker_accuracy_strict": round(counts.strict / matched, 4) if matched else 0.0,
        "speaker_accuracy_relaxed": round(counts.relaxed / matched, 4) if matched else 0.0,
        "end_to_end_f1": round(_f1(e2e_p, e2e_r), 4),
        "recall_by_kind": {
            kind: round(counts.kind_matched.get(kind, 0) / n, 4)
            for kind, n in sorted(counts.kind_gold.items())
        },
    }


def evaluate(results: Sequence[ArticleResult]) -> dict[str, Any]:
    """Return the figures with the gold-length overlap, plus the same under ``longer``."""
    figures = score(results, "gold")
    figures["longer_span_overlap"] = score(results, "longer")
    return figures


# --- error listing -----------------------------------------------------------------------


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    body = text[start:end]
    if len(body) > 240:
        body = body[:160] + " ... " + body[-60:]
    return f"{left}[[{body}]]{right}".replace("\n", " / ")


def error_listing(results: Sequence[ArticleResult], limit: int) -> str:
    """Return up to ``limit`` errors of each class: missed, spurious, wrong speaker."""
    missed: list[str] = []
    spurious: list[str] = []
    wrong: list[str] = []
    for result in results:
        text = result.article.text
        gold, pred = result.article.quotes, result.predicted
        found = match(gold, pred, THRESHOLDS[0], "gold")
        used = set(found.values())
        for g, quote in enumerate(gold):
            if g not in found:
                missed.append(
                    f"- {result.article.article_id} {quote.kind} ({quote.speaker}): "
                    f"{_context(text, quote.start, quote.end)}"
                )
            else:
                p = pred[found[g]]
                if not speaker_strict(quote.speaker, p.speaker):
                    wrong.append(
                        f"- {result.article.article_id} {quote.kind} gold={quote.speaker!r} "
                        f"predicted={p.speaker!r} ({p.speaker_kind}, mention={p.mention!r}, "
                        f"cue={p.cue!r}): {_context(text, p.start, p.end, 40)}"
                    )
        for index, extra in enumerate(pred):
            if index not in used:
                spurious.append(
                    f"- {result.article.article_id} {extra.kind} ({extra.speaker}): "
                    f"{_context(text, extra.start, extra.end)}"
                )
    parts = []
    for title, rows in (("Missed", missed), ("Spurious", spurious), ("Wrong speaker", wrong)):
        parts.append(f"## {title} ({len(rows)})")
        parts.extend(rows[:limit])
    return "\n".join(parts)


def format_figures(figures: dict[str, Any]) -> str:
    """Return a human-readable summary of :func:`evaluate`'s figures."""
    lines = [
        f"articles {figures['articles']}, gold quotes {figures['gold_quotes']}, "
        f"predicted {figures['predicted_quotes']}"
    ]
    for label, data in (
        ("overlap / gold length", figures),
        ("overlap / longer span", figures["longer_span_overlap"]),
    ):
        lines.append(f"{label}:")
        for threshold in THRESHOLDS:
            key = str(threshold)
            lines.append(
                f"  @{key}: P {data['precision'][key]:.3f}  R {data['recall'][key]:.3f}  "
                f"F1 {data['f1'][key]:.3f}"
            )
        lines.append(
            f"  speaker accuracy strict {data['speaker_accuracy_strict']:.3f}, relaxed "
            f"{data['speaker_accuracy_relaxed']:.3f}; end-to-end F1 {data['end_to_end_f1']:.3f}"
        )
        recalls = ", ".join(f"{k} {v:.3f}" for k, v in data["recall_by_kind"].items())
        lines.append(f"  recall@0.3 by gold kind: {recalls}")
    return "\n".join(lines)


def evaluate_file(
    gold_path: Path,
    *,
    as_json: bool = False,
    errors: int = 0,
    options: dict[str, Any] | None = None,
    articles: slice | None = None,
) -> str:
    """Evaluate quote extraction on a gold file and return the text to print.

    Args:
        gold_path: The gold JSONL file.
        as_json: Return one JSON object (keys: articles, gold_quotes, predicted_quotes,
            precision, recall, f1, speaker_accuracy_strict, speaker_accuracy_relaxed,
            end_to_end_f1, recall_by_kind, longer_span_overlap).
        errors: Append up to this many errors of each class (missed, spurious, wrong speaker).
        options: Unused; accepted for the common ``evaluate_file`` signature.
        articles: Evaluate only this slice of the gold articles (dev/held-out splits).
    """
    gold = read_gold(Path(gold_path))
    if articles is not None:
        gold = gold[articles]
    results = predict(gold)
    figures = evaluate(results)
    text = json.dumps(figures, sort_keys=True) if as_json else format_figures(figures)
    if errors:
        text += "\n\n" + error_listing(results, errors)
    return text


# --- PolNeAR -----------------------------------------------------------------------------

_BRAT_SPAN = re.compile(r"^(T\d+)\t(\w[\w-]*) ([\d ;]+)\t")


def _brat_contents(ann: str) -> list[tuple[int, int]]:
    spans = []
    for line in ann.splitlines():
        found = _BRAT_SPAN.match(line)
        if found is None or found.group(2) != "Content":
            continue
        pieces = [tuple(map(int, p.split())) for p in found.group(3).split(";")]
        spans.append((min(p[0] for p in pieces), max(p[1] for p in pieces)))
    return spans


def _brat_attributions(ann: str) -> list[dict[str, tuple[str, tuple[int, int]]]]:
    """Each attribution (brat ``E`` line) as role -> (its span's text, (start, end))."""
    spans: dict[str, tuple[str, tuple[int, int]]] = {}
    for line in ann.splitlines():
        found = _BRAT_SPAN.match(line)
        if found is None:
            continue
        pieces = [tuple(map(int, p.split())) for p in found.group(3).split(";")]
        span = (min(p[0] for p in pieces), max(p[1] for p in pieces))
        spans[found.group(1)] = (line.split("\t")[2], span)
    attributions = []
    for line in ann.splitlines():
        if not line.startswith("E"):
            continue
        roles = dict(part.split(":") for part in line.split("\t")[1].split() if ":" in part)
        attributions.append({role: spans[key] for role, key in roles.items() if key in spans})
    return attributions


def _brat_sources(ann: str) -> dict[tuple[int, int], str]:
    """Content span -> the text of its attribution's Source span (attributions with both)."""
    sources: dict[tuple[int, int], str] = {}
    for roles in _brat_attributions(ann):
        if "Source" in roles and "Content" in roles:
            sources.setdefault(roles["Content"][1], roles["Source"][0])
    return sources


# Words before a name that do not name anyone ("the", "he"), and words after a name that end
# it without making it a modifier ("Charles Rangel of New York", "Grassley and Leahy").
_UNNAMING = frozenset(
    "the a an he she they it we i you his her their its our this that these those some many "
    "one another other several most all both each".split()
)
_NAME_ENDERS = frozenset("of and or who which with for at in from on to said says".split())
_SOURCE_TOKEN = re.compile(r"[\w'\u2019./-]*\w|[,;:()]")


def source_name(source: str) -> str | None:
    """The last word of the name a gold source opens with, lower-cased; None if it names no one.

    Leading articles, pronouns, honorifics and role words are skipped ("Mr. Podesta",
    "President Obama", "The New York Times"); the capitalised words after them are the name
    unless a lower-case word other than a preposition, conjunction or verb of saying follows
    ("The Indiana governor", "a New York Times poll" name no one).
    """
    lex = lexicon()
    tokens = _SOURCE_TOKEN.findall(source)
    index = 0
    while index < len(tokens):
        bare = tokens[index].rstrip(".").lower()
        if bare in _UNNAMING or bare in lex.honorifics or bare in lex.roles:
            index += 1
            continue
        break
    name: list[str] = []
    while index < len(tokens) and tokens[index][:1].isupper():
        name.append(tokens[index])
        index += 1
    if not name:
        return None
    following = tokens[index] if index < len(tokens) else ","
    if following[:1].isalpha() and following.lower() not in _NAME_ENDERS:
        return None  # the capitalised words modify a noun: "The Indiana governor"
    if len(name) == 1 and name[0].lower() in lex.unnamed:
        return None  # a capitalised first word: "Officials at the agency"
    head = normalise_name(name[-1]).split()
    return head[-1] if head else None


def names_source(head: str, speaker: str) -> bool:
    """Whether a resolved speaker carries a source's name (:func:`source_name`).

    The name's last word is one of the speaker's words ("Podesta": "John D. Podesta"), or the
    name is the initials of the speaker's capitalised words ("IMF": "The International
    Monetary Fund", the acronym resolved to the organisation's full name).
    """
    if head in normalise_name(speaker).split():
        return True
    initials = "".join(
        word[0] for word in speaker.split() if word[:1].isupper() and word.lower() not in _UNNAMING
    )
    return len(head) >= 2 and head == initials.lower()


def evaluate_polnear(
    folder: Path, *, limit: int | None = None, threshold: float = 0.3
) -> dict[str, Any]:
    """Content-span recall on PolNeAR (brat standoff: ``text/*.txt``, ``attributions/*.ann``).

    Every annotated Content span (one annotator file per article, the first by name) is a gold
    quote; recall is the share matched one-to-one to a predicted quote at ``threshold`` overlap
    of the gold length; "according to" attributions (cue text) are reported separately.

    The source is scored on the matched contents whose attribution has a Source span:
    ``source_mention_relaxed`` is the share whose predicted mention (the subject as written
    by the cue, "he" included) and the gold Source share their words as
    :func:`speaker_relaxed` does; ``named_source_speaker`` is, on the matched contents whose
    Source opens with a name (:func:`source_name`: "Donald Trump", "Mr. Podesta", "The New
    York Times", not "he" or "the Indiana governor"), the share whose resolved speaker carries
    that name (:func:`names_source`: "Podesta" in "John D. Podesta", "IMF" for "The
    International Monetary Fund"). PolNeAR's sources are mentions,
    not canonical names, so a pronoun source cannot be scored against the resolved speaker.

    Args:
        folder: A PolNeAR split folder (e.g. ``polnear/data/dev``).
        limit: Score only the first ``limit`` articles (sorted by name).
        threshold: Overlap threshold.
    """
    texts = sorted((folder / "text").glob("*.txt"))[:limit]
    gold_total = matched_total = according_total = according_matched = predicted_total = 0
    verb_total = verb_matched = 0
    sourced = mention_correct = named = named_correct = 0
    for path in texts:
        anns = sorted((folder / "attributions").glob(path.stem + "_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        ann = anns[0].read_text(encoding="utf-8")
        gold = [GoldQuote(s, e, "", "content") for s, e in _brat_contents(ann)]
        according = _according_contents(ann)
        verb_cued = _verb_cue_contents(ann)
        predicted = extract_quotes(text)
        found = match(gold, predicted, threshold, "gold")
        gold_total += len(gold)
        predicted_total += len(predicted)
        matched_total += len(found)
        sources = _brat_sources(ann)
        for g, p in found.items():
            span = (gold[g].start, gold[g].end)
            according_matched += span in according
            verb_matched += span in verb_cued
            source = sources.get(span)
            if source is None:
                continue
            sourced += 1
            mention_correct += speaker_relaxed(source, predicted[p].mention)
            head = source_name(source)
            if head is not None:
                named += 1
                named_correct += names_source(head, predicted[p].speaker)
        according_total += len(according)
        verb_total += len(verb_cued)
    return {
        "articles": len(texts),
        "gold_contents": gold_total,
        "predicted_quotes": predicted_total,
        "content_recall": round(matched_total / gold_total, 4) if gold_total else 0.0,
        "according_to_contents": according_total,
        "according_to_recall": round(according_matched / according_total, 4)
        if according_total
        else 0.0,
        "verb_cue_contents": verb_total,
        "verb_cue_recall": round(verb_matched / verb_total, 4) if verb_total else 0.0,
        "matched_with_source": sourced,
        "source_mention_relaxed": round(mention_correct / sourced, 4) if sourced else 0.0,
        "matched_with_named_source": named,
        "named_source_speaker": round(named_correct / named, 4) if named else 0.0,
    }


def _cue_contents(ann: str, wanted: Callable[[str], bool]) -> set[tuple[int, int]]:
    """Content spans whose attribution's cue text (lower-cased) satisfies ``wanted``."""
    return {
        roles["Content"][1]
        for roles in _brat_attributions(ann)
        if "Cue" in roles and "Content" in roles and wanted(roles["Cue"][0].lower())
    }


def _according_contents(ann: str) -> set[tuple[int, int]]:
    """Content spans whose attribution's cue is "according to"."""
    return _cue_contents(ann, lambda cue: "according" in cue)


def _verb_cue_contents(ann: str) -> set[tuple[int, int]]:
    """Content spans whose cue contains a reporting verb of ``speech_verbs.txt``."""
    forms = speech_verb_forms()
    return _cue_contents(ann, lambda cue: any(word in forms for word in cue.split()))


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: ``python -m analysis.evaluate.quotes GOLD [--json] [--errors N]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, help="gold JSONL file, or a PolNeAR split folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--errors", type=int, default=0, help="list up to N errors per class")
    parser.add_argument("--articles", default="", help="slice of articles, e.g. 0:37 or 37:")
    parser.add_argument("--limit", type=int, default=None, help="PolNeAR: first N articles")
    args = parser.parse_args(argv)
    if args.gold.is_dir():
        print(json.dumps(evaluate_polnear(args.gold, limit=args.limit), sort_keys=True))
        return
    selection = None
    if args.articles:
        first, _, last = args.articles.partition(":")
        selection = slice(int(first) if first else None, int(last) if last else None)
    print(evaluate_file(args.gold, as_json=args.json, errors=args.errors, articles=selection))


if __name__ == "__main__":
    main()
