"""newsreport: reproducible research reports on news corpora.

The import package is ``analysis``; the distribution and the command are ``newsreport``.
Data flows one way: corpus -> segment -> extractors -> tables -> plots/report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__version__ = "0.1.0"

COMPILED_MODULES = (
    "quotes",
    "speakers",
    "countries",
    "segment",
    "tokens",
    "corpus",
    "dates",
    "model",
)
"""Modules that a regular install compiles with mypyc (``setup.py``); same code, faster."""

C_MODULES = ("_native",)
"""Modules written in C (``analysis/<name>.c``) that a regular install builds (``setup.py``);
each has a pure-Python equivalent that gives the same results."""


def native_function(name: str) -> Callable[..., Any] | None:
    """Return a function of the C module ``analysis._native``, or None where it is not built.

    A regular install builds it; an editable or pure-Python install does not, and the
    callers use their pure-Python equivalents.
    """
    try:
        from analysis import _native
    except ImportError:
        return None
    return getattr(_native, name)


def build() -> str:
    """Tell which build of the package runs: ``"compiled"`` or ``"pure Python"``.

    ``"compiled"`` when the mypyc-compiled modules (:data:`COMPILED_MODULES`) and the C
    modules (:data:`C_MODULES`) are the ones Python imports, ``"pure Python"`` when none is,
    ``"mixed"`` otherwise.
    """
    from importlib.machinery import EXTENSION_SUFFIXES
    from importlib.util import find_spec

    compiled = 0
    for name in COMPILED_MODULES + C_MODULES:
        spec = find_spec(f"{__name__}.{name}")
        origin = (spec.origin or "") if spec is not None else ""
        compiled += any(origin.endswith(suffix) for suffix in EXTENSION_SUFFIXES)
    if compiled == len(COMPILED_MODULES + C_MODULES):
        return "compiled"
    return "pure Python" if compiled == 0 else "mixed"
