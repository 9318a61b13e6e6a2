"""Persist discovery results: companies (golden record + revisions), facts (deduplicated), snapshots, ATS boards,
skipped records and failures. Idempotent: re-saving the same captures adds nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import (
    AtsBoard,
    Company,
    CompanyFact,
    CompanyPageSkip,
    CompanyRevision,
    CompanySnapshot,
    Failure,
    utcnow,
)
from jobsearch_pipelines.lib.companies import golden
from jobsearch_pipelines.lib.companies.ats import is_ats_host
from jobsearch_pipelines.lib.companies.models import (
    EXTRACTOR_VERSION,
    BoardLink,
    Classification,
    Evidence,
    PageAnalysis,
    Skip,
)

FAILURE_KIND = "company_discovery"
MAX_DOMAIN_ATTEMPTS = 3


@dataclass
class PageOutcome:
    """One analysed page of a domain, with its evidence and page-level verdict."""

    evidence: Evidence
    analysis: PageAnalysis
    verdict: Classification


@dataclass
class DomainResult:
    """What one domain yielded: analysed pages, skipped records and the merged verdict."""

    domain: str
    pages: list[PageOutcome] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    verdict: Classification | None = None


def company_key(domain: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", domain.lower()).strip("-")


def _domain_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None


def find_or_create_company(session: Session, domain: str) -> tuple[Company, bool]:
    """The company for ``domain``: by canonical domain, else a known company (e.g. from job postings) whose
    website is on that domain, else a new one."""
    company = session.scalar(select(Company).where(Company.canonical_domain == domain))
    if company:
        return company, False
    for candidate in session.scalars(select(Company).where(Company.canonical_domain.is_(None),
                                                           Company.website.is_not(None))):
        if _domain_of(candidate.website) == domain:
            candidate.canonical_domain = domain
            return candidate, False
    key = company_key(domain)
    suffix = 1
    while session.scalar(select(Company.id).where(Company.key == key)):
        suffix += 1
        key = f"{company_key(domain)}-{suffix}"
    company = Company(key=key, name=domain, canonical_domain=domain, website=f"https://{domain}", category="UNKNOWN")
    session.add(company)
    session.flush()
    return company, True


def fact_key(company_id: int, field_name: str, value: Any, method: str, evidence: Evidence) -> str:
    """One fact per company, field, normalised value, method and capture: re-runs add nothing, new captures
    add new evidence."""
    normalized = golden.json_key(golden.normalize_value(field_name, value))
    raw = f"{company_id}|{field_name}|{normalized}|{method}|{evidence.source_url}|{evidence.capture_timestamp or ''}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _pointer(evidence: Evidence) -> dict[str, Any]:
    return {**evidence.pointer(), "http_status": evidence.http_status, "mime": evidence.mime}


def save_facts(session: Session, company: Company, page: PageOutcome, now: datetime) -> int:
    """Insert the page's facts that are not stored yet (unique ``fact_key``); returns how many were new."""
    rows: dict[str, CompanyFact] = {}
    for fact in page.analysis.facts:
        key = fact_key(company.id, fact.field, fact.value, fact.method, page.evidence)
        normalized = golden.normalize_value(fact.field, fact.value)
        rows[key] = CompanyFact(
            company_id=company.id, fact_key=key, field=fact.field,
            value_json=fact.value if not isinstance(fact.value, str) else None,
            value_text=fact.value if isinstance(fact.value, str) else golden.json_key(fact.value),
            normalized_value=golden.json_key(normalized), confidence=fact.confidence, method=fact.method,
            source_type="COMMONCRAWL" if page.evidence.crawl_id or page.evidence.warc_filename else "LIVE_FETCH",
            extractor_version=EXTRACTOR_VERSION, content_hash=page.analysis.content_hash, observed_at=now,
            **_pointer(page.evidence),
        )
    existing = set(session.scalars(select(CompanyFact.fact_key).where(CompanyFact.fact_key.in_(list(rows)))))
    fresh = [row for key, row in rows.items() if key not in existing]
    try:
        with session.begin_nested():  # one savepoint for the page's facts
            session.add_all(fresh)
        return len(fresh)
    except IntegrityError:  # a concurrent run stored some first: insert one by one
        new = 0
        for row in fresh:
            try:
                with session.begin_nested():
                    session.add(row)
                new += 1
            except IntegrityError:
                continue
        return new


def save_snapshot(session: Session, company: Company, page: PageOutcome, now: datetime) -> bool:
    exists = session.scalar(select(CompanySnapshot.id).where(
        CompanySnapshot.company_id == company.id, CompanySnapshot.source_url == page.evidence.source_url,
        CompanySnapshot.content_hash == page.analysis.content_hash))
    if exists:
        return False
    methods = Counter(f.method for f in page.analysis.facts)
    extracted = {
        "facts": [{"field": f.field, "value": f.value, "confidence": f.confidence, "method": f.method}
                  for f in page.analysis.facts],
        "reasons": page.verdict.reasons, "category_scores": page.verdict.category_scores,
    }
    try:
        with session.begin_nested():
            session.add(CompanySnapshot(
                company_id=company.id, content_hash=page.analysis.content_hash,
                text_sample=page.analysis.text_sample, jsonld=page.analysis.jsonld or None, extracted=extracted,
                score=page.verdict.score, category=page.verdict.category,
                method=methods.most_common(1)[0][0] if methods else None, extractor_version=EXTRACTOR_VERSION,
                fetched_at=now, **_pointer(page.evidence)))
    except IntegrityError:
        return False
    return True


def _stored_facts(session: Session, company_id: int) -> list[golden.FactRecord]:
    rows = session.execute(select(
        CompanyFact.id, CompanyFact.field, CompanyFact.value_json, CompanyFact.value_text, CompanyFact.confidence,
        CompanyFact.method, CompanyFact.capture_timestamp, CompanyFact.crawl_id, CompanyFact.observed_at,
    ).where(CompanyFact.company_id == company_id))
    return [golden.FactRecord(id=r.id, field=r.field, value=r.value_json if r.value_json is not None else r.value_text,
                              confidence=r.confidence, method=r.method, capture_timestamp=r.capture_timestamp,
                              crawl_id=r.crawl_id, observed_at=r.observed_at.isoformat()) for r in rows]


def _set(session: Session, company: Company, column: str, value: Any, fact_id: int | None, now: datetime) -> bool:
    old = getattr(company, column)
    if old == value:
        return False
    setattr(company, column, value)
    session.add(CompanyRevision(company_id=company.id, field=column, old_value=old, new_value=value, fact_id=fact_id,
                                changed_at=now))
    return True


def refresh_golden_record(session: Session, company: Company, verdict: Classification | None,
                          latest: Evidence | None, now: datetime) -> list[str]:
    """Recompute the golden record from every stored fact; changed fields are written with a revision each."""
    session.flush()
    changed = []
    for column, (value, fact) in golden.merge(_stored_facts(session, company.id)).items():
        if isinstance(value, str) and column in {"name", "location", "address"}:
            value = value[:500]
        if _set(session, company, column, value, fact.id, now):
            changed.append(column)
    if verdict is not None:
        for column, value in (("category", verdict.category), ("score", verdict.score)):
            if _set(session, company, column, value, None, now):
                changed.append(column)
        company.score_reasons = verdict.reasons
    if latest is not None and (latest.capture_timestamp or "") >= (company.last_seen_capture_timestamp or ""):
        company.last_seen_crawl_id = latest.crawl_id
        company.last_seen_capture_timestamp = latest.capture_timestamp
        company.last_seen_source_url = latest.source_url
    company.updated_at = now
    return changed


def register_boards(session: Session, company: Company | None, boards: Iterable[tuple[BoardLink, Evidence]],
                    now: datetime) -> int:
    """Add discovered ATS boards to the registry (origin "discovery"; unique vendor+token); returns new boards."""
    new = 0
    for board, evidence in boards:
        row = session.scalar(select(AtsBoard).where(AtsBoard.vendor == board.vendor, AtsBoard.token == board.token))
        if row is None:
            try:
                with session.begin_nested():
                    session.add(AtsBoard(
                        vendor=board.vendor, token=board.token, url=board.url, origin="discovery", confidence=0.9,
                        is_active=True, company_id=company.id if company else None,
                        company_name=company.name if company else None, first_seen_at=now, last_seen_at=now,
                        **evidence.pointer()))
                new += 1
            except IntegrityError:
                continue
        else:
            row.last_seen_at = now
            if row.company_id is None and company is not None:
                row.company_id = company.id
                row.company_name = row.company_name or company.name
    return new


def record_skips(session: Session, skips: Sequence[Skip], *, mode: str, domain: str | None = None,
                 run_id: str | None = None, warc_scan_id: int | None = None) -> None:
    for skip in skips:
        evidence = skip.evidence
        session.add(CompanyPageSkip(
            warc_scan_id=warc_scan_id, domain=domain or (_domain_of(evidence.source_url) if evidence else None),
            mode=mode, reason=skip.reason, detail=_printable(skip.detail)[:2000], run_id=run_id,
            http_status=evidence.http_status if evidence else None, mime=evidence.mime if evidence else None,
            **(evidence.pointer() if evidence else {})))


def _printable(text: str) -> str:
    """Details may quote binary garbage; keep them storable (PostgreSQL text cannot hold NUL)."""
    return "".join(c if c.isprintable() or c in "\n\t" else f"\\x{ord(c):02x}" for c in text)


@dataclass
class SaveReport:
    company_id: int
    created: bool
    new_facts: int
    new_snapshots: int
    new_boards: int
    changed_fields: list[str]


def save_domain(session: Session, result: DomainResult, *, mode: str, run_id: str | None = None,
                warc_scan_id: int | None = None, now: datetime | None = None) -> SaveReport | None:
    """Persist one domain's pages (None when no page could be analysed; the skips are recorded either way)."""
    now = now or utcnow()
    if mode == "domain":
        record_skips(session, result.skips, mode=mode, domain=result.domain, run_id=run_id, warc_scan_id=warc_scan_id)
    if not result.pages:
        return None
    company, created = find_or_create_company(session, result.domain)
    new_facts = sum(save_facts(session, company, page, now) for page in result.pages)
    new_snapshots = sum(save_snapshot(session, company, page, now) for page in result.pages)
    latest = max((p.evidence for p in result.pages), key=lambda e: e.capture_timestamp or "")
    changed = refresh_golden_record(session, company, result.verdict, latest, now)
    boards = [(board, page.evidence) for page in result.pages for board in page.analysis.boards]
    new_boards = register_boards(session, company, boards, now)
    resolve_failures(session, result.domain)
    return SaveReport(company.id, created, new_facts, new_snapshots, new_boards, changed)


def record_domain_failure(session: Session, domain: str, error: str, run_id: str | None = None) -> Failure:
    """Record (or count another attempt of) a domain that could not be harvested; dead after 3 attempts."""
    row = session.scalar(select(Failure).where(Failure.kind == FAILURE_KIND, Failure.ref == domain,
                                               Failure.status.in_(("open", "retrying"))))
    if row is None:
        row = Failure(kind=FAILURE_KIND, ref=domain, payload={"domain": domain}, error=error, attempts=1,
                      status="retrying", run_id=run_id)
        session.add(row)
    else:
        row.attempts += 1
        row.error = error
        row.run_id = run_id
        row.status = "dead" if row.attempts >= MAX_DOMAIN_ATTEMPTS else "retrying"
    return row


def resolve_failures(session: Session, domain: str) -> None:
    for row in session.scalars(select(Failure).where(Failure.kind == FAILURE_KIND, Failure.ref == domain,
                                                     Failure.status.in_(("open", "retrying")))):
        row.status = "resolved"


def retry_domains(session: Session) -> list[str]:
    """Domains whose harvest failed and should be tried again."""
    return list(session.scalars(select(Failure.ref).where(Failure.kind == FAILURE_KIND,
                                                          Failure.status.in_(("open", "retrying")))))


def known_company_domains(session: Session, only_new: bool = True, limit: int = 500) -> list[str]:
    """Candidate domains from companies we already know (e.g. created from job postings): their canonical domain
    or website host; ``only_new`` keeps those never seen in Common Crawl."""
    query = select(Company.canonical_domain, Company.website)
    if only_new:
        query = query.where(Company.last_seen_crawl_id.is_(None))
    domains: list[str] = []
    for canonical, website in session.execute(query.order_by(Company.id)):
        domain = canonical or _domain_of(website)
        if domain and "." in domain and not is_ats_host(domain) and domain not in domains:
            domains.append(domain)
        if len(domains) >= limit:
            break
    return domains
