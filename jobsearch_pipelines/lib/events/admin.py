"""Inspecting and replaying events (used by the CLI): list, show, replay one, replay all dead ones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import Event, Failure

STATUSES = ("pending", "queued", "processing", "processed", "failed", "skipped", "dead", "duplicate")
REPLAYABLE = ("failed", "dead", "skipped")


class ReplayError(ValueError):
    """An event that cannot be replayed as asked (unknown, or already processed without ``force``)."""


def event_to_dict(event: Event) -> dict[str, Any]:
    return {
        "id": event.id, "seq": event.seq, "name": event.name, "data": event.data, "client_id": event.client_id,
        "ts": event.ts, "v": event.v, "received_at": _iso(event.received_at), "status": event.status,
        "attempts": event.attempts, "last_error": event.last_error, "skip_reason": event.skip_reason,
        "next_attempt_at": _iso(event.next_attempt_at), "processed_at": _iso(event.processed_at),
        "run_id": event.run_id, "dispatch_key": event.dispatch_key, "result": event.result,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def list_events(session: Session, *, status: str | None = None, name: str | None = None,
                limit: int = 50) -> list[Event]:
    """The newest events first, filtered by status and/or name."""
    query = select(Event).order_by(Event.seq.desc()).limit(limit)
    if status:
        query = query.where(Event.status == status)
    if name:
        query = query.where(Event.name == name)
    return list(session.scalars(query))


def get_event(session: Session, event_id: str) -> Event | None:
    """By server id, or by client id (the newest event with it)."""
    event = session.scalar(select(Event).where(Event.id == event_id))
    if event is None:
        event = session.scalar(select(Event).where(Event.client_id == event_id).order_by(Event.seq.desc()).limit(1))
    return event


def _reset(session: Session, event: Event, now: datetime) -> None:
    event.status, event.attempts, event.next_attempt_at = "pending", 0, None
    event.dispatch_key, event.processed_at, event.skip_reason, event.result = None, None, None, None
    session.execute(update(Failure).where(Failure.kind == "event", Failure.ref == event.id, Failure.status == "dead")
                    .values(status="resolved", updated_at=now))
    from jobsearch_pipelines.lib.flow_control.gate import bypass

    bypass(session, [event.id], now)  # a replay runs even if flow control had skipped it (as Inngest reruns)


def replay_event(session: Session, event_id: str, now: datetime, *, force: bool = False) -> Event:
    """Put a failed, dead or skipped event back to pending (attempts reset); ``force`` also replays processed."""
    event = get_event(session, event_id)
    if event is None:
        raise ReplayError(f"no event with id {event_id!r}")
    allowed = (*REPLAYABLE, "processed", "duplicate") if force else REPLAYABLE
    if event.status not in allowed:
        hint = " (use --force to process it again)" if event.status in ("processed", "duplicate") else ""
        raise ReplayError(f"event {event.id} is {event.status}; only {', '.join(REPLAYABLE)} events replay{hint}")
    _reset(session, event, now)
    return event


def replay_dead(session: Session, now: datetime, *, name: str | None = None,
                on_total: Callable[[int], None] | None = None, on_event: Callable[[], None] | None = None) -> list[str]:
    """Replay every dead event (of ``name`` if given); returns their ids. The callbacks report progress."""
    query = select(Event).where(Event.status == "dead").order_by(Event.seq)
    if name:
        query = query.where(Event.name == name)
    events = list(session.scalars(query))
    if on_total is not None:
        on_total(len(events))
    for event in events:
        _reset(session, event, now)
        if on_event is not None:
            on_event()
    return [e.id for e in events]
