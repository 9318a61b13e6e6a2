"""Reading jobs to classify and writing ``job_remote_eligibility`` rows.

A job is pending when it is open and has no row, or its row was made for another ``content_hash`` (the
posting changed) or another classifier version, or the last attempt failed (retried up to ``MAX_ATTEMPTS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from jobsearch_pipelines.db.schema import Job, JobRemoteEligibility
from jobsearch_pipelines.lib.remote.classify import Eligibility
from jobsearch_pipelines.lib.remote.models import PostingInput

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class PendingJob:
    id: int
    content_hash: str
    posting: PostingInput


def posting_of(job: Any) -> PostingInput:
    """The classifier's input from a ``jobs`` row (or a row with the same attributes)."""
    return PostingInput(job.title, tuple(str(x) for x in (job.locations or []) if x), job.description_text,
                        job.vendor_fields if isinstance(job.vendor_fields, dict) else None)


def pending_jobs(session: Session, version: str, *, limit: int | None = None,
                 job_ids: Sequence[int] | None = None, after_id: int = 0) -> list[PendingJob]:
    """Open jobs whose classification is missing, stale (content or classifier changed) or failed, by id."""
    row = aliased(JobRemoteEligibility)
    stmt = (
        select(Job.id, Job.title, Job.locations, Job.description_text, Job.vendor_fields, Job.content_hash)
        .outerjoin(row, row.job_id == Job.id)
        .where(Job.status == "open", Job.id > after_id)
        .where(or_(row.job_id.is_(None), row.content_hash != Job.content_hash, row.classifier != version,
                   and_(row.status == "failed", row.attempts < MAX_ATTEMPTS)))
        .order_by(Job.id)
    )
    if job_ids is not None:
        stmt = stmt.where(Job.id.in_(list(job_ids)))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [PendingJob(r.id, r.content_hash, posting_of(r)) for r in session.execute(stmt).all()]


def _values(result: Eligibility) -> dict[str, Any]:
    return {
        "workplace_type": result.workplace_type, "remote_scope": list(result.scope),
        "remote_excluded": list(result.excluded) or None,
        "timezone_min": result.timezone[0] if result.timezone else None,
        "timezone_max": result.timezone[1] if result.timezone else None,
        "is_remote_eu": result.is_remote_eu, "remote_eu_confidence": result.confidence,
        "remote_eu_reason": result.reason, "evidence": result.evidence, "classified_by": result.classifier[:96],
    }


def save_result(session: Session, job_id: int, content_hash: str, version: str, result: Eligibility) -> None:
    values = {**_values(result), "content_hash": content_hash, "classifier": version, "status": "done",
              "attempts": 0, "error": None, "classified_at": datetime.now(UTC)}
    row = session.get(JobRemoteEligibility, job_id)
    if row is None:
        session.add(JobRemoteEligibility(job_id=job_id, **values))
    else:
        for key, value in values.items():
            setattr(row, key, value)


def record_failure(session: Session, job_id: int, content_hash: str, version: str, error: str) -> None:
    """Keep the failure (and a previous answer, if any) so the job is retried; never a made-up answer."""
    row = session.get(JobRemoteEligibility, job_id)
    if row is None:
        session.add(JobRemoteEligibility(job_id=job_id, content_hash=content_hash, classifier=version,
                                         status="failed", attempts=1, error=error[:2000],
                                         classified_at=datetime.now(UTC)))
        return
    same = row.content_hash == content_hash and row.status == "failed"
    row.status, row.error, row.attempts = "failed", error[:2000], (row.attempts + 1 if same else 1)
    row.content_hash, row.classifier = content_hash, version


def eligibility_counts(session: Session) -> dict[str, Any]:
    """Figures over open jobs for the asset's metadata and its check."""
    base = (select(JobRemoteEligibility).join(Job, Job.id == JobRemoteEligibility.job_id)
            .where(Job.status == "open", JobRemoteEligibility.status == "done").subquery())
    rows = session.execute(select(base.c.workplace_type, base.c.is_remote_eu, base.c.remote_eu_confidence,
                                  base.c.remote_scope)).all()
    by_workplace: dict[str, int] = {}
    confidence: dict[str, int] = {}
    scope_codes: dict[str, int] = {}
    remote = remote_empty = remote_eu = 0
    for workplace, is_eu, conf, scope in rows:
        by_workplace[workplace or "unknown"] = by_workplace.get(workplace or "unknown", 0) + 1
        if workplace == "remote":
            remote += 1
            remote_empty += not scope
            for code in scope or []:
                scope_codes[code] = scope_codes.get(code, 0) + 1
        if is_eu:
            remote_eu += 1
            confidence[conf or "low"] = confidence.get(conf or "low", 0) + 1
    failed = session.scalar(select(func.count()).select_from(JobRemoteEligibility)
                            .where(JobRemoteEligibility.status == "failed")) or 0
    return {"classified": len(rows), "remote": remote, "remote_empty_scope": remote_empty, "remote_eu": remote_eu,
            "by_workplace": by_workplace, "remote_eu_confidence": confidence, "scope_codes": scope_codes,
            "failed": failed}
