"""Greenhouse Job Board API: ``GET /v1/boards/{token}/jobs?content=true`` (whole board at once).

Quirks: ``content`` is entity-escaped HTML (unescaped before stripping tags); there is no remote field, so
the workplace comes from ``location.name`` ("Remote - US", "Hybrid - NYC"); ``first_published`` is the posted
time and ``updated_at`` the change time; salary appears only in the description text (or, when present,
``pay_input_ranges`` in cents).
"""

from __future__ import annotations

from typing import Any

from jobsearch_pipelines.lib.ingestion import fields as f
from jobsearch_pipelines.lib.ingestion.fetch import BoardFetch
from jobsearch_pipelines.lib.ingestion.models import Posting
from jobsearch_pipelines.lib.ingestion.normalize import finish
from jobsearch_pipelines.lib.ingestion.text import unescape_html_document
from jobsearch_pipelines.lib.ingestion.vendors import Vendor
from jobsearch_pipelines.lib.ingestion.vendors.common import (
    RawPostingFilter,
    SkipFn,
    as_dict,
    as_list,
    external_id,
    require_list,
    text_or_none,
)


def _remote_fields(job: dict[str, Any]) -> dict[str, Any] | None:
    """``location`` and each office's name/location (offices carry ids and trees nothing here needs)."""
    offices = [{k: o.get(k) for k in ("name", "location") if o.get(k)}
               for o in map(as_dict, as_list(job.get("offices")))]
    fields = {"location": job.get("location"), "offices": [o for o in offices if o]}
    return {k: v for k, v in fields.items() if v} or None


def fetch(fetch: BoardFetch, base_url: str, token: str) -> list[Any]:
    payload = fetch.json(f"{base_url}/v1/boards/{token}/jobs", {"content": "true"}, f"{token}.json")
    require_list(payload, "jobs", "jobs")
    return [payload]


def _pay(job: dict[str, Any]) -> tuple[float | None, float | None, str | None, str | None]:
    for pay in as_list(job.get("pay_input_ranges")):
        pay = as_dict(pay)
        low, high = f.to_number(pay.get("min_cents")), f.to_number(pay.get("max_cents"))
        if low is None and high is None:
            continue
        return (low / 100 if low else None, high / 100 if high else None, text_or_none(pay.get("currency_type")),
                "year")
    return None, None, None, None


def parse(token: str, pages: list[Any], company: str | None, skip: SkipFn | None = None
          ) -> tuple[list[Posting], int]:
    postings: list[Posting] = []
    raw_filter = RawPostingFilter(company, skip)
    for page in pages:
        for job in require_list(page, "jobs", "jobs"):
            job = as_dict(job)
            job_id = external_id(job.get("id"))
            raw_hash = raw_filter.admit(job_id, job, unusable=not text_or_none(job.get("title")))
            if raw_hash is None:
                continue
            offices = [as_dict(o) for o in as_list(job.get("offices"))]
            location = text_or_none(as_dict(job.get("location")).get("name"))
            locations = [location, *(text_or_none(o.get("location")) for o in offices)]
            departments = [text_or_none(as_dict(d).get("name")) for d in as_list(job.get("departments"))]
            content = text_or_none(job.get("content"))
            low, high, currency, interval = _pay(job)
            postings.append(finish(Posting(
                source="greenhouse", board_token=token, external_id=job_id, title=str(job.get("title")),
                company_name=text_or_none(job.get("company_name")) or company or token,
                url=text_or_none(job.get("absolute_url")),
                locations=[loc for loc in locations if loc],
                department=next((d for d in departments if d), None),
                salary_min=low, salary_max=high, salary_currency=currency, salary_interval=interval,
                description_html=unescape_html_document(content) if content else None,
                posted_at=f.parse_time(job.get("first_published")) or f.parse_time(job.get("updated_at")),
                source_updated_at=f.parse_time(job.get("updated_at")), source_hash=raw_hash,
                vendor_fields=_remote_fields(job),
            ), default_onsite=True))
    return postings, raw_filter.skipped


VENDOR = Vendor(name="greenhouse", ats="greenhouse", default_base_url="https://boards-api.greenhouse.io",
                public_url="https://job-boards.greenhouse.io/{token}", fetch=fetch, parse=parse)
