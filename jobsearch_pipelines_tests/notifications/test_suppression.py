"""The suppression list and the one per-recipient throttle, through the outbox's own send path and a real SMTP
server: a hard bounce stops all later mail to the address, soft bounces stop it after the limit, every kind of
email shares one throttle per recipient, and a replayed email goes out once the address is allowed again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import EmailSuppression, Notification, utcnow
from jobsearch_pipelines.lib.notifications.outbox import deliver_due, queue_email, replay_notification
from jobsearch_pipelines.lib.notifications.suppression import SOFT_BOUNCE_LIMIT, suppress, unsuppress
from jobsearch_pipelines.lib.notifications.transports import settings_from_env
from jobsearch_pipelines_tests.notifications.smtp_server import RecordingHandler

GONE = "gone@example.org"


def _queue(engine: Engine, key: str, recipient: str = GONE, kind: str = "welcome") -> int:
    with session_scope(engine) as session:
        row, _ = queue_email(session, kind=kind, recipient=recipient, user_id=None, data={"name": "Ada"},
                             dedupe_key=key)
        return row.id


def _deliver(engine: Engine, at: timedelta = timedelta(0)) -> dict[str, int]:
    mail = settings_from_env()
    return deliver_due(engine, mail.make_transport(), mail.sender, now=lambda: utcnow() + at).as_dict()


def _status(engine: Engine, notification_id: int) -> tuple[str, str | None]:
    with session_scope(engine) as session:
        row = session.get(Notification, notification_id)
        assert row is not None
        return row.status, row.last_error


def test_a_hard_bounce_suppresses_the_address_for_every_later_email(engine: Engine, smtp: RecordingHandler) -> None:
    smtp.refuse[GONE] = "550 5.1.1 <gone@example.org>: mailbox does not exist"
    first = _queue(engine, "welcome-1")
    assert _deliver(engine)["bounced"] == 1
    later = _queue(engine, "digest-1", kind="welcome")  # any later email: queued as suppressed, never sent
    assert _status(engine, later)[0] == "suppressed" and "hard_bounce" in (_status(engine, later)[1] or "")
    del smtp.refuse[GONE]
    assert _deliver(engine)["sent"] == 0 and smtp.to(GONE) == []
    with session_scope(engine) as session:
        assert session.get(EmailSuppression, GONE).reason == "hard_bounce"
    assert _status(engine, first)[0] == "bounced"


def test_soft_bounces_retry_with_backoff_then_suppress(engine: Engine, smtp: RecordingHandler) -> None:
    smtp.refuse[GONE] = "452 4.2.2 mailbox full"
    row = _queue(engine, "welcome-1")
    for attempt in range(SOFT_BOUNCE_LIMIT):
        report = _deliver(engine, at=timedelta(hours=attempt * 7))  # past each backoff
        assert report["failed" if attempt < SOFT_BOUNCE_LIMIT - 1 else "bounced"] == 1, (attempt, report)
    assert _status(engine, row)[0] == "bounced"
    with session_scope(engine) as session:
        listed = session.get(EmailSuppression, GONE)
        assert listed.suppressed and listed.reason == "soft_bounces" and listed.soft_bounces == SOFT_BOUNCE_LIMIT


def test_complaint_suppresses_and_unsuppress_lets_a_replay_through(engine: Engine, smtp: RecordingHandler) -> None:
    with session_scope(engine) as session:
        suppress(session, "Moody@Example.org", "complaint", "marked as spam")
    row = _queue(engine, "w1", recipient="moody@example.org")
    assert _status(engine, row)[0] == "suppressed"
    with session_scope(engine) as session:
        try:
            replay_notification(session, row, utcnow())
        except ValueError as exc:
            assert "suppressed (complaint)" in str(exc)
        else:
            raise AssertionError("a replay to a suppressed address must be refused")
    with session_scope(engine) as session:
        assert unsuppress(session, "moody@example.org")
        replay_notification(session, row, utcnow())
    assert _deliver(engine)["sent"] == 1 and len(smtp.to("moody@example.org")) == 1


def test_one_throttle_for_every_kind_of_email_to_a_recipient(engine: Engine, smtp: RecordingHandler) -> None:
    busy = "busy@example.org"
    ids = [_queue(engine, f"k{i}", recipient=busy, kind=("welcome", "operator_alert")[i % 2]) for i in range(12)]
    with session_scope(engine) as session:  # operator alerts carry their own text
        for row in session.scalars(select(Notification).where(Notification.kind == "operator_alert")):
            assert row.status == "pending"
    other = _queue(engine, "calm", recipient="calm@example.org")
    report = _deliver(engine)
    assert report["sent"] == 11 and report["throttled"] == 2  # 10 to busy@, 1 to calm@
    assert len(smtp.to(busy)) == 10 and _status(engine, other)[0] == "sent"
    waiting = [i for i in ids if _status(engine, i)[0] == "pending"]
    assert len(waiting) == 2 and all("throttled" in (_status(engine, i)[1] or "") for i in waiting)
    assert _deliver(engine, at=timedelta(minutes=1))["sent"] == 2 and len(smtp.to(busy)) == 12
