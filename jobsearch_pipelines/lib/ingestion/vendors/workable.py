"""Workable: the v1 widget API ``GET /api/v1/widget/accounts/{slug}?details=true`` (whole board at once).

The parser also accepts the newer v3 list shape (``{results: [...], nextPage}``) so saved v3 responses work.
Quirks: remote is ``telecommuting`` (v1) or ``workplace`` (v3: on_site/hybrid/remote); descriptions only come
with ``details=true``; the id is the ``shortcode``.
"""

from __future__ import annotations

from typing import Any

from jobsearch_pipelines.lib.ingestion import fields as f
from jobsearch_pipelines.lib.ingestion.fetch import BoardFetch
from jobsearch_pipelines.lib.ingestion.geo import normalize_workplace, workplace_from_text
from jobsearch_pipelines.lib.ingestion.models import PayloadError, Posting
from jobsearch_pipelines.lib.ingestion.normalize import finish
from jobsearch_pipelines.lib.ingestion.vendors import Vendor
from jobsearch_pipelines.lib.ingestion.vendors.common import (
    RawPostingFilter,
    SkipFn,
    as_dict,
    as_list,
    external_id,
    text_or_none,
    vendor_fields,
)

REMOTE_FIELDS = ("telecommuting", "workplace", "remote", "locations", "location", "country", "countryCode", "city",
                 "state")


def fetch(fetch: BoardFetch, base_url: str, token: str) -> list[Any]:
    payload = fetch.json(f"{base_url}/api/v1/widget/accounts/{token}", {"details": "true"}, f"{token}.json")
    _jobs(payload)
    return [payload]


def _jobs(payload: Any) -> list[Any]:
    if isinstance(payload, dict):
        for key in ("jobs", "results"):
            if isinstance(payload.get(key), list):
                return payload[key]
    raise PayloadError("jobs", "expected a list under 'jobs' (v1) or 'results' (v3)")


def _location_text(loc: dict[str, Any]) -> str | None:
    parts = [text_or_none(loc.get(k)) for k in ("city", "region", "state", "country")]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or None


def parse(token: str, pages: list[Any], company: str | None, skip: SkipFn | None = None
          ) -> tuple[list[Posting], int]:
    postings: list[Posting] = []
    raw_filter = RawPostingFilter(company, skip)
    for page in pages:
        account = text_or_none(as_dict(page).get("name"))
        for job in _jobs(page):
            job = as_dict(job)
            job_id = external_id(job.get("shortcode") or job.get("id"))
            internal = job.get("isInternal") is True
            raw_hash = raw_filter.admit(job_id, [job, account], unusable=internal or not text_or_none(job.get("title")))
            if raw_hash is None:
                continue
            locs = [as_dict(x) for x in as_list(job.get("locations")) if not as_dict(x).get("hidden")]
            if not locs and (job.get("city") or job.get("country") or job.get("location")):
                locs = [as_dict(job.get("location")) or job]
            countries = [text_or_none(x.get("countryCode")) or text_or_none(x.get("country")) for x in locs]
            locations = [_location_text(x) for x in locs]
            if job.get("workplace"):
                workplace = normalize_workplace(str(job["workplace"]))
            elif job.get("telecommuting") is True or job.get("remote") is True:
                workplace = "remote"
            else:
                workplace = workplace_from_text(*(x for x in locations if x), str(job.get("title"))) or (
                    "onsite" if locs and job.get("telecommuting") is False else None)
            department = job.get("department")
            if isinstance(department, list):
                department = next((d for d in department if d), None)
            description = text_or_none(job.get("description"))
            for extra in ("requirements", "benefits"):
                if text_or_none(job.get(extra)):
                    description = (description or "") + "\n" + str(job[extra])
            url = job.get("application_url") or job.get("url") or job.get("shortlink") or (
                f"https://apply.workable.com/{token}/j/{job_id}/")
            postings.append(finish(Posting(
                source="workable", board_token=token, external_id=job_id, title=str(job.get("title")),
                company_name=company or account or token, url=text_or_none(url),
                locations=[x for x in locations if x], workplace_type=workplace,
                employment_type=f.normalize_employment_type(text_or_none(job.get("employment_type") or
                                                                         job.get("type"))),
                department=text_or_none(department), description_html=description,
                posted_at=f.parse_time(job.get("published_on") or job.get("published") or job.get("created_at")),
                source_updated_at=f.parse_time(job.get("updated_at")), source_hash=raw_hash,
                vendor_fields=vendor_fields(job, REMOTE_FIELDS),
            ), known_countries=countries, level=text_or_none(job.get("experience"))))
    return postings, raw_filter.skipped


VENDOR = Vendor(name="workable", ats="workable", default_base_url="https://apply.workable.com",
                public_url="https://apply.workable.com/{token}/", fetch=fetch, parse=parse)
