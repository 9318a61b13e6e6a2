"""Operator alerts as Dagster sensors: a failed job, an overdue asset, a failing ERROR check each open one
incident with one message (email through the outbox, and the chat webhook when set); the next successful run,
a fresh materialization or a passing check resolves it with one "resolved" message. Repeated ticks add nothing.
The incident state lives in the ``alert_incidents`` table (``lib/operations/alerts.py``)."""

from __future__ import annotations

from datetime import UTC, datetime

import dagster as dg

from jobsearch_pipelines.defs.operations.health import asset_freshness, failing_error_checks
from jobsearch_pipelines.defs.operations.resources import AlertsResource
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.operations.alerts import (
    deliver_webhooks,
    first_lines,
    open_incident,
    open_keys,
    resolve_incident,
)


def _run_error(context: dg.RunFailureSensorContext) -> str:
    """The run's failure message and the first lines of each failed step's error."""
    parts = [context.failure_event.message or "run failed"]
    for event in context.get_step_failure_events():
        error = getattr(event.event_specific_data, "error", None)
        while error is not None and error.cause is not None:  # Dagster wraps the op's own exception
            error = error.cause
        if error is not None:
            parts.append(f"step {event.step_key}: {error.cls_name}: {error.message.strip()}")
    return "\n".join(parts)


@dg.run_failure_sensor(
    name="run_failure_alert_sensor", minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
    description="Alert once when a job's run fails (incident run:<job>); later failures of the same job add nothing "
                "until a run of it succeeds.",
)
def run_failure_alert_sensor(context: dg.RunFailureSensorContext, database: DatabaseResource,
                             alerts: AlertsResource) -> None:
    run = context.dagster_run
    settings = alerts.settings()
    with database.session() as session:
        opened = open_incident(session, key=f"run:{run.job_name}", kind="run_failure",
                               subject=f"Job {run.job_name} failed (run {run.run_id[:8]})",
                               detail=first_lines(_run_error(context)), link=settings.run_link(run.run_id),
                               settings=settings)
    context.log.info(f"run {run.run_id} of {run.job_name} failed: {'new incident' if opened else 'incident open'}")
    deliver_webhooks(database.get_engine(), settings.webhook_url, alerts.post_webhook)


@dg.run_status_sensor(
    name="run_recovery_alert_sensor", run_status=dg.DagsterRunStatus.SUCCESS, minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Resolve a job's open failure incident (one 'resolved' message) when a run of it succeeds.",
)
def run_recovery_alert_sensor(context: dg.RunStatusSensorContext, database: DatabaseResource,
                              alerts: AlertsResource) -> None:
    run = context.dagster_run
    settings = alerts.settings()
    with database.session() as session:
        resolve_incident(session, key=f"run:{run.job_name}", detail=f"Run {run.run_id[:8]} of {run.job_name} "
                         "succeeded.", link=settings.run_link(run.run_id), settings=settings)
    deliver_webhooks(database.get_engine(), settings.webhook_url, alerts.post_webhook)


@dg.sensor(
    name="asset_health_alert_sensor", minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING,
    description="Alert once when an asset is past its freshness window or an ERROR-severity check fails; "
                "resolve when the asset is fresh or the check passes again. Retries undelivered chat messages.",
)
def asset_health_alert_sensor(context: dg.SensorEvaluationContext, database: DatabaseResource,
                              alerts: AlertsResource) -> dg.SkipReason:
    settings = alerts.settings()
    graph = context.repository_def.asset_graph
    now = datetime.now(UTC)
    overdue = {f.asset: f for f in asset_freshness(context.instance, graph) if f.overdue(now)}
    failing = {f"{c.asset}:{c.check}": c for c in failing_error_checks(context.instance, graph.asset_check_keys)}
    opened = resolved = 0
    with database.session() as session:
        for asset, fresh in overdue.items():
            age = now - fresh.last_materialized if fresh.last_materialized else None
            opened += open_incident(
                session, key=f"freshness:{asset}", kind="freshness", subject=f"Asset {asset} is overdue",
                detail=f"Last materialized {fresh.last_materialized:%Y-%m-%d %H:%M} UTC ({age} ago); its freshness "
                       f"window is {fresh.fail_window}.", link=settings.asset_link(asset), settings=settings,
            ) is not None
        for key in open_keys(session, "freshness:") - {f"freshness:{a}" for a in overdue}:
            asset = key.removeprefix("freshness:")
            resolved += resolve_incident(session, key=key, detail=f"Asset {asset} is fresh again.",
                                         link=settings.asset_link(asset), settings=settings) is not None
        for name, check in failing.items():
            opened += open_incident(
                session, key=f"check:{name}", kind="asset_check",
                subject=f"Check {check.check} of {check.asset} failed",
                detail=first_lines(check.description), link=settings.asset_link(check.asset), settings=settings,
            ) is not None
        for key in open_keys(session, "check:") - {f"check:{n}" for n in failing}:
            resolved += resolve_incident(session, key=key, detail=f"Check {key.removeprefix('check:')} passes again.",
                                         settings=settings) is not None
    sent = deliver_webhooks(database.get_engine(), settings.webhook_url, alerts.post_webhook)
    return dg.SkipReason(f"{len(overdue)} overdue, {len(failing)} failing checks; {opened} opened, {resolved} "
                         f"resolved; webhook {sent}")
