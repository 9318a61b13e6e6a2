"""Persist discovery results: companies (golden record + revisions), facts (deduplicated), snapshots, ATS boards,
skipped records and failures. Idempotent: re-saving the same captures adds nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import insert, or_, select, tuple_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.errors import is_unique_violation
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
    DomainResult,
    Evidence,
    PageOutcome,
    Skip,
)

FAILURE_KIND = "company_discovery"
MAX_DOMAIN_ATTEMPTS = 3
_IN_CHUNK = 500  # values per IN (...) list


def company_key(domain: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", domain.lower()).strip("-")


def _domain_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None


def find_or_create_companies(session: Session, domains: Sequence[str]) -> dict[str, tuple[Company, bool]]:
    """Per domain: its company and whether it was created. Matched by canonical domain, else a known company
    (e.g. from job postings) whose website is on that domain, else created; a few queries for any number."""
    out: dict[str, tuple[Company, bool]] = {}
    wanted = list(dict.fromkeys(domains))
    for start in range(0, len(wanted), _IN_CHUNK):
        for company in session.scalars(select(Company).where(
                Company.canonical_domain.in_(wanted[start:start + _IN_CHUNK]))):
            out[company.canonical_domain] = (company, False)  # type: ignore[index]
    missing = [d for d in wanted if d not in out]
    for start in range(0, len(missing), 100):  # known companies whose website mentions one of the domains
        chunk = missing[start:start + 100]
        for candidate in session.scalars(select(Company).where(
                Company.canonical_domain.is_(None), Company.website.is_not(None),
                or_(*(Company.website.contains(d, autoescape=True) for d in chunk)))):
            domain = _domain_of(candidate.website)
            if domain in chunk and domain not in out and candidate.canonical_domain is None:
                candidate.canonical_domain = domain
                out[domain] = (candidate, False)
    missing = [d for d in missing if d not in out]
    if missing:
        keys = {d: company_key(d) for d in missing}
        taken = {key for start in range(0, len(missing), _IN_CHUNK) for key in session.scalars(
            select(Company.key).where(Company.key.in_([keys[d] for d in missing[start:start + _IN_CHUNK]])))}
        rows: list[dict[str, Any]] = []
        now = utcnow()
        for domain in missing:
            key, suffix = keys[domain], 1
            while key in taken or (suffix > 1 and session.scalar(select(Company.id).where(Company.key == key))):
                suffix += 1
                key = f"{keys[domain]}-{suffix}"
            taken.add(key)
            rows.append(dict(key=key, name=domain, canonical_domain=domain, website=f"https://{domain}",
                             category="UNKNOWN", created_at=now, updated_at=now))
        session.flush()  # the website matches above, before the insert
        session.execute(insert(Company.__table__), rows)
        for start in range(0, len(missing), _IN_CHUNK):
            for company in session.scalars(select(Company).where(
                    Company.canonical_domain.in_(missing[start:start + _IN_CHUNK]))):
                out[company.canonical_domain] = (company, True)  # type: ignore[index]
    return out


def fact_key(company_id: int, field_name: str, value: Any, method: str, evidence: Evidence) -> str:
    """One fact per company, field, normalised value, method and capture: re-runs add nothing, new captures
    add new evidence."""
    normalized = golden.json_key(golden.normalize_value(field_name, value))
    raw = f"{company_id}|{field_name}|{normalized}|{method}|{evidence.source_url}|{evidence.capture_timestamp or ''}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _pointer(evidence: Evidence) -> dict[str, Any]:
    return {**evidence.pointer(), "http_status": evidence.http_status, "mime": evidence.mime}


def _insert_new(session: Session, model: type[Any], rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert ``rows`` with one executemany in a savepoint; if a unique key collides (a concurrent run stored
    some first), insert them one savepoint each, skipping duplicates. Returns the rows that were stored.

    Only duplicate keys are skipped: any other integrity error (NOT NULL, foreign key) is raised, naming the
    table and the row, so no row vanishes silently."""
    if not rows:
        return []
    try:
        with session.begin_nested():
            session.execute(insert(model.__table__), list(rows))
        return list(rows)
    except IntegrityError:  # find the row: a duplicate is skipped, anything else raised naming it
        stored = []
        for row in rows:
            try:
                with session.begin_nested():
                    session.execute(insert(model.__table__), [row])
                stored.append(row)
            except IntegrityError as row_exc:
                if not is_unique_violation(row_exc):
                    raise _row_error(model, [row], row_exc) from row_exc
        return stored


class RowNotStored(RuntimeError):
    """An insert failed for a reason other than a duplicate key."""


def _row_error(model: type[Any], rows: Sequence[dict[str, Any]], exc: IntegrityError) -> RowNotStored:
    row = {k: v for k, v in rows[0].items() if not isinstance(v, bytes | dict | list)}
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return RowNotStored(f"{model.__tablename__}: row {row} not stored: {reason}")


def _fact_row(company: Company, page: PageOutcome, fact: Any, now: datetime) -> dict[str, Any]:
    key = fact_key(company.id, fact.field, fact.value, fact.method, page.evidence)
    normalized = golden.normalize_value(fact.field, fact.value)
    return dict(
        company_id=company.id, fact_key=key, field=fact.field,
        value_json=fact.value if not isinstance(fact.value, str) else None,
        value_text=fact.value if isinstance(fact.value, str) else golden.json_key(fact.value),
        normalized_value=golden.json_key(normalized), confidence=fact.confidence, method=fact.method,
        source_type="COMMONCRAWL" if page.evidence.crawl_id or page.evidence.warc_filename else "LIVE_FETCH",
        extractor_version=EXTRACTOR_VERSION, content_hash=page.analysis.content_hash, observed_at=now,
        created_at=now, **_pointer(page.evidence),
    )


def save_facts(session: Session, pages: Sequence[tuple[Company, PageOutcome]], now: datetime) -> Counter[int]:
    """Insert the pages' facts that are not stored yet (unique ``fact_key``); returns new facts per company id."""
    rows: dict[str, dict[str, Any]] = {}
    for company, page in pages:
        for fact in page.analysis.facts:
            row = _fact_row(company, page, fact, now)
            rows[row["fact_key"]] = row
    keys = list(rows)
    existing = {key for start in range(0, len(keys), _IN_CHUNK) for key in session.scalars(
        select(CompanyFact.fact_key).where(CompanyFact.fact_key.in_(keys[start:start + _IN_CHUNK])))}
    stored = _insert_new(session, CompanyFact, [row for key, row in rows.items() if key not in existing])
    return Counter(row["company_id"] for row in stored)


def _snapshot_row(company: Company, page: PageOutcome, now: datetime) -> dict[str, Any]:
    methods = Counter(f.method for f in page.analysis.facts)
    extracted = {
        "facts": [{"field": f.field, "value": f.value, "confidence": f.confidence, "method": f.method}
                  for f in page.analysis.facts],
        "reasons": page.verdict.reasons, "category_scores": page.verdict.category_scores,
    }
    return dict(
        company_id=company.id, content_hash=page.analysis.content_hash, text_sample=page.analysis.text_sample,
        jsonld=page.analysis.jsonld or None, extracted=extracted, score=page.verdict.score,
        category=page.verdict.category, method=methods.most_common(1)[0][0] if methods else None,
        extractor_version=EXTRACTOR_VERSION, fetched_at=now, created_at=now, **_pointer(page.evidence))


def save_snapshots(session: Session, pages: Sequence[tuple[Company, PageOutcome]], now: datetime) -> Counter[int]:
    """One snapshot per company, URL and content hash; returns new snapshots per company id."""
    ids = list({company.id for company, _ in pages})
    existing = {(row.company_id, row.source_url, row.content_hash) for start in range(0, len(ids), _IN_CHUNK)
                for row in session.execute(select(CompanySnapshot.company_id, CompanySnapshot.source_url,
                                                  CompanySnapshot.content_hash)
                                           .where(CompanySnapshot.company_id.in_(ids[start:start + _IN_CHUNK])))}
    rows = []
    for company, page in pages:
        key = (company.id, page.evidence.source_url, page.analysis.content_hash)
        if key not in existing:
            existing.add(key)
            rows.append(_snapshot_row(company, page, now))
    return Counter(row["company_id"] for row in _insert_new(session, CompanySnapshot, rows))


def _stored_facts(session: Session, company_ids: Sequence[int]) -> dict[int, list[golden.FactRecord]]:
    """Every stored fact of the companies, per company id."""
    out: dict[int, list[golden.FactRecord]] = {company_id: [] for company_id in company_ids}
    ids = list(out)
    for start in range(0, len(ids), _IN_CHUNK):
        rows = session.execute(select(
            CompanyFact.company_id, CompanyFact.id, CompanyFact.field, CompanyFact.value_json,
            CompanyFact.value_text, CompanyFact.confidence, CompanyFact.method, CompanyFact.capture_timestamp,
            CompanyFact.crawl_id, CompanyFact.observed_at,
        ).where(CompanyFact.company_id.in_(ids[start:start + _IN_CHUNK])).order_by(CompanyFact.id))
        for r in rows:
            out[r.company_id].append(golden.FactRecord(
                id=r.id, field=r.field, value=r.value_json if r.value_json is not None else r.value_text,
                confidence=r.confidence, method=r.method, capture_timestamp=r.capture_timestamp,
                crawl_id=r.crawl_id, observed_at=r.observed_at.isoformat()))
    return out


def refresh_golden_record(company: Company, facts: Sequence[golden.FactRecord], verdict: Classification | None,
                          latest: Evidence | None, now: datetime) -> tuple[list[str], list[dict[str, Any]]]:
    """Recompute the golden record from every stored fact of the company; returns the changed fields and one
    ``company_revisions`` row for each (the caller inserts them)."""
    revisions: list[dict[str, Any]] = []

    def put(column: str, value: Any, fact_id: int | None) -> None:
        old = getattr(company, column)
        if old != value:
            setattr(company, column, value)
            revisions.append(dict(company_id=company.id, field=column, old_value=old, new_value=value,
                                  fact_id=fact_id, changed_at=now))

    for column, (value, fact) in golden.merge(facts).items():
        if isinstance(value, str) and column in {"name", "location", "address"}:
            value = value[:500]
        put(column, value, fact.id)
    if verdict is not None:
        put("category", verdict.category, None)
        put("score", verdict.score, None)
        company.score_reasons = verdict.reasons
    if latest is not None and (latest.capture_timestamp or "") >= (company.last_seen_capture_timestamp or ""):
        company.last_seen_crawl_id = latest.crawl_id
        company.last_seen_capture_timestamp = latest.capture_timestamp
        company.last_seen_source_url = latest.source_url
    company.updated_at = now
    return [r["field"] for r in revisions], revisions


def register_boards(session: Session, boards: Iterable[tuple[Company | None, BoardLink, Evidence]],
                    now: datetime) -> Counter[int | None]:
    """Add discovered ATS boards to the registry (origin "discovery"; unique vendor+token), or refresh the ones
    known; returns new boards per company id."""
    boards = list(boards)
    pairs = list({(board.vendor, board.token) for _, board, _ in boards})
    known = {(row.vendor, row.token): row for start in range(0, len(pairs), _IN_CHUNK)
             for row in session.scalars(select(AtsBoard).where(
                 tuple_(AtsBoard.vendor, AtsBoard.token).in_(pairs[start:start + _IN_CHUNK])))}
    fresh: dict[tuple[str, str], dict[str, Any]] = {}
    for company, board, evidence in boards:
        row = known.get((board.vendor, board.token))
        if row is None:
            fresh.setdefault((board.vendor, board.token), dict(
                vendor=board.vendor, token=board.token, url=board.url, origin="discovery", confidence=0.9,
                is_active=True, company_id=company.id if company else None,
                company_name=company.name if company else None, first_seen_at=now, last_seen_at=now,
                created_at=now, updated_at=now, **evidence.pointer()))
            continue
        row.last_seen_at = now
        if row.company_id is None and company is not None:
            row.company_id = company.id
            row.company_name = row.company_name or company.name
    return Counter(row["company_id"] for row in _insert_new(session, AtsBoard, list(fresh.values())))


def record_skips(session: Session, skips: Sequence[Skip], *, mode: str, domain: str | None = None,
                 run_id: str | None = None, warc_scan_id: int | None = None) -> None:
    """Store skips; one row per WARC record (file, offset): re-scanning a file adds none twice."""
    rows = []
    for skip in skips:
        evidence = skip.evidence
        rows.append(dict(
            warc_scan_id=warc_scan_id, domain=domain or (_domain_of(evidence.source_url) if evidence else None),
            mode=mode, reason=skip.reason, detail=_printable(skip.detail)[:2000], run_id=run_id,
            http_status=evidence.http_status if evidence else None, mime=evidence.mime if evidence else None,
            created_at=utcnow(), **(evidence.pointer() if evidence else {})))
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert_ = postgresql_insert if dialect == "postgresql" else sqlite_insert
    columns = {key for row in rows for key in row}
    rows = [{key: row.get(key) for key in columns} for row in rows]
    for start in range(0, len(rows), 1000):
        session.execute(insert_(CompanyPageSkip).on_conflict_do_nothing(
            index_elements=["warc_filename", "warc_offset"]), rows[start:start + 1000])


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


def save_domains(session: Session, results: Sequence[DomainResult], *, mode: str, run_id: str | None = None,
                 warc_scan_id: int | None = None, now: datetime | None = None) -> list[SaveReport | None]:
    """Persist domains' pages with a fixed number of queries however many domains there are (a bulk scan keeps
    hundreds per WARC file). Per domain: None when no page could be analysed (its skips are recorded either
    way in domain mode), else what was stored."""
    now = now or utcnow()
    if mode == "domain":
        for result in results:
            record_skips(session, result.skips, mode=mode, domain=result.domain, run_id=run_id,
                         warc_scan_id=warc_scan_id)
    analysed = [r for r in results if r.pages]
    companies = find_or_create_companies(session, [r.domain for r in analysed])
    pages = [(companies[r.domain][0], page) for r in analysed for page in r.pages]
    new_facts = save_facts(session, pages, now)
    new_snapshots = save_snapshots(session, pages, now)
    stored = _stored_facts(session, [company.id for company, _ in companies.values()])
    changed: dict[str, list[str]] = {}
    revisions: list[dict[str, Any]] = []
    for result in analysed:
        company = companies[result.domain][0]
        latest = max((p.evidence for p in result.pages), key=lambda e: e.capture_timestamp or "")
        changed[result.domain], rows = refresh_golden_record(company, stored[company.id], result.verdict, latest,
                                                             now)
        revisions += rows
    if revisions:
        session.execute(insert(CompanyRevision.__table__), revisions)
    new_boards = register_boards(session, [(company, board, page.evidence) for company, page in pages
                                           for board in page.analysis.boards], now)
    resolve_failures(session, [r.domain for r in analysed])
    reports: list[SaveReport | None] = []
    for result in results:
        if not result.pages:
            reports.append(None)
            continue
        company, created = companies[result.domain]
        reports.append(SaveReport(company.id, created, new_facts[company.id], new_snapshots[company.id],
                                  new_boards[company.id], changed[result.domain]))
    return reports


def save_domain(session: Session, result: DomainResult, *, mode: str, run_id: str | None = None,
                warc_scan_id: int | None = None, now: datetime | None = None) -> SaveReport | None:
    """``save_domains`` for one domain."""
    return save_domains(session, [result], mode=mode, run_id=run_id, warc_scan_id=warc_scan_id, now=now)[0]


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


def resolve_failures(session: Session, domains: str | Sequence[str]) -> None:
    """Mark the open harvest failures of ``domains`` resolved."""
    refs = [domains] if isinstance(domains, str) else list(domains)
    for start in range(0, len(refs), _IN_CHUNK):
        for row in session.scalars(select(Failure).where(Failure.kind == FAILURE_KIND,
                                                         Failure.ref.in_(refs[start:start + _IN_CHUNK]),
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
