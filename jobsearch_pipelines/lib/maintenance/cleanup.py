"""Daily cleanup: remove what has served its purpose, and nothing else.

* jobs closed (vanished from a successfully fetched board) more than ``closed_job_days`` ago are deleted
  (their rankings/alerts/skills go with them by foreign-key cascade); open jobs are never touched;
* events that were processed, skipped or duplicates and are older than ``event_days`` are deleted; pending,
  failed and dead events stay (dead letters are kept for inspection);
* notifications that were sent or suppressed more than ``notification_days`` ago are deleted; pending,
  failed and dead ones stay;
* inferred preferences decay: an inferred preference whose confidence, halved every
  ``preference_half_life_days`` since it was observed, falls below ``preference_min_confidence`` is deleted.
  Explicit and default preferences never decay.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import Event, Job, Notification, UserPreference

_CHUNK = 1000
EVENT_DONE = ("processed", "skipped", "duplicate")
NOTIFICATION_DONE = ("sent", "suppressed")
PERMANENT_PREFERENCE_SOURCES = ("explicit", "default")


@dataclass(frozen=True)
class CleanupPolicy:
    closed_job_days: int = 90
    event_days: int = 30
    notification_days: int = 90
    preference_half_life_days: float = 90.0
    preference_min_confidence: float = 0.25

    def __post_init__(self) -> None:
        for name in ("closed_job_days", "event_days", "notification_days", "preference_half_life_days"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name}: must be positive, got {getattr(self, name)}")
        if not 0 <= self.preference_min_confidence <= 1:
            raise ValueError(f"preference_min_confidence: must be within [0, 1], got {self.preference_min_confidence}")


@dataclass
class CleanupCounts:
    jobs_deleted: int = 0
    events_deleted: int = 0
    notifications_deleted: int = 0
    preferences_deleted: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _delete_ids(session: Session, model: type, column: object, ids: list[object]) -> int:
    for start in range(0, len(ids), _CHUNK):
        session.execute(delete(model).where(column.in_(ids[start:start + _CHUNK])))  # type: ignore[attr-defined]
    return len(ids)


def decayed_confidence(confidence: float, observed_at: datetime, now: datetime, half_life_days: float) -> float:
    """``confidence`` halved every ``half_life_days`` since ``observed_at``."""
    age_days = max(0.0, (now - observed_at).total_seconds() / 86400)
    return confidence * 0.5 ** (age_days / half_life_days)


def run_cleanup(session: Session, now: datetime, policy: CleanupPolicy = CleanupPolicy()) -> CleanupCounts:
    """Apply ``policy`` at time ``now`` (aware UTC); the caller commits."""
    counts = CleanupCounts()
    job_ids = list(session.scalars(select(Job.id).where(
        Job.status == "closed", Job.closed_at.is_not(None),
        Job.closed_at < now - timedelta(days=policy.closed_job_days))))
    counts.jobs_deleted = _delete_ids(session, Job, Job.id, job_ids)

    event_cutoff = now - timedelta(days=policy.event_days)
    event_ids = list(session.scalars(select(Event.seq).where(
        Event.status.in_(EVENT_DONE),
        ((Event.processed_at.is_not(None)) & (Event.processed_at < event_cutoff))
        | ((Event.processed_at.is_(None)) & (Event.received_at < event_cutoff)))))
    counts.events_deleted = _delete_ids(session, Event, Event.seq, event_ids)

    notification_cutoff = now - timedelta(days=policy.notification_days)
    notification_ids = list(session.scalars(select(Notification.id).where(
        Notification.status.in_(NOTIFICATION_DONE),
        ((Notification.sent_at.is_not(None)) & (Notification.sent_at < notification_cutoff))
        | ((Notification.sent_at.is_(None)) & (Notification.updated_at < notification_cutoff)))))
    counts.notifications_deleted = _delete_ids(session, Notification, Notification.id, notification_ids)

    candidates = session.execute(select(UserPreference.id, UserPreference.confidence, UserPreference.observed_at)
                                 .where(UserPreference.source.not_in(PERMANENT_PREFERENCE_SOURCES)))
    stale = [pid for pid, confidence, observed in candidates
             if decayed_confidence(confidence, observed, now, policy.preference_half_life_days)
             < policy.preference_min_confidence]
    counts.preferences_deleted = _delete_ids(session, UserPreference, UserPreference.id, stale)
    return counts
