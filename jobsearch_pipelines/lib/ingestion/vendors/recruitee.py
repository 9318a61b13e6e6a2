"""Recruitee careers-site API: ``GET https://{company}.recruitee.com/api/offers/`` (whole board at once).

Quirks: one host per company (the base URL template holds ``{token}``); ``remote``/``hybrid``/``on_site``
booleans; the text is ``description`` + ``requirements`` (HTML); ``salary`` is sometimes filled; only
``published`` offers are kept.
"""

from __future__ import annotations

from typing import Any

from jobsearch_pipelines.lib.ingestion import fields as f
from jobsearch_pipelines.lib.ingestion.fetch import BoardFetch
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

REMOTE_FIELDS = ("remote", "hybrid", "on_site", "location", "city", "country", "country_code", "locations")


def fetch(fetch: BoardFetch, base_url: str, token: str) -> list[Any]:
    payload = fetch.json(f"{base_url}/api/offers/", None, f"{token}.json")
    require_list(payload, "offers", "offers")
    return [payload]


def _location(loc: dict[str, Any]) -> str | None:
    parts = [text_or_none(loc.get(k)) for k in ("city", "state", "country")]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or text_or_none(loc.get("location"))


def parse(token: str, pages: list[Any], company: str | None, skip: SkipFn | None = None
          ) -> tuple[list[Posting], int]:
    postings: list[Posting] = []
    raw_filter = RawPostingFilter(company, skip)
    for page in pages:
        for offer in require_list(page, "offers", "offers"):
            offer = as_dict(offer)
            job_id = external_id(offer.get("id") or offer.get("slug"))
            status = offer.get("status")
            unpublished = status not in (None, "published")
            raw_hash = raw_filter.admit(job_id, offer, unusable=unpublished or not text_or_none(offer.get("title")))
            if raw_hash is None:
                continue
            locs = [as_dict(x) for x in as_list(offer.get("locations"))] or [offer]
            locations = [_location(x) for x in locs]
            if not any(locations):
                locations = [text_or_none(offer.get("location"))]
            countries = [text_or_none(x.get("country_code")) or text_or_none(x.get("country")) for x in locs]
            workplace = ("remote" if offer.get("remote") is True else "hybrid" if offer.get("hybrid") is True
                         else "onsite" if offer.get("on_site") is True else None)
            salary = as_dict(offer.get("salary"))
            html = "\n".join(p for p in (text_or_none(offer.get("description")),
                                         text_or_none(offer.get("requirements"))) if p) or None
            postings.append(finish(Posting(
                source="recruitee", board_token=token, external_id=job_id, title=str(offer.get("title")),
                company_name=text_or_none(offer.get("company_name")) or company or token,
                url=text_or_none(offer.get("careers_apply_url") or offer.get("careers_url")),
                locations=[x for x in locations if x], workplace_type=workplace,
                employment_type=f.normalize_employment_type(text_or_none(offer.get("employment_type_code"))),
                salary_min=f.to_number(salary.get("min")), salary_max=f.to_number(salary.get("max")),
                salary_currency=text_or_none(salary.get("currency")),
                salary_interval=f.normalize_interval(text_or_none(salary.get("period"))),
                department=text_or_none(offer.get("department")), description_html=html,
                posted_at=f.parse_time(offer.get("published_at") or offer.get("created_at")),
                source_updated_at=f.parse_time(offer.get("updated_at")), source_hash=raw_hash,
                vendor_fields=vendor_fields(offer, REMOTE_FIELDS),
            ), known_countries=countries, level=text_or_none(offer.get("experience_code"))))
    return postings, raw_filter.skipped


VENDOR = Vendor(name="recruitee", ats="recruitee", default_base_url="https://{token}.recruitee.com",
                public_url="https://{token}.recruitee.com/", fetch=fetch, parse=parse)
