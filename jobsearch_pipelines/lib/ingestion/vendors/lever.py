"""Lever Postings API: ``GET /v0/postings/{site}?mode=json&skip=&limit=`` on api.lever.co or api.eu.lever.co.

Quirks: ``createdAt`` is epoch milliseconds; ``workplaceType`` is ``on-site`` in the docs but ``onsite`` live
(both accepted; ``unspecified`` means unknown); the full text is ``description`` + ``lists[]`` + ``additional``;
``salaryRange`` is optional. Pagination stops at a short page, or when a page repeats ids already seen (a
server that ignores ``skip``), or after ``MAX_PAGES``.
"""

from __future__ import annotations

from typing import Any

from jobsearch_pipelines.lib.ingestion import fields as f
from jobsearch_pipelines.lib.ingestion.fetch import BoardFetch
from jobsearch_pipelines.lib.ingestion.geo import normalize_workplace
from jobsearch_pipelines.lib.ingestion.models import FetchError, Posting
from jobsearch_pipelines.lib.ingestion.normalize import finish
from jobsearch_pipelines.lib.ingestion.text import html_to_text
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

REMOTE_FIELDS = ("workplaceType", "country", "categories")

PAGE_SIZE = 100
MAX_PAGES = 100


def fetch(fetch: BoardFetch, base_url: str, token: str) -> list[Any]:
    pages: list[Any] = []
    seen: set[str] = set()
    for page_number in range(MAX_PAGES):
        skip = page_number * PAGE_SIZE
        snapshot = f"{token}.json" if skip == 0 else f"{token}.skip-{skip}.json"
        params = {"mode": "json", "skip": str(skip), "limit": str(PAGE_SIZE)}
        page = require_list(fetch.json(f"{base_url}/v0/postings/{token}", params, snapshot), None, "postings")
        ids = {str(as_dict(p).get("id")) for p in page}
        if page and ids <= seen:
            break  # the server ignored skip and sent the same postings again
        seen |= ids
        pages.append(page)
        if len(page) < PAGE_SIZE:
            return pages
    if len(pages) == MAX_PAGES:
        raise FetchError(f"{base_url}/v0/postings/{token}: more than {MAX_PAGES * PAGE_SIZE} postings", 200,
                         fetch.attempts)
    return pages


def _html(posting: dict[str, Any]) -> str | None:
    parts = [text_or_none(posting.get("description"))]
    for item in as_list(posting.get("lists")):
        item = as_dict(item)
        heading, content = text_or_none(item.get("text")), text_or_none(item.get("content"))
        if heading or content:
            parts.append(f"<h3>{heading or ''}</h3><ul>{content or ''}</ul>")
    parts.append(text_or_none(posting.get("additional")))
    html = "\n".join(p for p in parts if p)
    return html or None


def _plain(posting: dict[str, Any]) -> str | None:
    parts = [text_or_none(posting.get("descriptionPlain"))]
    for item in as_list(posting.get("lists")):
        item = as_dict(item)
        heading = text_or_none(item.get("text"))
        items = html_to_text(text_or_none(item.get("content")))
        parts.append("\n".join(p for p in (heading, items) if p))
    parts.append(text_or_none(posting.get("additionalPlain")))
    text = "\n\n".join(p for p in parts if p)
    return text or None


def _remote_fields(posting: dict[str, Any]) -> dict[str, Any] | None:
    fields = vendor_fields(posting, REMOTE_FIELDS) or {}
    if "categories" in fields:  # only the location parts of the categories
        categories = {k: v for k, v in as_dict(fields["categories"]).items() if k in ("location", "allLocations") and v}
        fields = {**fields, "categories": categories} if categories else {k: v for k, v in fields.items()
                                                                         if k != "categories"}
    return fields or None


def parse(token: str, pages: list[Any], company: str | None, skip: SkipFn | None = None
          ) -> tuple[list[Posting], int]:
    postings: list[Posting] = []
    raw_filter = RawPostingFilter(company, skip)
    for page in pages:
        for posting in require_list(page, None, "postings"):
            posting = as_dict(posting)
            job_id = external_id(posting.get("id"))
            raw_hash = raw_filter.admit(job_id, posting, unusable=not text_or_none(posting.get("text")))
            if raw_hash is None:
                continue
            categories = as_dict(posting.get("categories"))
            all_locations = [text_or_none(x) for x in as_list(categories.get("allLocations"))]
            locations = [text_or_none(categories.get("location")), *all_locations]
            salary = as_dict(posting.get("salaryRange"))
            has_plain = posting.get("descriptionPlain") is not None
            postings.append(finish(Posting(
                source="lever", board_token=token, external_id=job_id, title=str(posting.get("text")),
                company_name=company or token,
                url=text_or_none(posting.get("applyUrl") or posting.get("hostedUrl")),
                locations=[loc for loc in locations if loc],
                workplace_type=normalize_workplace(text_or_none(posting.get("workplaceType"))),
                employment_type=f.normalize_employment_type(text_or_none(categories.get("commitment"))),
                salary_min=f.to_number(salary.get("min")), salary_max=f.to_number(salary.get("max")),
                salary_currency=text_or_none(salary.get("currency")),
                salary_interval=f.normalize_interval(text_or_none(salary.get("interval"))),
                department=text_or_none(categories.get("department")) or text_or_none(categories.get("team")),
                description_html=_html(posting), description_text=_plain(posting) if has_plain else None,
                posted_at=f.parse_time(posting.get("createdAt")),
                source_updated_at=f.parse_time(posting.get("updatedAt")), source_hash=raw_hash,
                vendor_fields=_remote_fields(posting),
            ), known_countries=[text_or_none(posting.get("country"))]))
    return postings, raw_filter.skipped


VENDOR = Vendor(name="lever", ats="lever", default_base_url="https://api.lever.co",
                public_url="https://jobs.lever.co/{token}", fetch=fetch, parse=parse)
VENDOR_EU = Vendor(name="lever_eu", ats="lever", default_base_url="https://api.eu.lever.co",
                   public_url="https://jobs.eu.lever.co/{token}", fetch=fetch, parse=parse)
