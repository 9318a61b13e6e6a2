"""Keyed concurrency -> run-queue tag limits in ``dagster.yaml``, generated and checked from the functions.

Each function with ``Concurrency`` tags its runs ``jobsearch/concurrency.<function>=<key value>`` (see
``gate.run_tags``); the run queue enforces the limit with one ``tag_concurrency_limits`` entry per function
(``applyLimitPerUniqueValue`` when keyed). ``sync_dagster_yaml`` rewrites the lines between the two marker
comments; ``check_tag_limits`` reports what is missing or wrong (a test runs it on the project's file).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from jobsearch_pipelines.lib.flow_control.gate import concurrency_tag

__all__ = ["BEGIN_MARKER", "END_MARKER", "check_tag_limits", "render_block", "required_tag_limits", "sync_dagster_yaml"]

BEGIN_MARKER = "# --- event-function concurrency (flow control)"
END_MARKER = "# --- end of event-function concurrency ---"


def required_tag_limits(functions: Iterable[Any]) -> list[dict[str, Any]]:
    """The ``tag_concurrency_limits`` entries the given EventFunctions need, sorted by tag key."""
    out: dict[str, dict[str, Any]] = {}
    for fn in functions:
        concurrency = fn.flow_control.concurrency
        if concurrency is None:
            continue
        entry: dict[str, Any] = {"key": concurrency_tag(fn.name)}
        if concurrency.key is not None:
            entry["value"] = {"applyLimitPerUniqueValue": True}
        entry["limit"] = concurrency.limit
        previous = out.get(entry["key"])
        if previous is not None and previous != entry:
            raise ValueError(f"function {fn.name!r} is declared twice with different concurrency")
        out[entry["key"]] = entry
    return [out[k] for k in sorted(out)]


def _limits_of(config: Mapping[str, Any]) -> list[dict[str, Any]]:
    runs = ((config.get("concurrency") or {}).get("runs") or {})
    return list(runs.get("tag_concurrency_limits") or [])


def check_tag_limits(config: Mapping[str, Any], functions: Iterable[Any]) -> list[str]:
    """Problems with ``config`` (a parsed dagster.yaml): missing or different entries, stale flow-control ones."""
    present = {entry.get("key"): entry for entry in _limits_of(config)}
    required = required_tag_limits(functions)
    problems = []
    for entry in required:
        have = present.get(entry["key"])
        if have is None:
            problems.append(f"missing tag limit for {entry['key']} (limit {entry['limit']})")
        elif have != entry:
            problems.append(f"tag limit for {entry['key']} is {have}, expected {entry}")
    wanted = {e["key"] for e in required}
    for key in present:
        if isinstance(key, str) and key.startswith("jobsearch/concurrency.") and key not in wanted:
            problems.append(f"tag limit {key} belongs to no function with concurrency (stale)")
    return problems


def render_block(functions: Iterable[Any], indent: str = "      ") -> list[str]:
    """The YAML lines (list items under ``tag_concurrency_limits``) for the functions, without markers."""
    lines = []
    for entry in required_tag_limits(functions):
        text = yaml.safe_dump([entry], sort_keys=False, default_flow_style=False)
        lines += [indent + line for line in text.splitlines()]
    return lines


def sync_dagster_yaml(path: Path, functions: Iterable[Any]) -> bool:
    """Rewrite the generated block of ``path`` between the markers; returns whether the file changed."""
    text = path.read_text()
    lines = text.splitlines()
    begin = next((i for i, line in enumerate(lines) if line.strip().startswith(BEGIN_MARKER)), None)
    end = next((i for i, line in enumerate(lines) if line.strip().startswith(END_MARKER)), None)
    if begin is None or end is None or end < begin:
        raise ValueError(f"{path}: marker comments {BEGIN_MARKER!r} ... {END_MARKER!r} not found")
    indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
    new_lines = [*lines[: begin + 1], *render_block(functions, indent), *lines[end:]]
    new_text = "\n".join(new_lines) + ("\n" if text.endswith("\n") else "")
    if new_text == text:
        return False
    yaml.safe_load(new_text)  # never write a file that does not parse
    path.write_text(new_text)
    return True
