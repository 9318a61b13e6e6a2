"""Keep ``job_rankings`` current: full recompute for users whose profile changed, incremental for new jobs.

Per user, ``job_rankings`` holds the passing jobs scoring at least ``min_score``, at most ``limit`` of them
(a full refresh trims to the best ``limit``; an incremental refresh adds every new job that qualifies).
``ranking_state`` remembers the profile fingerprint and the highest job id ranked, so a refresh
* recomputes a user in full when their profile changed, they were never ranked, or their last full refresh is
  older than ``full_every`` (recency moves every score a little; edited postings are picked up);
* otherwise scores only the jobs added since (id above ``max_job_id``) and jobs whose skills were extracted since;
* always drops rankings of jobs that are no longer open.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import Job, JobRanking, JobSkillExtraction, RankingState, User
from jobsearch_pipelines.lib.ranking.frame import JobFrame
from jobsearch_pipelines.lib.ranking.load import load_frame
from jobsearch_pipelines.lib.ranking.profile import UserProfile, load_profile, load_profiles
from jobsearch_pipelines.lib.ranking.reasons import matches_for
from jobsearch_pipelines.lib.ranking.roles import normalised_title
from jobsearch_pipelines.lib.ranking.score import score_user, top_rows

_INSERT_CHUNK = 2000


@dataclass(frozen=True)
class RankingSettings:
    limit: int = 100
    min_score: float = 0.3
    full_every: timedelta = timedelta(hours=24)


@dataclass
class RankingReport:
    full_users: list[str] = field(default_factory=list)
    incremental_users: list[str] = field(default_factory=list)
    rows_written: int = 0
    jobs_scored_full: int = 0
    jobs_scored_incremental: int = 0
    closed_removed: int = 0

    def as_metadata(self) -> dict[str, int]:
        return {"users_full": len(self.full_users), "users_incremental": len(self.incremental_users),
                "rows_written": self.rows_written, "jobs_in_full_frame": self.jobs_scored_full,
                "new_jobs_scored": self.jobs_scored_incremental, "closed_rankings_removed": self.closed_removed}


def _rows(frame: JobFrame, profile: UserProfile, settings: RankingSettings, now: datetime,
          limit: int) -> list[dict[str, object]]:
    scores = score_user(frame, profile)
    return [{"user_id": profile.user_id, "job_id": m.job_id, "score": m.score, "reasons": m.reasons,
             "computed_at": now} for m in matches_for(frame, scores, top_rows(scores, limit, settings.min_score))]


def _write(session: Session, rows: list[dict[str, object]]) -> None:
    for start in range(0, len(rows), _INSERT_CHUNK):
        session.execute(insert(JobRanking), rows[start:start + _INSERT_CHUNK])


def _save_state(session: Session, profile: UserProfile, max_job_id: int, now: datetime, *, full: bool,
                stored: int) -> None:
    state = session.get(RankingState, profile.user_id)
    if state is None:
        state = RankingState(user_id=profile.user_id, full_ranked_at=now)
        session.add(state)
    state.profile_hash, state.ranked_at = profile.fingerprint(), now
    state.max_job_id = max(max_job_id, state.max_job_id or 0)
    if full:
        state.full_ranked_at, state.ranked_jobs = now, stored


def rank_users_full(session: Session, profiles: Sequence[UserProfile], now: datetime,
                    settings: RankingSettings = RankingSettings(), frame: JobFrame | None = None) -> int:
    """Recompute ``profiles`` over every open job; returns the rows written."""
    if not profiles:
        return 0
    max_job_id = session.scalar(select(func.max(Job.id))) or 0
    frame = frame if frame is not None else load_frame(session, now)
    written = 0
    for profile in profiles:
        session.execute(delete(JobRanking).where(JobRanking.user_id == profile.user_id))
        rows = _rows(frame, profile, settings, now, settings.limit)
        _write(session, rows)
        _save_state(session, profile, max_job_id, now, full=True, stored=len(rows))
        written += len(rows)
    session.flush()
    return written


def rerank_user(session: Session, user_id: str, now: datetime, settings: RankingSettings = RankingSettings()) -> int:
    """Recompute one user's ranking from scratch (the ``jobs/rerank`` function); returns the rows written."""
    if session.get(User, user_id) is None:
        raise LookupError(f"userId: no user {user_id!r}")
    return rank_users_full(session, [load_profile(session, user_id, now)], now, settings)


def _changed_job_ids(session: Session, since_id: int, since: datetime) -> list[int]:
    new = session.scalars(select(Job.id).where(Job.id > since_id, Job.status == "open"))
    reextracted = session.scalars(
        select(JobSkillExtraction.job_id).where(JobSkillExtraction.extracted_at > since)
    )
    return sorted(set(new) | set(reextracted))


def _stored_floors(session: Session, user_ids: list[str], limit: int) -> dict[str, float]:
    """Per user holding ``limit`` rows already: the lowest stored score (a new job must beat it to get in)."""
    floors: dict[str, float] = {}
    for start in range(0, len(user_ids), 1000):
        rows = session.execute(
            select(JobRanking.user_id, func.count(), func.min(JobRanking.score))
            .where(JobRanking.user_id.in_(user_ids[start:start + 1000])).group_by(JobRanking.user_id)
        ).tuples()
        floors.update({user_id: low for user_id, count, low in rows if count >= limit})
    return floors


def _merge_new(session: Session, frame: JobFrame, profile: UserProfile, changed: list[int],
               settings: RankingSettings, now: datetime, floor: float | None) -> int:
    """Re-score ``changed`` jobs for one user and keep the stored top ``limit`` (new jobs must beat the floor)."""
    for start in range(0, len(changed), _INSERT_CHUNK):
        chunk = changed[start:start + _INSERT_CHUNK]
        session.execute(delete(JobRanking).where(JobRanking.user_id == profile.user_id, JobRanking.job_id.in_(chunk)))
    scores = score_user(frame, profile)
    bar = max(settings.min_score, floor if floor is not None else settings.min_score)
    chosen = top_rows(scores, settings.limit, bar)
    if floor is not None:  # strictly better than the current worst stored row
        chosen = chosen[scores.score[chosen] > floor]
    rows = [{"user_id": profile.user_id, "job_id": m.job_id, "score": m.score, "reasons": m.reasons,
             "computed_at": now} for m in matches_for(frame, scores, chosen)]
    _write(session, rows)
    if rows:  # drop the rows that fell out of the top ``limit``
        keep = select(JobRanking.job_id).where(JobRanking.user_id == profile.user_id).order_by(
            JobRanking.score.desc(), JobRanking.job_id.desc()).limit(settings.limit)
        session.execute(delete(JobRanking).where(JobRanking.user_id == profile.user_id,
                                                 JobRanking.job_id.not_in(keep.scalar_subquery())))
    return len(rows)


def refresh_rankings(session: Session, now: datetime, settings: RankingSettings = RankingSettings(),
                     user_ids: Iterable[str] | None = None) -> RankingReport:
    """Bring ``job_rankings`` up to date for ``user_ids`` (default: every user); see the module docstring."""
    report = RankingReport()
    closed = delete(JobRanking).where(JobRanking.job_id.in_(select(Job.id).where(Job.status != "open")))
    report.closed_removed = session.execute(closed).rowcount or 0
    ids = list(user_ids) if user_ids is not None else list(session.scalars(select(User.id).order_by(User.id)))
    states = {s.user_id: s for s in session.scalars(select(RankingState).where(RankingState.user_id.in_(ids)))}
    full: list[UserProfile] = []
    incremental: dict[tuple[int, datetime], list[UserProfile]] = {}
    profiles = load_profiles(session, ids, now)
    for user_id in ids:
        profile = profiles[user_id]
        state = states.get(user_id)
        if (state is None or state.profile_hash != profile.fingerprint()
                or state.full_ranked_at <= now - settings.full_every):
            full.append(profile)
        else:
            incremental.setdefault((state.max_job_id, state.ranked_at), []).append(profile)
    if full:
        frame = load_frame(session, now)
        report.jobs_scored_full = len(frame)
        report.rows_written += rank_users_full(session, full, now, settings, frame)
        report.full_users = [p.user_id for p in full]
    for (since_id, since), group in incremental.items():
        changed = _changed_job_ids(session, since_id, since)
        max_job_id = max([since_id, *changed])
        frame = load_frame(session, now, job_ids=changed) if changed else None
        report.jobs_scored_incremental += len(frame) if frame is not None else 0
        floors = _stored_floors(session, [p.user_id for p in group], settings.limit)
        for profile in group:
            if frame is not None and len(frame):
                report.rows_written += _merge_new(session, frame, profile, changed, settings, now,
                                                  floors.get(profile.user_id))
            _save_state(session, profile, max_job_id, now, full=False, stored=0)
            report.incremental_users.append(profile.user_id)
    session.flush()
    return report


def user_rankings(session: Session, user_id: str, limit: int = 20) -> list[JobRanking]:
    """The stored ranking of a user, best first, one posting per role: an incremental refresh may have stored a
    re-post next to its original, so near-duplicates (same company and normalised title) are folded here too."""
    rows = session.execute(
        select(JobRanking, func.coalesce(Job.company_id, -1), Job.company_name, Job.title)
        .join(Job, Job.id == JobRanking.job_id).where(JobRanking.user_id == user_id)
        .order_by(JobRanking.score.desc(), JobRanking.job_id.desc()).limit(limit * 3)
    ).all()
    seen: set[tuple[object, str]] = set()
    out: list[JobRanking] = []
    for ranking, company_id, company_name, title in rows:
        key = (company_id if company_id != -1 else (company_name or "").lower(), normalised_title(title))
        if key in seen:
            continue
        seen.add(key)
        out.append(ranking)
    return out[:limit]
