"""SmartRecruiters Posting API: ``GET /v1/companies/{company}/postings?limit=100&offset=`` plus one detail call
``GET /v1/companies/{company}/postings/{id}`` per posting for the job ad text (the list has none).

Quirks: ``location.country`` is a lower-case ISO code; remote/hybrid are booleans on ``location``; the job ad
is split into ``jobAd.sections`` (company, job description, qualifications, additional information). A failed
detail call fails the board (no partial descriptions, nothing closed).
"""

from __future__ import annotations

from typing import Any

from jobsearch_pipelines.lib.ingestion import fields as f
from jobsearch_pipelines.lib.ingestion.fetch import BoardFetch
from jobsearch_pipelines.lib.ingestion.models import FetchError, PayloadError, Posting
from jobsearch_pipelines.lib.ingestion.normalize import finish
from jobsearch_pipelines.lib.ingestion.vendors import Vendor
from jobsearch_pipelines.lib.ingestion.vendors.common import (
    RawPostingFilter,
    SkipFn,
    as_dict,
    external_id,
    require_list,
    text_or_none,
)

PAGE_SIZE = 100
MAX_PAGES = 100
SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


def fetch(fetch: BoardFetch, base_url: str, token: str) -> list[Any]:
    url = f"{base_url}/v1/companies/{token}/postings"
    pages: list[Any] = []
    details: dict[str, Any] = {}
    for page_number in range(MAX_PAGES):
        offset = page_number * PAGE_SIZE
        snapshot = f"{token}.json" if offset == 0 else f"{token}.offset-{offset}.json"
        page = fetch.json(url, {"limit": str(PAGE_SIZE), "offset": str(offset)}, snapshot)
        content = require_list(page, "content", "content")
        pages.append(page)
        for item in content:
            job_id = external_id(as_dict(item).get("id"))
            if job_id and job_id not in details:
                details[job_id] = fetch.json(f"{url}/{job_id}", None, f"{token}/{job_id}.json")
        total = as_dict(page).get("totalFound")
        if len(content) < PAGE_SIZE or (isinstance(total, int) and offset + len(content) >= total):
            pages.append({"details": details})
            return pages
    raise FetchError(f"{url}: more than {MAX_PAGES * PAGE_SIZE} postings", 200, fetch.attempts)


def _description(detail: dict[str, Any]) -> str | None:
    sections = as_dict(as_dict(detail.get("jobAd")).get("sections"))
    parts = []
    for key in SECTIONS:
        section = as_dict(sections.get(key))
        text = text_or_none(section.get("text"))
        if text:
            title = text_or_none(section.get("title"))
            parts.append((f"<h3>{title}</h3>" if title else "") + text)
    return "\n".join(parts) or None


def parse(token: str, pages: list[Any], company: str | None, skip: SkipFn | None = None
          ) -> tuple[list[Posting], int]:
    details: dict[str, Any] = {}
    lists: list[Any] = []
    for page in pages:
        if isinstance(page, dict) and "details" in page:
            details.update(as_dict(page["details"]))
        else:
            lists.append(page)
    if not lists:
        raise PayloadError("content", "no postings list in the response")
    postings: list[Posting] = []
    raw_filter = RawPostingFilter(company, skip)
    for page in lists:
        for item in require_list(page, "content", "content"):
            item = as_dict(item)
            job_id = external_id(item.get("id"))
            detail = as_dict(details.get(job_id))
            raw_hash = raw_filter.admit(job_id, [item, detail], unusable=not text_or_none(item.get("name")))
            if raw_hash is None:
                continue
            loc = as_dict(item.get("location") or detail.get("location"))
            location = text_or_none(loc.get("fullLocation")) or ", ".join(
                p for p in (text_or_none(loc.get(k)) for k in ("city", "region", "country")) if p) or None
            workplace = ("remote" if loc.get("remote") is True else "hybrid" if loc.get("hybrid") is True
                         else "onsite" if loc.get("remote") is False and location else None)
            employment = as_dict(item.get("typeOfEmployment"))
            level = as_dict(item.get("experienceLevel"))
            company_name = text_or_none(as_dict(item.get("company")).get("name"))
            url = detail.get("postingUrl") or detail.get("applyUrl") or (
                f"https://jobs.smartrecruiters.com/{token}/{job_id}")
            postings.append(finish(Posting(
                source="smartrecruiters", board_token=token, external_id=job_id, title=str(item.get("name")),
                company_name=company_name or company or token, url=text_or_none(url),
                locations=[location] if location else [], workplace_type=workplace,
                employment_type=f.normalize_employment_type(text_or_none(employment.get("label"))
                                                            or text_or_none(employment.get("id"))),
                department=text_or_none(as_dict(item.get("department")).get("label"))
                or text_or_none(as_dict(item.get("function")).get("label")),
                description_html=_description(detail),
                posted_at=f.parse_time(item.get("releasedDate")),
                source_updated_at=f.parse_time(detail.get("updatedOn")), source_hash=raw_hash,
                vendor_fields={"location": loc} if loc else None,
            ), known_countries=[text_or_none(loc.get("country"))],
                level=text_or_none(level.get("label")) or text_or_none(level.get("id"))))
    return postings, raw_filter.skipped


VENDOR = Vendor(name="smartrecruiters", ats="smartrecruiters", default_base_url="https://api.smartrecruiters.com",
                public_url="https://jobs.smartrecruiters.com/{token}", fetch=fetch, parse=parse)
