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


JOB_LIST_KINDS = ("new_jobs", "daily_digest")


def job_items(data: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    """The jobs an email lists: ``data.jobs`` ([{jobId, score?, reasons?}]) or the original's ``data.jobIds``."""
    items = data.get("jobs")
    if isinstance(items, list) and all(isinstance(i, Mapping) and isinstance(i.get("jobId"), int) for i in items):
        return items
    ids = data.get("jobIds")
    if isinstance(ids, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        return [{"jobId": i} for i in ids]
    return None


def email_payload_error(kind: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """(field, message) when a ``notification/email`` payload cannot be rendered, checked when it is sent."""
    from jobsearch_pipelines.lib.notifications.render import known_kinds

    if kind not in known_kinds():
        return "data.type", f"no email template for {kind!r} (known: {', '.join(known_kinds())})"
    if kind in JOB_LIST_KINDS and not job_items(data):
        return "data.data.jobIds", "expected a list of job ids (or data.jobs: [{jobId, score, reasons}])"
    return None


def email_context(session: Session, kind: str, user: User | None, data: Mapping[str, Any]) -> dict[str, Any]:
    """The template context of an email of ``kind`` from the event's ``data``."""
    name = data.get("name") if isinstance(data.get("name"), str) else None
    context: dict[str, Any] = {"name": name or (user.name if user is not None else None)}
    if kind in JOB_LIST_KINDS:
        items = job_items(data)
        if items is None:
            raise ValueError("data.jobIds: expected a list of job ids (or data.jobs: [{jobId, score, reasons}])")
        context["jobs"] = job_cards(session, items)
    if kind == "operator_alert":  # an operator alert (lib/operations/alerts.py) carries its own text
        context["alert"] = {k: data.get(k) for k in ("phase", "title", "subject", "detail", "link")}
    if kind == "daily_digest":
        context["digest_date"] = str(data.get("digestDate") or "")
        context["since"] = data.get("since")
        context["total_new"] = int(data.get("totalNew") or len(context["jobs"]))
    return context
