"""Scoring extractors against human-annotated gold files (``newsreport evaluate``).

One module per task: ``analysis.evaluate.quotes`` and ``analysis.evaluate.countries``. Each
exposes ``evaluate_file(gold_path, *, as_json=False, errors=0, ...) -> str``, the text the
command prints; both read their gold JSONL files through :func:`gold_records`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from analysis.errors import GoldFormatError


def gold_records(path: Path, expected: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``("file:line", record)`` for each non-blank line of a gold JSONL file.

    Args:
        path: The gold file.
        expected: The record format, named in error messages.

    Raises:
        GoldFormatError: If the file is missing or unreadable, or a line is not a JSON object.
    """
    if not path.exists():
        raise GoldFormatError(f"{path}: no such gold file")
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise GoldFormatError(f"{path}: cannot read the gold file ({error})") from error
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise GoldFormatError(
                    f"{where}: not JSON ({error.msg}); expected {expected}"
                ) from error
            if not isinstance(record, dict):
                raise GoldFormatError(f"{where}: not a JSON object; expected {expected}")
            yield where, record
