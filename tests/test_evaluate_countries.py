"""Scoring country mentions against gold JSONL files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.errors import GoldFormatError
from analysis.evaluate.countries import evaluate_file, main

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def write_gold(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def span(text: str, surface: str, country: str, **extra: str) -> dict[str, object]:
    start = text.index(surface)
    return {
        "start": start,
        "end": start + len(surface),
        "country": country,
        "surface": surface,
        **extra,
    }


FIRST = "Russia and France met on Monday."
SECOND = "Spanish troops left Chad."
THIRD = "Many Mexicans voted."


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    return write_gold(
        tmp_path / "gold.jsonl",
        [
            {
                "id": "1",
                "text": FIRST,
                "countries": [span(FIRST, "Russia", "RUS"), span(FIRST, "France", "FRA")],
            },
            # the gold omits the adjective "Spanish": one false positive
            {"id": "2", "text": SECOND, "countries": [span(SECOND, "Chad", "TCD", type="Literal")]},
            # a placeholder code that is not a country: ignored on both sides
            {"id": "3", "text": THIRD, "countries": [span(THIRD, "Mexicans", "ANT")]},
        ],
    )


def test_scores_as_json(gold: Path) -> None:
    scores = json.loads(evaluate_file(gold, as_json=True))
    assert set(scores) == {
        "precision",
        "recall",
        "f1",
        "article_precision",
        "article_recall",
        "article_f1",
    }
    assert scores["precision"] == pytest.approx(0.75)  # 3 of 4 predictions
    assert scores["recall"] == pytest.approx(1.0)
    assert scores["f1"] == pytest.approx(0.8571, abs=1e-4)
    assert scores["article_precision"] == pytest.approx(0.75)  # {RUS, FRA}, {ESP, TCD}
    assert scores["article_recall"] == pytest.approx(1.0)


def test_text_report_lists_forms_and_errors(gold: Path) -> None:
    report = evaluate_file(gold, errors=5)
    assert "1 gold spans with non-country codes ignored" in report
    assert "adjective" in report and "Literal" in report
    assert "FP 2 ESP adjective: [[Spanish]] troops left Chad." in report


def test_wrong_code_is_an_error(tmp_path: Path) -> None:
    path = write_gold(
        tmp_path / "g.jsonl",
        [{"id": "x", "text": FIRST, "countries": [span(FIRST, "Russia", "BLR")]}],
    )
    scores = json.loads(evaluate_file(path, as_json=True))
    assert scores["recall"] == 0.0
    assert scores["precision"] == 0.0


@pytest.mark.parametrize(
    "line",
    [
        '{"id": "1", "text": "x"}',
        "not json",
        '{"id": "1", "text": "ab", "countries": '
        '[{"start": 0, "end": 9, "country": "RUS", "surface": "ab"}]}',
    ],
)
def test_bad_gold_names_file_and_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "0", "text": "", "countries": []}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"bad\.jsonl:2"):
        evaluate_file(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match="no such gold file"):
        evaluate_file(tmp_path / "absent.jsonl")


def test_command_line(gold: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(gold), "--json", "--part", ":1"])
    assert json.loads(capsys.readouterr().out)["f1"] == 1.0


@pytest.mark.shared
def test_lgl_meets_the_targets() -> None:
    path = SHARED / "data" / "countries" / "lgl.gold.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is optional)")
    scores = json.loads(evaluate_file(path, as_json=True))
    assert scores["f1"] >= 0.90
    assert scores["article_f1"] >= 0.90
