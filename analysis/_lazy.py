"""Modules imported on first use (for pandas, which the workers of an extraction never use).

``newsreport extract`` starts its worker processes by forking the main one. Importing pandas
takes about 0.15 s; imported lazily, it is not imported before the fork, the workers (which
count words, find quotes and fill row files, none of it with pandas) never import it, and
the main process imports it while the workers run (:func:`analysis.pipeline._run_tasks`)
instead of before they start.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """Return the module ``name``, executed when one of its attributes is first read."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
