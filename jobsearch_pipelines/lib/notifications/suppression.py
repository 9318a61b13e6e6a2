"""The suppression list: addresses mail must not go to.

A hard bounce (5xx about the mailbox) suppresses the address at once; soft bounces (4xx about the mailbox) are
retried with the outbox's backoff and suppress it after ``SOFT_BOUNCE_LIMIT``; a complaint or an unsubscribe
suppresses it too. ``queue_email`` and ``deliver`` both consult it, so no send path (event emails, alerts,
digests, retries, replays) reaches a suppressed address. ``unsuppress`` lifts it (``jobsearch outbox``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import EmailSuppression, utcnow

SOFT_BOUNCE_LIMIT = 3
REASONS = ("hard_bounce", "soft_bounces", "complaint", "unsubscribe", "manual")


def _key(address: str) -> str:
    return address.strip().lower()


def suppressed_reason(session: Session, address: str) -> str | None:
    """Why ``address`` is suppressed, or None."""
    row = session.get(EmailSuppression, _key(address))
    return f"address suppressed ({row.reason}): {row.detail or ''}".rstrip(": ") if row and row.suppressed else None


def suppress(session: Session, address: str, reason: str, detail: str | None = None,
             now: datetime | None = None) -> EmailSuppression:
    if reason not in REASONS:
        raise ValueError(f"reason: must be one of {', '.join(REASONS)}, got {reason!r}")
    now = now or utcnow()
    row = session.get(EmailSuppression, _key(address))
    if row is None:
        row = EmailSuppression(address=_key(address), soft_bounces=0, created_at=now)
        session.add(row)
    row.suppressed, row.reason, row.detail, row.updated_at = True, reason, (detail or "")[:2000] or None, now
    session.flush()
    return row


def record_bounce(session: Session, address: str, *, permanent: bool, detail: str,
                  now: datetime | None = None) -> bool:
    """Count a bounce of ``address``; True when the address is now suppressed."""
    if permanent:
        suppress(session, address, "hard_bounce", detail, now)
        return True
    now = now or utcnow()
    row = session.get(EmailSuppression, _key(address))
    if row is None:
        row = EmailSuppression(address=_key(address), suppressed=False, soft_bounces=0, created_at=now)
        session.add(row)
    row.soft_bounces += 1
    row.updated_at = now
    if row.soft_bounces >= SOFT_BOUNCE_LIMIT and not row.suppressed:
        suppress(session, address, "soft_bounces", f"{row.soft_bounces} soft bounces, last: {detail}", now)
    session.flush()
    return row.suppressed


def unsuppress(session: Session, address: str) -> bool:
    """Lift the suppression of ``address``; False when it was not suppressed."""
    row = session.get(EmailSuppression, _key(address))
    if row is None:
        return False
    session.delete(row)
    return True
