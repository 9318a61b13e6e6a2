"""Property tests of the gate with a controlled clock and random event streams (state in a real database)."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.lib.flow_control import gate
from jobsearch_pipelines.lib.flow_control.config import (
    Batch,
    Debounce,
    FlowControl,
    FlowControlError,
    Idempotency,
    Priority,
    RateLimit,
    Singleton,
    Throttle,
)
from jobsearch_pipelines.lib.flow_control.gcra import gcra, interval_us
from jobsearch_pipelines_tests.flow_control.sim import make_events, simulate, unique_function

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
KEYS = ["a", "b", "c"]


def _arrivals(gaps: list[int], keys: list[int], extra: dict[str, Any] | None = None) -> list[tuple[int, dict]]:
    out, t = [], 0
    for i, (gap, key) in enumerate(zip(gaps, keys, strict=False)):
        t += gap
        out.append((t, {"k": KEYS[key], "n": i, **(extra or {})}))
    return out


streams = st.integers(1, 30).flatmap(lambda n: st.tuples(
    st.lists(st.sampled_from([0, 0, 50, 200, 700, 1500, 4000]), min_size=n, max_size=n),
    st.lists(st.integers(0, 2), min_size=n, max_size=n)))


@SETTINGS
@given(stream=streams, limit=st.integers(1, 25), period_ms=st.sampled_from([1000, 3000, 10_000, 60_000]),
       tick_ms=st.sampled_from([100, 500, 2000]))
def test_rate_limit_admits_exactly_what_gcra_allows_and_records_every_drop(
        sqlite_engine: Engine, stream: tuple[list[int], list[int]], limit: int, period_ms: int, tick_ms: int) -> None:
    fn = unique_function("rl")
    fc = FlowControl(rate_limit=RateLimit(limit, timedelta(milliseconds=period_ms), key="event.data.k"))
    events = make_events(fn, _arrivals(*stream))
    result = simulate(sqlite_engine, fn, fc, events, tick_ms, events[-1].arrival_ms + tick_ms)
    assert not result.open and len(result.started) + len(result.skipped) == len(events)
    assert set(result.skipped.values()) <= {gate.RATE_LIMITED}
    interval = interval_us(limit, timedelta(milliseconds=period_ms))
    capacity = limit // 10 + 1
    for key in KEYS:
        mine = [e for e in events if e.data["k"] == key]
        tat, expected = None, set()
        for e in mine:  # the reference: GCRA over arrival times, in order
            decision = gcra(tat, e.arrival_ms * 1000, interval, capacity)
            if decision.allowed:
                tat = decision.tat
                expected.add(e.id)
        assert {e.id for e in mine if e.id in result.started} == expected
        admitted = sorted(e.arrival_ms * 1000 for e in mine if e.id in result.started)
        for i in range(len(admitted)):  # never more than the GCRA bound in any window
            for j in range(i, len(admitted)):
                assert j - i + 1 <= capacity + int(Fraction(admitted[j] - admitted[i]) / interval)


@SETTINGS
@given(stream=streams, limit=st.integers(1, 3), burst=st.integers(0, 2),
       period_ms=st.sampled_from([1000, 2000, 5000]), tick_ms=st.sampled_from([100, 250, 1000]))
def test_throttle_preserves_fifo_drops_nothing_and_bounds_starts(
        sqlite_engine: Engine, stream: tuple[list[int], list[int]], limit: int, burst: int, period_ms: int,
        tick_ms: int) -> None:
    fn = unique_function("th")
    fc = FlowControl(throttle=Throttle(limit, timedelta(milliseconds=period_ms), burst=burst, key="event.data.k"))
    events = make_events(fn, _arrivals(*stream))
    horizon = events[-1].arrival_ms + (len(events) + 2) * (period_ms // limit + tick_ms)
    result = simulate(sqlite_engine, fn, fc, events, tick_ms, horizon)
    assert not result.skipped and not result.open and len(result.started) == len(events)  # nothing dropped
    interval = Fraction(period_ms, limit)
    capacity = limit + burst
    for key in KEYS:
        mine = [e for e in events if e.data["k"] == key]
        starts = [result.started[e.id] for e in mine]
        assert starts == sorted(starts), "FIFO per key"
        assert all(result.started[e.id] >= e.arrival_ms for e in mine)
        for i in range(len(starts)):
            for j in range(i, len(starts)):
                assert j - i + 1 <= capacity + int(Fraction(starts[j] - starts[i]) / interval), (key, starts)
        # liveness: an event never waits longer than its queue position allows (plus one tick)
        for index, e in enumerate(mine):
            bound = e.arrival_ms + math.ceil((index + 1) * interval) + tick_ms
            assert result.started[e.id] <= max(bound, starts[index - 1] + math.ceil(interval) + tick_ms
                                               if index else bound)


def _debounce_reference(events: list[Any], period: int, timeout: int | None) -> list[tuple[str, int, list[str]]]:
    """(winner id, fire ms, member ids) per burst, by Inngest's rules on arrival and ts."""
    bursts: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for e in events:
        if current is not None and current["deadline"] <= e.arrival_ms:
            bursts.append(current)
            current = None
        if current is None:
            deadline = e.arrival_ms + period if timeout is None else min(e.arrival_ms + period, e.arrival_ms + timeout)
            current = {"first": e.arrival_ms, "last": e.arrival_ms, "winner": e, "members": [e.id],
                       "deadline": deadline}
            continue
        current["members"].append(e.id)
        if e.ts >= current["winner"].ts:
            current["winner"], current["last"] = e, max(current["last"], e.arrival_ms)
            current["deadline"] = current["last"] + period
            if timeout is not None:
                current["deadline"] = min(current["deadline"], current["first"] + timeout)
    if current is not None:
        bursts.append(current)
    return [(b["winner"].id, b["deadline"], b["members"]) for b in bursts]


@SETTINGS
@given(stream=streams, period_ms=st.sampled_from([500, 1000, 3000]), timeout_ms=st.sampled_from([None, 2000, 5000]),
       tick_ms=st.sampled_from([100, 300, 1000]), jitter=st.lists(st.integers(-3000, 3000), min_size=30,
                                                                  max_size=30))
def test_debounce_one_run_per_quiet_period_with_latest_payload_and_timeout(
        sqlite_engine: Engine, stream: tuple[list[int], list[int]], period_ms: int, timeout_ms: int | None,
        tick_ms: int, jitter: list[int]) -> None:
    fn = unique_function("db")
    fc = FlowControl(debounce=Debounce(timedelta(milliseconds=period_ms), key="event.data.k",
                                       timeout=None if timeout_ms is None else timedelta(milliseconds=timeout_ms)))
    arrivals = _arrivals(*stream)
    events = make_events(fn, arrivals, ts_offsets=jitter[: len(arrivals)])  # out-of-order ts included
    horizon = events[-1].arrival_ms + period_ms + (timeout_ms or 0) + 2 * tick_ms
    result = simulate(sqlite_engine, fn, fc, events, tick_ms, horizon)
    assert not result.open and len(result.started) + len(result.skipped) == len(events)
    for key in KEYS:
        mine = [e for e in events if e.data["k"] == key]
        expected = _debounce_reference(mine, period_ms, timeout_ms)
        runs = sorted((result.started[e.id], e.id) for e in mine if e.id in result.started)
        assert [winner for winner, _, _ in expected] == [event_id for _, event_id in runs]
        for (winner, deadline, members), (fired, _) in zip(expected, runs, strict=True):
            assert deadline <= fired < deadline + tick_ms, "fires on the first tick after the quiet period"
            if timeout_ms is not None:
                first = min(e.arrival_ms for e in mine if e.id in members)
                assert fired < first + timeout_ms + tick_ms, "respects the max timeout"
            for member in members:
                if member != winner:
                    assert result.skipped[member] == gate.superseded_reason(winner)


@SETTINGS
@given(stream=streams, max_size=st.integers(1, 5), timeout_ms=st.sampled_from([500, 2000]),
       tick_ms=st.sampled_from([100, 400]))
def test_batches_fill_or_time_out_and_never_mix_keys(
        sqlite_engine: Engine, stream: tuple[list[int], list[int]], max_size: int, timeout_ms: int,
        tick_ms: int) -> None:
    fn = unique_function("bt")
    fc = FlowControl(batch=Batch(max_size, timedelta(milliseconds=timeout_ms), key="event.data.k"))
    events = make_events(fn, _arrivals(*stream))
    result = simulate(sqlite_engine, fn, fc, events, tick_ms, events[-1].arrival_ms + timeout_ms + 2 * tick_ms)
    assert not result.open and not result.skipped and len(result.started) == len(events)
    by_id = {e.id: e for e in events}
    releases: dict[tuple[str, int], list[str]] = defaultdict(list)
    for event_id, t in result.started.items():
        assert result.admitted[event_id].batch_key == by_id[event_id].data["k"]
        assert t <= by_id[event_id].arrival_ms + timeout_ms + tick_ms
        releases[(by_id[event_id].data["k"], t)].append(event_id)
    for (_key, t), ids in releases.items():
        oldest = min(by_id[i].arrival_ms for i in ids)
        assert len(ids) % max_size == 0 or oldest + timeout_ms <= t, "released early without being full"


@SETTINGS
@given(priorities=st.lists(st.one_of(st.none(), st.integers(-1000, 1000)), min_size=1, max_size=30))
def test_priority_orders_ready_events_highest_first_fifo_among_equals(
        sqlite_engine: Engine, priorities: list[int | None]) -> None:
    fn = unique_function("pr")
    fc = FlowControl(priority=Priority("event.data.priority ?? 50"))
    events = make_events(fn, [(0, {} if p is None else {"priority": p}) for p in priorities])
    result = simulate(sqlite_engine, fn, fc, events, 100, 0)
    order = result.ready_order[0]
    expected_priority = {e.id: max(-600, min(600, 50 if p is None else p)) for e, p in zip(events, priorities,
                                                                                            strict=True)}
    assert [result.admitted[i].priority for i in order] == [expected_priority[i] for i in order]
    keys = [(-expected_priority[i], int(i.rsplit("-", 1)[1])) for i in order]
    assert keys == sorted(keys)
    tags = gate.run_tags(fn, fc, [result.admitted[order[0]]])
    assert tags == {"dagster/priority": str(expected_priority[order[0]])}


@SETTINGS
@given(stream=streams, seed=st.integers(0, 10_000))
def test_offering_again_decides_nothing_twice(sqlite_engine: Engine, stream: tuple[list[int], list[int]],
                                              seed: int) -> None:
    """Holding ready events (the caller did not dispatch them) changes no decision and loses nothing."""
    fc = FlowControl(rate_limit=RateLimit(5, "3s", key="event.data.k"),
                     debounce=Debounce("1s", key="event.data.n"),  # a key per event: each passes after 1 s
                     throttle=Throttle(1, "1s", key="event.data.k"))
    arrivals = _arrivals(*stream)
    plain_fn, held_fn = unique_function("idem"), unique_function("idem")
    plain = simulate(sqlite_engine, plain_fn, fc, make_events(plain_fn, arrivals), 200, 60_000)
    rng = random.Random(seed)
    held = simulate(sqlite_engine, held_fn, fc, make_events(held_fn, arrivals), 200, 60_000,
                    hold=lambda _id, _t: rng.random() < 0.5)
    strip = lambda d: {k.rsplit("-", 1)[1]: v for k, v in d.items()}  # noqa: E731
    assert strip(held.first_ready) == strip(plain.first_ready)
    assert strip(held.skipped) == strip(plain.skipped)
    assert not held.open and len(held.started) + len(held.skipped) == len(arrivals)


def test_removing_a_throttle_releases_its_queue(sqlite_engine: Engine) -> None:
    fn = unique_function("cfg")
    events = make_events(fn, [(0, {"k": "a"})] * 4)
    throttled = FlowControl(throttle=Throttle(1, "1h"))
    first = simulate(sqlite_engine, fn, throttled, events, 100, 0)
    assert len(first.started) == 1 and len(first.open) == 3
    second = simulate(sqlite_engine, fn, FlowControl(rate_limit=RateLimit(100, "1s")),
                      [e for e in events if e.id in first.open], 100, 0)
    assert len(second.started) == 3


@pytest.mark.parametrize("burst", [0, 1])
def test_state_is_shared_through_the_database(db_url: str, burst: int) -> None:
    """Two engines (two sensor processes) share buckets and queues; works on SQLite and PostgreSQL."""
    from jobsearch_pipelines.db.engine import make_engine

    fn = unique_function("shared")
    fc = FlowControl(throttle=Throttle(1, "10s", burst=burst, key="event.data.k"),
                     rate_limit=RateLimit(30, "1s"))  # burst 3: 4 pass back to back, the 5th is dropped
    events = make_events(fn, [(0, {"k": "a"})] * 5)
    one, two = make_engine(db_url), make_engine(db_url)
    try:
        first = simulate(one, fn, fc, events, 1000, 0)
        assert list(first.skipped.values()) == [gate.RATE_LIMITED]
        assert len(first.started) == 1 + burst and len(first.open) == 3 - burst
        waiting = [e for e in events if e.id in first.open]
        later = simulate(two, fn, fc, waiting, 10_000, 40_000)
        assert sorted(later.started.values()) == [10_000 * (i + 1) for i in range(len(waiting))]
        assert not later.skipped
    finally:
        one.dispose()
        two.dispose()


def test_debounce_then_throttle_on_both_databases(db_url: str) -> None:
    from jobsearch_pipelines.db.engine import make_engine

    engine = make_engine(db_url)
    try:
        fn = unique_function("dbb")
        fc = FlowControl(debounce=Debounce("2s", key="event.data.k", timeout="5s"),
                         throttle=Throttle(1, "1s", key="event.data.k"))
        events = make_events(fn, [(0, {"k": "a"}), (500, {"k": "a"}), (1000, {"k": "b"}), (4000, {"k": "a"})])
        result = simulate(engine, fn, fc, events, 500, 10_000)
        # a: {0, 500} is quiet from 2.5 s; b: fires at 3 s; a's event at 4 s opens a new burst (fires at 6 s)
        assert result.started == {events[1].id: 2500, events[2].id: 3000, events[3].id: 6000}
        assert result.skipped == {events[0].id: gate.superseded_reason(events[1].id)}
    finally:
        engine.dispose()


def test_idempotency_skips_a_repeat_of_a_key_within_its_period(sqlite_engine: Engine) -> None:
    function = unique_function("idem")
    fc = FlowControl(idempotency=Idempotency("event.data.orderId", "1h"))
    hour = 3_600_000
    events = make_events(function, [(0, {"orderId": "A"}), (1_000, {"orderId": "A"}), (2_000, {"orderId": "B"}),
                                    (hour + 5_000, {"orderId": "A"})])
    result = simulate(sqlite_engine, function, fc, events, tick_ms=1_000, until_ms=hour + 10_000)
    assert set(result.started) == {events[0].id, events[2].id, events[3].id}  # after the hour, A runs again
    assert result.skipped == {events[1].id: "idempotent: a repeat of key 'A' within 1h"}
    assert fc.describe()["idempotency"] == "once per 1h, per event.data.orderId"


def test_debounce_all_runs_every_event_of_the_window_in_one_run(sqlite_engine: Engine) -> None:
    function = unique_function("debounce_all")
    fc = FlowControl(debounce=Debounce("5s", key="event.data.doc", mode="all"))
    events = make_events(function, [(0, {"doc": "a", "v": 1}), (1_000, {"doc": "a", "v": 2}),
                                    (2_000, {"doc": "b", "v": 1}), (3_000, {"doc": "a", "v": 3}),
                                    (20_000, {"doc": "a", "v": 4})])
    result = simulate(sqlite_engine, function, fc, events, tick_ms=1_000, until_ms=30_000)
    assert not result.skipped  # nothing superseded
    first_window = [events[0].id, events[1].id, events[3].id]
    assert {result.started[i] for i in first_window} == {8_000}  # quiet 5 s after the last edit (3 s)
    assert {result.admitted[i].batch_key for i in first_window} == {"debounce:a"}  # one run, in order
    assert [i for tick in result.ready_order for i in tick if i in first_window] == first_window
    assert result.started[events[2].id] == 7_000 and result.started[events[4].id] == 25_000
    assert fc.describe()["debounce"] == "quiet period 5s, every event of the window, per event.data.doc"
    with pytest.raises(FlowControlError, match=r"debounce\.mode"):
        Debounce("5s", mode="first")


def test_singleton_skips_an_event_whose_key_has_a_run_in_flight(sqlite_engine: Engine) -> None:
    from sqlalchemy import update

    from jobsearch_pipelines.db.schema import Event
    from jobsearch_pipelines.lib.events.inbox import send_event
    from jobsearch_pipelines.lib.flow_control import gate
    from jobsearch_pipelines.lib.flow_control.event_schemas import EMAIL_NOTIFICATION
    from jobsearch_pipelines_tests.flow_control.sim import at

    running = send_event(sqlite_engine, EMAIL_NOTIFICATION, {"organizationId": "acme", "message": "m",
                                                             "recipient": "a@b.org"})
    with session_scope(sqlite_engine) as session:
        session.execute(update(Event).where(Event.id == running).values(status="processing", run_id="r1"))
    function = unique_function("single")
    fc = FlowControl(singleton=Singleton(key="event.data.organizationId"))
    events = make_events(function, [(0, {"organizationId": "acme"}), (0, {"organizationId": "globex"}),
                                    (0, {"organizationId": "globex"})])
    for event in events:
        event.name = EMAIL_NOTIFICATION
    with session_scope(sqlite_engine) as session:
        admission = gate.admit(session, function, fc, events, at(0))
    assert [a.event.id for a in admission.ready] == [events[1].id]
    assert {e.id: reason for e, reason in admission.skipped} == {
        events[0].id: "singleton: a run for key 'acme' is in progress",
        events[2].id: "singleton: a run for key 'globex' is in progress"}
    assert fc.describe()["singleton"] == "one run at a time, others skipped, per event.data.organizationId"
    with pytest.raises(FlowControlError, match=r"singleton\.mode"):
        Singleton(key="event.data.x", mode="first")


def test_singleton_cancel_lets_the_newest_event_win_and_waits_for_a_running_handler(sqlite_engine: Engine) -> None:
    from sqlalchemy import select, update

    from jobsearch_pipelines.db.schema import Event
    from jobsearch_pipelines.lib.events.inbox import send_event
    from jobsearch_pipelines.lib.flow_control import gate
    from jobsearch_pipelines.lib.flow_control.event_schemas import EMAIL_NOTIFICATION
    from jobsearch_pipelines_tests.flow_control.sim import at

    def email(org: str) -> str:
        return send_event(sqlite_engine, EMAIL_NOTIFICATION, {"organizationId": org, "message": "m",
                                                              "recipient": "a@b.org"})

    queued_acme, running_globex = email("acme"), email("globex")
    with session_scope(sqlite_engine) as session:
        session.execute(update(Event).where(Event.id == queued_acme).values(status="queued", dispatch_key="k1"))
        session.execute(update(Event).where(Event.id == running_globex).values(status="processing", run_id="r1"))
    function = unique_function("single_cancel")
    fc = FlowControl(singleton=Singleton(key="event.data.organizationId", mode="cancel"))
    events = make_events(function, [(0, {"organizationId": "acme"}), (0, {"organizationId": "globex"}),
                                    (0, {"organizationId": "acme"}), (0, {"organizationId": "initech"})])
    for event in events:
        event.name = EMAIL_NOTIFICATION
    with session_scope(sqlite_engine) as session:
        admission = gate.admit(session, function, fc, events, at(0))
    assert [a.event.id for a in admission.ready] == [events[2].id, events[3].id]  # the newest acme; initech
    assert {e.id: reason for e, reason in admission.skipped} == {
        events[0].id: f"singleton: cancelled by newer event {events[2].id}"}
    assert [e.id for e in admission.waiting] == [events[1].id]  # globex waits for its running handler
    with session_scope(sqlite_engine) as session:
        row = session.scalars(select(Event).where(Event.id == queued_acme)).one()
        assert (row.status, row.skip_reason, row.dispatch_key) == (
            "skipped", f"singleton: cancelled by newer event {events[0].id}", None)

    with session_scope(sqlite_engine) as session:  # still running one tick later: still waiting
        assert [e.id for e in gate.admit(session, function, fc, [events[1]], at(1_000)).waiting] == [events[1].id]
    with session_scope(sqlite_engine) as session:
        session.execute(update(Event).where(Event.id == running_globex).values(status="processed"))
    with session_scope(sqlite_engine) as session:
        assert [a.event.id for a in gate.admit(session, function, fc, [events[1]], at(2_000)).ready] == [
            events[1].id]
    assert fc.describe()["singleton"] == (
        "one run at a time, the newest cancels older ones not started, per event.data.organizationId")


def _cancelling_event(engine: Engine, name: str, data: dict, ms: int) -> str:
    """A real inbox event (the gate reads cancelling events from the inbox) received at simulated time ``ms``."""
    from pydantic import BaseModel
    from sqlalchemy import update

    from jobsearch_pipelines.lib.events.schemas import register_event_schema

    class Cancelling(BaseModel):
        doc: str | None = None
        userId: str | None = None

    register_event_schema(name, Cancelling)

    from jobsearch_pipelines.db.schema import Event
    from jobsearch_pipelines.lib.events.inbox import send_event
    from jobsearch_pipelines_tests.flow_control.sim import at

    event_id = send_event(engine, name, data)
    with session_scope(engine) as session:
        session.execute(update(Event).where(Event.id == event_id).values(received_at=at(ms), status="processed"))
    return event_id


def test_cancel_on_cancels_a_debounced_window_and_a_batched_event_that_match(sqlite_engine: Engine) -> None:
    from jobsearch_pipelines.lib.flow_control.config import CancelOn

    function = unique_function("cancel")
    rule = CancelOn("test/doc.deleted", match="data.doc", timeout="1m")
    fc = FlowControl(debounce=Debounce("5s", key="event.data.doc"), cancel_on=[rule])
    events = make_events(function, [(0, {"doc": "a"}), (1_000, {"doc": "a"}), (1_500, {"doc": "b"}),
                                    (2_500, {"doc": "c"})])
    deleted_a = _cancelling_event(sqlite_engine, "test/doc.deleted", {"doc": "a"}, 2_000)
    _cancelling_event(sqlite_engine, "test/doc.deleted", {"doc": "c"}, 2_000)  # before c arrived: no effect
    _cancelling_event(sqlite_engine, "test/doc.deleted", {"doc": "zzz"}, 2_000)  # matches nothing
    result = simulate(sqlite_engine, function, fc, events, tick_ms=500, until_ms=20_000)
    reason = f"cancelled by test/doc.deleted event {deleted_a}"
    assert result.skipped == {events[0].id: reason, events[1].id: reason}  # the whole window of "a"
    assert set(result.started) == {events[2].id, events[3].id}
    assert fc.describe()["cancel_on"] == "test/doc.deleted matching data.doc within 1m"


def test_cancel_on_with_inngest_if_expression_and_timeout(sqlite_engine: Engine) -> None:
    from jobsearch_pipelines.lib.flow_control.config import Batch, CancelOn

    function = unique_function("cancel_if")
    fc = FlowControl(batch=Batch(max_size=10, timeout="10s"),
                     cancel_on=CancelOn("test/user.deleted", if_="async.data.userId == event.data.userId",
                                        timeout="3s"))
    events = make_events(function, [(0, {"userId": "u1"}), (0, {"userId": "u2"}), (4_000, {"userId": "u2"})])
    by_u1 = _cancelling_event(sqlite_engine, "test/user.deleted", {"userId": "u1"}, 1_000)
    _cancelling_event(sqlite_engine, "test/user.deleted", {"userId": "u2"}, 3_500)  # 3.5 s after u2: too late
    result = simulate(sqlite_engine, function, fc, events, tick_ms=500, until_ms=20_000)
    assert result.skipped == {events[0].id: f"cancelled by test/user.deleted event {by_u1}"}
    assert set(result.started) == {events[1].id, events[2].id}  # the later u2 event arrived after the deletion


def test_cancel_on_rules_fail_at_definition_naming_the_field() -> None:
    from jobsearch_pipelines.lib.flow_control.config import CancelOn

    with pytest.raises(FlowControlError, match=r"cancel_on\.event"):
        CancelOn("")
    with pytest.raises(FlowControlError, match=r"cancel_on\.match"):
        CancelOn("x/y", match="event.data.userId")
    with pytest.raises(FlowControlError, match=r"cancel_on\.if"):
        CancelOn("x/y", if_="async.data.userId == ")
    with pytest.raises(FlowControlError, match=r"cancel_on"):
        FlowControl(cancel_on=["x/y"])  # type: ignore[list-item]
    with pytest.raises(FlowControlError, match=r"at most 5"):
        FlowControl(cancel_on=[CancelOn(f"x/{i}") for i in range(6)])
