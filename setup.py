"""Optional compiled build: the rule-heavy modules compiled to C with mypyc, and C modules.

Everything else about the package is in ``pyproject.toml``. A regular install (``pip install
.``, a wheel) compiles :data:`COMPILED` with mypyc, which makes quote, speaker and country
extraction about 1.3-1.5x faster, and builds the C modules of :data:`C_EXTENSIONS` (the words
analysis' chunk coder); the code and results are the same as the pure-Python modules
(``tests/test_compiled.py`` runs the test suite against a compiled build).

The pure-Python package is installed instead

- for editable installs (``pip install -e .``: a compiled module would shadow the source you
  edit),
- when ``NEWSREPORT_PURE=1`` is set,
- when mypyc or a C compiler is missing or the compilation fails (a warning says so).

``newsreport --version`` (and each run's provenance) tells which build runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

COMPILED = [
    "analysis/quotes.py",
    "analysis/speakers.py",
    "analysis/countries.py",
    "analysis/segment.py",
    "analysis/tokens.py",
    "analysis/corpus.py",
    "analysis/dates.py",
    "analysis/model.py",
]
"""Modules compiled by mypyc: where extraction spends its time in Python-level rules."""

C_EXTENSIONS = ["analysis/_native.c"]
"""Modules written in C, each with a pure-Python equivalent (``analysis.C_MODULES``)."""


class OptionalBuildExt(build_ext):
    """Build the compiled modules if possible; on any failure, ship pure Python instead."""

    def run(self) -> None:
        """Build; on failure, warn and remove what was built."""
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - any failure falls back to pure Python
            self._remove_outputs()
            self.warn(f"newsreport: compiled build failed ({error}); installing pure Python")

    def _remove_outputs(self) -> None:
        """Remove every extension built so far.

        A compiled module without its shared library would fail to import.
        """
        for extension in self.extensions:
            output = Path(self.get_ext_fullpath(extension.name))
            output.unlink(missing_ok=True)
        self.extensions = []


BUILDS = {"bdist_wheel", "build", "build_ext", "install"}
"""Commands that build the package: only they run mypyc (metadata queries and editable
installs, ``egg_info``, ``dist_info``, ``editable_wheel``, ``develop``, do not)."""


def _extensions() -> list:
    if os.environ.get("NEWSREPORT_PURE", "") not in ("", "0") or not BUILDS & set(sys.argv[1:]):
        return []
    written = [Extension(f"analysis.{Path(source).stem}", [source]) for source in C_EXTENSIONS]
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("newsreport: mypyc not available; compiling the C modules only", file=sys.stderr)
        return written
    try:
        return mypycify(COMPILED, opt_level="3", group_name="newsreport") + written
    except BaseException as error:  # noqa: BLE001 - mypyc exits on errors it reports
        print(f"newsreport: mypyc failed ({error!r}); C modules only", file=sys.stderr)
        return written


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
