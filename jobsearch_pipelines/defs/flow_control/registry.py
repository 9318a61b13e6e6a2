"""Find every EventFunction the project declares (for tag limits and ``jobsearch flow status``).

Imports every module under ``jobsearch_pipelines.defs`` (as the code location does), then collects the
EventFunction objects held at module level (directly or in a list/tuple/dict) by any project module.
Declare EventFunctions at module level so they are found.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import Any

__all__ = ["RegistryError", "discover_event_functions", "find_event_functions"]


class RegistryError(RuntimeError):
    """Some definition modules failed to import, so the list of functions would be incomplete."""


def find_event_functions(package: str = "jobsearch_pipelines.defs",
                         prefix: str = "jobsearch_pipelines.") -> tuple[list[Any], dict[str, str]]:
    """(EventFunctions by name, sorted; {module: import error}) — keeps going past broken modules."""
    from jobsearch_pipelines.lib.events.functions import EventFunction

    errors: dict[str, str] = {}
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        try:
            importlib.import_module(info.name)
        except Exception as exc:
            errors[info.name] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    found: dict[str, Any] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith(prefix) or module is None or "_tests" in name:
            continue
        for value in list(vars(module).values()):
            kind = type(value)
            candidates = value if kind in (list, tuple) else (value.values() if kind is dict else (value,))
            for item in candidates:
                if isinstance(item, EventFunction):
                    found.setdefault(item.name, item)
    return [found[k] for k in sorted(found)], errors


def discover_event_functions(package: str = "jobsearch_pipelines.defs") -> list[Any]:
    """All EventFunctions; ``RegistryError`` naming the modules that failed to import, if any did."""
    functions, errors = find_event_functions(package)
    if errors:
        raise RegistryError("could not import " + "; ".join(f"{m} ({e})" for m, e in sorted(errors.items())))
    return functions
