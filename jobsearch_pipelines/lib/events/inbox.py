"""The durable event inbox: validate events against their schema and store them, all or nothing.

Events have Inngest's shape ``{name, data, id?, ts?, v?, user?}``. Each stored event gets a server id (a
ULID, sortable by time) and a ``seq`` that orders it for the sensors. A client ``id`` seen again within
24 hours is stored with status ``duplicate`` and never processed (Inngest's producer-side idempotency).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.errors import is_unique_violation
from jobsearch_pipelines.db.schema import Event, EventClientId
from jobsearch_pipelines.lib.events.schemas import MAX_NAME_LENGTH, EventValidationError, validate_event_data

__all__ = [
    "IDEMPOTENCY_WINDOW",
    "MAX_EVENTS_PER_SEND",
    "EventValidationError",
    "enqueue_events",
    "new_event_id",
    "normalize_event",
    "send_event",
    "send_events",
]

IDEMPOTENCY_WINDOW = timedelta(hours=24)
MAX_EVENTS_PER_SEND = 5000
MAX_CLIENT_ID_LENGTH = 255
_TS_MIN = 315_532_800_000  # 1980-01-01 in ms, Inngest's lower bound
_TS_MAX = 4_102_444_800_000  # 2100-01-01 in ms
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_event_id(ms: int | None = None, entropy: bytes | None = None) -> str:
    """A ULID: 48-bit millisecond time + 80 bits of entropy, 26 Crockford base32 characters."""
    ms = int(time.time() * 1000) if ms is None else ms
    entropy = os.urandom(10) if entropy is None else entropy[:10].ljust(10, b"\0")
    value = (ms & ((1 << 48) - 1)) << 80 | int.from_bytes(entropy, "big")
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def _seeded_ids(seed: str, count: int) -> list[str] | None:
    """Deterministic ids from an ``x-inngest-event-id-seed`` header (``<ms>,<base64 entropy>``), or None."""
    ms_text, _, entropy = seed.partition(",")
    if not ms_text.isdigit() or not entropy or len(seed) > 200:
        return None
    ms = int(ms_text)
    return [new_event_id(ms, hashlib.sha256(f"{entropy}:{i}".encode()).digest()) for i in range(count)]


def normalize_event(raw: Any) -> dict[str, Any]:
    """Check one Inngest-shaped event and return ``{name, data, id, ts, v, user}``; ``EventValidationError``."""
    if not isinstance(raw, Mapping):
        raise EventValidationError("event", f"expected an object, got {type(raw).__name__}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise EventValidationError("name", "required: a non-empty string")
    if len(name) > MAX_NAME_LENGTH:
        raise EventValidationError("name", f"longer than {MAX_NAME_LENGTH} characters")
    data = raw.get("data")
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise EventValidationError("data", f"expected an object, got {type(data).__name__}")
    client_id = raw.get("id")
    if client_id is not None:
        if not isinstance(client_id, str):
            raise EventValidationError("id", f"expected a string, got {type(client_id).__name__}")
        if len(client_id) > MAX_CLIENT_ID_LENGTH:
            raise EventValidationError("id", f"longer than {MAX_CLIENT_ID_LENGTH} characters")
        client_id = client_id or None
    ts = raw.get("ts")
    if ts is not None:
        if isinstance(ts, bool) or not isinstance(ts, int | float) or ts != int(ts):
            raise EventValidationError("ts", "expected an integer (milliseconds since the epoch)")
        ts = int(ts)
        if not _TS_MIN <= ts <= _TS_MAX:
            raise EventValidationError("ts", "must be between 1980 and 2100 (milliseconds since the epoch)")
    v = raw.get("v")
    if v is not None and (not isinstance(v, str) or len(v) > 64):
        raise EventValidationError("v", "expected a string of at most 64 characters")
    user = raw.get("user")
    if user is not None and not isinstance(user, dict):
        raise EventValidationError("user", f"expected an object, got {type(user).__name__}")
    validate_event_data(name, data)
    return {"name": name, "data": data, "id": client_id, "ts": ts, "v": v, "user": user or None}


def _validate_all(events: Sequence[Any]) -> list[dict[str, Any]]:
    if not isinstance(events, Sequence) or isinstance(events, str | bytes):
        raise EventValidationError("events", "expected a list of events")
    if len(events) > MAX_EVENTS_PER_SEND:
        raise EventValidationError("events", f"at most {MAX_EVENTS_PER_SEND} events per send, got {len(events)}")
    out = []
    for index, raw in enumerate(events):
        try:
            out.append(normalize_event(raw))
        except EventValidationError as exc:
            raise exc.at(index) if len(events) > 1 else exc from None
    return out


def enqueue_events(session: Session, events: Sequence[Any], *, now: datetime | None = None,
                   id_seed: str | None = None) -> list[str]:
    """Validate and add ``events`` to ``session`` (the caller commits): for handlers sending follow-up events.

    Returns the server ids in order. With ``id_seed`` (the Inngest SDK's retry seed) the ids are
    deterministic, and a retried send whose events are already stored stores nothing again.
    """
    normalized = _validate_all(events)
    now = now or datetime.now(UTC)
    now_ms = int(now.timestamp() * 1000)
    ids = (_seeded_ids(id_seed, len(normalized)) if id_seed else None) or [
        new_event_id(now_ms) for _ in normalized
    ]
    if id_seed and session.scalars(select(Event.id).where(Event.id.in_(ids))).first() is not None:
        return ids  # a retry of a send we already stored
    seen: dict[str, str] = {}  # client id -> first event id within this send
    rows: list[dict[str, Any]] = []
    for event_id, event in zip(ids, normalized, strict=True):
        status, skip_reason = "pending", None
        client_id = event["id"]
        if client_id is not None:
            original = seen.get(client_id) or _claim_client_id(session, client_id, event_id, now)
            if original != event_id:
                status, skip_reason = "duplicate", f"duplicate of event {original} (same id within 24 h)"
            seen.setdefault(client_id, original)
        rows.append({
            "id": event_id, "name": event["name"], "data": event["data"], "user": event["user"],
            "client_id": client_id, "ts": event["ts"] if event["ts"] is not None else now_ms, "received_at": now,
            "status": status, "skip_reason": skip_reason, "v": event["v"],
            "processed_at": now if status == "duplicate" else None,
        })
    if rows:  # one statement for the send (the ORM's per-object work costs 3x); no rows would insert one blank
        session.execute(insert(Event), rows)
    return ids


def _claim_client_id(session: Session, client_id: str, event_id: str, now: datetime) -> str:
    """Record ``event_id`` as the first of ``client_id`` unless one was seen within 24 h; returns the first id."""
    row = session.scalars(
        select(EventClientId).where(EventClientId.client_id == client_id).with_for_update()
    ).first()
    if row is None:
        session.add(EventClientId(client_id=client_id, event_id=event_id, first_received_at=now))
        session.flush()  # a concurrent sender of the same id fails here and retries (see send_events)
        return event_id
    if row.first_received_at > now - IDEMPOTENCY_WINDOW:
        return row.event_id
    row.event_id, row.first_received_at = event_id, now
    return event_id


def send_events(engine: Engine, events: Sequence[Any], *, id_seed: str | None = None) -> list[str]:
    """Validate and store ``events`` (Inngest-shaped dicts) in one transaction; returns their server ids.

    Raises ``EventValidationError`` (nothing stored) when any event is invalid.
    """
    for attempt in range(3):
        try:
            with session_scope(engine) as session:
                return enqueue_events(session, events, id_seed=id_seed)
        except IntegrityError as exc:  # a concurrent sender stored the same client id first: look again
            if attempt == 2 or not is_unique_violation(exc):
                raise
    raise AssertionError("unreachable")


def send_event(engine: Engine, name: str, data: dict[str, Any], *, id: str | None = None,
               ts: int | None = None) -> str:
    """Validate and store one event; returns its server id."""
    event: dict[str, Any] = {"name": name, "data": data}
    if id is not None:
        event["id"] = id
    if ts is not None:
        event["ts"] = ts
    return send_events(engine, [event])[0]
