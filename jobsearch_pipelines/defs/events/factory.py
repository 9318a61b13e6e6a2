"""Turn an ``EventFunction`` into Dagster definitions: a sensor that batches its events and a job that runs them.

The sensor (``f"{fn.name}_sensor"``, on by default) reads the function's due events, asks flow control
(``lib/flow_control/gate.admit``), marks skipped events, groups ready events into bounded batches (per-key
order kept) and requests one run per batch, with ``run_key`` derived from the event ids and tags from
``gate.run_tags`` plus the event ids. The job (``fn.name``) claims its batch and writes each event's
outcome. Runs cost seconds to launch, so one run carries up to ``fn.batch_size`` events.
"""


import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import dagster as dg
from pydantic import Field

from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.events.functions import EventFunction
from jobsearch_pipelines.lib.events.processing import (
    DRAIN_GRACE,
    RunState,
    claim_batch,
    drain,
    plan_dispatch,
    process_events,
    recover_stalled,
)
from jobsearch_pipelines.lib.flow_control.config import flow_control_metadata

EVENTS_GROUP = "events"
OUTCOME_COUNTS = ("processed", "skipped", "failed", "dead", "deferred", "lost")
_ACTIVE = {
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
    dg.DagsterRunStatus.MANAGED,
}
# event name -> function name: one function per event, since an event row carries one status.
_HANDLED_BY: dict[str, str] = {}


class EventBatchConfig(dg.Config):
    """Which batch a run processes (set by the sensor; the ids are for people reading the launchpad)."""

    batch_key: str = Field(description="The run key of the batch: events with this dispatch key are processed.")
    event_ids: list[str] = Field(default_factory=list, description="The server ids of the batch's events.")


def _register(fn: EventFunction) -> None:
    owner = _HANDLED_BY.setdefault(fn.event, fn.name)
    if owner != fn.name:
        raise dg.DagsterInvalidDefinitionError(
            f"event {fn.event!r} is already handled by function {owner!r}; one function per event "
            f"(fan out by sending follow-up events from the handler)"
        )


def batch_run_config(fn: EventFunction, batch_key: str, event_ids: list[str]) -> dict[str, Any]:
    """The run config of a batch run of ``fn`` (also used to re-launch a batch by hand)."""
    return {"ops": {f"process_{fn.name}": {"config": {"batch_key": batch_key, "event_ids": event_ids}}}}


def run_state_lookup(instance: dg.DagsterInstance) -> Any:
    """``run_state(batch_key)``: active if a run of the batch is queued or running, finished, or missing."""

    def run_state(batch_key: str) -> RunState:
        runs = instance.get_runs(filters=dg.RunsFilter(tags={"jobsearch/batch": batch_key}), limit=10)
        if not runs:
            return "missing"
        return "active" if any(run.status in _ACTIVE for run in runs) else "finished"

    return run_state


def _left_to_drainers(instance: dg.DagsterInstance, fn: EventFunction, now: datetime) -> datetime | None:
    """While a run of a draining function is up, the sensor dispatches only events it has left waiting for
    ``DRAIN_GRACE``: a new run costs seconds of start-up, the running one takes them within a fraction of one."""
    if fn.drain_for <= timedelta(0):
        return None
    runs = instance.get_run_records(filters=dg.RunsFilter(job_name=fn.name, statuses=list(_ACTIVE)), limit=1)
    return now - DRAIN_GRACE if runs else None


def event_function_defs(fn: EventFunction) -> dg.Definitions:
    """The job ``fn.name`` and the sensor ``f"{fn.name}_sensor"`` of an event-driven function."""
    _register(fn)
    op_name = f"process_{fn.name}"

    @dg.op(name=op_name, description=f"Process a batch of `{fn.event}` events: {fn.description}".strip())
    def process_batch(context: dg.OpExecutionContext, config: EventBatchConfig, database: DatabaseResource) -> None:
        engine = database.get_engine()
        records = claim_batch(engine, config.batch_key, context.run_id, utcnow())
        context.log.info(f"claimed {len(records)} of {len(config.event_ids) or '?'} events of batch {config.batch_key}")
        started = time.perf_counter()
        results = process_events(engine, fn, records, context.run_id, utcnow)
        drained = drain(engine, fn, config.batch_key, context.run_id, utcnow)
        if drained:
            context.log.info(f"drained {len(drained)} more events that arrived while the run was up")
        results += drained
        seconds = time.perf_counter() - started
        counts = Counter(r.status for r in results)
        failures = [{"event_id": r.event_id, "status": r.status, "error": r.error} for r in results if r.error]
        for failure in failures[:20]:
            context.log.warning(f"event {failure['event_id']} {failure['status']}: {failure['error']}")
        context.add_output_metadata({
            "batch_key": config.batch_key,
            "claimed": len(records),
            "drained": len(drained),
            **{status: counts.get(status, 0) for status in OUTCOME_COUNTS},
            "handler_seconds": dg.MetadataValue.float(round(seconds, 3)),
            "events_per_second": dg.MetadataValue.float(round(len(results) / seconds, 1) if seconds > 0 else 0.0),
            "event_ids": dg.MetadataValue.json([r.event_id for r in results]),
            "outcomes": dg.MetadataValue.json({r.event_id: r.status for r in results}),
            "failures": dg.MetadataValue.json(failures[:100]),
        })

    ui_metadata = flow_control_metadata(fn.event, fn.flow_control)  # shown on the job and sensor pages

    @dg.job(
        name=fn.name,
        description=fn.description or f"Handles `{fn.event}` events in micro-batches.",
        executor_def=dg.in_process_executor,
        tags={"jobsearch/function": fn.name, "jobsearch/event": fn.event},
        metadata=ui_metadata,
    )
    def batch_job() -> None:
        process_batch()

    @dg.sensor(
        name=f"{fn.name}_sensor",
        job=batch_job,
        minimum_interval_seconds=fn.minimum_interval_seconds,
        default_status=dg.DefaultSensorStatus.RUNNING,
        metadata=ui_metadata,
        description=f"Requests `{fn.name}` runs for pending `{fn.event}` events (up to {fn.batch_size} per run).",
    )
    def event_sensor(
        context: dg.SensorEvaluationContext, database: DatabaseResource
    ) -> dg.SensorResult | dg.SkipReason:
        try:
            engine = database.get_engine()
        except dg.Failure as exc:
            return dg.SkipReason(f"application database not ready: {exc.description}")
        from jobsearch_pipelines.db.engine import session_scope

        now = utcnow()
        with session_scope(engine) as session:
            recovered = recover_stalled(session, fn, now, run_state_lookup(context.instance))
        with session_scope(engine) as session:
            plan = plan_dispatch(session, fn, now, received_before=_left_to_drainers(context.instance, fn, now))
        if any(recovered.values()):
            context.log.warning(f"recovered stalled events of {fn.name}: {recovered}")
        if plan.skipped:
            context.log.info(f"{len(plan.skipped)} events skipped by flow control")
        if not plan.batches:
            return dg.SkipReason(
                f"no batch ready ({plan.waiting} waiting on flow control, {plan.held} held for order, "
                f"{len(plan.skipped)} skipped)"
            )
        requests = [
            dg.RunRequest(run_key=batch.run_key, run_config=batch_run_config(fn, batch.run_key, batch.event_ids),
                          tags=batch.tags)
            for batch in plan.batches
        ]
        cursor = str(plan.last_seq) if plan.last_seq is not None else context.cursor
        return dg.SensorResult(run_requests=requests, cursor=cursor)

    return dg.Definitions(jobs=[batch_job], sensors=[event_sensor])
