import pytest

from analysis.errors import ParameterError
from analysis.parameters import Parameter, coerce, parse_parameters, validate

CELL = """
corpus: str = ""  # corpus path
top_n: int = 20  # how many terms
stem: bool = False  # stem words
ratio: float = 0.5  # a share
terms: list[str] = ["russia", "ukraine"]  # terms to follow
"""


def declared() -> dict[str, Parameter]:
    return {p.name: p for p in parse_parameters(CELL, "nb")}


def test_parse_types_defaults_and_help() -> None:
    params = declared()
    assert params["top_n"].type == "int" and params["top_n"].default == 20
    assert params["terms"].default == ["russia", "ukraine"]
    assert params["stem"].help == "stem words"


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("top_n", "5", 5),
        ("stem", "true", True),
        ("ratio", "1", 1.0),
        ("terms", "a,b", ["a", "b"]),
        ("terms", "[a, b]", ["a", "b"]),
        ("corpus", "123", "123"),
    ],
)
def test_values_are_converted(name: str, raw: str, expected: object) -> None:
    assert validate({name: raw}, declared()) == {name: expected}


def test_unknown_name_suggests_closest() -> None:
    with pytest.raises(
        ParameterError, match=r"unknown parameter 'top_nn'.*Did you mean 'top_n'\?.*Valid"
    ):
        validate({"top_nn": "5"}, declared())


@pytest.mark.parametrize(("name", "raw"), [("top_n", "many"), ("stem", "maybe"), ("top_n", "2.5")])
def test_mistyped_value_names_parameter_type_and_value(name: str, raw: str) -> None:
    with pytest.raises(ParameterError, match=rf"{name}.*expects .*{raw}"):
        coerce(declared()[name], raw)


def test_unsupported_annotation_is_rejected() -> None:
    with pytest.raises(ParameterError, match="supported"):
        parse_parameters("x: dict = {}\n", "nb")
