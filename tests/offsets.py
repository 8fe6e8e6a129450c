"""Generic checks of offsets in extractor results, whatever their shape.

An extractor's per-article result or its finished tables may be dataclasses, dicts, lists or
tuples of those, or DataFrames. Every record found that has a ``start``/``end`` pair (or a
``<prefix>_start``/``<prefix>_end`` pair) must lie inside the article text; a ``text`` or
``surface`` field next to the pair must equal that slice; a ``<prefix>_start`` without an end
but with a string field ``<prefix>`` (e.g. ``cue``/``cue_start``) must point at that string.
A negative start means "absent" and must be exactly -1.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd

from analysis.model import Article, Document
from analysis.pipeline import get_extractor
from analysis.segment import segment

_MAX_DEPTH = 12


def records(value: Any, depth: int = 0) -> Iterator[Mapping[str, Any]]:
    """Yield every mapping-like record inside ``value`` (dataclass fields, dicts, table rows)."""
    if depth > _MAX_DEPTH or isinstance(value, (str, bytes, numbers.Number)) or value is None:
        return
    if isinstance(value, pd.DataFrame):
        yield from value.to_dict("records")
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        yield fields
        for item in fields.values():
            yield from records(item, depth + 1)
        return
    if isinstance(value, Mapping):
        yield value
        for item in value.values():
            yield from records(item, depth + 1)
        return
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from records(item, depth + 1)


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float) and not math.isnan(value) and value.is_integer():
        return int(value)
    return None


def check_record(record: Mapping[str, Any], text: str, where: str) -> int:
    """Assert the offsets of one record; return how many offset pairs were checked."""
    checked = 0
    for key in list(record):
        if not isinstance(key, str) or not (key == "start" or key.endswith("_start")):
            continue
        start = _as_int(record[key])
        if start is None:
            continue
        prefix = key[: -len("start")]
        end = _as_int(record.get(prefix + "end"))
        context = f"{where}: {dict(record)!r:.300}"
        if start < 0:
            assert start == -1, f"negative offset {key}={start} ({context})"
            continue
        checked += 1
        if end is not None:
            assert 0 <= start <= end <= len(text), f"{key}/{prefix}end outside the text ({context})"
            for name in (prefix + "text", prefix + "surface"):
                if isinstance(record.get(name), str):
                    assert record[name] == text[start:end], f"{name} != slice ({context})"
            continue
        assert start <= len(text), f"{key} outside the text ({context})"
        label = record.get(prefix.rstrip("_")) if prefix else None
        if isinstance(label, str) and label:
            assert text[start : start + len(label)] == label, (
                f"{key} does not point at it ({context})"
            )
    for key in record:
        if isinstance(key, str) and (key == "end" or key.endswith("_end")):
            end = _as_int(record[key])
            if end is not None and end >= 0:
                assert end <= len(text), f"{key} outside the text ({where})"
    return checked


def check_value(value: Any, text: str, where: str) -> int:
    """Check every record inside ``value``; return the number of offset pairs checked."""
    return sum(check_record(record, text, where) for record in records(value))


def check_segmentation(doc: Document) -> None:
    """Assert that paragraphs and sentences are ordered, disjoint, trimmed, inside the text."""
    text = doc.text
    previous = 0
    for start, end in doc.paragraphs:
        assert previous <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous = end
    assert len(doc.sentences) == len(doc.sentence_paragraph)
    previous = 0
    for (start, end), owner in zip(doc.sentences, doc.sentence_paragraph, strict=True):
        para_start, para_end = doc.paragraphs[owner]
        assert previous <= start < end <= len(text)
        assert para_start <= start and end <= para_end, "sentence crosses its paragraph"
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous = end
    owners = list(doc.sentence_paragraph)
    assert owners == sorted(owners)


def run_extractor(name: str, text: str, options: Mapping[str, Any] | None = None) -> int:
    """Run one registered extractor over ``text`` end to end; check and count its offsets."""
    options = dict(options or {})
    extractor = get_extractor(name)
    article = Article(article_id="a1", text=text, path="a1.txt")
    doc = segment(text)
    result = extractor.extract(article, doc, options)
    checked = check_value(result, text, f"{name}.extract")
    acc = extractor.add(extractor.start(options), article, result)
    acc = extractor.merge(extractor.start(options), acc)
    tables = extractor.finish(acc, options)
    assert isinstance(tables, dict)
    for table_name, table in tables.items():
        assert isinstance(table, pd.DataFrame), f"{name}: table {table_name} is not a DataFrame"
        checked += check_value(table, text, f"{name}.finish[{table_name}]")
    return checked
