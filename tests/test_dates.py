import datetime as dt

import pytest

from analysis.dates import iso_date, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sept 3 2008", dt.date(2008, 9, 3)),
        ("Sept. 3, 2008", dt.date(2008, 9, 3)),
        ("September 3, 2008", dt.date(2008, 9, 3)),
        ("Wednesday, 3 September 2008", dt.date(2008, 9, 3)),
        ("3 September 2008", dt.date(2008, 9, 3)),
        ("Wed. Sept. 3, 2008", dt.date(2008, 9, 3)),
        ("2008-09-03", dt.date(2008, 9, 3)),
        ("2008-09-03T10:15:00Z", dt.date(2008, 9, 3)),
        ("26-FEB-1987 15:01:01.79", dt.date(1987, 2, 26)),
        ("Jan. 18, 2024", dt.date(2024, 1, 18)),
        ("March 1st, 2020", dt.date(2020, 3, 1)),
    ],
)
def test_wire_dates_parse(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "By Nick Coleman",
        "Agence Presse",
        "The talks resumed on Sept 3 2008 in Geneva.",
        "",
        "Feb 30 2008",
    ],
)
def test_non_dates_are_rejected(text: str) -> None:
    assert parse_date(text) is None


def test_iso_date() -> None:
    assert iso_date("Sept. 3, 2008") == "2008-09-03"
    assert iso_date(None) is None
