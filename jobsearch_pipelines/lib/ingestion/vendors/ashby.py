"""Ashby posting API: ``GET /posting-api/job-board/{board}?includeCompensation=true`` (whole board at once).

Quirks: ``workplaceType`` (OnSite/Remote/Hybrid) is trusted over ``isRemote`` (true on most hybrid jobs);
``isListed: false`` jobs are skipped; compensation is used only when ``shouldDisplayCompensationOnJobPostings``
is not false (a false flag means withheld), picking the Salary component by ``compensationType``.
"""

from __future__ import annotations

from typing import Any

from jobsearch_pipelines.lib.ingestion import fields as f
from jobsearch_pipelines.lib.ingestion.fetch import BoardFetch
from jobsearch_pipelines.lib.ingestion.geo import normalize_workplace, workplace_from_text
from jobsearch_pipelines.lib.ingestion.models import Posting
from jobsearch_pipelines.lib.ingestion.normalize import finish
from jobsearch_pipelines.lib.ingestion.vendors import Vendor
from jobsearch_pipelines.lib.ingestion.vendors.common import (
    RawPostingFilter,
    SkipFn,
    as_dict,
    as_list,
    external_id,
    require_list,
    text_or_none,
    vendor_fields,
)

REMOTE_FIELDS = ("workplaceType", "isRemote", "location", "locationName", "secondaryLocations", "address")


def fetch(fetch: BoardFetch, base_url: str, token: str) -> list[Any]:
    url = f"{base_url}/posting-api/job-board/{token}"
    payload = fetch.json(url, {"includeCompensation": "true"}, f"{token}.json")
    require_list(payload, "jobs", "jobs")
    return [payload]


def _country(address: Any) -> str | None:
    address = as_dict(address)
    postal = as_dict(address.get("postalAddress")) or address
    return text_or_none(postal.get("addressCountry"))


def _salary(job: dict[str, Any]) -> tuple[float | None, float | None, str | None, str | None]:
    if job.get("shouldDisplayCompensationOnJobPostings") is False:
        return None, None, None, None
    comp = as_dict(job.get("compensation"))
    components = list(as_list(comp.get("summaryComponents")))
    for tier in as_list(comp.get("compensationTiers")):
        components.extend(as_list(as_dict(tier).get("components")))
    for component in components:
        component = as_dict(component)
        if str(component.get("compensationType", "")).lower() != "salary":
            continue
        low, high = f.to_number(component.get("minValue")), f.to_number(component.get("maxValue"))
        if low is None and high is None:
            continue
        return low, high, text_or_none(component.get("currencyCode")), f.normalize_interval(
            text_or_none(component.get("interval")))
    return None, None, None, None


def parse(token: str, pages: list[Any], company: str | None, skip: SkipFn | None = None
          ) -> tuple[list[Posting], int]:
    postings: list[Posting] = []
    raw_filter = RawPostingFilter(company, skip)
    for page in pages:
        for job in require_list(page, "jobs", "jobs"):
            job = as_dict(job)
            job_id = external_id(job.get("id")) or external_id(str(job.get("jobUrl") or "").rstrip("/")
                                                               .rsplit("/", 1)[-1])
            unlisted = job.get("isListed") is False
            raw_hash = raw_filter.admit(job_id, job, unusable=unlisted or not text_or_none(job.get("title")))
            if raw_hash is None:
                continue
            secondary = [as_dict(s) for s in as_list(job.get("secondaryLocations"))]
            locations = [job.get("location") or job.get("locationName"), *(s.get("location") for s in secondary)]
            countries = [_country(job.get("address")), *(_country(s.get("address")) for s in secondary)]
            workplace = normalize_workplace(text_or_none(job.get("workplaceType")))
            if workplace is None:
                workplace = workplace_from_text(*(loc for loc in locations if loc))
            if workplace is None and job.get("isRemote") is True:
                workplace = "remote"
            low, high, currency, interval = _salary(job)
            postings.append(finish(Posting(
                source="ashby", board_token=token, external_id=job_id, title=str(job.get("title")),
                company_name=company or token, url=text_or_none(job.get("applyUrl") or job.get("jobUrl")),
                locations=[str(loc) for loc in locations if loc], workplace_type=workplace,
                employment_type=f.normalize_employment_type(text_or_none(job.get("employmentType"))),
                salary_min=low, salary_max=high, salary_currency=currency, salary_interval=interval,
                department=text_or_none(job.get("department")) or text_or_none(job.get("team")),
                description_html=text_or_none(job.get("descriptionHtml")),
                description_text=text_or_none(job.get("descriptionPlain")),
                posted_at=f.parse_time(job.get("publishedAt")),
                source_updated_at=f.parse_time(job.get("updatedAt")), source_hash=raw_hash,
                vendor_fields=vendor_fields(job, REMOTE_FIELDS),
            ), known_countries=countries))
    return postings, raw_filter.skipped


VENDOR = Vendor(name="ashby", ats="ashby", default_base_url="https://api.ashbyhq.com",
                public_url="https://jobs.ashbyhq.com/{token}", fetch=fetch, parse=parse)
