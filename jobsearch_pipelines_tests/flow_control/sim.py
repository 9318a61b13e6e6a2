"""A controlled-clock driver for the flow-control gate: events arrive, a sensor ticks, ready events start."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.lib.flow_control import gate
from jobsearch_pipelines.lib.flow_control.config import FlowControl

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
_names = itertools.count()


def at(ms: int) -> datetime:
    return T0 + timedelta(milliseconds=ms)


def unique_function(prefix: str) -> str:
    return f"{prefix}_{next(_names)}"


@dataclass
class FakeEvent:
    id: str
    seq: int
    data: dict[str, Any]
    ts: int
    received_at: datetime
    name: str = "test/event"

    @property
    def arrival_ms(self) -> int:
        return round((self.received_at - T0).total_seconds() * 1000)


def make_events(function: str, arrivals: Sequence[tuple[int, dict[str, Any]]],
                ts_offsets: Sequence[int] | None = None) -> list[FakeEvent]:
    """Events arriving at the given ms offsets (non-decreasing), ``ts`` = arrival unless offset given."""
    out = []
    for i, (offset, data) in enumerate(arrivals):
        ts_ms = int(at(offset).timestamp() * 1000) + (ts_offsets[i] if ts_offsets else 0)
        out.append(FakeEvent(f"{function}-{i:04d}", i + 1, data, ts_ms, at(offset)))
    return out


@dataclass
class SimResult:
    started: dict[str, int] = field(default_factory=dict)  # event id -> ms when dispatched
    first_ready: dict[str, int] = field(default_factory=dict)  # event id -> ms first returned ready
    admitted: dict[str, gate.Admitted] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    ready_order: list[list[str]] = field(default_factory=list)  # per tick, in the order returned
    open: set[str] = field(default_factory=set)


def simulate(engine: Engine, function: str, fc: FlowControl, events: Sequence[FakeEvent], tick_ms: int,
             until_ms: int, hold: Callable[[str, int], bool] | None = None) -> SimResult:
    """Tick every ``tick_ms`` up to ``until_ms``; ``hold(event_id, ms)`` True keeps a ready event for later."""
    result = SimResult(open={e.id for e in events})
    for t in range(0, until_ms + 1, tick_ms):
        offered = [e for e in events if e.id in result.open and e.arrival_ms <= t]
        if not offered:
            if not result.open:
                break
            continue
        with session_scope(engine) as session:
            admission = gate.admit(session, function, fc, offered, at(t))
        decided = {a.event.id for a in admission.ready} | {e.id for e, _ in admission.skipped} | {
            e.id for e in admission.waiting}
        assert decided == {e.id for e in offered}, "every offered event gets exactly one answer"
        result.ready_order.append([a.event.id for a in admission.ready])
        for admitted in admission.ready:
            event_id = admitted.event.id
            result.first_ready.setdefault(event_id, t)
            if hold is not None and hold(event_id, t):
                continue
            result.started[event_id] = t
            result.admitted[event_id] = admitted
            result.open.discard(event_id)
        for event, reason in admission.skipped:
            result.skipped[event.id] = reason
            result.open.discard(event.id)
    return result
