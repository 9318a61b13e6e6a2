"""Event handlers (plain Python, run by the event functions declared in ``defs/notifications``).

Each queues its emails in the outbox inside the event's transaction and delivers them right after it commits,
so a failed or retried event never sends twice, and an email that could not be delivered stays in the outbox.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import Job, utcnow
from jobsearch_pipelines.lib.events.functions import EventRecord, Outcome, PermanentError
from jobsearch_pipelines.lib.events.schemas import parse_event_data
from jobsearch_pipelines.lib.notifications.alerts import check_skills_ready, queue_new_job_alerts
from jobsearch_pipelines.lib.notifications.content import JOB_LIST_KINDS, job_items
from jobsearch_pipelines.lib.notifications.delivery import deliver_after_commit
from jobsearch_pipelines.lib.notifications.digests import queue_due_digests
from jobsearch_pipelines.lib.notifications.outbox import queue_email
from jobsearch_pipelines.lib.notifications.render import UnknownEmailKind


def _event_time(event: EventRecord) -> datetime:
    return datetime.fromtimestamp(event.ts / 1000, UTC)


def email_dedupe_key(event: EventRecord, kind: str, user_id: str | None, data: dict) -> str:
    """``data.dedupeKey`` if the sender gave one; one welcome per user; else one email per event."""
    given = data.get("dedupeKey")
    if isinstance(given, str) and given.strip():
        return given.strip()[:255]
    if kind == "welcome" and user_id:
        return f"welcome:{user_id}"
    return f"{kind}:{event.id}"


def handle_notification_email(session: Session, event: EventRecord) -> Outcome:
    """``notification/email`` {userId?, email, type, data}: render the ``type`` templates, queue, send."""
    parsed = parse_event_data(event.name, event.data)
    kind, user_id, data = parsed.type, parsed.userId, dict(parsed.data)  # type: ignore[attr-defined]
    unknown: list[int] = []
    if kind in JOB_LIST_KINDS:  # the original sends data.jobIds: jobs the service does not know are left out
        wanted = [int(item["jobId"]) for item in job_items(data) or []]
        known = set(session.scalars(select(Job.id).where(Job.id.in_(wanted))))
        unknown = [i for i in wanted if i not in known]
        if not known:
            return Outcome.skipped(f"none of the jobs {wanted[:20]} is known to the service")
    key = email_dedupe_key(event, kind, user_id, data)
    try:
        row, created = queue_email(session, kind=kind, recipient=parsed.email, user_id=user_id,  # type: ignore[attr-defined]
                                   data=data, dedupe_key=key, event_id=event.id, now=utcnow())
    except (UnknownEmailKind, ValueError) as exc:  # bad data: dead-lettered at once (recorded in ``failures``)
        raise PermanentError(str(exc)) from exc
    if not created:
        return Outcome.skipped(f"already queued as notification {row.id} ({row.status}, key {key})")
    if row.status == "pending":
        deliver_after_commit(session, [row.id])
    detail: dict = {"notificationId": row.id, "status": row.status, "dedupeKey": key}
    if unknown:
        detail["unknownJobIds"] = unknown[:100]
    return Outcome.processed(detail)


def handle_new_batch(session: Session, event: EventRecord) -> Outcome:
    """``jobs/new-batch`` {jobIds, source}: alert each subscribed user of the new jobs that fit them."""
    parsed = parse_event_data(event.name, event.data)
    job_ids = list(dict.fromkeys(parsed.jobIds))  # type: ignore[attr-defined]
    now = utcnow()
    check_skills_ready(session, job_ids, _event_time(event), now)
    ids = queue_new_job_alerts(session, job_ids, now, event_id=event.id)
    deliver_after_commit(session, ids)
    return Outcome.processed({"jobs": len(job_ids), "emails": len(ids), "notificationIds": ids})


def handle_daily_digest(session: Session, event: EventRecord) -> Outcome:
    """``cron/daily-digest``: queue and send every due digest."""
    parse_event_data(event.name, event.data)
    ids = queue_due_digests(session, utcnow(), event_id=event.id)
    deliver_after_commit(session, ids)
    return Outcome.processed({"digests": len(ids), "notificationIds": ids})
