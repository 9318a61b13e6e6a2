"""Finish a vendor-parsed posting: derived fields, column limits and the content hash.

Every vendor parser fills what its API states; ``finish`` fills the rest the same way for all of them
(plain text from HTML, country codes and workplace type from location text, seniority from the title, salary
from the description when the API has none) and computes the hash that drives change detection.
"""

from __future__ import annotations

import hashlib
import operator
import re
from collections.abc import Callable
from typing import Any

import orjson

from jobsearch_pipelines.lib.ingestion import fields as f
from jobsearch_pipelines.lib.ingestion.geo import country_codes, workplace_from_text
from jobsearch_pipelines.lib.ingestion.models import POSTING_FIELDS, Posting
from jobsearch_pipelines.lib.ingestion.text import clean_text, html_to_text, truncate

HASHED_FIELDS = tuple(name for name in POSTING_FIELDS if name not in ("content_hash", "source_hash"))
_TEXT_FIELDS = ("external_id", "title", "company_name", "url", "department", "description_html", "description_text",
                "employment_type", "seniority", "salary_currency", "salary_interval", "workplace_type")
_LIMITS = {"external_id": 255, "board_token": 255, "company_name": 512, "department": 255, "source": 32,
           "employment_type": 32, "seniority": 32, "salary_currency": 8, "salary_interval": 16,
           "workplace_type": 16}


_hashed_values = operator.attrgetter(*HASHED_FIELDS)


def content_hash(posting: Posting) -> str:
    """A hash over every stored field: equal hashes mean the stored row needs no write at all.

    The fields are serialised together as one JSON array by orjson (unambiguous: None, "", [] and datetimes
    all differ), several times faster than joining per-field strings in Python."""
    return hashlib.blake2b(orjson.dumps(_hashed_values(posting), default=str), digest_size=32).hexdigest()


_TITLE_EMPLOYMENT = re.compile(r"\b(intern(ship)?|working student|werkstudent|part[- ]time|contract(or)?|freelance"
                               r"|temporary|fixed[- ]term)\b", re.IGNORECASE)


FULLER_BY = 1.1  # the HTML's text must be this much longer than the vendor's plain text to replace it


def fullest_text(plain: str | None, html: str | None) -> str | None:
    """The vendor's plain text, unless its HTML says clearly more (Lever's ``descriptionPlain`` sometimes holds
    only the company intro while ``description`` + ``lists`` + ``additional`` carry the role): then the HTML's."""
    plain = plain.replace("\r\n", "\n").strip() if plain is not None else None
    from_html = html_to_text(html) if html is not None else None
    if not plain:
        return from_html or plain
    if from_html and len(from_html) > FULLER_BY * len(plain):
        return from_html
    return plain


def finish(posting: Posting, *, known_countries: list[str | None] | None = None, level: str | None = None,
           default_onsite: bool = False) -> Posting:
    """Fill derived fields, enforce column limits and set ``content_hash``; returns the same object.

    ``default_onsite``: for vendors without any workplace field (Greenhouse, Personio), a posting located in
    a concrete place with no remote/hybrid marker is on-site.
    """
    posting.title = clean_text(posting.title) or ""
    posting.company_name = clean_text(posting.company_name)
    posting.department = clean_text(posting.department)
    posting.locations = [loc for loc in dict.fromkeys(clean_text(x) for x in posting.locations) if loc]
    posting.description_text = fullest_text(posting.description_text, posting.description_html)
    if not posting.country_codes:
        posting.country_codes = country_codes(posting.locations, known_countries or ())
    if posting.workplace_type is None:
        posting.workplace_type = workplace_from_text(*posting.locations, posting.title)
        if posting.workplace_type is None and default_onsite and posting.country_codes:
            posting.workplace_type = "onsite"
    if posting.employment_type is None and (match := _TITLE_EMPLOYMENT.search(posting.title)):
        posting.employment_type = f.normalize_employment_type(match.group(1))
    if posting.seniority is None:
        posting.seniority = f.seniority(posting.title, level)
    if posting.salary_min is None and posting.salary_max is None:
        found = f.salary_from_text(posting.description_text)
        if found:
            posting.salary_min, posting.salary_max, posting.salary_currency, posting.salary_interval = found
    if posting.salary_currency:
        posting.salary_currency = posting.salary_currency.upper()
    _storable_text(posting, lambda text: text.replace("\x00", ""))
    for name, limit in _LIMITS.items():
        setattr(posting, name, truncate(getattr(posting, name), limit))
    try:
        posting.content_hash = content_hash(posting)
    except orjson.JSONEncodeError:  # lone surrogates (an API's "\udc80" escapes) are text no database stores
        _storable_text(posting, lambda text: text.encode("utf-8", "replace").decode("utf-8"))
        posting.content_hash = content_hash(posting)
    return posting


def _storable_text(posting: Posting, fix: Callable[[str], str]) -> None:
    """Apply ``fix`` to every text field (NUL is never meaningful in a posting and PostgreSQL cannot hold it)."""
    for name in _TEXT_FIELDS:
        value = getattr(posting, name)
        if value is not None:
            setattr(posting, name, fix(value))
    posting.locations = [fix(location) for location in posting.locations]
    if posting.vendor_fields is not None:
        posting.vendor_fields = _fix_json(posting.vendor_fields, fix)


def _fix_json(value: Any, fix: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fix(value)
    if isinstance(value, dict):
        return {fix(str(k)): _fix_json(v, fix) for k, v in value.items()}
    if isinstance(value, list):
        return [_fix_json(v, fix) for v in value]
    return value
