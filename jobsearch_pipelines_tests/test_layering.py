"""The layers stay apart: nothing under ``lib/`` imports Dagster, the Dagster wrappers (``defs``) or the CLI,
neither by an import statement nor through importlib; and importing all of ``lib`` loads no Dagster module."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

LIB = Path(__file__).resolve().parents[1] / "jobsearch_pipelines" / "lib"
FORBIDDEN = ("dagster", "jobsearch_pipelines.defs", "jobsearch_pipelines.cli", "jobsearch_pipelines.definitions")


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") or name.startswith(f + "_") for f in FORBIDDEN)


def test_no_lib_module_imports_dagster_defs_or_cli() -> None:
    offenders = []
    for path in sorted(LIB.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and " " not in node.value:
                names = [node.value] if node.value.startswith("jobsearch_pipelines.") else []
            offenders += [f"{path.relative_to(LIB.parent)}:{node.lineno}: {n}" for n in names if _forbidden(n)]
    assert offenders == []


def test_importing_every_lib_module_loads_no_dagster() -> None:
    code = (
        "import importlib, json, pkgutil, sys\n"
        "import jobsearch_pipelines.lib as lib\n"
        "for m in pkgutil.walk_packages(lib.__path__, 'jobsearch_pipelines.lib.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] == 'dagster'"
        " or n.startswith('jobsearch_pipelines.defs'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
