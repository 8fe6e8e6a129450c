"""Which ``analysis`` package a benchmark times: the checkout's sources or an installed build.

By default the checkout's sources (pure Python) come first on the import path. With
``--installed`` the package installed for the running interpreter is timed instead (a regular
install is compiled, see ``setup.py``); benchmarks that run ``newsreport`` as another process
take ``--python`` and call :func:`build_of` to print which build that interpreter imports.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def choose_package() -> None:
    """Put the checkout first on ``sys.path``, or, with ``--installed``, take it off."""
    if "--installed" not in sys.argv:
        sys.path.insert(0, str(ROOT))
    else:
        sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT]


def build_of(python: str, env: dict[str, str] | None, cwd: Path) -> str:
    """The build (compiled or pure Python) and location of the package ``python`` imports.

    Run from ``cwd``, not the checkout: ``python -m`` puts the current folder first.
    """
    code = "import analysis; print(analysis.build(), analysis.__file__)"
    done = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=cwd
    )
    return done.stdout.strip()


def interpreter(given: str | None) -> str:
    """The interpreter to time: ``--python`` (a relative path made absolute, since the runs
    happen in a temporary folder), else this one."""
    if given is None:
        return sys.executable
    return str(Path(given).absolute()) if "/" in given else given
