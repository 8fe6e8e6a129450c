"""Score country mentions against a gold JSONL file (``newsreport evaluate countries``).

Gold format, one JSON object per line::

    {"id": str, "text": str, "countries": [{"start": int, "end": int, "country": "RUS",
      "surface": str, "type": optional str}]}

Scores:
    Mention level: a prediction is correct when its span overlaps a gold span with the same
    country code (each gold span matched at most once). precision = correct predictions /
    predictions, recall = matched gold spans / gold spans.
    Article level: the set of country codes per article, pooled over articles (micro).

Predictions are those of ``find_country_mentions`` with the extractor's defaults: mentions
inside names (form ``embedded``) are left out unless ``include_embedded``; capitals and
metonyms only with ``metonyms``. Gold spans whose code is not a country known to the gazetteer
(e.g. GeoWebNews' ``ANT`` placeholder for demonyms of groups and events) are ignored, and so are
predictions overlapping them; their number is reported.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.countries import CountryMention, country_table, find_country_mentions
from analysis.errors import GoldFormatError
from analysis.evaluate import gold_records


@dataclass(frozen=True)
class GoldMention:
    """One annotated country mention."""

    start: int
    end: int
    country: str
    surface: str
    type: str = ""


@dataclass(frozen=True)
class GoldArticle:
    """One gold article."""

    article_id: str
    text: str
    mentions: tuple[GoldMention, ...]


@dataclass
class Scores:
    """Counts behind the scores, with the errors for the listing."""

    predicted: int = 0
    correct: int = 0
    gold: int = 0
    matched: int = 0
    ignored_gold: int = 0
    article_predicted: int = 0
    article_gold: int = 0
    article_correct: int = 0
    by_form: Counter[tuple[str, bool]] = field(default_factory=Counter)
    by_gold_type: Counter[tuple[str, bool]] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)


_FORMAT = '{"id", "text", "countries": [{"start", "end", "country", "surface"}]}'


def read_gold(path: Path) -> list[GoldArticle]:
    """Read and check a gold JSONL file.

    Raises:
        GoldFormatError: A line is not JSON or lacks a field, with file and line number.
    """
    return [_parse_record(record, where) for where, record in gold_records(path, _FORMAT)]


def _parse_record(record: dict[str, Any], where: str) -> GoldArticle:
    try:
        text = record["text"]
        mentions = tuple(
            GoldMention(
                int(m["start"]),
                int(m["end"]),
                str(m["country"]),
                str(m.get("surface", text[int(m["start"]) : int(m["end"])])),
                str(m.get("type", "")),
            )
            for m in record["countries"]
        )
        article_id = str(record["id"])
    except (KeyError, TypeError, ValueError) as error:
        raise GoldFormatError(
            f"{where}: not a countries gold record ({error}); expected {_FORMAT}"
        ) from error
    for mention in mentions:
        if not 0 <= mention.start < mention.end <= len(text):
            raise GoldFormatError(f"{where}: span {mention.start}-{mention.end} outside the text")
    return GoldArticle(article_id, text, mentions)


def predict(
    text: str,
    *,
    metonyms: bool = False,
    include_embedded: bool = False,
    constituent_countries: bool = False,
) -> list[CountryMention]:
    """Return the mentions that count as predictions under the given options."""
    found = find_country_mentions(
        text, metonyms=metonyms, constituent_countries=constituent_countries
    )
    return [m for m in found if include_embedded or m.form != "embedded"]


def score_articles(
    articles: Sequence[GoldArticle],
    *,
    metonyms: bool = False,
    include_embedded: bool = False,
    constituent_countries: bool = False,
) -> Scores:
    """Score predictions on gold articles (see the module docstring)."""
    known = set(country_table()["code"])
    scores = Scores()
    for article in articles:
        predicted = predict(
            article.text,
            metonyms=metonyms,
            include_embedded=include_embedded,
            constituent_countries=constituent_countries,
        )
        _score_article(article, predicted, known, scores)
    return scores


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _score_article(
    article: GoldArticle, predicted: list[CountryMention], known: set[str], scores: Scores
) -> None:
    gold = [g for g in article.mentions if g.country in known]
    ignored = [g for g in article.mentions if g.country not in known]
    scores.ignored_gold += len(ignored)
    predicted = [
        p for p in predicted if not any(_overlaps(p.start, p.end, g.start, g.end) for g in ignored)
    ]
    used: set[int] = set()
    for p in predicted:
        hit = next(
            (
                i
                for i, g in enumerate(gold)
                if i not in used
                and g.country == p.country
                and _overlaps(p.start, p.end, g.start, g.end)
            ),
            None,
        )
        scores.by_form[(p.form, hit is not None)] += 1
        if hit is None:
            scores.errors.append(_error("FP", article, p.start, p.end, p.country, p.form))
        else:
            used.add(hit)
    for i, g in enumerate(gold):
        scores.by_gold_type[(g.type or "all", i in used)] += 1
        if i not in used:
            scores.errors.append(_error("FN", article, g.start, g.end, g.country, g.type))
    scores.predicted += len(predicted)
    scores.correct += len(used)
    scores.gold += len(gold)
    scores.matched += len(used)
    predicted_set = {p.country for p in predicted}
    gold_set = {g.country for g in gold}
    scores.article_predicted += len(predicted_set)
    scores.article_gold += len(gold_set)
    scores.article_correct += len(predicted_set & gold_set)


def _error(
    kind: str, article: GoldArticle, start: int, end: int, country: str, label: str
) -> dict[str, Any]:
    left = article.text[max(0, start - 50) : start].replace("\n", " ")
    right = article.text[end : end + 50].replace("\n", " ")
    return {
        "kind": kind,
        "article": article.article_id,
        "start": start,
        "end": end,
        "surface": article.text[start:end],
        "country": country,
        "label": label,
        "context": f"{left}[[{article.text[start:end]}]]{right}",
    }


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def summary(scores: Scores) -> dict[str, float]:
    """Return precision, recall, f1 and their article-level counterparts."""
    precision = _ratio(scores.correct, scores.predicted)
    recall = _ratio(scores.matched, scores.gold)
    article_precision = _ratio(scores.article_correct, scores.article_predicted)
    article_recall = _ratio(scores.article_correct, scores.article_gold)
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(_f1(precision, recall), 4),
        "article_precision": round(article_precision, 4),
        "article_recall": round(article_recall, 4),
        "article_f1": round(_f1(article_precision, article_recall), 4),
    }


def format_report(scores: Scores, *, errors: int = 0) -> str:
    """Return a plain-text report: scores, per-form breakdown, frequent and listed errors."""
    figures = summary(scores)
    lines = [
        f"mentions: {scores.predicted} predicted, {scores.gold} gold"
        f" ({scores.ignored_gold} gold spans with non-country codes ignored)",
        f"mention  P {figures['precision']:.3f}  R {figures['recall']:.3f}  F1 {figures['f1']:.3f}",
        f"article  P {figures['article_precision']:.3f}  R {figures['article_recall']:.3f}"
        f"  F1 {figures['article_f1']:.3f}",
        "",
        "precision by predicted form:",
    ]
    for form in sorted({form for form, _ in scores.by_form}):
        good, bad = scores.by_form[(form, True)], scores.by_form[(form, False)]
        lines.append(f"  {form:<13} {good:>5} / {good + bad:<5} {_ratio(good, good + bad):.3f}")
    lines.append("recall by gold type:")
    for label in sorted({label for label, _ in scores.by_gold_type}):
        good, bad = scores.by_gold_type[(label, True)], scores.by_gold_type[(label, False)]
        lines.append(f"  {label:<22} {good:>5} / {good + bad:<5} {_ratio(good, good + bad):.3f}")
    if errors:
        lines += ["", "most frequent errors:"]
        frequent = Counter((e["kind"], e["surface"], e["country"]) for e in scores.errors)
        for (kind, surface, country), n in sorted(frequent.items(), key=lambda x: (-x[1], x[0])):
            lines.append(f"  {n:>4}  {kind} {surface!r} {country}")
            if len(lines) > 40 + errors:
                break
        lines += ["", f"errors (first {errors}):"]
        for error in scores.errors[:errors]:
            lines.append(
                f"  {error['kind']} {error['article']} {error['country']} {error['label']}:"
                f" {error['context']}"
            )
    return "\n".join(lines)


def evaluate_file(
    gold_path: Path,
    *,
    as_json: bool = False,
    errors: int = 0,
    metonyms: bool = False,
    include_embedded: bool = False,
    constituent_countries: bool = False,
    part: str = "",
) -> str:
    """Score the matcher on a gold file and return the report text.

    Args:
        gold_path: The gold JSONL file.
        as_json: Return the six scores as a JSON object instead of a text report.
        errors: Number of errors to list (text report only).
        metonyms: Count capitals and metonyms as their country.
        include_embedded: Count mentions inside names as predictions.
        constituent_countries: Count England, Scotland, Wales, Northern Ireland as GBR.
        part: Optional ``"a:b"`` slice of the articles in file order (e.g. ``":392"``).

    Returns:
        The report.
    """
    articles = read_gold(Path(gold_path))
    if part:
        first, _, last = part.partition(":")
        articles = articles[slice(int(first) if first else None, int(last) if last else None)]
    scores = score_articles(
        articles,
        metonyms=metonyms,
        include_embedded=include_embedded,
        constituent_countries=constituent_countries,
    )
    if as_json:
        return json.dumps(summary(scores), sort_keys=True)
    return format_report(scores, errors=errors)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: ``python -m analysis.evaluate.countries GOLD [--json] [--errors N]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", type=int, default=0)
    parser.add_argument("--metonyms", action="store_true")
    parser.add_argument("--include-embedded", action="store_true")
    parser.add_argument("--constituent-countries", action="store_true")
    parser.add_argument("--part", default="", help='slice of articles, e.g. ":392" or "392:"')
    args = parser.parse_args(argv)
    print(
        evaluate_file(
            args.gold,
            as_json=args.json,
            errors=args.errors,
            metonyms=args.metonyms,
            include_embedded=args.include_embedded,
            constituent_countries=args.constituent_countries,
            part=args.part,
        )
    )


if __name__ == "__main__":
    main()
