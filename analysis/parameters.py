"""Notebook parameters: read them from the ``parameters`` cell, check values before a run.

Each notebook's cell tagged ``parameters`` declares ``name: type = default  # help``. This module
reads those declarations (without running anything) and checks the values a user gives with
``-p NAME VALUE`` or ``-f params.yaml``: an unknown name is an error that lists the valid names
and suggests the closest; a value that does not fit the declared type is an error naming the
parameter, the type and the value.
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import tokenize
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import ParameterError

SUPPORTED_TYPES = ("str", "int", "float", "bool", "list[str]", "list[int]")


@dataclass(frozen=True)
class Parameter:
    """One declared notebook parameter."""

    name: str
    type: str
    default: Any
    help: str
    notebook: str


def parameters_cell(notebook: Mapping[str, Any]) -> str:
    """Return the source of the cell tagged ``parameters`` ("" if there is none)."""
    for cell in notebook.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else str(source)
    return ""


def _comments_by_line(source: str) -> dict[int, str]:
    comments: dict[int, str] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                comments[token.start[0]] = token.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError):
        pass
    return comments


def parse_parameters(source: str, notebook: str = "") -> list[Parameter]:
    """Return the parameters declared in a ``parameters`` cell's source.

    Raises:
        ParameterError: If a declaration has no supported type annotation or its default is
            not a literal.
    """
    tree = ast.parse(source)
    comments = _comments_by_line(source)
    found = []
    for node in tree.body:
        if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name):
            continue
        type_name = ast.unparse(node.annotation).replace(" ", "")
        if type_name not in SUPPORTED_TYPES:
            raise ParameterError(
                f"{notebook}: parameter {node.target.id!r} has type {type_name!r}; "
                f"supported: {', '.join(SUPPORTED_TYPES)}"
            )
        try:
            default = ast.literal_eval(node.value) if node.value is not None else None
        except ValueError as error:
            raise ParameterError(
                f"{notebook}: the default of {node.target.id!r} must be a literal"
            ) from error
        found.append(
            Parameter(node.target.id, type_name, default, comments.get(node.lineno, ""), notebook)
        )
    return found


def notebook_parameters(path: str | Path) -> list[Parameter]:
    """Return the parameters declared by a notebook file."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    return parse_parameters(parameters_cell(notebook), Path(path).stem)


def all_parameters(paths: Sequence[str | Path]) -> dict[str, Parameter]:
    """Return every parameter of the notebooks by name (first declaration wins)."""
    found: dict[str, Parameter] = {}
    for path in paths:
        for parameter in notebook_parameters(path):
            found.setdefault(parameter.name, parameter)
    return found


def _fits(value: Any, type_name: str) -> bool:
    if type_name == "bool":
        return isinstance(value, bool)
    if type_name == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if type_name == "str":
        return isinstance(value, str)
    if type_name.startswith("list["):
        inner = type_name[5:-1]
        return isinstance(value, list) and all(_fits(item, inner) for item in value)
    return False


def coerce(parameter: Parameter, value: Any) -> Any:
    """Return ``value`` converted to the parameter's type.

    Strings (from ``-p``) are read as YAML scalars, and as comma-separated items for list
    types, so ``-p top_n 20``, ``-p stem true`` and ``-p terms russia,ukraine`` work.

    Raises:
        ParameterError: If the value does not fit the declared type.
    """
    converted = value
    if isinstance(value, str) and parameter.type != "str":
        if parameter.type.startswith("list["):
            converted = _parse_list(value)
            if parameter.type == "list[int]":
                converted = [_yaml_scalar(item) for item in converted]
        else:
            converted = _yaml_scalar(value)
    if parameter.type == "float" and isinstance(converted, int) and not isinstance(converted, bool):
        converted = float(converted)
    if (
        parameter.type == "str"
        and isinstance(converted, (int, float))
        and not isinstance(converted, bool)
    ):
        converted = str(converted)
    if not _fits(converted, parameter.type):
        raise ParameterError(
            f"parameter {parameter.name!r} ({parameter.notebook}) expects {parameter.type}, "
            f"got {value!r}"
        )
    return converted


def _parse_list(value: str) -> list[Any]:
    text = value.strip()
    if text.startswith("["):
        try:
            loaded = yaml.safe_load(text)
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, list):
            return loaded
    return [item.strip() for item in text.split(",") if item.strip()]


def _yaml_scalar(value: str) -> Any:
    try:
        return yaml.safe_load(value)
    except yaml.YAMLError:
        return value


def validate(given: Mapping[str, Any], declared: Mapping[str, Parameter]) -> dict[str, Any]:
    """Check user-given parameters against the declarations; return converted values.

    Raises:
        ParameterError: For an unknown name (with the closest valid name) or a mistyped value.
    """
    checked = {}
    for name, value in given.items():
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            valid = ", ".join(sorted(declared))
            raise ParameterError(f"unknown parameter {name!r}.{hint} Valid parameters: {valid}")
        checked[name] = coerce(declared[name], value)
    return checked


def load_parameter_file(path: str | Path) -> dict[str, Any]:
    """Read a YAML (or JSON) mapping of parameters.

    Raises:
        ParameterError: If the file cannot be read or is not a mapping.
    """
    try:
        loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ParameterError(f"{path}: cannot read the parameter file ({error})") from error
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ParameterError(f"{path}: a parameter file must be a mapping of name: value")
    return {str(key): value for key, value in loaded.items()}
