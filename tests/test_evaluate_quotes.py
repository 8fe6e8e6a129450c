"""Quote evaluation: matching, overlap measures, speaker scoring, gold reading, CLI text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.errors import GoldFormatError
from analysis.evaluate.quotes import (
    ArticleResult,
    GoldArticle,
    GoldQuote,
    evaluate,
    evaluate_file,
    evaluate_polnear,
    match,
    names_source,
    normalise_name,
    read_gold,
    score,
    source_name,
    speaker_relaxed,
    speaker_strict,
)
from analysis.quotes import Quote

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def _gold(start: int, end: int, speaker: str = "Ana Silva", kind: str = "direct") -> GoldQuote:
    return GoldQuote(start, end, speaker, kind)


def _pred(start: int, end: int, speaker: str = "Ana Silva") -> Quote:
    return Quote(start, end, "direct", speaker=speaker, speaker_kind="person")


def test_normalise_name() -> None:
    assert normalise_name("  O'Neil's ") == "o neil"
    assert normalise_name("Jean-Luc Picard") == "jean luc picard"


@pytest.mark.parametrize(
    ("gold", "predicted", "strict", "relaxed"),
    [
        ("Ana Silva", "ana silva", True, True),
        ("Ana Silva", "Silva", False, True),
        ("the ministry", "The Ministry's", True, True),
        ("Ana Silva", "Rui Costa", False, False),
        ("Ana Silva", "", False, False),
    ],
)
def test_speaker_comparison(gold: str, predicted: str, strict: bool, relaxed: bool) -> None:
    assert speaker_strict(gold, predicted) is strict
    assert speaker_relaxed(gold, predicted) is relaxed


def test_match_is_one_to_one_best_first() -> None:
    gold = [_gold(0, 100), _gold(100, 200)]
    predicted = [_pred(0, 150), _pred(0, 90)]
    # the long prediction covers all of gold 0 (1.0) and half of gold 1 (0.5): gold 0 takes
    # it first, so gold 1 stays unmatched and the short prediction is left over
    assert match(gold, predicted, 0.3, "gold") == {0: 0}
    assert match(gold, predicted, 0.95, "gold") == {0: 0}
    assert match(gold, [_pred(0, 90)], 0.95, "gold") == {}


def test_longer_span_overlap_rejects_overlong_predictions() -> None:
    gold = [_gold(0, 20)]
    predicted = [_pred(0, 200)]
    assert match(gold, predicted, 0.8, "gold") == {0: 0}
    assert match(gold, predicted, 0.3, "longer") == {}


def _results() -> list[ArticleResult]:
    text = "x" * 400
    gold = (
        _gold(0, 100, "Ana Silva"),
        _gold(120, 200, "Rui Costa", "indirect"),
        _gold(300, 350, "Ana Silva"),
    )
    predicted = (_pred(0, 100, "Ana Silva"), _pred(120, 260, "Costa"), _pred(330, 345, "x"))
    return [ArticleResult(GoldArticle("a", text, gold), predicted)]


def test_score_figures() -> None:
    figures = score(_results(), "gold")
    assert figures["gold_quotes"] == 3 and figures["predicted_quotes"] == 3
    assert figures["precision"]["0.3"] == pytest.approx(1.0)  # 3rd pred covers 15/50 = 0.3
    assert figures["recall"]["0.8"] == pytest.approx(round(2 / 3, 4))
    assert figures["speaker_accuracy_strict"] == pytest.approx(round(1 / 3, 4))
    assert figures["speaker_accuracy_relaxed"] == pytest.approx(round(2 / 3, 4))
    assert figures["end_to_end_f1"] == pytest.approx(round(1 / 3, 4))
    assert figures["recall_by_kind"] == {"direct": 1.0, "indirect": 1.0}


def test_evaluate_reports_both_measures() -> None:
    figures = evaluate(_results())
    assert figures["recall"]["0.8"] == pytest.approx(round(2 / 3, 4))
    # the over-long second prediction (140 characters for an 80-character quote) fails 0.8
    assert figures["longer_span_overlap"]["recall"]["0.8"] == pytest.approx(round(1 / 3, 4))


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_evaluate_file_json_keys(tmp_path: Path) -> None:
    text = '"We are ready," Ana Silva said. Rui Costa said the team was tired.'
    gold = [
        {"start": 0, "end": 15, "speaker": "Ana Silva", "kind": "direct"},
        {"start": 42, "end": 64, "speaker": "Rui Costa", "kind": "indirect"},
    ]
    path = _write(tmp_path / "gold.jsonl", [{"id": "a", "text": text, "quotes": gold}])
    figures = json.loads(evaluate_file(path, as_json=True))
    for key in (
        "articles",
        "gold_quotes",
        "predicted_quotes",
        "precision",
        "recall",
        "f1",
        "speaker_accuracy_strict",
        "speaker_accuracy_relaxed",
        "end_to_end_f1",
    ):
        assert key in figures
    assert figures["f1"]["0.3"] == 1.0 and figures["speaker_accuracy_strict"] == 1.0
    listing = evaluate_file(path, errors=5)
    assert "## Missed (0)" in listing and "## Wrong speaker (0)" in listing


def test_bad_gold_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "x", "quotes": []}\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"bad.jsonl:2"):
        read_gold(path)


def test_polnear_content_recall(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    text = "Ana Silva said the bridge would open in May. Rain fell."
    (tmp_path / "text" / "doc1.txt").write_text(text, encoding="utf-8")
    ann = (
        "T1\tSource 0 9\tAna Silva\nT2\tCue 10 14\tsaid\n"
        "T3\tContent 15 43\tthe bridge would open in May\n"
        "E1\tAttribution:T1 Source:T1 Cue:T2 Content:T3\n"
    )
    (tmp_path / "attributions" / "doc1_ann1.ann").write_text(ann, encoding="utf-8")
    figures = evaluate_polnear(tmp_path)
    assert figures["gold_contents"] == 1 and figures["content_recall"] == 1.0


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("Mr. Podesta", "podesta"),
        ("President Obama", "obama"),
        ("The New York Times", "times"),
        ("Scott Pruitt, the attorney general of Oklahoma,", "pruitt"),
        ("Representative Charles B. Rangel of New York", "rangel"),
        ("Mr. Grassley and Mr. Leahy", "grassley"),
        ("Hillary Clinton's campaign", None),
        ("he", None),
        ("a spokesman", None),
        ("The Indiana governor", None),
        ("a New York Times poll released last week", None),
        ("Officials at the agency", None),
    ],
)
def test_a_polnear_source_names_someone_only_when_it_opens_with_a_name(
    source: str, name: str | None
) -> None:
    assert source_name(source) == name


def test_a_speaker_names_a_source_by_its_last_word_or_its_initials() -> None:
    assert names_source("podesta", "John D. Podesta")
    assert names_source("imf", "The International Monetary Fund")
    assert names_source("cns", "Christian News Service")
    assert not names_source("clinton", "Elizabeth Warren")
    assert not names_source("imf", "International Money Fund Watchers")
    assert not names_source("trump", "")


def test_polnear_sources_are_scored_by_mention_and_by_name(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    text = (
        "Mr. Silva said the bridge would open in May. "
        "The minister, Ana Ruiz, said the port would close. He said rain would come."
    )
    (tmp_path / "text" / "doc1.txt").write_text(text, encoding="utf-8")
    spans = {
        "Mr. Silva": text.index("Mr. Silva"),
        "the bridge would open in May": text.index("the bridge"),
        "Ana Ruiz": text.index("Ana Ruiz"),
        "the port would close": text.index("the port"),
        "He": text.index("He said"),
        "rain would come": text.index("rain would"),
    }
    lines = []
    for number, (source, content) in enumerate(
        [
            ("Mr. Silva", "the bridge would open in May"),
            ("Ana Ruiz", "the port would close"),
            ("He", "rain would come"),
        ]
    ):
        s, c = spans[source], spans[content]
        lines += [
            f"T{3 * number + 1}\tSource {s} {s + len(source)}\t{source}",
            f"T{3 * number + 2}\tContent {c} {c + len(content)}\t{content}",
            f"E{number + 1}\tAttribution:T{3 * number + 1} Source:T{3 * number + 1} "
            f"Content:T{3 * number + 2}",
        ]
    (tmp_path / "attributions" / "doc1_ann1.ann").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )
    figures = evaluate_polnear(tmp_path)
    assert figures["content_recall"] == 1.0 and figures["matched_with_source"] == 3
    assert figures["matched_with_named_source"] == 2  # "He" names no one
    assert figures["named_source_speaker"] == 1.0  # Silva and Ana Ruiz resolved
    assert figures["source_mention_relaxed"] == pytest.approx(1.0)


def test_the_command_scores_a_polnear_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from analysis.cli import main

    test_polnear_content_recall(tmp_path)  # writes the folder
    assert main(["evaluate", "quotes", str(tmp_path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["gold_contents"] == 1 and figures["content_recall"] == 1.0
    assert main(["evaluate", "quotes", str(tmp_path)]) == 0
    assert "content_recall: 1.0" in capsys.readouterr().out


@pytest.mark.shared
def test_ggt_dev_set_meets_the_targets() -> None:
    gold = SHARED / "data" / "quotes" / "ggt-dev.gold.jsonl"
    if not gold.exists():
        pytest.skip("../shared is absent")
    figures = json.loads(evaluate_file(gold, as_json=True))
    assert figures["articles"] == 56
    assert figures["f1"]["0.3"] >= 0.87
    # a guard against regressions from the figures reported in the README (0.889 / 0.851 /
    # 0.756 when written), a little below them so that a small rule change can pass
    assert figures["speaker_accuracy_strict"] >= 0.84
    assert figures["end_to_end_f1"] >= 0.74
