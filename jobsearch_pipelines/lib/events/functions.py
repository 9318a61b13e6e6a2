"""What an event-driven function is: the event it handles, its handler, its flow control and retry policy.

``defs/events/factory.py`` turns an ``EventFunction`` into a Dagster job + sensor. The handler is plain
Python: ``handler(session, event) -> Outcome``; it runs in the same transaction as the event's status
update, so its database writes and "processed" commit together (a crash rolls both back). Raising means
"failed": the event is retried with exponential backoff and dead-lettered after ``max_attempts``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from jobsearch_pipelines.lib.flow_control.config import FlowControl

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")


@dataclass(frozen=True)
class EventRecord:
    """An event as a handler sees it (``ts`` in ms since the epoch; ``attempts`` includes this one)."""

    id: str
    seq: int
    name: str
    data: dict[str, Any]
    ts: int
    attempts: int = 0
    client_id: str | None = None
    received_at: datetime | None = None


@dataclass(frozen=True)
class Outcome:
    """The result of handling one event: processed (with an optional detail) or skipped (with a reason)."""

    status: Literal["processed", "skipped"]
    detail: dict[str, Any] | None = None
    reason: str | None = None

    @classmethod
    def processed(cls, detail: dict[str, Any] | None = None) -> Outcome:
        return cls("processed", detail=detail)

    @classmethod
    def skipped(cls, reason: str) -> Outcome:
        if not reason:
            raise ValueError("a skipped outcome needs a reason")
        return cls("skipped", reason=reason)


Handler = Callable[[Session, EventRecord], Outcome]
# A set-based handler: one outcome per event, in order; an exception in the list fails that event alone (the
# handler must then have written nothing for it). Raising fails the whole group, which is redone event by event.
BatchHandler = Callable[[Session, Sequence[EventRecord]], list["Outcome | Exception"]]


class PermanentError(Exception):
    """Raised by a handler for a failure no retry can fix (bad data): the event is dead-lettered at once."""


def default_backoff(attempt: int, base: timedelta = timedelta(seconds=15), cap: timedelta = timedelta(hours=2),
                    rng: Callable[[], float] = random.random) -> timedelta:
    """Delay before retry number ``attempt`` (1-based): base * 2^(attempt-1), capped, plus up to 10 % jitter."""
    delay = min(base * (2 ** max(attempt - 1, 0)), cap)
    return delay + delay * 0.1 * rng()


def _default_flow_control() -> FlowControl:
    from jobsearch_pipelines.lib.flow_control.config import FlowControl

    return FlowControl()


@dataclass(frozen=True)
class EventFunction:
    """An event-driven function: job ``name`` + sensor ``f"{name}_sensor"`` over events named ``event``.

    ``batch_size`` bounds the events of one run; ``order_key`` is a dotted path into ``event.data`` (default
    ``userId``) whose events are handled in order: a key's events in one tick share a batch, and a run
    handles an event whose key still has an older event queued or running in another batch only after that
    one (waiting up to ``order_wait``, else giving it back to pending). None: no ordering (e.g. to let a
    keyed concurrency limit run several runs per key).
    ``max_runs_per_tick`` bounds the runs one sensor tick requests; ``retry_base`` is the first retry delay.
    ``events_per_transaction`` > 1 commits several events' handlers and outcomes together (much faster);
    if one of them fails, that group is rolled back and redone one event per transaction. Use it only for
    handlers whose effects all live in the application database (no email sent, no external call).
    ``prefetch(session, events)``, if given, runs once per transaction before its handlers, to load in bulk
    what they will read (rows into the session, lookups into ``session.info``).
    ``batch_handler(session, events)``, if given, handles a whole transaction's events with set-based SQL (bulk
    inserts, one read per table) in place of calling ``handler`` per event; ``handler`` stays the path for a
    lone event and for redoing a group event by event after the batch handler raised.
    ``drain_for`` > 0 lets a run, once its batch is done, keep claiming the function's due events itself for up to
    that long (stopping after ``drain_idle`` without any): a steady stream is then handled by a process already
    running, instead of each event waiting for a sensor tick and a new run's start-up (seconds). Only for
    functions without flow control, whose admission has nothing to decide.
    """

    name: str
    event: str
    handler: Handler
    flow_control: FlowControl = field(default_factory=_default_flow_control)
    batch_size: int = 100
    max_attempts: int = 5
    description: str = ""
    order_key: str | None = "userId"
    max_runs_per_tick: int = 8
    minimum_interval_seconds: int = 2
    retry_base: timedelta = timedelta(seconds=15)
    stale_after: timedelta = timedelta(minutes=15)
    events_per_transaction: int = 1
    order_wait: timedelta = timedelta(seconds=60)
    prefetch: Callable[[Session, Sequence[EventRecord]], None] | None = None
    batch_handler: BatchHandler | None = None
    drain_for: timedelta = timedelta(0)
    drain_idle: timedelta = timedelta(seconds=1)

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"function name {self.name!r} must be a Python identifier (letters, digits, _)")
        if not self.event:
            raise ValueError("event must be a non-empty event name")
        if min(self.batch_size, self.max_attempts, self.max_runs_per_tick, self.events_per_transaction) < 1:
            raise ValueError("batch_size, max_attempts, max_runs_per_tick and events_per_transaction must be >= 1")
        if self.drain_for > timedelta(0) and self.flow_control != _default_flow_control():
            raise ValueError(f"drain_for: function {self.name!r} has flow control, so only its sensor may admit "
                             f"events (runs cannot claim them directly)")

    def backoff(self, attempt: int) -> timedelta:
        return default_backoff(attempt, base=self.retry_base)

    def order_value(self, data: dict[str, Any]) -> str | None:
        """The ordering key of an event's data (``order_key`` path), as a string, or None."""
        if not self.order_key:
            return None
        value: Any = data
        for part in self.order_key.split("."):
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return None if value is None else str(value)[:255]
