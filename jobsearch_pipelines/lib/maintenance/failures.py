"""Parked failures (the ``failures`` table): list them, and replay the kinds that can be replayed.

| kind | replay |
|---|---|
| ``event_send`` | the event (its payload) goes into the inbox; the parked row is removed |
| ``event`` | the dead event back to pending (as ``jobsearch events replay``) |
| ``email`` | the dead or bounced outbox row back to pending (unless its address is suppressed) |
| ``alert_webhook`` | the chat messages back on their incident, sent on the next alert-sensor tick |

Other kinds (``board_fetch``, ``warc_record``, ...) are retried by their own next run and are listed only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import AlertIncident, Failure
from jobsearch_pipelines.lib.events.inbox import enqueue_events

REPLAYABLE_KINDS = ("event_send", "event", "email", "alert_webhook")
OPEN = ("open", "retrying", "dead")


class FailureReplayError(ValueError):
    """A failure that cannot be replayed (unknown id, a kind that replays by itself, already resolved)."""


def list_failures(session: Session, *, kind: str | None = None, status: str | None = None,
                  limit: int = 50) -> list[Failure]:
    query = select(Failure).order_by(Failure.id.desc()).limit(limit)
    if kind:
        query = query.where(Failure.kind == kind)
    if status:
        query = query.where(Failure.status == status)
    return list(session.scalars(query))


def failure_to_dict(failure: Failure) -> dict[str, Any]:
    return {"id": failure.id, "kind": failure.kind, "ref": failure.ref, "status": failure.status,
            "attempts": failure.attempts, "error": failure.error, "run_id": failure.run_id,
            "created_at": failure.created_at.isoformat() if failure.created_at else None,
            "payload": failure.payload}


def replay_parked_event_sends(session: Session, now: datetime) -> list[str]:
    """Send every parked ``event_send`` failure's event into the inbox and remove the parked rows; the event ids."""
    ids: list[str] = []
    for failure in session.scalars(select(Failure).where(Failure.kind == "event_send", Failure.status.in_(OPEN))
                                   .order_by(Failure.id)):
        ids += enqueue_events(session, [failure.payload], now=now)
        session.delete(failure)
    return ids


def replay_failure(session: Session, failure_id: int, now: datetime) -> str:
    """Replay one parked failure (see the module docstring); a one-line description of what was done."""
    failure = session.get(Failure, failure_id)
    if failure is None:
        raise FailureReplayError(f"failure_id: no failure {failure_id}")
    if failure.status not in OPEN:
        raise FailureReplayError(f"failure {failure_id} is {failure.status}; only open or dead failures replay")
    if failure.kind == "event_send":
        [event_id] = enqueue_events(session, [failure.payload], now=now)
        session.delete(failure)
        return f"event {event_id} ({failure.ref}) sent to the inbox"
    if failure.kind == "event":
        from jobsearch_pipelines.lib.events.admin import replay_event

        event = replay_event(session, failure.ref, now)
        return f"event {event.id} ({event.name}) pending again"
    if failure.kind == "email":
        from jobsearch_pipelines.lib.notifications.outbox import replay_notification

        notification_id = int(failure.ref.removeprefix("notification:"))
        replay_notification(session, notification_id, now)
        return f"email {notification_id} pending again"
    if failure.kind == "alert_webhook":
        incident = session.scalars(select(AlertIncident).where(AlertIncident.incident_key == failure.ref)
                                   .order_by(AlertIncident.id.desc()).limit(1)).first()
        if incident is None:
            raise FailureReplayError(f"failure {failure_id}: incident {failure.ref} no longer exists")
        incident.webhook_payload = failure.payload
        incident.webhook_status, incident.webhook_attempts, incident.webhook_error = "pending", 0, None
        failure.status, failure.updated_at = "resolved", now
        return f"{len((failure.payload or {}).get('messages', []))} chat message(s) of {failure.ref} queued again"
    raise FailureReplayError(f"failure {failure_id} is of kind {failure.kind!r}, which its own next run retries "
                             f"(replayable kinds: {', '.join(REPLAYABLE_KINDS)})")
