"""New-job alerts: match a batch of new jobs against each subscribed user and email only the jobs that fit.

A job is alerted to a user when it passes the user's hard filters and scores at least ``threshold``, at most
once per user and job (``job_alerts`` is unique on both; already-alerted jobs are left out of later batches).
One email per user per batch, under a dedupe key derived from the batch, so a retried event sends nothing new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import Job, JobAlert, JobSkillExtraction, User, UserSettings
from jobsearch_pipelines.lib.ranking.load import load_frame
from jobsearch_pipelines.lib.ranking.profile import load_profile
from jobsearch_pipelines.lib.ranking.reasons import matches_for
from jobsearch_pipelines.lib.ranking.score import Match, score_user, top_rows

ALERT_THRESHOLD = 0.55
MAX_JOBS_PER_ALERT = 20
SKILLS_WAIT = timedelta(minutes=45)


class SkillsPending(RuntimeError):
    """Some jobs of the batch have no skill extraction yet: retry later (alerts rank much better with skills)."""


@dataclass(frozen=True)
class AlertPlan:
    user_id: str
    email: str
    name: str | None
    matches: list[Match]


def subscribed_users(session: Session) -> list[User]:
    """Users with new-job alerts and email on, not unsubscribed."""
    return list(session.scalars(
        select(User).join(UserSettings, UserSettings.user_id == User.id)
        .where(UserSettings.new_job_alerts.is_(True), UserSettings.email_notifications.is_(True),
               UserSettings.unsubscribed_at.is_(None))
        .order_by(User.id)
    ))


def check_skills_ready(session: Session, job_ids: Sequence[int], event_time: datetime, now: datetime) -> None:
    """Raise ``SkillsPending`` while open jobs of the batch lack a skill extraction and the batch is young."""
    if now - event_time >= SKILLS_WAIT:
        return
    missing = session.scalars(
        select(Job.id).outerjoin(JobSkillExtraction, JobSkillExtraction.job_id == Job.id)
        .where(Job.id.in_(list(job_ids)), Job.status == "open", JobSkillExtraction.job_id.is_(None))
    ).all()
    if missing:
        raise SkillsPending(f"skills not extracted yet for {len(missing)} job(s) (e.g. {missing[:5]}); "
                            f"retrying until {SKILLS_WAIT} after the event")


def plan_alerts(session: Session, job_ids: Sequence[int], now: datetime, *, threshold: float = ALERT_THRESHOLD,
                limit: int = MAX_JOBS_PER_ALERT) -> list[AlertPlan]:
    """Per subscribed user, the jobs of ``job_ids`` worth an alert that were never alerted to them."""
    frame = load_frame(session, now, job_ids=list(job_ids))
    if not len(frame):
        return []
    users = subscribed_users(session)
    alerted = set(session.execute(
        select(JobAlert.user_id, JobAlert.job_id).where(and_(JobAlert.job_id.in_(frame.job_ids.tolist())))
    ).tuples())
    plans = []
    for user in users:
        scores = score_user(frame, load_profile(session, user.id, now))
        rows = [row for row in top_rows(scores, len(frame), threshold).tolist()
                if (user.id, int(frame.job_ids[row])) not in alerted][:limit]
        matches = matches_for(frame, scores, rows)
        if matches:
            plans.append(AlertPlan(user.id, user.email, user.name, matches))
    return plans


def alert_dedupe_key(user_id: str, job_ids: Sequence[int]) -> str:
    digest = hashlib.sha256(",".join(str(j) for j in sorted(job_ids)).encode()).hexdigest()[:24]
    return f"new_jobs:{user_id}:{digest}"


def record_alerts(session: Session, plan: AlertPlan, notification_id: int | None, now: datetime) -> list[JobAlert]:
    rows = [JobAlert(user_id=plan.user_id, job_id=m.job_id, score=m.score, notification_id=notification_id,
                     created_at=now) for m in plan.matches]
    session.add_all(rows)
    session.flush()
    return rows


def alert_email_data(plan: AlertPlan) -> dict[str, object]:
    return {"name": plan.name, "jobs": [{"jobId": m.job_id, "score": m.score, "reasons": m.reasons}
                                        for m in plan.matches]}


def queue_new_job_alerts(session: Session, job_ids: Sequence[int], now: datetime, *,
                         event_id: str | None = None, threshold: float = ALERT_THRESHOLD) -> list[int]:
    """Plan, record and queue the alert emails of a batch; returns the outbox ids to deliver."""
    from jobsearch_pipelines.lib.notifications.outbox import queue_email

    ids = []
    for plan in plan_alerts(session, job_ids, now, threshold=threshold):
        row, _ = queue_email(session, kind="new_jobs", recipient=plan.email, user_id=plan.user_id,
                             data=alert_email_data(plan), dedupe_key=alert_dedupe_key(plan.user_id, job_ids),
                             event_id=event_id, now=now)
        record_alerts(session, plan, row.id, now)
        if row.status == "pending":
            ids.append(row.id)
    return ids
