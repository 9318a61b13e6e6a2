"""Personio XML feed: ``GET https://{company}.jobs.personio.de/xml?language=en`` (whole board at once).

Quirks: XML (``<workzag-jobs><position>…``), parsed without entity expansion; descriptions are CDATA HTML in
``jobDescriptions/jobDescription/{name,value}``; no remote field (from text); no salary; the posting page is
``https://{company}.jobs.personio.de/job/{id}``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from jobsearch_pipelines.lib.ingestion import fields as f
from jobsearch_pipelines.lib.ingestion.fetch import BoardFetch, parse_xml
from jobsearch_pipelines.lib.ingestion.geo import workplace_from_text
from jobsearch_pipelines.lib.ingestion.models import PayloadError, Posting
from jobsearch_pipelines.lib.ingestion.normalize import finish
from jobsearch_pipelines.lib.ingestion.vendors import Vendor
from jobsearch_pipelines.lib.ingestion.vendors.common import RawPostingFilter, SkipFn, text_or_none


def fetch(fetch: BoardFetch, base_url: str, token: str) -> list[Any]:
    return [fetch.xml(f"{base_url}/xml", {"language": "en"}, f"{token}.xml")]


def _text(node: etree._Element, path: str) -> str | None:
    found = node.find(path)
    return text_or_none(found.text) if found is not None else None


def parse(token: str, pages: list[Any], company: str | None, skip: SkipFn | None = None
          ) -> tuple[list[Posting], int]:
    postings: list[Posting] = []
    raw_filter = RawPostingFilter(company, skip)
    for page in pages:
        if not isinstance(page, str | bytes):
            raise PayloadError("workzag-jobs", "expected the XML document")
        root = parse_xml(page)
        if root.tag != "workzag-jobs":
            raise PayloadError("workzag-jobs", f"unexpected root element <{root.tag}>")
        for position in root.findall("position"):
            job_id, title = _text(position, "id"), _text(position, "name")
            raw_hash = raw_filter.admit(job_id, etree.tostring(position), unusable=not title)
            if raw_hash is None:
                continue
            offices = [_text(position, "office")] + [text_or_none(o.text) for o in
                                                     position.findall("additionalOffices/office")]
            sections = []
            for description in position.findall("jobDescriptions/jobDescription"):
                name, value = _text(description, "name"), _text(description, "value")
                if value:
                    sections.append((f"<h3>{name}</h3>" if name else "") + value)
            schedule = _text(position, "schedule")
            employment = _text(position, "employmentType")
            employment_type = f.normalize_employment_type(employment)
            if employment_type == "full_time" and schedule and "part" in schedule and "full" not in schedule:
                employment_type = "part_time"
            postings.append(finish(Posting(
                source="personio", board_token=token, external_id=job_id, title=title,
                company_name=_text(position, "subcompany") or company or token,
                url=f"https://{token}.jobs.personio.de/job/{job_id}",
                locations=[o for o in offices if o],
                workplace_type=workplace_from_text(*(o for o in offices if o), title, _text(position, "keywords")),
                employment_type=employment_type,
                department=_text(position, "department") or _text(position, "recruitingCategory"),
                description_html="\n".join(sections) or None,
                posted_at=f.parse_time(_text(position, "createdAt")), source_hash=raw_hash,
                vendor_fields={k: v for k, v in (("office", offices[0]), ("additionalOffices", [o for o in offices[1:]
                               if o]), ("keywords", _text(position, "keywords"))) if v} or None,
            ), level=_text(position, "seniority"), default_onsite=True))
    return postings, raw_filter.skipped


VENDOR = Vendor(name="personio", ats="personio", default_base_url="https://{token}.jobs.personio.de",
                public_url="https://{token}.jobs.personio.de/", fetch=fetch, parse=parse)
