"""The daily digest: per user with the digest on, the best new jobs since their last digest and why they match.

A user is due when they have no ``digests`` row for today's date in their own time zone. New jobs are the open
jobs first seen after the previous digest (first digest: the last 24 hours), scored by the ranking code; the
best ``jobs_per_digest`` at or above ``DIGEST_MIN_SCORE`` go in. Nothing new, nothing sent (and nothing recorded,
so jobs arriving later still make the next digest). The ``digests`` row (unique per user and date) and the
outbox dedupe key make a re-run send nothing again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import Digest, User, UserSettings
from jobsearch_pipelines.lib.notifications.content import email_context
from jobsearch_pipelines.lib.notifications.outbox import queue_email, suppression_reason
from jobsearch_pipelines.lib.notifications.render import RenderedEmail, render_email
from jobsearch_pipelines.lib.ranking.frame import JobFrame
from jobsearch_pipelines.lib.ranking.load import load_frame
from jobsearch_pipelines.lib.ranking.profile import load_profile
from jobsearch_pipelines.lib.ranking.reasons import matches_for
from jobsearch_pipelines.lib.ranking.score import Match, score_user, top_rows

DIGEST_MIN_SCORE = 0.4
FIRST_DIGEST_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class DigestPlan:
    user_id: str
    email: str
    name: str | None
    digest_date: str
    since: datetime
    matches: list[Match]
    total_new: int

    @property
    def dedupe_key(self) -> str:
        return f"daily_digest:{self.user_id}:{self.digest_date}"

    def email_data(self) -> dict[str, object]:
        return {"name": self.name, "digestDate": self.digest_date, "since": f"{self.since:%Y-%m-%d %H:%M} UTC",
                "totalNew": self.total_new,
                "jobs": [{"jobId": m.job_id, "score": m.score, "reasons": m.reasons} for m in self.matches]}


def local_date(user: User, now: datetime) -> str:
    """Today's date in the user's time zone (UTC when the zone is unknown)."""
    try:
        zone = ZoneInfo(user.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return now.astimezone(zone).date().isoformat()


def digest_users(session: Session, user_ids: list[str] | None = None) -> list[tuple[User, UserSettings]]:
    """Users with the digest and email on and not unsubscribed."""
    query = (select(User, UserSettings).join(UserSettings, UserSettings.user_id == User.id)
             .where(UserSettings.daily_digest.is_(True), UserSettings.email_notifications.is_(True),
                    UserSettings.unsubscribed_at.is_(None)).order_by(User.id))
    if user_ids is not None:
        query = query.where(User.id.in_(user_ids))
    return [(u, s) for u, s in session.execute(query).tuples()]


def _last_digest_at(session: Session, user_id: str) -> datetime | None:
    return session.scalar(select(func.max(Digest.created_at)).where(Digest.user_id == user_id))


def plan_digests(session: Session, now: datetime, user_ids: list[str] | None = None, *,
                 include_sent_today: bool = False, min_score: float = DIGEST_MIN_SCORE) -> list[DigestPlan]:
    """The digests due at ``now`` (``include_sent_today``: also users who already got today's, for previews)."""
    candidates = []
    for user, settings in digest_users(session, user_ids):
        date = local_date(user, now)
        sent_today = session.scalar(select(Digest.id).where(Digest.user_id == user.id, Digest.digest_date == date))
        if sent_today is not None and not include_sent_today:
            continue
        since = _last_digest_at(session, user.id) or now - FIRST_DIGEST_WINDOW
        candidates.append((user, settings, date, since))
    if not candidates:
        return []
    frame = load_frame(session, now, first_seen_after=min(c[3] for c in candidates))
    first_seen = frame.jobs["first_seen_at"]
    plans = []
    for user, settings, date, since in candidates:
        rows = np.flatnonzero((first_seen > since).to_numpy()) if len(frame) else np.empty(0, dtype=np.int64)
        if not len(rows):
            continue
        plan = _plan_user(session, frame, user, settings, date, since, rows, now, min_score)
        if plan is not None:
            plans.append(plan)
    return plans


def _plan_user(session: Session, frame: JobFrame, user: User, settings: UserSettings, date: str, since: datetime,
               rows: np.ndarray, now: datetime, min_score: float) -> DigestPlan | None:
    scores = score_user(frame, load_profile(session, user.id, now))
    eligible = np.intersect1d(np.flatnonzero(scores.passed & (scores.score >= min_score)), rows)
    best = top_rows(scores, max(settings.jobs_per_digest, 1), min_score, rows=rows)
    if not len(best):
        return None
    matches = matches_for(frame, scores, best)
    return DigestPlan(user.id, user.email, user.name, date, since, matches, len(eligible))


def queue_digest(session: Session, plan: DigestPlan, now: datetime, event_id: str | None = None) -> int | None:
    """Record the digest and queue its email; None when this user's digest of that date exists already."""
    exists = session.scalar(select(Digest.id).where(Digest.user_id == plan.user_id,
                                                    Digest.digest_date == plan.digest_date))
    if exists is not None:
        return None
    row, _ = queue_email(session, kind="daily_digest", recipient=plan.email, user_id=plan.user_id,
                         data=plan.email_data(), dedupe_key=plan.dedupe_key, event_id=event_id, now=now)
    session.add(Digest(user_id=plan.user_id, digest_date=plan.digest_date, since=plan.since,
                       job_ids=[m.job_id for m in plan.matches], notification_id=row.id, created_at=now))
    session.flush()
    return row.id if row.status == "pending" else None


def queue_due_digests(session: Session, now: datetime, event_id: str | None = None,
                      user_ids: list[str] | None = None) -> list[int]:
    """Build, record and queue every due digest; returns the outbox ids to deliver."""
    ids = []
    for plan in plan_digests(session, now, user_ids):
        notification_id = queue_digest(session, plan, now, event_id)
        if notification_id is not None:
            ids.append(notification_id)
    return ids


@dataclass(frozen=True)
class DigestPreview:
    """What the user's digest would be now: ``email`` is None when nothing would be sent (``note`` says why)."""

    note: str
    plan: DigestPlan | None = None
    email: RenderedEmail | None = None


def preview_digest(session: Session, user_id: str, now: datetime) -> DigestPreview:
    """Build (and render) the user's digest as it would be sent now, writing nothing; ``LookupError`` if no user."""
    user = session.get(User, user_id)
    if user is None:
        raise LookupError(f"no user {user_id!r}")
    settings = session.get(UserSettings, user_id)
    if settings is None or not settings.daily_digest:
        return DigestPreview("the daily digest is off for this user: nothing would be sent")
    reason = suppression_reason(session, user_id, "daily_digest")
    if reason:
        return DigestPreview(f"{reason}: nothing would be sent")
    plans = plan_digests(session, now, [user_id], include_sent_today=True)
    sent_today = session.scalar(select(Digest.id).where(Digest.user_id == user_id,
                                                        Digest.digest_date == local_date(user, now)))
    if not plans:
        since = _last_digest_at(session, user_id) or now - FIRST_DIGEST_WINDOW
        return DigestPreview(f"no new matching jobs since {since:%Y-%m-%d %H:%M} UTC: nothing would be sent")
    plan = plans[0]
    email = render_email("daily_digest", email_context(session, "daily_digest", user, plan.email_data()))
    note = "today's digest was already sent; this is what the next one would hold" if sent_today else "would be sent"
    return DigestPreview(note, plan, email)
