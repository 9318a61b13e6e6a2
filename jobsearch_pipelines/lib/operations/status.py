"""The application side of ``jobsearch status``: inbox, outbox, boards, discovery and incidents in a few queries.

Every figure is a plain count or timestamp so the same dictionary serves the terminal and ``--json``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import AlertIncident, AtsBoard, Event, Failure, Notification, WarcScan

INBOX_ACTIVE = ("pending", "queued", "processing", "failed")


def _by_status(session: Session, column: Any) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).group_by(column)).tuples()
    return {str(status): int(count) for status, count in rows}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def app_status(session: Session, now: datetime) -> dict[str, Any]:
    """Counts of the inbox, outbox, boards, discovery scans, parked failures and open incidents."""
    oldest_pending = session.scalar(select(func.min(Event.received_at)).where(Event.status.in_(INBOX_ACTIVE)))
    failing_boards = session.execute(
        select(AtsBoard.vendor, AtsBoard.token, AtsBoard.last_error)
        .where(AtsBoard.is_active.is_(True), AtsBoard.last_fetch_status == "failed")
        .order_by(AtsBoard.vendor, AtsBoard.token)
    ).tuples().all()
    last_scan = session.execute(
        select(WarcScan.warc_path, WarcScan.status, WarcScan.finished_at, WarcScan.companies_found)
        .order_by(WarcScan.updated_at.desc()).limit(1)
    ).first()
    open_incidents = session.scalars(select(AlertIncident.subject).where(AlertIncident.status == "open")
                                     .order_by(AlertIncident.opened_at)).all()
    return {
        "events": {
            "by_status": _by_status(session, Event.status),
            "oldest_pending_age_seconds": round((now - oldest_pending).total_seconds()) if oldest_pending else None,
        },
        "outbox": _by_status(session, Notification.status),
        "boards": {
            "active": session.scalar(select(func.count()).select_from(AtsBoard).where(AtsBoard.is_active.is_(True))),
            "failing": [{"board": f"{v}:{t}", "error": (e or "")[:200]} for v, t, e in failing_boards],
        },
        "discovery": {
            "last_scan": None if last_scan is None else {
                "warc": last_scan.warc_path, "status": last_scan.status,
                "finished_at": _iso(last_scan.finished_at), "companies_found": last_scan.companies_found},
        },
        "failures_open": session.scalar(select(func.count()).select_from(Failure)
                                        .where(Failure.status.in_(("open", "retrying")))) or 0,
        "incidents_open": list(open_incidents),
    }
