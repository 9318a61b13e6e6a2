"""Draining runs (``EventFunction.drain_for``): a run that is up takes the events that arrive meanwhile.

Through the real path (sensor tick -> run -> op), and the claim's guarantees on SQLite and PostgreSQL: per-user
order, and a sensor and a draining run reaching for the same event never both get it.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import timedelta

import dagster as dg
import pytest
from sqlalchemy import Engine, select, update

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Event, utcnow
from jobsearch_pipelines.lib.events.functions import EventFunction
from jobsearch_pipelines.lib.events.inbox import send_events
from jobsearch_pipelines.lib.events.processing import claim_due, drain, plan_dispatch
from jobsearch_pipelines.lib.flow_control import gate
from jobsearch_pipelines.lib.flow_control.config import FlowControl, RateLimit
from jobsearch_pipelines_tests.events.helpers import Harness, function_defs, recording_handler, statuses, unique_event


def _draining(name: str, seen: list[tuple[str, int]], drain_for: float = 30) -> EventFunction:
    return EventFunction(name, unique_event(), recording_handler(seen), drain_for=timedelta(seconds=drain_for),
                         drain_idle=timedelta(seconds=0.3))


def _send(engine: Engine, fn: EventFunction, users_and_ns: list[tuple[str, int]]) -> list[str]:
    return send_events(engine, [{"name": fn.event, "data": {"userId": u, "n": n}} for u, n in users_and_ns])


def test_a_run_drains_events_sent_after_its_batch_was_dispatched(db_url: str, engine: Engine,
                                                                 instance: dg.DagsterInstance) -> None:
    seen: list[tuple[str, int]] = []
    fn = _draining("drain_fn", seen)
    harness = Harness(function_defs(db_url, fn), instance, db_url)
    first = _send(engine, fn, [("u1", 1), ("u2", 2)])
    [request] = harness.tick(fn)
    later = _send(engine, fn, [("u1", 3), ("u3", 4), ("u2", 5)])  # pending when the run starts
    result = harness.execute(fn, request)
    [output] = [e for e in result.all_node_events if e.is_successful_output]
    metadata = output.event_specific_data.metadata  # type: ignore[union-attr]
    assert metadata["claimed"].value == 2 and metadata["drained"].value == 3 and metadata["processed"].value == 5
    assert [n for _, n in seen] == [1, 2, 3, 4, 5]
    assert set(statuses(engine, fn.event).values()) == {"processed"}
    with session_scope(engine) as session:
        run_ids = set(session.scalars(select(Event.run_id).where(Event.id.in_(first + later))))
    assert run_ids == {result.run_id}
    assert harness.tick(fn) == []


def test_without_drain_for_the_run_leaves_later_events_to_the_next_tick(db_url: str, engine: Engine,
                                                                        instance: dg.DagsterInstance) -> None:
    seen: list[tuple[str, int]] = []
    fn = EventFunction("no_drain_fn", unique_event(), recording_handler(seen))
    harness = Harness(function_defs(db_url, fn), instance, db_url)
    _send(engine, fn, [("u1", 1)])
    [request] = harness.tick(fn)
    _send(engine, fn, [("u2", 2)])
    harness.execute(fn, request)
    assert [n for _, n in seen] == [1]
    assert sorted(statuses(engine, fn.event).values()) == ["pending", "processed"]


def test_a_drain_never_takes_a_users_event_ahead_of_an_older_one_in_another_batch(db_url: str,
                                                                                  engine: Engine) -> None:
    seen: list[tuple[str, int]] = []
    fn = _draining("drain_order_fn", seen)
    _send(engine, fn, [("u1", 1)])
    with session_scope(engine) as session:
        [batch] = plan_dispatch(session, fn, utcnow()).batches  # queued for a run that has not started
    _send(engine, fn, [("u1", 2), ("u2", 3)])
    claimed = claim_due(engine, fn, "drainer-batch", "run-x", utcnow(), 100)
    assert [r.data["n"] for r in claimed] == [3]
    by_n = {row.data["n"]: row for row in _rows(engine, fn)}
    assert by_n[2].status == "pending" and by_n[1].dispatch_key == batch.run_key
    assert by_n[3].status == "processing" and by_n[3].run_id == "run-x" and by_n[3].dispatch_key == "drainer-batch"


def test_a_sensor_batch_leaves_out_what_a_draining_run_took_meanwhile(db_url: str, engine: Engine,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, int]] = []
    fn = _draining("drain_race_fn", seen)
    _send(engine, fn, [("u1", 1), ("u2", 2), ("u3", 3)])
    admit = gate.admit

    def drainer_claims_first(session, function, fc, events, now):  # type: ignore[no-untyped-def]
        # Between the sensor's read and its queue update, a running run takes the oldest event.
        assert [r.data["n"] for r in claim_due(engine, fn, "drainer-batch", "run-x", now, 1)] == [1]
        return admit(session, function, fc, events, now)

    monkeypatch.setattr(gate, "admit", drainer_claims_first)
    with session_scope(engine) as session:
        plan = plan_dispatch(session, fn, utcnow())
    [batch] = plan.batches
    assert [r.data["n"] for r in batch.events] == [2, 3]
    by_n = {row.data["n"]: row for row in _rows(engine, fn)}
    assert by_n[1].status == "processing" and by_n[1].dispatch_key == "drainer-batch"
    assert {by_n[2].status, by_n[3].status} == {"queued"}


def test_drain_stops_after_drain_idle_and_after_drain_for(db_url: str, engine: Engine) -> None:
    seen: list[tuple[str, int]] = []
    fn = _draining("drain_clock_fn", seen)
    clock = [0.0]
    sent = itertools.count(100)

    def sleep(seconds: float) -> None:  # events keep coming for 5 s, then stop
        clock[0] += seconds
        if clock[0] < 5:
            _send(engine, fn, [(f"u{clock[0]:.1f}", next(sent))])

    results = drain(engine, fn, "batch-k", "run-y", utcnow, sleep=sleep, clock=lambda: clock[0])
    assert len(results) == len(seen) and all(r.status == "processed" for r in results)
    assert 5 <= clock[0] <= 5 + 0.3 + 0.2  # stopped drain_idle after the last event
    seen.clear()
    clock[0] = 0.0
    endless = _draining("drain_endless_fn", seen, drain_for=2)

    def busy(seconds: float) -> None:
        clock[0] += seconds
        _send(engine, endless, [("u1", next(sent))])

    drain(engine, endless, "batch-e", "run-z", utcnow, sleep=busy, clock=lambda: clock[0])
    assert 2 <= clock[0] <= 2.1  # drain_for bounds a run's life even when events keep coming


def test_while_a_run_is_up_the_sensor_leaves_it_the_young_events(db_url: str, engine: Engine,
                                                                   instance: dg.DagsterInstance) -> None:
    seen: list[tuple[str, int]] = []
    fn = _draining("drain_sensor_fn", seen)
    harness = Harness(function_defs(db_url, fn), instance, db_url)
    instance.add_run(dg.DagsterRun(job_name=fn.name, run_id=str(uuid.uuid4()),
                                   status=dg.DagsterRunStatus.STARTED))
    ids = _send(engine, fn, [("u1", 1), ("u2", 2)])
    assert harness.tick(fn) == []  # a running run takes them within a fraction of a second
    with session_scope(engine) as session:  # ... unless it left them waiting past DRAIN_GRACE
        session.execute(update(Event).where(Event.id == ids[0]).values(
            received_at=utcnow() - timedelta(seconds=10)))
    [request] = harness.tick(fn)
    assert request.run_config["ops"][f"process_{fn.name}"]["config"]["event_ids"] == [ids[0]]


def test_drain_for_refuses_a_function_with_flow_control() -> None:
    with pytest.raises(ValueError, match="drain_for: function 'limited'"):
        EventFunction("limited", "x/y", lambda s, e: None,  # type: ignore[arg-type,return-value]
                      flow_control=FlowControl(rate_limit=RateLimit(limit=1, period="1s")),
                      drain_for=timedelta(seconds=5))


def _rows(engine: Engine, fn: EventFunction) -> list[Event]:
    with session_scope(engine) as session:
        rows = list(session.scalars(select(Event).where(Event.name == fn.event)))
        session.expunge_all()
    return rows
