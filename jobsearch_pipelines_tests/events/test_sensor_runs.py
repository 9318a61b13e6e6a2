"""Event functions through their real path: sensor tick -> RunRequests -> job runs -> outcomes in the inbox."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import dagster as dg
import pytest
from sqlalchemy import Engine, select, update

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Event, Failure, utcnow
from jobsearch_pipelines.lib.events.functions import EventFunction, EventRecord
from jobsearch_pipelines.lib.events.inbox import send_event, send_events
from jobsearch_pipelines.lib.events.processing import claim_batch, process_events, recover_stalled
from jobsearch_pipelines.lib.flow_control.config import FlowControl, RateLimit
from jobsearch_pipelines_tests.events.helpers import Harness, function_defs, recording_handler, statuses, unique_event


def test_batches_keep_each_user_in_one_run_and_tag_the_events(db_url: str, engine: Engine,
                                                               instance: dg.DagsterInstance) -> None:
    seen: list[tuple[str, int]] = []
    fn = EventFunction("batching_fn", unique_event(), recording_handler(seen), batch_size=40)
    harness = Harness(function_defs(db_url, fn), instance, db_url)
    ids = send_events(engine, [{"name": fn.event, "data": {"userId": f"u{i % 7}", "n": i}} for i in range(100)])
    requests = harness.tick(fn)
    assert 3 <= len(requests) <= 4
    assert len({r.run_key for r in requests}) == len(requests)
    users_per_run = [set() for _ in requests]
    all_ids: list[str] = []
    for index, request in enumerate(requests):
        event_ids = request.run_config["ops"]["process_batching_fn"]["config"]["event_ids"]
        assert len(event_ids) <= 40
        all_ids += event_ids
        assert request.tags["jobsearch/function"] == "batching_fn"
        assert request.tags["jobsearch/event_count"] == str(len(event_ids))
        assert request.tags["jobsearch/event_ids"].startswith(event_ids[0])
        with session_scope(engine) as session:
            rows = session.scalars(select(Event).where(Event.id.in_(event_ids)))
            users_per_run[index] = {e.data["userId"] for e in rows}
    assert sorted(all_ids) == sorted(ids)
    for a in range(len(users_per_run)):  # a user's events never split across concurrent runs
        for b in range(a + 1, len(users_per_run)):
            assert not users_per_run[a] & users_per_run[b]
    for request in requests:
        result = harness.execute(fn, request)
        metadata = result.get_step_success_events()[0]  # the op succeeded
        assert metadata is not None
    assert sorted(i for i, _ in seen) == sorted(ids)
    # Per-user order within a run follows the send order.
    for user in range(7):
        ns = [n for _, n in seen if n % 7 == user]
        assert ns == sorted(ns)
    assert set(statuses(engine, fn.event).values()) == {"processed"}
    assert harness.tick(fn) == []


def test_repeated_tick_and_repeated_run_process_nothing_twice(db_url: str, engine: Engine,
                                                             instance: dg.DagsterInstance) -> None:
    seen: list[tuple[str, int]] = []
    fn = EventFunction("repeat_fn", unique_event(), recording_handler(seen))
    harness = Harness(function_defs(db_url, fn), instance, db_url)
    send_events(engine, [{"name": fn.event, "data": {"userId": "u1", "n": i}} for i in range(5)])
    first = harness.tick(fn)
    assert len(first) == 1
    assert harness.tick(fn) == []  # the same events are queued: a repeated tick requests nothing
    harness.execute(fn, first[0])
    harness.execute(fn, first[0])  # the same request executed again (e.g. a duplicate launch): claims nothing
    assert len(seen) == 5 and len(set(seen)) == 5
    assert harness.tick(fn) == []


def test_duplicate_client_ids_are_stored_but_processed_once(db_url: str, engine: Engine,
                                                           instance: dg.DagsterInstance) -> None:
    seen: list[tuple[str, int]] = []
    fn = EventFunction("dupe_fn", unique_event(), recording_handler(seen))
    harness = Harness(function_defs(db_url, fn), instance, db_url)
    first = send_event(engine, fn.event, {"userId": "u1", "n": 1}, id="order-1")
    second = send_event(engine, fn.event, {"userId": "u1", "n": 1}, id="order-1")
    batch = send_events(engine, [{"name": fn.event, "data": {"userId": "u2", "n": 2}, "id": "order-2"},
                              {"name": fn.event, "data": {"userId": "u2", "n": 2}, "id": "order-2"}])
    assert len({first, second, *batch}) == 4  # every send gets its own server id, as in Inngest
    harness.drain(fn)
    assert sorted(n for _, n in seen) == [1, 2]
    state = statuses(engine, fn.event)
    assert state[first] == "processed" and state[second] == "duplicate"
    assert state[batch[0]] == "processed" and state[batch[1]] == "duplicate"
    # After 24 h the same id is a new event again.
    with session_scope(engine) as session:
        from jobsearch_pipelines.db.schema import EventClientId

        session.execute(update(EventClientId).values(first_received_at=utcnow() - timedelta(hours=25)))
    later = send_event(engine, fn.event, {"userId": "u1", "n": 3}, id="order-1")
    harness.drain(fn)
    assert statuses(engine, fn.event)[later] == "processed" and sorted(n for _, n in seen) == [1, 2, 3]


class Killed(BaseException):
    """Stands for the run worker dying mid-batch (not an Exception: nothing in the run catches it)."""


def test_run_killed_mid_batch_is_rerun_without_losing_or_repeating(db_url: str, engine: Engine,
                                                                   instance: dg.DagsterInstance) -> None:
    seen: list[tuple[str, int]] = []
    kill_at = {"n": 4}

    def fail(event: EventRecord) -> None:
        if event.data["n"] == kill_at["n"]:
            kill_at["n"] = -1  # dies once
            raise Killed()

    fn = EventFunction("killed_fn", unique_event(), recording_handler(seen, fail))
    harness = Harness(function_defs(db_url, fn), instance, db_url)
    ids = send_events(engine, [{"name": fn.event, "data": {"userId": "u1", "n": i}} for i in range(10)])
    [request] = harness.tick(fn)
    with pytest.raises(Killed):
        harness.execute(fn, request)
    mid = statuses(engine, fn.event)
    assert [mid[i] for i in ids[:4]] == ["processed"] * 4
    assert {mid[i] for i in ids[4:]} == {"processing"}
    # Dagster's run retry re-executes the same run config in a new run: it takes the unfinished events over.
    harness.execute(fn, request)
    assert Counter(i for i, _ in seen) == Counter(ids)  # each exactly once
    assert set(statuses(engine, fn.event).values()) == {"processed"}
    with session_scope(engine) as session:
        attempts = dict(session.execute(select(Event.id, Event.attempts).where(Event.name == fn.event)).tuples().all())
    assert attempts[ids[0]] == 1 and attempts[ids[4]] == 2


def test_failures_retry_with_backoff_then_dead_letter_and_replay(db_url: str, engine: Engine,
                                                                 instance: dg.DagsterInstance) -> None:
    seen: list[tuple[str, int]] = []
    broken = {"on": True}

    def fail(event: EventRecord) -> None:
        if broken["on"] and event.data["n"] == 2:
            raise RuntimeError("downstream said no")

    fn = EventFunction("retry_fn", unique_event(), recording_handler(seen, fail), max_attempts=2,
                       retry_base=timedelta(seconds=30))
    harness = Harness(function_defs(db_url, fn), instance, db_url)
    ok, bad = send_events(engine, [{"name": fn.event, "data": {"userId": "a", "n": 1}},
                                {"name": fn.event, "data": {"userId": "b", "n": 2}}])
    before = utcnow()
    harness.drain(fn)
    with session_scope(engine) as session:
        row = session.scalar(select(Event).where(Event.id == bad))
        assert row.status == "failed" and row.attempts == 1 and "downstream said no" in row.last_error
        assert before + timedelta(seconds=29) < row.next_attempt_at < before + timedelta(seconds=60)
    assert statuses(engine)[ok] == "processed"
    assert harness.tick(fn) == []  # not due yet
    with session_scope(engine) as session:
        session.execute(update(Event).where(Event.id == bad).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    harness.drain(fn)
    with session_scope(engine) as session:
        row = session.scalar(select(Event).where(Event.id == bad))
        assert row.status == "dead" and row.attempts == 2
        failure = session.scalar(select(Failure).where(Failure.ref == bad))
        assert failure is not None and failure.status == "dead" and failure.kind == "event"
    # Fixed downstream: replay the dead event; it is processed once.
    from jobsearch_pipelines.lib.events.admin import replay_dead

    broken["on"] = False
    with session_scope(engine) as session:
        assert replay_dead(session, utcnow()) == [bad]
    harness.drain(fn)
    assert statuses(engine)[bad] == "processed" and [n for _, n in seen].count(2) == 1


def test_a_users_later_event_waits_for_its_older_batch(db_url: str, engine: Engine,
                                                       instance: dg.DagsterInstance) -> None:
    seen: list[tuple[str, int]] = []
    fn = EventFunction("order_fn", unique_event(), recording_handler(seen), order_wait=timedelta(seconds=0.2))
    harness = Harness(function_defs(db_url, fn), instance, db_url)
    send_events(engine, [{"name": fn.event, "data": {"userId": "u1", "n": i}} for i in range(3)])
    [first] = harness.tick(fn)
    send_events(engine, [{"name": fn.event, "data": {"userId": "u1", "n": 3}},
                      {"name": fn.event, "data": {"userId": "u2", "n": 4}}])
    [second] = harness.tick(fn)
    # The newer batch runs first: u2 is processed; u1's event cannot go before u1's older (still queued)
    # batch, so after waiting 0.2 s it is given back to pending.
    result = harness.execute(fn, second)
    [output] = [e for e in result.all_events if e.event_type_value == "STEP_OUTPUT"]
    assert output.step_output_data.metadata["deferred"].value == 1
    assert output.step_output_data.metadata["processed"].value == 1
    assert [n for _, n in seen] == [4]
    harness.execute(fn, first)
    harness.drain(fn)
    assert [n for _, n in seen] == [4, 0, 1, 2, 3]
    assert set(statuses(engine, fn.event).values()) == {"processed"}


def test_a_run_waits_for_the_older_batch_of_a_key_then_continues(db_url: str, engine: Engine,
                                                                 instance: dg.DagsterInstance) -> None:
    seen: list[tuple[str, int]] = []
    fn = EventFunction("wait_fn", unique_event(), recording_handler(seen))
    harness = Harness(function_defs(db_url, fn), instance, db_url)
    send_events(engine, [{"name": fn.event, "data": {"userId": "u1", "n": 0}}])
    [first] = harness.tick(fn)
    older = claim_batch(engine, first.run_key, "run-a", utcnow())
    send_events(engine, [{"name": fn.event, "data": {"userId": "u1", "n": 1}},
                      {"name": fn.event, "data": {"userId": "u2", "n": 2}}])
    [second] = harness.tick(fn)
    newer = claim_batch(engine, second.run_key, "run-b", utcnow())
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # while run-b waits, run-a finishes its batch
        waits.append(seconds)
        process_events(engine, fn, older, "run-a", utcnow)

    results = process_events(engine, fn, newer, "run-b", utcnow, sleep=sleep)
    assert [r.status for r in results] == ["processed", "processed"] and len(waits) == 1
    assert [n for _, n in seen] == [2, 0, 1]


def test_flow_control_skips_are_recorded_with_their_reason(db_url: str, engine: Engine,
                                                          instance: dg.DagsterInstance) -> None:
    seen: list[tuple[str, int]] = []
    fn = EventFunction("ratelimited_fn", unique_event(), recording_handler(seen),
                       flow_control=FlowControl(rate_limit=RateLimit(1, "1h", key="event.data.userId")))
    harness = Harness(function_defs(db_url, fn), instance, db_url)
    ids = send_events(engine, [{"name": fn.event, "data": {"userId": "u1", "n": i}} for i in range(3)])
    harness.drain(fn)
    assert [n for _, n in seen] == [0]
    with session_scope(engine) as session:
        rows = session.scalars(select(Event).where(Event.id.in_(ids[1:]))).all()
        assert {(r.status, r.skip_reason) for r in rows} == {("skipped", "rate limited")}


def test_batches_whose_run_vanished_or_died_are_given_back(db_url: str, engine: Engine,
                                                           instance: dg.DagsterInstance) -> None:
    seen: list[tuple[str, int]] = []
    fn = EventFunction("recover_fn", unique_event(), recording_handler(seen), stale_after=timedelta(minutes=5))
    harness = Harness(function_defs(db_url, fn), instance, db_url)
    ids = send_events(engine, [{"name": fn.event, "data": {"userId": "u1", "n": 1}}])
    [lost] = harness.tick(fn)  # the run is never created (e.g. the daemon died before submitting it)
    with session_scope(engine) as session:
        assert recover_stalled(session, fn, utcnow() + timedelta(minutes=1), lambda key: "missing") == {
            "requeued": 0, "failed": 0, "dead": 0}  # too early to call it lost
        counts = recover_stalled(session, fn, utcnow() + timedelta(minutes=6), lambda key: "missing")
    assert counts["requeued"] == 1 and statuses(engine)[ids[0]] == "pending"
    [again] = harness.tick(fn)
    assert again.run_key != lost.run_key  # a re-dispatch gets a fresh run key (Dagster's are permanent)
    # The run of the new batch died after claiming: the event counts a failed attempt and is retried.
    claim_batch(engine, again.run_key, "dead-run", utcnow())
    with session_scope(engine) as session:
        counts = recover_stalled(session, fn, utcnow() + timedelta(minutes=1), lambda key: "finished")
    assert counts["failed"] == 1
    with session_scope(engine) as session:
        row = session.scalar(select(Event).where(Event.id == ids[0]))
        assert row.status == "failed" and "ended before" in row.last_error
        row.next_attempt_at = utcnow() - timedelta(seconds=1)
    harness.drain(fn)
    assert [n for _, n in seen] == [1]
    # The old request, if it ever ran, finds nothing to claim.
    harness.execute(fn, lost)
    assert [n for _, n in seen] == [1]
