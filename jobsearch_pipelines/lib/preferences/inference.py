"""Record preference observations and infer them from what a user does with a job.

Confidences follow the original system (application 0.9, like/dislike 0.8, view 0.4, default 0.5, explicit
1.0; company-type exclusions at 0.7x for direct companies liked, 0.8x for staffing/agencies disliked), fixed
where it was broken: views do infer (more views of the same job, more confidence), the company comes from the
job when the event does not name it, and the job's seniority, required skills and role (its title without level
and place) are used too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import Company, Job, JobSkill, JobView, UserPreference
from jobsearch_pipelines.lib.preferences.fields import SENIORITY_LEVELS, validate_preference
from jobsearch_pipelines.lib.ranking.roles import role_of_title

Action = Literal["apply", "like", "dislike", "view"]

CONFIDENCE = {"apply": 0.9, "like": 0.8, "dislike": 0.8, "view": 0.4, "default": 0.5, "explicit": 1.0}
SOURCE = {"apply": "inferred_application", "like": "inferred_feedback", "dislike": "inferred_feedback",
          "view": "inferred_view"}
DIRECT_COMPANY_TYPES = ("CONSULTANCY", "PRODUCT")
INTERMEDIARY_TYPES = ("STAFFING", "AGENCY")
MAX_VIEW_CONFIDENCE = 0.7
MAX_SKILLS = 5


def record_preference(session: Session, user_id: str, field: str, value: Any, *, confidence: float, source: str,
                      observed_at: datetime, context: dict[str, Any] | None = None,
                      event_id: str | None = None) -> UserPreference:
    """Append one validated observation (``PreferenceError`` names a bad field or value)."""
    row = UserPreference(user_id=user_id, field=field, value=validate_preference(field, value),
                         confidence=round(min(max(confidence, 0.0), 1.0), 4), source=source, context=context,
                         event_id=event_id, observed_at=observed_at)
    session.add(row)
    return row


@dataclass(frozen=True)
class JobFacts:
    """What inference needs to know about a job."""

    job_id: int
    title: str | None
    company_key: str | None
    company_category: str | None
    seniority: str | None
    skills: tuple[str, ...]


JOB_CACHE = "jobsearch.jobs"  # session.info key: job id -> Job or None, filled by prefetch_jobs
COMPANY_CACHE = "jobsearch.companies"


def prefetch_jobs(session: Session, job_ids: Iterable[int]) -> None:
    """Load jobs and their companies in two queries; ``job_facts`` then reads them without SQL."""
    ids = {i for i in job_ids if isinstance(i, int) and not isinstance(i, bool)}
    if not ids:
        return
    jobs = {job.id: job for job in session.scalars(select(Job).where(Job.id.in_(ids)))}
    company_ids = {job.company_id for job in jobs.values() if job.company_id is not None}
    if company_ids:  # referenced from session.info so the identity map keeps them
        session.info[COMPANY_CACHE] = list(session.scalars(select(Company).where(Company.id.in_(company_ids))))
    cache = session.info.setdefault(JOB_CACHE, {})
    cache.update({i: jobs.get(i) for i in ids})


def job_facts(session: Session, job_id: int, company_id: int | None = None) -> JobFacts | None:
    """The job's company (from the job, else ``company_id``), seniority and required skills; None if unknown."""
    cache = session.info.get(JOB_CACHE)
    job = cache[job_id] if cache is not None and job_id in cache else session.get(Job, job_id)
    company = None
    if job is not None and job.company_id is not None:
        company = session.get(Company, job.company_id)
    if company is None and company_id is not None:
        company = session.get(Company, company_id)
    if job is None and company is None:
        return None
    company_key = company.key if company is not None else (job.company_name if job is not None else None)
    skills: tuple[str, ...] = ()
    if job is not None:
        skills = tuple(session.scalars(
            select(JobSkill.skill_name).where(JobSkill.job_id == job_id, JobSkill.level == "required")
            .order_by(JobSkill.confidence.desc(), JobSkill.skill_name).limit(MAX_SKILLS)
        ))
    seniority = job.seniority.lower() if job is not None and job.seniority else None
    return JobFacts(job_id=job_id, title=job.title if job is not None else None, company_key=company_key,
                    company_category=(company.category if company is not None else None),
                    seniority=seniority if seniority in SENIORITY_LEVELS else None, skills=skills)


def view_confidence(session: Session, user_id: str, job_id: int) -> float:
    """Confidence of a view-based inference: grows with the number of significant views of the job, capped."""
    views = session.scalar(
        select(func.count()).select_from(JobView).where(JobView.user_id == user_id, JobView.job_id == job_id)
    ) or 1
    return min(1.0 - (1.0 - CONFIDENCE["view"]) ** views, MAX_VIEW_CONFIDENCE)


def infer_from_action(session: Session, user_id: str, action: Action, facts: JobFacts, *, observed_at: datetime,
                      event_id: str | None = None, confidence: float | None = None) -> list[UserPreference]:
    """Append the observations an action on a job implies; returns them (empty if nothing can be inferred)."""
    conf = CONFIDENCE[action] if confidence is None else confidence
    source = SOURCE[action]
    context = {"action": action, "jobId": facts.job_id, "jobTitle": facts.title, "company": facts.company_key}
    rows: list[UserPreference] = []

    def add(field: str, value: Any, c: float) -> None:
        rows.append(record_preference(session, user_id, field, value, confidence=c, source=source,
                                      observed_at=observed_at, context=context, event_id=event_id))

    positive = action != "dislike"
    if facts.company_key:
        add("preferred_companies" if positive else "disliked_companies", [facts.company_key], conf)
    category = (facts.company_category or "").upper()
    if positive and action != "view" and category in DIRECT_COMPANY_TYPES:
        add("excluded_company_types", list(INTERMEDIARY_TYPES), 0.7 if action == "apply" else conf * 0.7)
    if not positive and category in INTERMEDIARY_TYPES:
        add("excluded_company_types", list(INTERMEDIARY_TYPES), conf * 0.8)
    if positive and action != "view":
        if facts.seniority:
            add("seniority_level", [facts.seniority], conf * 0.6)
        if facts.skills:
            add("preferred_skills", list(facts.skills), conf * 0.5)
        role = role_of_title(facts.title)
        if role:
            add("target_roles", [role], conf * 0.6)
    return rows
