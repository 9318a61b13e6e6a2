"""Moving events through their life cycle: dispatch into batches, claim, handle, write the outcome, recover.

Plain SQLAlchemy, no Dagster: the sensor calls ``plan_dispatch`` (which asks flow control and marks the
chosen events ``queued`` under a run key) and ``recover_stalled``; the job calls ``claim_batch`` and
``process_event``. Guarantees: an event is claimed by one run at a time (conditional UPDATE), its handler's
writes and its final status commit in one transaction, and a re-run of a batch skips finished events.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Engine, and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Event, Failure
from jobsearch_pipelines.lib.events.functions import EventFunction, EventRecord, Outcome, PermanentError
from jobsearch_pipelines.lib.flow_control.config import parse_period
from jobsearch_pipelines.lib.flow_control.expr import key_string
from jobsearch_pipelines.lib.flow_control.gcra import RateLimitExceeded
from jobsearch_pipelines.lib.flow_control.shared_limiter import SharedGcraLimiter

IN_FLIGHT = ("queued", "processing")
FINAL = ("processed", "skipped", "dead", "duplicate")
MAX_ERROR_LENGTH = 4000
MAX_SCAN = 10_000  # events read per sensor tick: keeps an evaluation to a few seconds on a backlog

RunState = Literal["active", "finished", "missing"]


# ----------------------------------------------------------------------------------------------- dispatch


@dataclass
class PlannedBatch:
    """One run to request: its run key, its events in order and its run tags."""

    run_key: str
    events: list[EventRecord]
    tags: dict[str, str]

    @property
    def event_ids(self) -> list[str]:
        return [e.id for e in self.events]


@dataclass
class DispatchPlan:
    batches: list[PlannedBatch] = field(default_factory=list)
    skipped: list[tuple[EventRecord, str]] = field(default_factory=list)
    waiting: int = 0
    held: int = 0  # ready but kept back: more of one order key than a batch, or the tick's run budget is spent
    last_seq: int | None = None


_DUE_COLUMNS = (Event.id, Event.seq, Event.name, Event.data, Event.ts, Event.attempts, Event.client_id,
                Event.received_at, Event.dispatches)


def _is_due(now: Any) -> Any:
    """Pending, or failed with its retry time come: what dispatch and a draining run may take."""
    return or_(Event.status == "pending", and_(Event.status == "failed", Event.next_attempt_at <= now))


def due_events(session: Session, fn: EventFunction, now: datetime, limit: int,
               received_before: datetime | None = None) -> list[tuple[EventRecord, int]]:
    """Pending events and failed events whose retry time has come, oldest first, with their dispatch counts (only
    the columns dispatch needs: a tick reads up to ``MAX_SCAN`` of them); ``received_before`` leaves out newer
    ones."""
    query = select(*_DUE_COLUMNS).where(Event.name == fn.event).where(_is_due(now))
    if received_before is not None:
        query = query.where(Event.received_at <= received_before)
    return _records_with_dispatches(session, query.order_by(Event.seq).limit(limit))


def _records_with_dispatches(session: Session, query: Any) -> list[tuple[EventRecord, int]]:
    return [(EventRecord(id=i, seq=seq, name=name, data=data or {}, ts=ts, attempts=attempts, client_id=client,
                         received_at=received), dispatches or 0)
            for i, seq, name, data, ts, attempts, client, received, dispatches in session.execute(query).tuples()]


def batch_run_key(fn: EventFunction, events: Sequence[EventRecord], dispatches: Sequence[int]) -> str:
    """A run key derived from the event ids and their dispatch count (a re-dispatch gets a new key)."""
    digest = hashlib.sha256("|".join(f"{e.id}:{d}" for e, d in zip(events, dispatches, strict=True)).encode())
    return f"{fn.name}:{events[0].seq}-{events[-1].seq}:{len(events)}:{digest.hexdigest()[:16]}"


def _group_of(fn: EventFunction, admitted: Any) -> tuple[Any, ...]:
    fc = fn.flow_control
    concurrency = getattr(fc, "concurrency", None)
    keyed = concurrency is not None and getattr(concurrency, "key", None)
    return (admitted.concurrency_key if keyed else None, admitted.batch_key, admitted.priority)


def _batch_limit(fn: EventFunction) -> int:
    batch = getattr(fn.flow_control, "batch", None)
    return min(fn.batch_size, batch.max_size) if batch is not None else fn.batch_size


def group_into_batches(fn: EventFunction, ready: Sequence[Any]) -> tuple[list[list[Any]], int]:
    """Split admitted events into at most ``max_runs_per_tick`` batches; returns (batches, held count).

    A batch holds one flow-control group (keyed concurrency value, batch key, priority). The events of an
    order key form a unit that is never split across runs (at most a batch of them per tick, in order; the
    rest wait); units are packed first-fit in order of their oldest event.
    """
    limit = _batch_limit(fn)
    units: dict[tuple[Any, ...], list[Any]] = {}
    for position, admitted in enumerate(ready):
        group = _group_of(fn, admitted)
        order = fn.order_value(admitted.event.data)
        units.setdefault((group, order if order is not None else f"#{position}"), []).append(admitted)
    batches: list[list[Any]] = []
    groups: list[tuple[Any, ...]] = []
    held = 0
    for (group, _order), unit in units.items():
        held += max(len(unit) - limit, 0)
        unit = unit[:limit]
        index = next((i for i, b in enumerate(batches) if groups[i] == group and len(b) + len(unit) <= limit), None)
        if index is None:
            if len(batches) >= fn.max_runs_per_tick:
                held += len(unit)
                continue
            batches.append([])
            groups.append(group)
            index = len(batches) - 1
        batches[index].extend(unit)
    for batch in batches:
        batch.sort(key=lambda a: a.event.seq)
    return batches, held


def plan_dispatch(session: Session, fn: EventFunction, now: datetime, *, scan_limit: int | None = None,
                  received_before: datetime | None = None) -> DispatchPlan:
    """Choose the next batches of ``fn``: flow control first, then grouping; marks skipped and queued events.

    ``received_before`` leaves newer events to a run that is draining them (``EventFunction.drain_for``). An
    event such a run claimed meanwhile is left out of its batch (the queue update is conditional). The caller
    commits, then requests one run per ``PlannedBatch`` (run key and tags included).
    """
    from jobsearch_pipelines.lib.flow_control import gate

    plan = DispatchPlan()
    scan_limit = scan_limit or min(max(fn.batch_size * fn.max_runs_per_tick, 200), MAX_SCAN)
    due = due_events(session, fn, now, scan_limit, received_before)
    if not due:
        return plan
    plan.last_seq = due[-1][0].seq
    dispatched = {record.id: count for record, count in due}
    offered = [record for record, _ in due]
    admission = gate.admit(session, fn.name, fn.flow_control, offered, now)
    if admission.skipped:
        session.execute(_SKIP_UPDATE, [{"event_id": record.id, "reason": str(reason)[:MAX_ERROR_LENGTH], "now": now}
                                       for record, reason in admission.skipped])
        plan.skipped.extend((record, str(reason)) for record, reason in admission.skipped)
    plan.waiting = len(admission.waiting)
    batches, held = group_into_batches(fn, admission.ready)
    plan.held += held
    for group in batches:
        records = [a.event for a in group]
        run_key = batch_run_key(fn, records, [dispatched[r.id] + 1 for r in records])
        records = _mark_queued(session, fn, records, run_key, now)
        if not records:
            continue
        tags = {str(k): str(v) for k, v in gate.run_tags(fn.name, fn.flow_control, group).items()}
        tags.update(batch_tags(fn, run_key, records))
        plan.batches.append(PlannedBatch(run_key=run_key, events=records, tags=tags))
    session.flush()
    return plan


def _update_by_id(**values: Any) -> Any:
    """An UPDATE of one event (``event_id``), executed with one parameter set per event (batched by the driver)."""
    return update(Event.__table__).where(Event.__table__.c.id == bindparam("event_id")).values(**values)


def _take_update(**values: Any) -> Any:
    """An UPDATE handing one event (``event_id``) to a batch, only while it is still due: a dispatching sensor
    and a draining run may both reach for it, and the first one wins."""
    return _update_by_id(dispatch_key=bindparam("run_key"), dispatches=Event.__table__.c.dispatches + 1,
                         dispatched_at=bindparam("now"), order_key=bindparam("order"),
                         **values).where(_is_due(bindparam("now")))


_QUEUE_UPDATE = _take_update(status="queued")
_SKIP_UPDATE = _update_by_id(status="skipped", skip_reason=bindparam("reason"), processed_at=bindparam("now"))


def _mark_queued(session: Session, fn: EventFunction, records: Sequence[EventRecord], run_key: str,
                 now: datetime) -> list[EventRecord]:
    """Hand ``records`` to the run ``run_key`` (one statement, one parameter set per event); returns those it got."""
    session.execute(_QUEUE_UPDATE, [{"event_id": r.id, "run_key": run_key, "now": now,
                                     "order": fn.order_value(r.data)} for r in records])
    return _taken(session, records, run_key)


def _taken(session: Session, records: Sequence[EventRecord], dispatch_key: str) -> list[EventRecord]:
    """Those of ``records`` that the batch ``dispatch_key`` holds."""
    got = set(session.scalars(select(Event.id).where(Event.dispatch_key == dispatch_key)))
    return [r for r in records if r.id in got]


def batch_tags(fn: EventFunction, run_key: str, records: Sequence[EventRecord]) -> dict[str, str]:
    """Tags that make a batch's run findable in the UI: function, event, batch key, first event ids."""
    ids = [r.id for r in records]
    shown = ",".join(ids[:5]) + (f",+{len(ids) - 5} more" if len(ids) > 5 else "")
    tags = {
        "jobsearch/function": fn.name,
        "jobsearch/event": fn.event,
        "jobsearch/batch": run_key,
        "jobsearch/event_count": str(len(ids)),
        "jobsearch/event_ids": shown,
    }
    users = {fn.order_value(r.data) for r in records} - {None}
    if len(users) == 1:
        tags["jobsearch/order_key"] = str(next(iter(users)))
    return tags


# ----------------------------------------------------------------------------------------------- recovery


def recover_stalled(session: Session, fn: EventFunction, now: datetime, run_state: Callable[[str], RunState],
                    *, grace: timedelta = timedelta(seconds=30), limit: int = 50) -> dict[str, int]:
    """Give back events whose run ended (or never appeared) without finishing them.

    ``run_state(dispatch_key)`` says whether a run for that batch is active, finished, or missing. Events of
    a finished run count a failed attempt (they may have crashed it); a batch whose run never appeared
    within ``fn.stale_after`` goes back to pending.
    """
    keys = list(session.scalars(
        select(Event.dispatch_key)
        .where(Event.name == fn.event, Event.status.in_(IN_FLIGHT), Event.dispatched_at < now - grace)
        .distinct().limit(limit)
    ))
    counts = {"requeued": 0, "failed": 0, "dead": 0}
    for key in keys:
        if key is None:
            continue
        state = run_state(key)
        if state == "active":
            continue
        rows = list(session.scalars(select(Event).where(Event.dispatch_key == key, Event.status.in_(IN_FLIGHT))))
        if state == "missing":
            if any(row.dispatched_at and row.dispatched_at > now - fn.stale_after for row in rows):
                continue
            for row in rows:
                if row.status == "queued":
                    row.status, row.dispatch_key = "pending", None
                    counts["requeued"] += 1
                    continue
                _fail(session, fn, row, f"run for batch {key} disappeared", now, counts)
            continue
        for row in rows:
            if row.status == "queued":
                row.attempts += 1
            _fail(session, fn, row, f"run for batch {key} ended before this event was finished", now, counts)
    session.flush()
    return counts


def _fail(session: Session, fn: EventFunction, row: Event, error: str, now: datetime,
          counts: dict[str, int] | None = None, permanent: bool = False) -> str:
    """Record a failed attempt: retry later with backoff, or dead-letter after ``max_attempts``."""
    row.last_error = error[-MAX_ERROR_LENGTH:]
    row.dispatch_key = None
    if permanent or row.attempts >= fn.max_attempts:
        row.status, row.next_attempt_at, row.processed_at = "dead", None, now
        session.add(Failure(kind="event", ref=row.id, payload={"name": row.name, "data": row.data,
                                                                 "function": fn.name},
                            error=row.last_error, attempts=row.attempts, status="dead", run_id=row.run_id))
    else:
        row.status, row.next_attempt_at = "failed", now + fn.backoff(row.attempts)
    if counts is not None:
        counts["dead" if row.status == "dead" else "failed"] += 1
    return row.status


# ----------------------------------------------------------------------------------------------- the run


def claim_batch(engine: Engine, dispatch_key: str, run_id: str, now: datetime) -> list[EventRecord]:
    """Take the batch's unfinished events for ``run_id`` (also from a crashed earlier run of the same batch).

    One conditional UPDATE, so two runs never hold the same event; finished events are left alone.
    """
    with session_scope(engine) as session:
        session.execute(
            update(Event)
            .where(Event.dispatch_key == dispatch_key)
            .where(or_(Event.status == "queued", and_(Event.status == "processing", Event.run_id != run_id)))
            .values(status="processing", run_id=run_id, claimed_at=now, attempts=Event.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        claimed = _records_with_dispatches(session, select(*_DUE_COLUMNS).where(
            Event.dispatch_key == dispatch_key, Event.status == "processing", Event.run_id == run_id
        ).order_by(Event.seq))
        return [record for record, _ in claimed]


_DRAIN_UPDATE = _take_update(status="processing", run_id=bindparam("run"), claimed_at=bindparam("now"),
                             attempts=Event.__table__.c.attempts + 1)
DRAIN_POLL_SECONDS = 0.02
DRAIN_GRACE = timedelta(seconds=3)  # the sensor leaves a draining run's function events younger than this


def claim_due(engine: Engine, fn: EventFunction, dispatch_key: str, run_id: str, now: datetime,
              limit: int) -> list[EventRecord]:
    """A draining run takes due events itself, oldest first, into its own batch ``dispatch_key`` (so recovery and
    a re-execution of the run treat them as the batch's); events whose order key has an older event queued or
    running elsewhere are left to the sensor's batches."""
    with session_scope(engine) as session:
        due = [record for record, _ in due_events(session, fn, now, limit)]
    blocked = _blocked_keys(engine, fn, due, run_id)
    wanted = [r for r in due if fn.order_value(r.data) not in blocked]
    if not wanted:
        return []
    with session_scope(engine) as session:
        session.execute(_DRAIN_UPDATE, [{"event_id": r.id, "run_key": dispatch_key, "run": run_id, "now": now,
                                         "order": fn.order_value(r.data)} for r in wanted])
        return _taken(session, wanted, dispatch_key)


def drain(engine: Engine, fn: EventFunction, dispatch_key: str, run_id: str, now: Callable[[], datetime], *,
          sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
          ) -> list[EventResult]:
    """After its batch, a run of a function with ``drain_for`` keeps claiming and processing due events until
    ``drain_for`` has passed or none came for ``drain_idle``: events of a steady stream then wait a fraction of
    a second instead of a sensor tick plus a run's start-up."""
    results: list[EventResult] = []
    if fn.drain_for <= timedelta(0):
        return results
    deadline = clock() + fn.drain_for.total_seconds()
    last_claim = clock()
    while clock() < deadline:
        records = claim_due(engine, fn, dispatch_key, run_id, now(), min(fn.batch_size, MAX_SCAN))
        if records:
            results.extend(process_events(engine, fn, records, run_id, now, sleep=sleep, clock=clock))
            last_claim = clock()
        elif clock() - last_claim >= fn.drain_idle.total_seconds():
            break
        else:
            sleep(DRAIN_POLL_SECONDS)
    return results


@dataclass(frozen=True)
class EventResult:
    event_id: str
    status: str  # processed, skipped, failed, dead, lost (taken by another run)
    detail: dict[str, Any] | None = None
    error: str | None = None


def _handle(session: Session, fn: EventFunction, record: EventRecord, run_id: str,
            now: Callable[[], datetime], rows: dict[str, Event] | None = None) -> EventResult:
    row = rows.get(record.id) if rows is not None else _owned(session, record.id, run_id)
    if row is None:
        return EventResult(record.id, "lost")
    outcome = fn.handler(session, record)
    if not isinstance(outcome, Outcome):
        raise TypeError(f"handler of {fn.name} returned {type(outcome).__name__}, not an Outcome")
    row.status, row.processed_at, row.next_attempt_at, row.dispatch_key = outcome.status, now(), None, None
    row.result = outcome.detail
    row.skip_reason = outcome.reason
    return EventResult(record.id, outcome.status, detail=outcome.detail)


def process_events(engine: Engine, fn: EventFunction, records: Sequence[EventRecord], run_id: str,
                   now: Callable[[], datetime], *, sleep: Callable[[float], None] = time.sleep,
                   clock: Callable[[], float] = time.monotonic) -> list[EventResult]:
    """Process claimed events in order, ``fn.events_per_transaction`` per transaction.

    Per-key order across runs: events whose order key still has an older event running or queued in
    another batch are put aside; the others are processed first, then the run polls until the older batch
    is done (at most ``fn.order_wait``) and processes the rest, or gives them back to pending (outcome
    ``deferred``, no attempt counted) to be dispatched again on a later tick.
    """
    results = _cancel_claimed(engine, fn, records, run_id, now)
    cancelled = {result.event_id for result in results}
    waiting = [record for record in records if record.id not in cancelled]
    deadline = clock() + fn.order_wait.total_seconds()
    while waiting:
        blocked = _blocked_keys(engine, fn, waiting, run_id)
        ready = [r for r in waiting if fn.order_value(r.data) not in blocked]
        waiting = [r for r in waiting if fn.order_value(r.data) in blocked]
        if fn.flow_control.throttle is not None:
            results.extend(_process_throttled(engine, fn, ready, run_id, now, sleep))
        else:
            results.extend(_process_in_groups(engine, fn, ready, run_id, now))
        if not waiting:
            break
        remaining = deadline - clock()
        if remaining <= 0:
            results.extend(_give_back(engine, waiting, run_id))
            break
        sleep(min(1.0, remaining))
    return results


_CANCEL_UPDATE = _update_by_id(status="skipped", skip_reason=bindparam("reason"), processed_at=bindparam("now"),
                               dispatch_key=None).where(Event.__table__.c.status == "processing",
                                                        Event.__table__.c.run_id == bindparam("run"))


def _cancel_claimed(engine: Engine, fn: EventFunction, records: Sequence[EventRecord], run_id: str,
                    now: Callable[[], datetime]) -> list[EventResult]:
    """cancelOn also reaches events already queued for a run: before any handler starts, a claimed event that a
    matching event arriving after it cancels is skipped with the reason (a handler that runs is not interrupted)."""
    if not fn.flow_control.cancel_on or not records:
        return []
    from jobsearch_pipelines.lib.flow_control import gate

    with session_scope(engine) as session:
        at = now()
        reasons = gate.cancel_reasons(session, fn.flow_control, records, at)
        if reasons:
            session.execute(_CANCEL_UPDATE, [{"event_id": event_id, "run": run_id, "reason": reason, "now": at}
                                             for event_id, reason in reasons.items()])
    return [EventResult(r.id, "skipped", detail={"reason": reasons[r.id]}) for r in records if r.id in reasons]


START_WAIT_PERIODS = 3  # a run waits at most this many throttle periods for its handler's start slot


def _process_throttled(engine: Engine, fn: EventFunction, records: Sequence[EventRecord], run_id: str,
                       now: Callable[[], datetime], sleep: Callable[[float], None]) -> list[EventResult]:
    """The throttle holds where the work happens: admission spaced the runs, but a run may wait longer or less
    for the queue, so each handler also takes a start slot of the key's throttle (shared by every run through the
    database). Two handler starts of one key are never closer than the throttle allows; an event whose slot does
    not come within ``START_WAIT_PERIODS`` periods goes back to pending (no attempt counted)."""
    throttle = fn.flow_control.throttle
    assert throttle is not None
    period = parse_period(throttle.period, "throttle.period").total_seconds()
    results: list[EventResult] = []
    for index, record in enumerate(records):
        key = key_string(throttle.key_expr.evaluate(record)) if throttle.key_expr is not None else ""
        name = "start:" + hashlib.sha256(f"{fn.name}\0{key}".encode()).hexdigest()[:40]
        limiter = SharedGcraLimiter(engine, name, throttle.limit, throttle.period,
                                    burst=throttle.limit + throttle.burst - 1, sleep=sleep)
        try:
            limiter.acquire(timeout=period * START_WAIT_PERIODS)
        except RateLimitExceeded:
            results.extend(_give_back(engine, records[index:], run_id))
            break
        results.append(process_event(engine, fn, record, run_id, now))
    return results


def _process_in_groups(engine: Engine, fn: EventFunction, records: Sequence[EventRecord], run_id: str,
                       now: Callable[[], datetime]) -> list[EventResult]:
    """A group whose handler raises is rolled back as a whole and redone one event per transaction, so the
    failing event is recorded alone and the others still commit exactly once."""
    results: list[EventResult] = []
    size = fn.events_per_transaction
    for start in range(0, len(records), size):
        group = records[start:start + size]
        if len(group) > 1 and fn.batch_handler is not None:
            try:
                results.extend(_process_set_based(engine, fn, group, run_id, now))
                continue
            except Exception:
                pass  # redo this group one event at a time below
        elif len(group) > 1:
            try:
                with session_scope(engine) as session:
                    owned = {row.id: row for row in session.scalars(
                        select(Event).where(Event.id.in_([r.id for r in group]), Event.status == "processing",
                                            Event.run_id == run_id).with_for_update())}
                    if fn.prefetch is not None:
                        fn.prefetch(session, group)
                    results.extend(_handle(session, fn, record, run_id, now, owned) for record in group)
                continue
            except Exception:
                pass  # redo this group one event at a time below
        results.extend(process_event(engine, fn, record, run_id, now) for record in group)
    return results


# One statement for every outcome of a group.
_OUTCOME_UPDATE = _update_by_id(status=bindparam("status"),
                                result=bindparam("result", type_=Event.__table__.c.result.type),
                                skip_reason=bindparam("skip_reason"), next_attempt_at=None, dispatch_key=None)


def _process_set_based(engine: Engine, fn: EventFunction, group: Sequence[EventRecord], run_id: str,
                       now: Callable[[], datetime]) -> list[EventResult]:
    """One transaction for the group: the batch handler's set-based writes, then every outcome in one bulk
    UPDATE by primary key; an event the handler reports failed is recorded alone (``_fail``)."""
    assert fn.batch_handler is not None
    with session_scope(engine) as session:
        owned = set(session.scalars(
            select(Event.id).where(Event.id.in_([r.id for r in group]), Event.status == "processing",
                                   Event.run_id == run_id).with_for_update()))
        mine = [r for r in group if r.id in owned]
        outcomes = fn.batch_handler(session, mine) if mine else []
        if len(outcomes) != len(mine):
            raise TypeError(f"batch handler of {fn.name} returned {len(outcomes)} outcomes for {len(mine)} events")
        finished_at = now()
        updates: list[dict[str, Any]] = []
        by_id: dict[str, EventResult] = {}
        failed: dict[str, Exception] = {}
        for record, outcome in zip(mine, outcomes, strict=True):
            if isinstance(outcome, Exception):
                failed[record.id] = outcome
                continue
            if not isinstance(outcome, Outcome):
                raise TypeError(f"batch handler of {fn.name} returned {type(outcome).__name__}, not an Outcome")
            updates.append({"event_id": record.id, "status": outcome.status, "result": outcome.detail,
                            "skip_reason": outcome.reason})
            by_id[record.id] = EventResult(record.id, outcome.status, detail=outcome.detail)
        if updates:
            session.execute(_OUTCOME_UPDATE.values(processed_at=finished_at), updates)
        if failed:
            for row in session.scalars(select(Event).where(Event.id.in_(list(failed)))):
                exc = failed[row.id]
                error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
                status = _fail(session, fn, row, error, finished_at, permanent=isinstance(exc, PermanentError))
                by_id[row.id] = EventResult(row.id, status, error=error)
    return [by_id.get(r.id) or EventResult(r.id, "lost") for r in group]


def _blocked_keys(engine: Engine, fn: EventFunction, records: Sequence[EventRecord], run_id: str) -> set[str]:
    """Order keys of ``records`` that still have an older event queued or running in another batch."""
    if not fn.order_key:
        return set()
    first: dict[str, int] = {}
    for record in records:
        key = fn.order_value(record.data)
        if key is not None:
            first[key] = min(first.get(key, record.seq), record.seq)
    if not first:
        return set()
    blocked: set[str] = set()
    keys = list(first)
    with session_scope(engine) as session:
        for start in range(0, len(keys), 500):
            oldest = session.execute(
                select(Event.order_key, func.min(Event.seq))
                .where(Event.name == fn.event, Event.order_key.in_(keys[start:start + 500]),
                       Event.status.in_(IN_FLIGHT), or_(Event.run_id.is_(None), Event.run_id != run_id))
                .group_by(Event.order_key)
            ).tuples().all()
            blocked.update(key for key, seq in oldest if seq < first[key])
    return blocked


def _give_back(engine: Engine, records: Sequence[EventRecord], run_id: str) -> list[EventResult]:
    """Return claimed events to pending without counting an attempt (they were not tried)."""
    with session_scope(engine) as session:
        session.execute(
            update(Event)
            .where(Event.id.in_([r.id for r in records]), Event.status == "processing", Event.run_id == run_id)
            .values(status="pending", dispatch_key=None, attempts=Event.attempts - 1)
            .execution_options(synchronize_session=False)
        )
    return [EventResult(r.id, "deferred") for r in records]


def process_event(engine: Engine, fn: EventFunction, record: EventRecord, run_id: str,
                  now: Callable[[], datetime]) -> EventResult:
    """Run the handler for one claimed event and write its outcome in the same transaction."""
    try:
        with session_scope(engine) as session:
            return _handle(session, fn, record, run_id, now)
    except Exception as exc:
        error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        with session_scope(engine) as session:
            row = _owned(session, record.id, run_id)
            if row is None:
                return EventResult(record.id, "lost", error=error)
            status = _fail(session, fn, row, error, now(), permanent=isinstance(exc, PermanentError))
            return EventResult(record.id, status, error=error)


def _owned(session: Session, event_id: str, run_id: str) -> Event | None:
    """The event row if ``run_id`` still holds it (locked on PostgreSQL), else None."""
    return session.scalars(
        select(Event).where(Event.id == event_id, Event.status == "processing", Event.run_id == run_id)
        .with_for_update()
    ).first()
