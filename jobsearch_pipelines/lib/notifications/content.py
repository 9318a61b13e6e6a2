"""What goes into each kind of email: the user's name and job cards (title, company, link, why it matches)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import Company, Job, User
from jobsearch_pipelines.lib.notifications.render import JobCard, safe_url

MAX_REASONS = 4


def _reason_texts(reasons: Any) -> list[str]:
    out = []
    for reason in reasons or []:
        text = reason.get("text") if isinstance(reason, Mapping) else reason
        if isinstance(text, str) and text.strip():
            out.append(" ".join(text.split()))
    return out[:MAX_REASONS]


def _location(job: Job) -> str | None:
    parts = []
    if job.workplace_type:
        parts.append(job.workplace_type.capitalize())
    places = [str(p) for p in (job.locations or []) if p][:2] or [str(c) for c in (job.country_codes or [])][:3]
    parts.extend(places)
    return ", ".join(parts) or None


def job_cards(session: Session, items: Sequence[Mapping[str, Any]]) -> list[JobCard]:
    """Cards for ``[{jobId, score?, reasons?}]`` in that order; jobs no longer in the database are left out."""
    ids = [int(item["jobId"]) for item in items]
    if not ids:
        return []
    rows = session.execute(
        select(Job, Company.name).outerjoin(Company, Company.id == Job.company_id).where(Job.id.in_(ids))
    ).all()
    by_id = {job.id: (job, company) for job, company in rows}
    cards = []
    for item in items:
        found = by_id.get(int(item["jobId"]))
        if found is None:
            continue
        job, company = found
        score = item.get("score")
        cards.append(JobCard(
            job_id=job.id, title=" ".join((job.title or "Untitled job").split()),
            company=job.company_name or company or job.board_token, url=safe_url(job.url), location=_location(job),
            score=float(score) if isinstance(score, int | float) else None,
            reasons=_reason_texts(item.get("reasons")),
        ))
    return cards


def email_context(session: Session, kind: str, user: User | None, data: Mapping[str, Any]) -> dict[str, Any]:
    """The template context of an email of ``kind`` from the event's ``data``."""
    name = data.get("name") if isinstance(data.get("name"), str) else None
    context: dict[str, Any] = {"name": name or (user.name if user is not None else None)}
    if kind in ("new_jobs", "daily_digest"):
        items = data.get("jobs")
        if not isinstance(items, list) or not all(isinstance(i, Mapping) and "jobId" in i for i in items):
            raise ValueError("data.jobs: expected a list of {jobId, score, reasons}")
        context["jobs"] = job_cards(session, items)
    if kind == "operator_alert":  # an operator alert (lib/operations/alerts.py) carries its own text
        context["alert"] = {k: data.get(k) for k in ("phase", "title", "subject", "detail", "link")}
    if kind == "daily_digest":
        context["digest_date"] = str(data.get("digestDate") or "")
        context["since"] = data.get("since")
        context["total_new"] = int(data.get("totalNew") or len(context["jobs"]))
    return context
