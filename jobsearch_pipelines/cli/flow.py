"""`jobsearch flow`: Inspect flow control: concurrency, rate-limit tokens, throttled and debounced events."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import click

from jobsearch_pipelines.db.engine import default_database_url, get_engine, session_scope
from jobsearch_pipelines.db.migrate import is_up_to_date
from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.lib.flow_control.gate import CONCURRENCY_TAG_PREFIX
from jobsearch_pipelines.lib.flow_control.status import KeyStatus, flow_status


@click.group(name="flow")
def group() -> None:
    """Inspect flow control: concurrency, rate-limit tokens, throttled and debounced events."""


def _functions(strict: bool = True) -> list[Any]:
    """The project's EventFunctions; strict: refuse when a definitions module fails to import."""
    from jobsearch_pipelines.defs.flow_control.registry import find_event_functions

    functions, errors = find_event_functions()
    if errors and strict:
        raise click.ClickException("cannot list every event function; failed to import: "
                                   + "; ".join(f"{m} ({e})" for m, e in sorted(errors.items())))
    for module, error in sorted(errors.items()):
        click.echo(f"warning: skipped {module}: {error}", err=True)
    return functions


def dagster_run_counts() -> dict[tuple[str, str], tuple[int, int]] | None:
    """(function, concurrency key) -> (running, queued) runs, from the instance at $DAGSTER_HOME (None if unset)."""
    if not os.environ.get("DAGSTER_HOME"):
        return None
    import dagster as dg

    running_statuses = {dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING}
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    with dg.DagsterInstance.get() as instance:
        statuses = [*running_statuses, dg.DagsterRunStatus.QUEUED]
        for run in instance.get_runs(filters=dg.RunsFilter(statuses=statuses), limit=10_000):
            for tag, value in run.tags.items():
                if tag.startswith(CONCURRENCY_TAG_PREFIX):
                    slot = 0 if run.status in running_statuses else 1
                    counts[(tag[len(CONCURRENCY_TAG_PREFIX):], value)][slot] += 1
    return {key: (value[0], value[1]) for key, value in counts.items()}


def _cell(value: Any, capacity: Any = None) -> str:
    if value is None:
        return "-"
    return f"{value}/{capacity}" if capacity is not None else str(value)


def _table(rows: list[KeyStatus]) -> str:
    header = ["function", "key", "running", "queued runs", "rate tokens", "throttle tokens", "throttled",
              "debounced", "batching", "debounce fires at"]
    body = [[r.function, r.key or "(all)", _cell(r.running, r.concurrency_limit), _cell(r.queued_runs),
             _cell(r.rate_limit_tokens, r.rate_limit_capacity), _cell(r.throttle_tokens, r.throttle_capacity),
             str(r.throttled), str(r.debounced), str(r.batching),
             r.debounce_fires_at.strftime("%Y-%m-%d %H:%M:%S") if r.debounce_fires_at else "-"] for r in rows]
    widths = [max(len(str(line[i])) for line in [header, *body]) for i in range(len(header))]
    return "\n".join("  ".join(str(cell).ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
                     for line in [header, *body])


@group.command()
@click.option("--function", "function", help="Only this event function.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def status(function: str | None, as_json: bool) -> None:
    """Per function and key: running/queued runs (needs DAGSTER_HOME), tokens left, throttled, debounced events.

    Rate-limit and throttle tokens are ``left/capacity`` now; running is ``runs/limit`` for keyed concurrency.
    """
    functions = _functions(strict=False)
    if function is not None and function not in {fn.name for fn in functions}:
        known = ", ".join(fn.name for fn in functions)
        raise click.BadParameter(f"unknown event function {function!r} (known: {known})", param_hint="--function")
    engine = get_engine(default_database_url())
    if not is_up_to_date(engine):
        raise click.UsageError("the application database is not migrated: run `jobsearch db upgrade` first")
    runs = dagster_run_counts()
    with session_scope(engine) as session:
        rows = flow_status(session, functions, utcnow(), runs=runs, function=function)
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in rows], indent=2))
        return
    if not rows:
        click.echo("no event function has flow control")
        return
    click.echo(_table(rows))
    if runs is None:
        click.echo("(running/queued runs need DAGSTER_HOME pointing at the Dagster instance)")


@group.command(name="tag-limits")
@click.option("--write", "write_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Rewrite the generated block of this dagster.yaml (between the marker comments).")
@click.option("--check", "check_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Exit 1 if this dagster.yaml lacks a required tag limit.")
def tag_limits(write_path: Path | None, check_path: Path | None) -> None:
    """The run-queue tag limits that keyed concurrency of the event functions needs (YAML)."""
    import yaml

    from jobsearch_pipelines.lib.flow_control.tag_limits import check_tag_limits, render_block, sync_dagster_yaml

    functions = _functions()
    if write_path is not None:
        changed = sync_dagster_yaml(write_path, functions)
        click.echo(f"{write_path}: {'updated' if changed else 'already up to date'}")
        return
    if check_path is not None:
        problems = check_tag_limits(yaml.safe_load(check_path.read_text()) or {}, functions)
        for problem in problems:
            click.echo(problem, err=True)
        if problems:
            raise click.exceptions.Exit(1)
        click.echo(f"{check_path}: every keyed concurrency has its tag limit")
        return
    click.echo("\n".join(render_block(functions, indent="")))
