"""``jobsearch status``: the platform's health on one screen (or as JSON for scripts and monitoring)."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Any

import click

from jobsearch_pipelines.cli.common import migrated_engine
from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.lib.operations.status import app_status


def dagster_status(now: datetime) -> dict[str, Any]:
    """Runs and asset freshness from the Dagster instance at ``$DAGSTER_HOME`` (absent when it is not set)."""
    if not os.environ.get("DAGSTER_HOME"):
        return {"error": "DAGSTER_HOME is not set: no Dagster instance to read"}
    import dagster as dg

    from jobsearch_pipelines.definitions import defs
    from jobsearch_pipelines.defs.operations.health import asset_freshness, failing_error_checks, run_counts

    graph = defs().resolve_asset_graph()
    with dg.DagsterInstance.get() as instance:
        return {
            "runs": run_counts(instance, now),
            "assets": [{"asset": f.asset, "last_materialized": f.last_materialized.isoformat()
                        if f.last_materialized else None, "window": str(f.fail_window), "overdue": f.overdue(now)}
                       for f in asset_freshness(instance, graph)],
            "failing_checks": [f"{c.asset}:{c.check}" for c in failing_error_checks(instance, graph.asset_check_keys)],
        }


def _counts(values: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(values.items())) or "none"


def render(report: dict[str, Any]) -> str:
    app, dag = report["app"], report["dagster"]
    events = app["events"]
    age = events["oldest_pending_age_seconds"]
    lines = [
        f"events     {_counts(events['by_status'])}"
        + (f"; oldest waiting {age} s" if age is not None else ""),
        f"outbox     {_counts(app['outbox'])}",
        f"boards     {app['boards']['active']} active, {len(app['boards']['failing'])} failing"
        + "".join(f"\n             {b['board']}: {b['error']}" for b in app["boards"]["failing"][:5]),
    ]
    scan = app["discovery"]["last_scan"]
    lines.append("discovery  " + (f"last scan {scan['status']} {scan['finished_at'] or ''} ({scan['warc']}, "
                                  f"{scan['companies_found']} companies)" if scan else "no scan yet"))
    lines.append(f"failures   {app['failures_open']} open")
    lines.append(f"incidents  {len(app['incidents_open'])} open" + "".join(f"\n             {s}"
                                                                          for s in app["incidents_open"]))
    if "error" in dag:
        lines.append(f"dagster    {dag['error']}")
    else:
        lines.append(f"runs       {_counts(dag['runs'])}")
        for asset in dag["assets"]:
            state = "OVERDUE" if asset["overdue"] else ("never" if not asset["last_materialized"] else "fresh")
            lines.append(f"asset      {asset['asset']:<24} {state:<8} last {asset['last_materialized'] or '-'} "
                         f"(window {asset['window']})")
        lines.append(f"checks     {len(dag['failing_checks'])} failing" + "".join(
            f"\n             {c}" for c in dag["failing_checks"]))
    return "\n".join(lines)


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def status(as_json: bool) -> None:
    """Health at a glance: inbox, runs, asset freshness, outbox, failing boards, discovery, incidents."""
    now = datetime.now(UTC)
    with session_scope(migrated_engine()) as session:
        app = app_status(session, now)
    report = {"generated_at": now.isoformat(), "app": app, "dagster": dagster_status(now)}
    click.echo(json.dumps(report, indent=2, default=str) if as_json else render(report))
