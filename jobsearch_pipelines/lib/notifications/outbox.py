"""The email outbox: every email is a ``notifications`` row before it is sent, so nothing is sent twice or lost.

* ``queue_email`` renders and stores an email under a ``dedupe_key`` (the same key again returns the stored
  row: a retried event or a re-run never creates a second email). Users who turned email off, or the kind of
  email off, get a ``suppressed`` row instead (kept as a record, never sent).
* ``deliver`` claims one row with a conditional UPDATE (``pending``/due ``failed`` -> ``sending``), sends it, and
  records ``sent``; a temporary failure becomes ``failed`` with exponential backoff until ``MAX_ATTEMPTS``, then
  ``dead``; a permanent one (5xx, refused recipient) is a ``bounced`` row. Dead and bounced emails are also
  written to ``failures``. The Message-ID derives from the dedupe key, so a receiver can drop a duplicate
  after a crash between the SMTP "250 OK" and our commit (the only window left).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from sqlalchemy import Engine, and_, or_, select, update
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Failure, Notification, User, UserSettings, utcnow
from jobsearch_pipelines.lib.flow_control.shared_limiter import SharedGcraLimiter
from jobsearch_pipelines.lib.notifications.content import email_context
from jobsearch_pipelines.lib.notifications.render import render_email
from jobsearch_pipelines.lib.notifications.suppression import record_bounce, suppressed_reason
from jobsearch_pipelines.lib.notifications.transports import MailTransport, PermanentMailError, TransientMailError
from jobsearch_pipelines.lib.notifications.unsubscribe import unsubscribe_url

MAX_ATTEMPTS = 6
RECIPIENT_LIMIT, RECIPIENT_PERIOD, RECIPIENT_BURST = 10, "1m", 9  # every email to one address, all kinds
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
STALE_SENDING = timedelta(minutes=10)
MAX_ERROR = 2000
# Which setting switches each kind off (besides email_notifications / unsubscribed, which switch off every kind).
KIND_SETTING = {"new_jobs": "new_job_alerts", "daily_digest": "daily_digest"}


def backoff(attempt: int) -> timedelta:
    """Delay after failed attempt ``attempt`` (1-based): 1 min, 2, 4, ... capped at 6 h."""
    return min(BACKOFF_BASE * (2 ** max(attempt - 1, 0)), BACKOFF_CAP)


def suppression_reason(session: Session, user_id: str | None, kind: str, recipient: str | None = None) -> str | None:
    """Why this email must not go out (the address is on the suppression list; the user unsubscribed, turned
    email off or this kind off), or None."""
    if recipient and (listed := suppressed_reason(session, recipient)):
        return listed
    if user_id is None:
        return None
    settings = session.get(UserSettings, user_id)
    if settings is None:
        return None
    if settings.unsubscribed_at is not None:
        return "user unsubscribed"
    if not settings.email_notifications:
        return "email notifications are off"
    flag = KIND_SETTING.get(kind)
    if flag and not getattr(settings, flag):
        return f"{flag} is off"
    return None


def queue_email(session: Session, *, kind: str, recipient: str, user_id: str | None, data: Mapping[str, Any],
                dedupe_key: str, event_id: str | None = None, now: datetime | None = None) -> tuple[Notification, bool]:
    """Render and store one email; returns (row, created). An existing ``dedupe_key`` returns its row unchanged."""
    existing = session.scalars(select(Notification).where(Notification.dedupe_key == dedupe_key)).first()
    if existing is not None:
        return existing, False
    now = now or utcnow()
    user = session.get(User, user_id) if user_id else None
    rendered = render_email(kind, email_context(session, kind, user, data))
    reason = suppression_reason(session, user.id if user else None, kind, recipient)
    row = Notification(
        dedupe_key=dedupe_key[:255], user_id=user.id if user else None, recipient=recipient, kind=kind,
        subject=rendered.subject, body_text=rendered.text, body_html=rendered.html, payload=dict(data),
        status="suppressed" if reason else "pending", last_error=reason, next_attempt_at=None if reason else now,
        event_id=event_id, created_at=now, updated_at=now,
    )
    session.add(row)
    session.flush()  # a concurrent writer of the same key makes this fail: the caller's retry then finds the row
    return row, True


def message_id(dedupe_key: str, sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "jobsearch.localhost"
    return f"<{hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]}@{domain}>"


def build_message(row: Notification, sender: str, now: datetime) -> EmailMessage:
    """The MIME message of an outbox row: text + HTML alternative, stable Message-ID, unsubscribe header."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(row.dedupe_key, sender)
    message["Auto-Submitted"] = "auto-generated"
    message["X-Jobsearch-Kind"] = row.kind
    message["X-Jobsearch-Notification"] = str(row.id)
    address = parseaddr(sender)[1]
    one_click = unsubscribe_url(row.user_id) if row.user_id and row.kind != "welcome" else None
    if one_click:  # RFC 8058: the mail client POSTs to the https URL; the mailto stays as a fallback
        fallback = f", <mailto:{address}?subject=unsubscribe>" if address else ""
        message["List-Unsubscribe"] = f"<{one_click}>{fallback}"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    elif address and row.kind not in ("welcome", "operator_alert"):
        message["List-Unsubscribe"] = f"<mailto:{address}?subject=unsubscribe>"
    message.set_content(row.body_text)
    if row.body_html:
        message.add_alternative(row.body_html, subtype="html")
    return message


def recipient_throttle_wait(engine: Engine, recipient: str, now: Callable[[], datetime] = utcnow) -> float:
    """One throttle for every email to one address (event emails, alerts, digests, retries): at most
    ``RECIPIENT_LIMIT`` per ``RECIPIENT_PERIOD``. Takes a slot and returns 0, or returns the seconds to wait."""
    name = "mail:" + hashlib.sha256(recipient.strip().lower().encode()).hexdigest()[:32]
    limiter = SharedGcraLimiter(engine, name, RECIPIENT_LIMIT, RECIPIENT_PERIOD, burst=RECIPIENT_BURST, clock=now)
    allowed, wait = limiter.try_acquire_or_wait_time()
    return 0.0 if allowed else max(wait, 0.001)


def replay_notification(session: Session, notification_id: int, now: datetime) -> Notification:
    """Put a dead, bounced or failed email back to pending (attempts reset); refused while its address is
    suppressed (lift that first with ``jobsearch outbox unsuppress``)."""
    row = session.get(Notification, notification_id)
    if row is None:
        raise ValueError(f"notification_id: no email {notification_id}")
    if row.status not in ("dead", "bounced", "failed", "suppressed"):
        raise ValueError(f"notification_id: email {notification_id} is {row.status}; only dead, bounced, failed "
                         "or suppressed emails replay")
    if listed := suppressed_reason(session, row.recipient):
        raise ValueError(f"notification_id: email {notification_id} goes to {row.recipient}, {listed}")
    row.status, row.attempts, row.next_attempt_at, row.last_error, row.updated_at = "pending", 0, now, None, now
    session.execute(update(Failure).where(Failure.kind == "email", Failure.ref == f"notification:{row.id}",
                                          Failure.status == "dead").values(status="resolved", updated_at=now))
    return row


def _claim(engine: Engine, notification_id: int, now: datetime) -> bool:
    with session_scope(engine) as session:
        result = session.execute(
            update(Notification)
            .where(Notification.id == notification_id)
            .where(or_(and_(Notification.status == "pending",
                            or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now)),
                       and_(Notification.status == "failed", Notification.next_attempt_at <= now)))
            .values(status="sending", attempts=Notification.attempts + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)


def _record_failure(session: Session, row: Notification, error: str, status: str) -> None:
    session.add(Failure(kind="email", ref=f"notification:{row.id}", error=error, attempts=row.attempts,
                        status="dead", payload={"recipient": row.recipient, "kind": row.kind,
                                                "dedupe_key": row.dedupe_key, "outcome": status}))


def deliver(engine: Engine, notification_id: int, transport: MailTransport, sender: str,
            now: Callable[[], datetime] = utcnow) -> str:
    """Send one outbox row if it is due; returns its status afterwards (``sent``, ``failed``, ``bounced`` ...)."""
    if not _claim(engine, notification_id, now()):
        with session_scope(engine) as session:
            row = session.get(Notification, notification_id)
            return row.status if row is not None else "missing"
    with session_scope(engine) as session:
        row = session.get(Notification, notification_id)
        assert row is not None
        reason = suppression_reason(session, row.user_id, row.kind, row.recipient)
        if reason:  # unsubscribed or suppressed after the email was queued
            row.status, row.last_error, row.next_attempt_at = "suppressed", reason, None
            return row.status
        wait = recipient_throttle_wait(engine, row.recipient, now)
        if wait > 0:  # the recipient got mail recently: due again when the throttle allows, no attempt used
            row.status, row.attempts = "pending", row.attempts - 1
            row.next_attempt_at, row.last_error = now() + timedelta(seconds=wait), f"throttled for {wait:.1f} s"
            return "throttled"
        message = build_message(row, sender, now())
    bounce = False
    try:
        transport.send(message)
    except (TransientMailError, PermanentMailError) as exc:
        error, permanent, bounce = str(exc)[:MAX_ERROR], isinstance(exc, PermanentMailError), exc.bounce
    except Exception as exc:  # a bug or an unexpected library error: retry, never lose the email
        error, permanent = f"{type(exc).__name__}: {exc}"[:MAX_ERROR], False
    else:
        with session_scope(engine) as session:
            row = session.get(Notification, notification_id)
            assert row is not None
            row.status, row.sent_at, row.last_error = "sent", now(), None
            row.message_id, row.next_attempt_at, row.updated_at = message["Message-ID"], None, now()
            return row.status
    with session_scope(engine) as session:
        row = session.get(Notification, notification_id)
        assert row is not None
        row.last_error, row.updated_at = error, now()
        if bounce and record_bounce(session, row.recipient, permanent=permanent, detail=error, now=now()):
            permanent = True  # a hard bounce, or the soft bounce that crossed the limit: no more retries
        if permanent:
            row.status, row.next_attempt_at = "bounced", None
            _record_failure(session, row, error, "bounced")
        elif row.attempts >= MAX_ATTEMPTS:
            row.status, row.next_attempt_at = "dead", None
            _record_failure(session, row, error, "dead")
        else:
            row.status, row.next_attempt_at = "failed", now() + backoff(row.attempts)
        return row.status


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    bounced: int = 0
    dead: int = 0
    suppressed: int = 0
    throttled: int = 0
    recovered: int = 0

    def add(self, status: str) -> None:
        if hasattr(self, status):
            setattr(self, status, getattr(self, status) + 1)

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def recover_stale(engine: Engine, now: datetime, older_than: timedelta = STALE_SENDING) -> int:
    """Rows stuck in ``sending`` (the sender crashed) become due ``failed`` rows again."""
    with session_scope(engine) as session:
        result = session.execute(
            update(Notification)
            .where(Notification.status == "sending", Notification.updated_at < now - older_than)
            .values(status="failed", next_attempt_at=now, last_error="sender stopped while sending", updated_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)


def due_ids(session: Session, now: datetime, limit: int = 100) -> list[int]:
    """Outbox rows ready to send: pending, or failed with their retry time reached; oldest first."""
    return list(session.scalars(
        select(Notification.id)
        .where(or_(and_(Notification.status == "pending",
                        or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now)),
                   and_(Notification.status == "failed", Notification.next_attempt_at <= now)))
        .order_by(Notification.next_attempt_at, Notification.id).limit(limit)
    ))


def deliver_due(engine: Engine, transport: MailTransport, sender: str, now: Callable[[], datetime] = utcnow,
                limit: int = 100) -> DeliveryReport:
    """Send every due outbox row (up to ``limit``); the retry path for failed emails."""
    report = DeliveryReport(recovered=recover_stale(engine, now()))
    with session_scope(engine) as session:
        ids = due_ids(session, now(), limit)
    for notification_id in ids:
        report.add(deliver(engine, notification_id, transport, sender, now))
    return report
