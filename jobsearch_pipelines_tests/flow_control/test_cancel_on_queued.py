"""cancelOn reaches events already queued for a run: the run skips them before any handler starts.

The events are two of the service's own (names and data are checked at send): a ``jobs/rerank`` of a user is
cancelled by a later ``job/feedback`` of that user (match on ``data.userId``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Event
from jobsearch_pipelines.lib.events.functions import EventFunction, EventRecord, Outcome
from jobsearch_pipelines.lib.events.inbox import send_events
from jobsearch_pipelines.lib.events.processing import claim_batch, plan_dispatch, process_events
from jobsearch_pipelines.lib.flow_control.config import CancelOn, FlowControl


def _function(calls: list[str]) -> EventFunction:
    def handler(session, event: EventRecord) -> Outcome:  # type: ignore[no-untyped-def]
        calls.append(event.data["userId"])
        return Outcome.processed()

    return EventFunction("rerank_test", "jobs/rerank", handler, batch_size=10, flow_control=FlowControl(
        cancel_on=[CancelOn("job/feedback", match="data.userId", timeout="1h")]))


def test_a_queued_event_is_cancelled_when_its_run_claims_it(engine: Engine) -> None:
    calls: list[str] = []
    fn = _function(calls)
    send_events(engine, [{"name": "jobs/rerank", "data": {"userId": u}} for u in ("a", "b", "c")])
    with session_scope(engine) as session:
        plan = plan_dispatch(session, fn, datetime.now(UTC))
    assert [len(b.events) for b in plan.batches] == [3]  # queued for one run, not started yet
    feedback = send_events(engine, [{"name": "job/feedback", "data": {"userId": "b", "jobId": 1, "feedback": "like"}},
                                    {"name": "job/applied", "data": {"userId": "c", "jobId": 1}}])  # other name

    def later() -> datetime:
        return datetime.now(UTC) + timedelta(seconds=1)

    batch = plan.batches[0]
    results = process_events(engine, fn, claim_batch(engine, batch.run_key, "run-1", later()), "run-1", later)
    assert calls == ["a", "c"]
    assert sorted((r.event_id, r.status) for r in results) == sorted(
        [(batch.events[0].id, "processed"), (batch.events[1].id, "skipped"), (batch.events[2].id, "processed")])
    with session_scope(engine) as session:
        row = session.scalars(select(Event).where(Event.id == batch.events[1].id)).one()
        assert row.status == "skipped" and row.skip_reason == f"cancelled by job/feedback event {feedback[0]}"
        assert row.dispatch_key is None and row.processed_at is not None


def test_a_cancelling_event_before_the_edit_or_after_the_timeout_cancels_nothing(engine: Engine) -> None:
    calls: list[str] = []
    fn = _function(calls)
    like = {"jobId": 1, "feedback": "like"}
    send_events(engine, [{"name": "job/feedback", "data": {"userId": "a", **like}}])  # before: cancels nothing later
    send_events(engine, [{"name": "jobs/rerank", "data": {"userId": u}} for u in ("a", "b")])
    with session_scope(engine) as session:
        plan = plan_dispatch(session, fn, datetime.now(UTC))
    send_events(engine, [{"name": "job/feedback", "data": {"userId": "b", **like}}])
    with session_scope(engine) as session:  # ... but it came more than the rule's hour after the rerank
        for row in session.scalars(select(Event).where(Event.name == "jobs/rerank")):
            row.received_at = row.received_at - timedelta(hours=2)
    batch = plan.batches[0]
    now = datetime.now(UTC)
    results = process_events(engine, fn, claim_batch(engine, batch.run_key, "run-1", now), "run-1",
                             lambda: datetime.now(UTC))
    assert calls == ["a", "b"] and {r.status for r in results} == {"processed"}
