"""The flow-control gate: which offered events run now, which never run, and which wait.

``admit`` is called by an event function's sensor with the events that are due (oldest first). Order of
checks, as in Inngest: rate limit (drop) -> debounce (park; the winner continues when the timer fires) ->
throttle (FIFO delay) -> batch (accumulate). Concurrency and priority are not decided here: they become run
tags (``run_tags``) that the Dagster run queue enforces (per-unique-value tag limit, ``dagster/priority``).

Every decision is stored per (function, event) in ``flow_event_states`` within the caller's transaction, so
offering the same events again (a held event, a retry, a crashed tick) consumes nothing twice and returns
the same answer; waiting events survive daemon restarts. Times: the rate limit and debounce use each event's
arrival (``received_at``, at most ``now``), throttle and batch release use ``now``; nothing reads a clock.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any, Protocol

from sqlalchemy import and_, delete, select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import Event, FlowBucket, FlowDebounce, FlowEventState
from jobsearch_pipelines.lib.flow_control.config import PRIORITY_MAX, PRIORITY_MIN, FlowControl, format_period
from jobsearch_pipelines.lib.flow_control.expr import Expression, key_string
from jobsearch_pipelines.lib.flow_control.gcra import gcra, interval_us, to_us
from jobsearch_pipelines.lib.flow_control.locking import write_lock

__all__ = [
    "CONCURRENCY_TAG_PREFIX",
    "PRIORITY_TAG",
    "RATE_LIMITED",
    "Admission",
    "Admitted",
    "EventLike",
    "admit",
    "bypass",
    "concurrency_tag",
    "evaluate_priority",
    "run_tags",
    "superseded_reason",
]

CONCURRENCY_TAG_PREFIX = "jobsearch/concurrency."
PRIORITY_TAG = "dagster/priority"
RATE_LIMITED = "rate limited"
DECISION_RETENTION = timedelta(days=3)  # finished decisions are kept this long (re-offers, retries)
_MAX_KEY = 255
_CHUNK = 500


class EventLike(Protocol):
    id: str
    seq: int
    data: dict[str, Any]
    ts: int


@dataclass(frozen=True)
class Admitted:
    """An event that may run now, with the values its run is tagged with."""

    event: Any
    concurrency_key: str | None = None
    priority: int = 0
    batch_key: str | None = None


@dataclass
class Admission:
    ready: list[Admitted] = field(default_factory=list)
    skipped: list[tuple[Any, str]] = field(default_factory=list)
    waiting: list[Any] = field(default_factory=list)


def superseded_reason(winner_id: str) -> str:
    return f"debounced: superseded by {winner_id}"


def concurrency_tag(function: str) -> str:
    """The run tag that carries a function's concurrency key (one tag limit per function in dagster.yaml)."""
    return f"{CONCURRENCY_TAG_PREFIX}{function}"


def _column_key(value: str) -> str:
    """A key that fits the key columns: long keys keep a prefix and get a hash suffix (no collisions)."""
    if len(value) <= _MAX_KEY:
        return value
    return value[:200] + "#" + hashlib.sha256(value.encode()).hexdigest()[:32]


def _key(expr: Expression | None, event: Any) -> str:
    return "" if expr is None else _column_key(key_string(expr.evaluate(event)))


def _key_unless_false(expr: Expression | None, event: Any) -> str | None:
    """``_key``, or None when the expression gives ``false`` (Inngest: "this event is not limited")."""
    if expr is None:
        return ""
    raw = expr.evaluate(event)
    return None if raw is False else _column_key(key_string(raw))


def _keys(expr: Expression | None, events: Iterable[Any]) -> set[str]:
    return {_key(expr, e) for e in events}


def evaluate_priority(fc: FlowControl, event: Any) -> int:
    """The event's integer priority (0 without a priority; non-numbers count as 0), clamped to -600..600."""
    if fc.priority is None or fc.priority.run_expr is None:
        return 0
    value = fc.priority.run_expr.evaluate(event)
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return 0
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return 0
    return max(PRIORITY_MIN, min(PRIORITY_MAX, int(value)))


def _admitted(fc: FlowControl, event: Any) -> Admitted:
    concurrency = None
    if fc.concurrency is not None:
        concurrency = _key(fc.concurrency.key_expr, event) if fc.concurrency.key_expr else "all"
    batch_key = _key(fc.batch.key_expr, event) if fc.batch is not None else None
    if batch_key is None and fc.debounce is not None and fc.debounce.mode == "all":
        batch_key = "debounce:" + _key(fc.debounce.key_expr, event)  # the window's events share one run
    return Admitted(event, concurrency, evaluate_priority(fc, event), batch_key)


def run_tags(function: str, fc: FlowControl, group: Sequence[Admitted]) -> dict[str, str]:
    """Run tags of one run holding ``group``: the concurrency key tag and ``dagster/priority`` (the highest)."""
    tags: dict[str, str] = {}
    if not group:
        return tags
    if fc.concurrency is not None:
        keys = {a.concurrency_key for a in group}
        if len(keys) > 1:
            raise ValueError(f"run of {function} mixes concurrency keys {sorted(map(str, keys))}")
        tags[concurrency_tag(function)] = str(group[0].concurrency_key or "all")
    if fc.priority is not None:
        tags[PRIORITY_TAG] = str(max(a.priority for a in group))
    return tags


# ------------------------------------------------------------------------------------------------ state


class _State:
    """The rows one ``admit`` call reads and writes, cached for the call (locked on PostgreSQL)."""

    def __init__(self, session: Session, function: str, now: datetime) -> None:
        self.session, self.function, self.now = session, function, now
        self.events: dict[str, FlowEventState] = {}
        self.buckets: dict[tuple[str, str], FlowBucket | None] = {}
        self.debounces: dict[str, FlowDebounce | None] = {}
        self.offered: dict[str, Any] = {}
        self._members: dict[str, list[FlowEventState]] | None = None

    def load_events(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _CHUNK):
            rows = self.session.scalars(select(FlowEventState).where(
                FlowEventState.function == self.function, FlowEventState.event_id.in_(ids[start:start + _CHUNK])))
            for row in rows:
                self.events[row.event_id] = row

    def record(self, event: Any, stage: str, state: str, key: str | None, arrival: datetime,
               reason: str | None = None) -> FlowEventState:
        row = FlowEventState(function=self.function, event_id=event.id, seq=event.seq, stage=stage, state=state,
                             key=key, reason=reason, arrival_at=arrival, ts=getattr(event, "ts", None),
                             decided_at=self.now)
        self.session.add(row)
        self.events[event.id] = row
        if stage == "debounce" and self._members is not None:
            self._members.setdefault(key or "", []).append(row)
        return row

    def members(self, key: str) -> list[FlowEventState]:
        """Waiting debounce rows of ``key`` (all keys are read once per call, then kept up to date)."""
        if self._members is None:
            self._members = {k: list(v) for k, v in self.waiting("debounce").items()}
        return self._members.setdefault(key, [])

    def preload_buckets(self, kind: str, keys: Iterable[str]) -> None:
        """Read (and lock) the buckets of ``keys`` in as few queries as possible."""
        wanted = sorted({k for k in keys if (kind, k) not in self.buckets})
        with self.session.no_autoflush:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                for row in self.session.scalars(select(FlowBucket).where(
                        FlowBucket.function == self.function, FlowBucket.kind == kind,
                        FlowBucket.key.in_(chunk)).with_for_update()):
                    self.buckets[(kind, row.key)] = row
                for key in chunk:
                    self.buckets.setdefault((kind, key), None)

    def bucket(self, kind: str, key: str) -> FlowBucket | None:
        if (kind, key) not in self.buckets:
            self.preload_buckets(kind, [key])
        return self.buckets[(kind, key)]

    def take(self, kind: str, key: str, at: datetime, interval: Fraction, capacity: int) -> bool:
        """One GCRA request on bucket (kind, key) at ``at``; stores the new TAT when allowed."""
        row = self.bucket(kind, key)
        decision = gcra(Fraction(row.tat) if row else None, to_us(at), interval, capacity)
        if not decision.allowed:
            return False
        if row is None:
            row = FlowBucket(function=self.function, kind=kind, key=key, tat=str(decision.tat),
                             interval_us=str(interval), capacity=capacity, updated_at=self.now)
            self.session.add(row)
            self.buckets[(kind, key)] = row
        else:
            row.tat, row.interval_us, row.capacity, row.updated_at = (str(decision.tat), str(interval), capacity,
                                                                     self.now)
        return True

    def preload_debounces(self, keys: Iterable[str]) -> None:
        wanted = sorted({k for k in keys if k not in self.debounces})
        with self.session.no_autoflush:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                for row in self.session.scalars(select(FlowDebounce).where(
                        FlowDebounce.function == self.function, FlowDebounce.key.in_(chunk)).with_for_update()):
                    self.debounces[row.key] = row
                for key in chunk:
                    self.debounces.setdefault(key, None)

    def debounce(self, key: str) -> FlowDebounce | None:
        if key not in self.debounces:
            self.preload_debounces([key])
        return self.debounces[key]

    def waiting(self, stage: str) -> dict[str, list[FlowEventState]]:
        """Waiting rows of ``stage`` by key, in FIFO (seq) order; includes rows recorded in this call."""
        self.session.flush()
        rows = self.session.scalars(select(FlowEventState).where(
            FlowEventState.function == self.function, FlowEventState.stage == stage,
            FlowEventState.state == "waiting").order_by(FlowEventState.seq))
        out: dict[str, list[FlowEventState]] = defaultdict(list)
        for row in rows:
            self.events.setdefault(row.event_id, row)
            out[row.key or ""].append(row)
        return out


# ------------------------------------------------------------------------------------------------ admit


def _arrival(event: Any, now: datetime) -> datetime:
    received = getattr(event, "received_at", None)
    if isinstance(received, datetime) and received.tzinfo is not None:
        return min(received, now)
    return now


def _stateless(fc: FlowControl) -> bool:
    return (fc.rate_limit is None and fc.debounce is None and fc.throttle is None and fc.batch is None
            and fc.idempotency is None and fc.singleton is None and not fc.cancel_on)


def admit(session: Session, function: str, fc: FlowControl, events: Sequence[Any], now: datetime) -> Admission:
    """Decide the offered ``events`` (objects with ``id, seq, data, ts`` and optionally ``received_at``).

    Returns ready events (with concurrency key, priority and batch key), skipped ones with their reason
    ("rate limited", "debounced: superseded by <id>") and waiting ones (throttled, debouncing, batching).
    Writes its state through ``session``; the caller commits together with its own updates.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    ordered = sorted(events, key=lambda e: e.seq)
    admission = Admission()
    if _stateless(fc):
        admission.ready = [_admitted(fc, e) for e in ordered]
        return _sorted(fc, admission)
    write_lock(session)  # one decision at a time per database on SQLite (PostgreSQL locks the rows it reads)
    state = _State(session, function, now)
    state.offered = {e.id: e for e in ordered}
    state.load_events([e.id for e in ordered])
    new = [e for e in ordered if e.id not in state.events]
    if fc.idempotency is not None and new:
        state.preload_buckets("idempotency", _keys(fc.idempotency.key_expr, new))
    if fc.rate_limit is not None and new:
        state.preload_buckets("rate_limit", _keys(fc.rate_limit.key_expr, new))
    if fc.debounce is not None and new:
        state.preload_debounces(_keys(fc.debounce.key_expr, new))
    for event in new:
        _enter(state, fc, event, _arrival(event, now))
    if fc.cancel_on:
        _cancel(state, fc, ordered)
    _fire_debounces(state, fc, before=now, key=None)
    _release_throttled(state, fc)
    _release_batches(state, fc)
    if fc.singleton is not None:
        _apply_singletons(state, fc, ordered)
    for event in ordered:
        row = state.events[event.id]
        if row.state == "admitted":
            admission.ready.append(_admitted(fc, event))
        elif row.state == "skipped":
            admission.skipped.append((event, row.reason or "skipped by flow control"))
        else:
            admission.waiting.append(event)
    session.execute(delete(FlowEventState).where(
        FlowEventState.function == function, FlowEventState.decided_at < now - DECISION_RETENTION,
        FlowEventState.state.in_(("admitted", "skipped"))))
    session.flush()
    return _sorted(fc, admission)


def _sorted(fc: FlowControl, admission: Admission) -> Admission:
    if fc.priority is not None:
        admission.ready.sort(key=lambda a: (-a.priority, a.event.seq))
    return admission


def _enter(state: _State, fc: FlowControl, event: Any, arrival: datetime) -> None:
    """A new event: idempotency, rate limit, then debounce, then the later stages."""
    if fc.idempotency is not None:
        key = _key(fc.idempotency.key_expr, event)
        period = fc.idempotency.period
        # one slot per key per period: a GCRA bucket of capacity 1 whose interval is the period
        if not state.take("idempotency", key, arrival, interval_us(1, period), 1):  # type: ignore[arg-type]
            state.record(event, "idempotency", "skipped", key, arrival,
                         f"idempotent: a repeat of key {key!r} within {format_period(period)}")  # type: ignore[arg-type]
            return
    if fc.rate_limit is not None:
        key = _key_unless_false(fc.rate_limit.key_expr, event)
        if key is not None:  # a key of `false` means "not rate limited" (Inngest)
            interval = interval_us(fc.rate_limit.limit, fc.rate_limit.period)  # type: ignore[arg-type]
            if not state.take("rate_limit", key, arrival, interval, fc.rate_limit.burst + 1):
                state.record(event, "rate_limit", "skipped", key, arrival, RATE_LIMITED)
                return
    if fc.debounce is not None:
        _debounce(state, fc, event, arrival)
        return
    _after_debounce(state, fc, event, arrival, None)


def _after_debounce(state: _State, fc: FlowControl, event: Any, arrival: datetime,
                    row: FlowEventState | None) -> None:
    """Queue for the throttle or a batch, or admit; ``row`` is the event's existing row (a debounce winner)."""
    if fc.throttle is not None:
        stage, key, status = "throttle", _key(fc.throttle.key_expr, event), "waiting"
    elif fc.batch is not None:
        stage, key, status = "batch", _key(fc.batch.key_expr, event), "waiting"
    else:
        stage, key, status = "none", None, "admitted"
    if row is None:
        state.record(event, stage, status, key, arrival)
    else:
        row.stage, row.state, row.key, row.arrival_at, row.decided_at = stage, status, key, arrival, state.now


class _Stored:
    """An event as far as a key expression needs it, for winners that are not among the offered events."""

    def __init__(self, data: dict[str, Any], row: FlowEventState) -> None:
        self.id, self.seq, self.ts, self.data, self.name = row.event_id, row.seq, row.ts, data, None


# ------------------------------------------------------------------------------------------------ debounce


def _debounce(state: _State, fc: FlowControl, event: Any, arrival: datetime) -> None:
    assert fc.debounce is not None
    key = _key(fc.debounce.key_expr, event)
    _fire_debounces(state, fc, before=arrival, key=key)
    row = state.record(event, "debounce", "waiting", key, arrival)
    current = state.debounce(key)
    period: timedelta = fc.debounce.period  # type: ignore[assignment]
    timeout: timedelta | None = fc.debounce.timeout  # type: ignore[assignment]
    if current is None:
        deadline = arrival + period
        if timeout is not None:
            deadline = min(deadline, arrival + timeout)
        current = FlowDebounce(function=state.function, key=key, first_at=arrival, last_at=arrival,
                               deadline_at=deadline, winner_event_id=event.id, winner_ts=row.ts, events=1)
        state.session.add(current)
        state.debounces[key] = current
        return
    current.events += 1
    if row.ts is not None and current.winner_ts is not None and row.ts < current.winner_ts:
        return  # older than the stored event: neither replaces it nor extends the quiet period (Inngest)
    current.winner_event_id, current.winner_ts = event.id, row.ts
    current.last_at = max(current.last_at, arrival)
    deadline = current.last_at + period
    if timeout is not None:
        deadline = min(deadline, current.first_at + timeout)
    current.deadline_at = deadline


def _fire_debounces(state: _State, fc: FlowControl, before: datetime, key: str | None) -> None:
    """Fire open debounces whose deadline is at or before ``before`` (one key, or all of the function)."""
    if key is not None:
        current = state.debounce(key)
        due = [current] if current is not None and current.deadline_at <= before else []
    else:
        query = select(FlowDebounce).where(FlowDebounce.function == state.function)
        if fc.debounce is not None:  # without debounce config (removed), every open debounce fires now
            query = query.where(FlowDebounce.deadline_at <= before)
        due = list(state.session.scalars(query.with_for_update()))
    for current in due:
        _fire(state, fc, current)


def _fire(state: _State, fc: FlowControl, current: FlowDebounce) -> None:
    """The winner continues (throttle/batch/run); every other waiting event of the key is superseded by it."""
    members = list(state.members(current.key))
    state.members(current.key).clear()
    if fc.debounce is not None and fc.debounce.mode == "all":  # every event of the window runs, in order
        for member in sorted(members, key=lambda m: m.seq):
            _after_debounce(state, fc, _winner_event(state, member), max(current.deadline_at, member.arrival_at),
                            member)
        state.session.delete(current)
        state.debounces[current.key] = None
        return
    winner = next((m for m in members if m.event_id == current.winner_event_id), None)
    for member in members:
        if member is winner:
            continue
        member.state, member.decided_at = "skipped", state.now
        member.reason = superseded_reason(current.winner_event_id)
    if winner is not None:
        event = _winner_event(state, winner)
        _after_debounce(state, fc, event, max(current.deadline_at, winner.arrival_at), winner)
    state.session.delete(current)
    state.debounces[current.key] = None


def _apply_singletons(state: _State, fc: FlowControl, ordered: Sequence[Any]) -> None:
    """Singleton: at most one event per key between admission and the end of its handler (a key of ``false``
    is not a singleton). ``skip``: an admitted event whose key already has one queued or running, or an
    earlier event of this tick, is skipped. ``cancel``: the newest event wins; older events of the key not
    started yet (queued for a run, admitted earlier in this tick, or parked) are cancelled (skipped with the
    newer event's id), and while the key's handler runs the newest event is parked (waiting, stage
    ``singleton``) until it has finished."""
    from sqlalchemy import update

    from jobsearch_pipelines.db.schema import Event

    singleton = fc.singleton
    assert singleton is not None
    names = {getattr(e, "name", None) for e in ordered} - {None}
    queued: dict[str, list[str]] = defaultdict(list)
    running: set[str] = set()
    if names:
        for event_id, name, data, status in state.session.execute(
                select(Event.id, Event.name, Event.data, Event.status).where(
                    Event.name.in_(names), Event.status.in_(("queued", "processing")))).tuples():
            if event_id in state.offered:
                continue
            key = _key_unless_false(singleton.key_expr, _Data(event_id, name, data or {}))
            if key is None:
                continue
            if status == "queued" and singleton.mode == "cancel":
                queued[key].append(event_id)
            else:
                running.add(key)
    taken: dict[str, FlowEventState] = {}
    for event in ordered:
        row = state.events.get(event.id)
        if row is None:
            continue
        fresh = row.state == "admitted" and row.decided_at == state.now
        parked = row.state == "waiting" and row.stage == "singleton"
        if not (fresh or parked):
            continue
        key = _key_unless_false(singleton.key_expr, event)
        if key is None:
            continue
        if singleton.mode == "skip":
            if key in running or key in taken:
                row.state, row.stage = "skipped", "singleton"
                row.reason = f"singleton: a run for key {key!r} is in progress"
            else:
                taken[key] = row
            continue
        reason = f"singleton: cancelled by newer event {event.id}"
        if queued.get(key):
            state.session.execute(
                update(Event).where(Event.id.in_(queued.pop(key)), Event.status == "queued")
                .values(status="skipped", skip_reason=reason, processed_at=state.now, dispatch_key=None)
                .execution_options(synchronize_session=False))
        older = taken.get(key)
        if older is not None:
            _skip(state, older, "singleton", reason)
        taken[key] = row
        if key in running:
            row.state, row.stage, row.decided_at = "waiting", "singleton", state.now
        else:
            row.state, row.decided_at = "admitted", state.now


def cancel_reasons(session: Session, fc: FlowControl, events: Sequence[Any], now: datetime) -> dict[str, str]:
    """cancelOn: ``{event id: reason}`` for each of ``events`` that a matching cancelling event, arriving after it
    (within the rule's timeout, not after ``now``), cancels; the first rule that matches gives the reason."""
    reasons: dict[str, str] = {}
    if not fc.cancel_on or not events:
        return reasons
    oldest = min(_arrival(event, now) for event in events)
    for rule in fc.cancel_on:
        cancelling = [_Data(event_id, name, data or {}, received)
                      for event_id, name, data, received in session.execute(
                          select(Event.id, Event.name, Event.data, Event.received_at)
                          .where(Event.name == rule.event, Event.received_at > oldest).order_by(Event.seq)).tuples()]
        for event in events if cancelling else ():
            if event.id in reasons:
                continue
            arrival = _arrival(event, now)
            until = arrival + rule.timeout if rule.timeout is not None else None  # type: ignore[operator]
            cause = next((c for c in cancelling if arrival < c.received_at <= now
                          and (until is None or c.received_at <= until) and rule.matches(event, c)), None)
            if cause is not None:
                reasons[event.id] = f"cancelled by {cause.name} event {cause.id}"
    return reasons


def _cancel(state: _State, fc: FlowControl, ordered: Sequence[Any]) -> None:
    """cancelOn: an offered event not dispatched yet (waiting in a stage, or admitted but still pending) is
    skipped when a matching cancelling event arrived after it (within the rule's timeout). Events already queued
    for a run are cancelled when the run claims them (``processing.process_events``)."""
    open_rows = [(event, state.events[event.id]) for event in ordered
                 if event.id in state.events and state.events[event.id].state in ("waiting", "admitted")]
    reasons = cancel_reasons(state.session, fc, [event for event, _ in open_rows], state.now)
    cancelled_debounce_keys: dict[str, str] = {}
    for event, row in open_rows:
        reason = reasons.get(event.id)
        if reason is None:
            continue
        if row.stage == "debounce":
            cancelled_debounce_keys.setdefault(row.key or "", reason)
        _skip(state, row, "cancel_on", reason)
    for key, reason in cancelled_debounce_keys.items():
        current = state.debounce(key)
        winner = state.events.get(current.winner_event_id) if current is not None else None
        if current is None or winner is None or winner.state != "skipped":
            continue  # the window's winner still stands: it runs when the window closes
        for member in list(state.members(key)):
            if member.state == "waiting":
                _skip(state, member, "cancel_on", reason)
        state.members(key).clear()
        state.session.delete(current)
        state.debounces[key] = None


def _skip(state: _State, row: FlowEventState, stage: str, reason: str) -> None:
    row.state, row.stage, row.reason, row.decided_at = "skipped", stage, reason, state.now
    if state._members is not None:
        for members in state._members.values():
            if row in members:
                members.remove(row)


class _Data:
    """An in-flight event as a key expression sees it."""

    def __init__(self, event_id: str, name: str, data: dict[str, Any], received_at: datetime | None = None) -> None:
        self.id, self.name, self.data, self.ts = event_id, name, data, None
        if received_at is not None and received_at.tzinfo is None:
            received_at = received_at.replace(tzinfo=UTC)
        self.received_at = received_at


def _winner_event(state: _State, winner: FlowEventState) -> Any:
    """The winner as an event for later key expressions (throttle/batch keys); read back if not offered now."""
    from jobsearch_pipelines.db.schema import Event

    if winner.event_id in state.offered:
        return state.offered[winner.event_id]
    data = state.session.scalars(select(Event.data).where(Event.id == winner.event_id)).first()
    return _Stored(data or {}, winner)


# ------------------------------------------------------------------------------------------------ throttle, batch


def _release_throttled(state: _State, fc: FlowControl) -> None:
    """Start the oldest throttled events of each key while the key's GCRA allows (FIFO, nothing dropped)."""
    queues = state.waiting("throttle")
    if fc.throttle is not None:
        state.preload_buckets("throttle", queues)
    for key, rows in queues.items():
        for row in rows:
            if fc.throttle is not None:
                interval = interval_us(fc.throttle.limit, fc.throttle.period)  # type: ignore[arg-type]
                if not state.take("throttle", key, state.now, interval, fc.throttle.limit + fc.throttle.burst):
                    break
            row.state, row.decided_at = "admitted", state.now


def _release_batches(state: _State, fc: FlowControl) -> None:
    """Release full batches, and a partial batch once ``timeout`` has passed since its first event arrived."""
    for _key_value, rows in state.waiting("batch").items():
        if fc.batch is None:
            _admit_all(state, rows)
            continue
        size, timeout = fc.batch.max_size, fc.batch.timeout
        while len(rows) >= size:
            _admit_all(state, rows[:size])
            rows = rows[size:]
        if rows and state.now >= min(r.arrival_at for r in rows) + timeout:  # type: ignore[operator]
            _admit_all(state, rows)


def _admit_all(state: _State, rows: Iterable[FlowEventState]) -> None:
    for row in rows:
        row.state, row.decided_at = "admitted", state.now


def waiting_counts(session: Session, function: str | None = None) -> dict[tuple[str, str, str], int]:
    """(function, stage, key) -> number of waiting events: throttled (queued), debouncing, batching."""
    from sqlalchemy import func

    query = select(FlowEventState.function, FlowEventState.stage, FlowEventState.key, func.count()).where(
        FlowEventState.state == "waiting").group_by(FlowEventState.function, FlowEventState.stage, FlowEventState.key)
    if function is not None:
        query = query.where(and_(FlowEventState.function == function))
    return {(f, s, k or ""): int(n) for f, s, k, n in session.execute(query)}


def bypass(session: Session, event_ids: Sequence[str], now: datetime) -> int:
    """Let replayed events through flow control (as Inngest reruns skip the rate limit): returns rows changed.

    Their stored decisions become "admitted" for every function, so a replay of a rate-limited or superseded
    event runs on the next tick instead of being skipped again; events that are still waiting leave their
    throttle queue or debounce (an open debounce still fires for its other members, naming this winner).
    """
    from sqlalchemy import update

    changed = 0
    for start in range(0, len(event_ids), _CHUNK):
        result = session.execute(
            update(FlowEventState)
            .where(FlowEventState.event_id.in_(list(event_ids[start:start + _CHUNK])))
            .values(state="admitted", stage="replay", reason=None, decided_at=now)
            .execution_options(synchronize_session=False))
        changed += int(getattr(result, "rowcount", 0) or 0)
    return changed
