"""Operator incidents: one alert when an incident opens, one when it resolves, never one per sensor tick.

An incident has a key (``run:<job>``, ``freshness:<asset>``, ``check:<asset>:<check>``). Opening an incident
that is already open does nothing; resolving one that is not open does nothing. Each message goes out by email
through the outbox (queued in the same transaction as the incident change, so it cannot be lost) and, when a
chat webhook is configured, as a Slack incoming-webhook JSON POST. Webhook messages wait on the incident row
until delivered, so a chat outage delays them rather than dropping them; after ``WEBHOOK_MAX_ATTEMPTS`` they
are dead-lettered into ``failures``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import AlertIncident, Failure, utcnow
from jobsearch_pipelines.lib.notifications.outbox import queue_email

ALERT_EMAIL_KIND = "operator_alert"
WEBHOOK_MAX_ATTEMPTS = 10
DETAIL_LINES = 8
DETAIL_CHARS = 1500


@dataclass(frozen=True)
class AlertSettings:
    """Where alerts go: an email address (through the outbox), a chat webhook URL, the UI's base URL for links."""

    email: str | None = None
    webhook_url: str | None = None
    ui_url: str | None = None

    def run_link(self, run_id: str) -> str | None:
        return f"{self.ui_url.rstrip('/')}/runs/{run_id}" if self.ui_url else None

    def asset_link(self, asset_path: str) -> str | None:
        return f"{self.ui_url.rstrip('/')}/assets/{asset_path}" if self.ui_url else None


@dataclass(frozen=True)
class AlertMessage:
    """One message about an incident: it ``opened`` or ``resolved``."""

    phase: str
    kind: str
    subject: str
    detail: str | None
    link: str | None

    @property
    def title(self) -> str:
        return f"[{'RESOLVED' if self.phase == 'resolved' else 'ALERT'}] {self.subject}"

    def text(self) -> str:
        lines = [self.title]
        if self.detail:
            lines += ["", self.detail]
        if self.link:
            lines += ["", f"Open in Dagster: {self.link}"]
        return "\n".join(lines)

    def webhook_payload(self) -> dict[str, Any]:
        """Slack incoming-webhook shape (``text`` plus blocks); Mattermost and Teams connectors accept ``text``."""
        blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{self.title}*"}}]
        if self.detail:
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"```{self.detail}```"}})
        if self.link:
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"<{self.link}|Open in Dagster>"}})
        return {"text": self.text(), "blocks": blocks}

    def email_data(self) -> dict[str, Any]:
        return {"phase": self.phase, "alertKind": self.kind, "title": self.title, "subject": self.subject,
                "detail": self.detail, "link": self.link}


def first_lines(text: str | None, lines: int = DETAIL_LINES, chars: int = DETAIL_CHARS) -> str | None:
    """The first lines of an error, enough to recognise it in a mail or chat message."""
    if not text:
        return None
    kept = "\n".join(line.rstrip() for line in text.strip().splitlines()[:lines])
    return kept if len(kept) <= chars else kept[: chars - 1] + "…"


def _announce(session: Session, incident: AlertIncident, message: AlertMessage, settings: AlertSettings,
              now: datetime) -> None:
    if settings.email:
        queue_email(session, kind=ALERT_EMAIL_KIND, recipient=settings.email, user_id=None,
                    data=message.email_data(), dedupe_key=f"alert:{incident.id}:{message.phase}", now=now)
    if settings.webhook_url:
        # Messages of a dead delivery were dead-lettered into ``failures``: a new message starts afresh.
        pending: list[Any] = []
        if incident.webhook_status == "pending":
            pending = list((incident.webhook_payload or {}).get("messages", []))
        else:
            incident.webhook_attempts, incident.webhook_error = 0, None
        incident.webhook_payload = {"messages": [*pending, message.webhook_payload()]}
        incident.webhook_status = "pending"


def open_incident(session: Session, *, key: str, kind: str, subject: str, detail: str | None, link: str | None,
                  settings: AlertSettings, now: datetime | None = None) -> AlertIncident | None:
    """Open an incident and announce it; None (and no message) when one is already open for ``key``."""
    if session.scalars(select(AlertIncident).where(AlertIncident.open_key == key)).first() is not None:
        return None
    now = now or utcnow()
    incident = AlertIncident(incident_key=key, open_key=key, kind=kind, subject=subject, detail=detail, link=link,
                             status="open", opened_at=now, created_at=now, updated_at=now)
    session.add(incident)
    session.flush()
    _announce(session, incident, AlertMessage("opened", kind, subject, detail, link), settings, now)
    return incident


def resolve_incident(session: Session, *, key: str, settings: AlertSettings, detail: str | None = None,
                     link: str | None = None, now: datetime | None = None) -> AlertIncident | None:
    """Resolve the open incident of ``key`` and announce it; None when nothing is open."""
    incident = session.scalars(select(AlertIncident).where(AlertIncident.open_key == key)).first()
    if incident is None:
        return None
    now = now or utcnow()
    incident.status, incident.open_key, incident.resolved_at, incident.updated_at = "resolved", None, now, now
    message = AlertMessage("resolved", incident.kind, incident.subject, detail, link or incident.link)
    _announce(session, incident, message, settings, now)
    return incident


def open_keys(session: Session, prefix: str) -> set[str]:
    """Keys of the open incidents whose key starts with ``prefix``."""
    rows = session.scalars(select(AlertIncident.open_key).where(AlertIncident.open_key.like(f"{prefix}%")))
    return {k for k in rows if k}


PostJson = Callable[[str, Mapping[str, Any]], None]


def deliver_webhooks(engine: Engine, url: str | None, post: PostJson) -> dict[str, int]:
    """POST every pending webhook message in order; failures stay pending (dead after the attempt limit)."""
    counts = {"sent": 0, "failed": 0, "dead": 0}
    if not url:
        return counts
    with session_scope(engine) as session:
        ids = list(session.scalars(select(AlertIncident.id).where(AlertIncident.webhook_status == "pending")
                                   .order_by(AlertIncident.id)))
    for incident_id in ids:
        with session_scope(engine) as session:
            incident = session.get(AlertIncident, incident_id)
            if incident is None or incident.webhook_status != "pending":
                continue
            messages = list((incident.webhook_payload or {}).get("messages", []))
            while messages:
                try:
                    post(url, messages[0])
                except Exception as exc:  # any delivery error keeps the message for the next tick
                    incident.webhook_attempts += 1
                    incident.webhook_error = f"{type(exc).__name__}: {exc}"[:2000]
                    if incident.webhook_attempts >= WEBHOOK_MAX_ATTEMPTS:
                        incident.webhook_status = "dead"
                        session.add(Failure(kind="alert_webhook", ref=incident.incident_key,
                                            payload={"messages": messages}, error=incident.webhook_error,
                                            attempts=incident.webhook_attempts, status="dead"))
                        counts["dead"] += 1
                    else:
                        counts["failed"] += 1
                    break
                messages.pop(0)
                counts["sent"] += 1
            incident.webhook_payload = {"messages": messages}
            if not messages:
                incident.webhook_status, incident.webhook_error = "sent", None
    return counts
