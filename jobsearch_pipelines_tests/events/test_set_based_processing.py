"""Set-based handling (``EventFunction.batch_handler``): one transaction per group, outcomes in one statement,
a failing event isolated, the same effects as the event-by-event handler; and the inbox's one-statement send."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select, update

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import (
    Company,
    Event,
    Job,
    JobApplication,
    JobFeedback,
    JobView,
    User,
    UserPreference,
)
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


APPLIED = next(fn for fn in USER_FUNCTIONS if fn.event == "job/applied")
FEEDBACK = next(fn for fn in USER_FUNCTIONS if fn.event == "job/feedback")
PREFERENCE = next(fn for fn in USER_FUNCTIONS if fn.event == "preference/updated")


def _seed_bob(engine: Engine) -> None:
    """A second user who applied to and liked job 7 before this batch."""
    with session_scope(engine) as session:
        session.add(User(id="bob", email="bob@example.org"))
        session.flush()
        session.add(JobApplication(user_id="bob", job_id=7, event_id="earlier"))
        session.add(JobFeedback(user_id="bob", job_id=7, feedback="like", event_id="earlier"))


def _applications(company_id: int) -> list[dict]:
    return [
        {"name": "job/applied", "data": {"userId": "ann", "jobId": 7}},
        {"name": "job/applied", "data": {"userId": "ghost", "jobId": 7}},  # not registered
        {"name": "job/applied", "data": {"userId": "ann", "jobId": 7}},  # the same application again
        {"name": "job/applied", "data": {"userId": "ann", "jobId": 999, "companyId": company_id}},  # company known
        {"name": "job/applied", "data": {"userId": "ann", "jobId": 998}},  # nothing known
        {"name": "job/applied", "data": {"userId": "bob", "jobId": 7}},  # recorded before the batch
    ]


def _feedback() -> list[dict]:
    return [
        {"name": "job/feedback", "data": {"userId": "ann", "jobId": 7, "feedback": "like"}},
        {"name": "job/feedback", "data": {"userId": "ann", "jobId": 7, "feedback": "like"}},  # unchanged
        {"name": "job/feedback", "data": {"userId": "ghost", "jobId": 7, "feedback": "like"}},  # not registered
        {"name": "job/feedback", "data": {"userId": "ann", "jobId": 7, "feedback": "dislike"}},  # changed in-batch
        {"name": "job/feedback", "data": {"userId": "ann", "jobId": 999, "feedback": "dislike"}},  # job unknown
        {"name": "job/feedback", "data": {"userId": "bob", "jobId": 7, "feedback": "like"}},  # as stored before
        {"name": "job/feedback", "data": {"userId": "bob", "jobId": 7, "feedback": "dislike"}},  # stored row changes
    ]


def _user_effects(engine: Engine) -> dict[str, list[tuple]]:
    """Effects that do not depend on generated ids or times."""
    with session_scope(engine) as session:
        def rows(*columns) -> list[tuple]:  # type: ignore[no-untyped-def]
            return sorted(session.execute(select(*columns)).tuples().all(), key=repr)

        return {
            "applications": rows(JobApplication.user_id, JobApplication.job_id, JobApplication.company_id.is_not(None)),
            "feedback": rows(JobFeedback.user_id, JobFeedback.job_id, JobFeedback.feedback),
            "preferences": rows(UserPreference.user_id, UserPreference.field, UserPreference.value,
                                UserPreference.confidence, UserPreference.source),
            "reranks": sorted(session.execute(select(Event.data, Event.status)
                                              .where(Event.name == "jobs/rerank")).tuples().all(), key=repr),
        }


def _results(engine: Engine, name: str) -> list[tuple]:
    """Status, reason and result of each ``name`` event in send order; generated ids only as 'id or not'."""
    with session_scope(engine) as session:
        out = []
        for status, result, reason in session.execute(select(Event.status, Event.result, Event.skip_reason)
                                                      .where(Event.name == name).order_by(Event.seq)).tuples():
            ids = {"application", "rerankEvent"}
            masked = {k: (v is not None if k in ids else v) for k, v in (result or {}).items()}
            out.append((status, masked, reason))
        return out


def _run_both_ways(engine: Engine, fn: EventFunction, events: Callable[[int], list[dict]],
                   after_send: Callable[[Engine], None] | None = None) -> tuple[tuple, tuple]:
    """Effects and results of ``events`` handled set-based, then (database reset) event by event."""
    outcomes = []
    for index, variant in enumerate((fn, dataclasses.replace(fn, batch_handler=None, events_per_transaction=1))):
        with session_scope(engine) as session:
            for table in (UserPreference, JobApplication, JobFeedback, Event, User, Job, Company):
                session.execute(table.__table__.delete())
        _seed(engine)
        _seed_bob(engine)
        with session_scope(engine) as session:
            send_events(engine, events(session.scalar(select(Company.id))))
        if after_send is not None:
            after_send(engine)
        counted, single_calls = _counting(variant)
        process_events(engine, counted, _claim_all(engine, f"run-{index}"), f"run-{index}", _now)
        assert (single_calls == []) == (variant.batch_handler is not None)
        outcomes.append((_user_effects(engine), _results(engine, fn.event)))
    return outcomes[0], outcomes[1]


def test_applications_set_based_match_event_by_event(engine: Engine) -> None:
    batched, one_by_one = _run_both_ways(engine, APPLIED, _applications)
    assert batched == one_by_one
    effects, results = batched
    assert [r[0] for r in results] == ["processed", "failed", "processed", "processed", "processed", "processed"]
    assert results[2][1] == {"application": True, "alreadyRecorded": True, "inferred": 0}
    assert results[5][1]["alreadyRecorded"] is True  # bob's earlier application
    assert results[0][1]["rerankEvent"] is True and results[4][1]["inferred"] == 0
    assert ("ann", 7, False) in effects["applications"] and ("ann", 999, True) in effects["applications"]
    assert len(effects["applications"]) == 4  # ann 7, ann 999, ann 998, bob 7: none twice
    assert effects["reranks"] == [({"userId": "ann"}, "pending")] * 2  # job 7, company of job 999


def test_feedback_set_based_matches_event_by_event(engine: Engine) -> None:
    batched, one_by_one = _run_both_ways(engine, FEEDBACK, lambda _: _feedback())
    assert batched == one_by_one
    effects, results = batched
    assert [r[1].get("changed") for r in results] == [True, False, None, True, True, False, True]
    assert results[2][0] == "failed"
    assert effects["feedback"] == [("ann", 7, "dislike"), ("ann", 999, "dislike"), ("bob", 7, "dislike")]


def test_preference_updates_set_based_match_event_by_event(engine: Engine) -> None:
    updates = [
        {"name": "preference/updated", "data": {"userId": "ann", "field": "preferred_countries", "value": ["DE"]}},
        {"name": "preference/updated", "data": {"userId": "ghost", "field": "preferred_countries", "value": ["DE"]}},
        {"name": "preference/updated", "data": {"userId": "ann", "field": "min_salary", "value": 90000}},
        {"name": "preference/updated", "data": {"userId": "bob", "field": "preferred_countries", "value": ["US"]}},
    ]

    def stored_before_the_schema_check(engine: Engine) -> None:  # the API refuses it now; older rows may hold it
        with session_scope(engine) as session:
            row = session.scalars(select(Event).where(Event.name == PREFERENCE.event).order_by(Event.seq)).all()[2]
            row.data = {**row.data, "value": "lots"}

    batched, one_by_one = _run_both_ways(engine, PREFERENCE, lambda _: updates, stored_before_the_schema_check)
    assert batched == one_by_one
    effects, results = batched
    assert [r[0] for r in results] == ["processed", "failed", "dead", "processed"]
    assert ("ann", "preferred_countries", ["DE"], 1.0, "explicit") in effects["preferences"]
    assert effects["reranks"] == [({"userId": "ann"}, "pending"), ({"userId": "bob"}, "pending")]
