"""Dates as news services write them: "Sept 3 2008", "Wednesday, 3 September 2008", ISO, ...

The parser accepts a whole string or nothing: a header line is a date line only when all of it
reads as a date, so body text is never mistaken for one.
"""

from __future__ import annotations

import datetime as _dt
import re

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_MONTH = r"(?P<month>[a-z]{3,9})\.?"
_TIME = r"(?:[,\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?(?:\s*[a-z]{2,4})?)?"
_PATTERNS = [
    re.compile(
        rf"^{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}}){_TIME}$"
    ),
    re.compile(
        rf"^{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}}){_TIME}$"
    ),
    re.compile(r"^(?P<year>\d{4})-(?P<nmonth>\d{1,2})-(?P<day>\d{1,2})(?:[t\s].*)?$"),
    re.compile(rf"^(?P<day>\d{{1,2}})-{_MONTH}-(?P<year>\d{{4}}){_TIME}$"),
]


_ISO = re.compile(r"\d{4}-\d\d-\d\d")


_DAY_AND_MONTH = re.compile(
    rf"{_WEEKDAY}(?:([a-z]{{3,9}})\.?\s*\d|\d{{1,2}}(?:st|nd|rd|th)?\s+([a-z]{{3,9}})\b)"
)


def names_day_and_month(value: str) -> bool:
    """True if ``value`` starts with a day and a month, even without a year.

    Examples:
        >>> names_day_and_month("Saturday 20 November"), names_day_and_month("Sunday Times")
        (True, False)
    """
    match = _DAY_AND_MONTH.match(value.strip().lower())
    return match is not None and (match.group(1) or match.group(2)) in _MONTHS


def parse_date(value: str) -> _dt.date | None:
    """Return the date written in ``value`` (all of it), or None if it is not a date.

    Examples:
        >>> parse_date("Sept. 3, 2008")
        datetime.date(2008, 9, 3)
        >>> parse_date("Wednesday, 3 September 2008")
        datetime.date(2008, 9, 3)
        >>> parse_date("26-FEB-1987 15:01:01.79")
        datetime.date(1987, 2, 26)
    """
    text = " ".join(value.strip().lower().split())
    if not text or len(text) > 60:
        return None
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        fields = match.groupdict()
        month = _MONTHS.get(fields["month"]) if fields.get("month") else None
        if fields.get("nmonth"):
            month = int(fields["nmonth"])
        if month is None:
            continue
        try:
            return _dt.date(int(fields["year"]), month, int(fields["day"]))
        except ValueError:
            return None
    return None


def iso_date(value: str | None) -> str | None:
    """Return ``value`` as ``YYYY-MM-DD`` if it parses as a date, else None."""
    if not value:
        return None
    if len(value) == 10 and _ISO.match(value):  # already ISO, as most corpora write dates
        try:
            return _dt.date(int(value[:4]), int(value[5:7]), int(value[8:])).isoformat()
        except ValueError:
            return None
    parsed = parse_date(value)
    return parsed.isoformat() if parsed else None
