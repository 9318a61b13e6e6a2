"""Set-based handling (``EventFunction.batch_handler``): one transaction per group, outcomes in one statement,
a failing event isolated, the same effects as the event-by-event handler; and the inbox's one-statement send."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select, update

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Company, Event, Job, JobView, User, UserPreference
from jobsearch_pipelines.defs.events.user_functions import USER_FUNCTIONS
from jobsearch_pipelines.lib.events.functions import EventFunction, EventRecord, Outcome
from jobsearch_pipelines.lib.events.inbox import send_events
from jobsearch_pipelines.lib.events.processing import EventResult, claim_batch, process_events

VIEWED = next(fn for fn in USER_FUNCTIONS if fn.event == "job/viewed")


def _now() -> datetime:
    return datetime.now(UTC)


def _seed(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(User(id="ann", email="ann@example.org"))
        session.add(Company(key="acme", name="Acme", category="PRODUCT"))
        session.flush()
        company_id = session.scalar(select(Company.id))
        session.add(Job(id=7, source="ashby", board_token="acme", external_id="7", company_id=company_id,
                        company_name="Acme", title="Engineer", content_hash="h7"))


def _claim_all(engine: Engine, run_id: str) -> list[EventRecord]:
    """Queue every pending event as one batch and claim it for ``run_id``, as the sensor and the run do."""
    with session_scope(engine) as session:
        session.execute(update(Event).where(Event.status == "pending").values(status="queued", dispatch_key=run_id))
    return claim_batch(engine, run_id, run_id, _now())


def _views() -> list[dict]:
    return [
        {"name": "job/viewed", "data": {"userId": "ann", "jobId": 7, "duration": 30}},
        {"name": "job/viewed", "data": {"userId": "ghost", "jobId": 7, "duration": 30}},  # not registered
        {"name": "job/viewed", "data": {"userId": "ann", "jobId": 999, "duration": 12}},  # job not known
        {"name": "job/viewed", "data": {"userId": "ann", "jobId": 7, "duration": 3}},  # too short
        {"name": "job/viewed", "data": {"userId": "ann", "jobId": 7, "duration": 45}},
    ]


def _counting(fn: EventFunction) -> tuple[EventFunction, list[str]]:
    calls: list[str] = []

    def handler(session, event: EventRecord) -> Outcome:  # type: ignore[no-untyped-def]
        calls.append(event.id)
        return fn.handler(session, event)

    return dataclasses.replace(fn, handler=handler), calls


def _effects(engine: Engine) -> tuple[list[tuple], list[tuple]]:
    with session_scope(engine) as session:
        views = session.execute(select(JobView.user_id, JobView.job_id, JobView.duration_seconds)
                                .order_by(JobView.id)).tuples().all()
        prefs = session.execute(select(UserPreference.field, UserPreference.value, UserPreference.confidence)
                                .where(UserPreference.source == "inferred_view")).tuples().all()
        return list(views), list(prefs)


def _statuses(results: Sequence[EventResult]) -> list[str]:
    return [r.status for r in results]


def test_a_group_is_handled_set_based_and_an_unknown_user_fails_alone(engine: Engine) -> None:
    _seed(engine)
    ids = send_events(engine, _views())
    fn, single_calls = _counting(VIEWED)
    results = process_events(engine, fn, _claim_all(engine, "run-1"), "run-1", _now)

    assert _statuses(results) == ["processed", "failed", "processed", "skipped", "processed"]
    assert single_calls == []  # the batch handler did the work
    assert "user 'ghost' is not registered" in (results[1].error or "")
    views, prefs = _effects(engine)
    assert views == [("ann", 7, 30.0), ("ann", 999, 12.0), ("ann", 7, 45.0)]
    assert len(prefs) == 1 and prefs[0][0] == "preferred_companies"  # one view-based observation per job
    with session_scope(engine) as session:
        rows = {row.id: row for row in session.scalars(select(Event))}
        assert rows[ids[0]].result == {"duration": 30.0, "inferred": 1} and rows[ids[0]].processed_at is not None
        assert rows[ids[3]].skip_reason == "view too short: 3s < 10s"
        assert rows[ids[1]].status == "failed" and rows[ids[1]].next_attempt_at is not None
        assert rows[ids[1]].dispatch_key is None and "not registered" in rows[ids[1]].last_error

    # A re-run of the same batch (the run was retried) finds nothing left to do and writes nothing twice.
    again = process_events(engine, fn, claim_batch(engine, "run-1", "run-2", _now()), "run-2", _now)
    assert again == []
    assert _effects(engine)[0] == views


def test_set_based_and_event_by_event_give_the_same_effects(db_url: str, engine: Engine) -> None:
    _seed(engine)
    send_events(engine, _views())
    process_events(engine, VIEWED, _claim_all(engine, "run-1"), "run-1", _now)
    batched = _effects(engine)
    with session_scope(engine) as session:
        batched_results = session.execute(select(Event.status, Event.result, Event.skip_reason)
                                          .order_by(Event.seq)).tuples().all()
        session.execute(JobView.__table__.delete())
        session.execute(UserPreference.__table__.delete())
        session.execute(Event.__table__.delete())

    send_events(engine, _views())
    one_by_one = dataclasses.replace(VIEWED, batch_handler=None, events_per_transaction=1)
    process_events(engine, one_by_one, _claim_all(engine, "run-3"), "run-3", _now)
    with session_scope(engine) as session:
        single_results = session.execute(select(Event.status, Event.result, Event.skip_reason)
                                         .order_by(Event.seq)).tuples().all()
    assert _effects(engine) == batched
    assert single_results == batched_results


def test_a_raising_batch_handler_falls_back_to_one_event_per_transaction(engine: Engine) -> None:
    _seed(engine)
    send_events(engine, _views())

    def broken(session, events):  # type: ignore[no-untyped-def]
        session.add(JobView(user_id="ann", job_id=1, duration_seconds=99.0))  # rolled back with the group
        raise RuntimeError("bulk write failed")

    fn, single_calls = _counting(dataclasses.replace(VIEWED, batch_handler=broken))
    results = process_events(engine, fn, _claim_all(engine, "run-1"), "run-1", _now)
    assert _statuses(results) == ["processed", "failed", "processed", "skipped", "processed"]
    assert len(single_calls) == 5
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(JobView).where(JobView.duration_seconds == 99)) == 0
    assert len(_effects(engine)[0]) == 3


def test_enqueueing_no_events_stores_nothing(engine: Engine) -> None:
    from jobsearch_pipelines.lib.events.inbox import enqueue_events

    with session_scope(engine) as session:
        assert enqueue_events(session, []) == []
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 0
