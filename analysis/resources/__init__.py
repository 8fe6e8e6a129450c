"""Access to the package data under ``analysis/resources/`` (one loader for every file)."""

from __future__ import annotations

from functools import cache
from importlib import resources as _res
from pathlib import Path

RESOURCE_PACKAGE = __name__


def resource_path(name: str) -> Path:
    """Return the filesystem path of a bundled resource file."""
    return Path(str(_res.files(RESOURCE_PACKAGE).joinpath(name)))


def read_resource(name: str) -> str:
    """Return the text of a bundled resource file (UTF-8)."""
    return _res.files(RESOURCE_PACKAGE).joinpath(name).read_text(encoding="utf-8")


@cache
def word_list(name: str) -> tuple[str, ...]:
    """Return the non-comment, non-blank lines of a resource list, stripped, in file order."""
    lines = (line.strip() for line in read_resource(name).splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def sectioned_list(name: str) -> dict[str, tuple[str, ...]]:
    """Return a list file split into ``[section]`` blocks: ``{section: entries}``."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in word_list(name):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    return {key: tuple(values) for key, values in sections.items()}
