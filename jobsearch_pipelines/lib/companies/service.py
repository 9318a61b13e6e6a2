"""The two discovery modes end to end against the database (used by the Dagster assets and the CLI)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.lib.companies import bulk, store
from jobsearch_pipelines.lib.companies.commoncrawl import CommonCrawlClient
from jobsearch_pipelines.lib.companies.discovery import DiscoverySettings, discover, normalize_domain
from jobsearch_pipelines.lib.companies.scoring import DEFAULT_MIN_SCORE


@dataclass
class DiscoverySummary:
    crawl_ids: list[str] = field(default_factory=list)
    domains: int = 0
    persisted: int = 0
    consultancies: list[str] = field(default_factory=list)
    categories: dict[str, str] = field(default_factory=dict)
    not_captured: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    skipped_pages: dict[str, int] = field(default_factory=dict)
    new_boards: int = 0

    def as_metadata(self) -> dict[str, Any]:
        return {"crawl_ids": self.crawl_ids, "domains": self.domains, "persisted": self.persisted,
                "consultancies": self.consultancies, "categories": self.categories,
                "not_captured": self.not_captured, "failed": self.failed, "skipped_pages": self.skipped_pages,
                "new_boards": self.new_boards}


def candidate_domains(engine: Engine, explicit: Sequence[str], *, include_known: bool, only_new: bool,
                      limit: int = 500) -> list[str]:
    """Configured domains (validated), plus known companies' domains and domains whose last harvest failed."""
    domains = [normalize_domain(d) for d in explicit]
    if include_known:
        with session_scope(engine) as session:
            domains += store.retry_domains(session)
            domains += store.known_company_domains(session, only_new=only_new, limit=limit)
    return list(dict.fromkeys(domains))[: max(limit, len(explicit))]


def run_discovery(engine: Engine, client: CommonCrawlClient, domains: Sequence[str], settings: DiscoverySettings,
                  run_id: str | None = None) -> DiscoverySummary:
    """Domain mode: harvest, score and persist each domain in its own transaction; failures are recorded."""
    summary = DiscoverySummary(domains=len(domains))

    def on_result(result: store.DomainResult) -> None:
        for skip in result.skips:
            summary.skipped_pages[skip.reason] = summary.skipped_pages.get(skip.reason, 0) + 1
        try:
            with session_scope(engine) as session:
                report = store.save_domain(session, result, mode="domain", run_id=run_id)
                if report is None and not result.skips:
                    store.resolve_failures(session, result.domain)
        except Exception as exc:  # e.g. a concurrent run created the same company: retried by the next run
            on_error(result.domain, exc)
            return
        if report is None:
            summary.not_captured.append(result.domain)
            return
        summary.persisted += 1
        summary.new_boards += report.new_boards
        assert result.verdict is not None
        summary.categories[result.domain] = result.verdict.category
        if result.verdict.is_consultancy:
            summary.consultancies.append(result.domain)

    def on_error(domain: str, exc: Exception) -> None:
        summary.failed[domain] = f"{type(exc).__name__}: {exc}"
        with session_scope(engine) as session:
            store.record_domain_failure(session, domain, summary.failed[domain], run_id)

    if domains:
        summary.crawl_ids = discover(client, domains, settings, on_result, on_error)
    return summary


def run_warc_scan(engine: Engine, source: str, client: CommonCrawlClient | None, *,
                  min_score: float = DEFAULT_MIN_SCORE, use_prescreen: bool = True, workers: int | None = None,
                  run_id: str | None = None, on_record: Callable[[], None] | None = None) -> bulk.WarcScanReport:
    """Bulk mode for one WARC file: status in ``warc_scans`` (running → done | failed, attempts counted)."""
    with session_scope(engine) as session:
        scan = bulk.get_or_create_scan(session, source)
        scan.status = "running"
        scan.attempts += 1
        scan.run_id = run_id
        scan.started_at = utcnow()
        scan_id = scan.id
    try:
        caps = {} if client is None else {"max_compressed": client.max_compressed,
                                          "max_uncompressed": client.max_uncompressed}
        with bulk.open_source(source, client) as stream:
            outcome = bulk.scan_stream(stream, bulk.warc_filename(source), min_score=min_score,
                                       use_prescreen=use_prescreen, workers=workers, on_record=on_record, **caps)
        with session_scope(engine) as session:
            scan = session.get(bulk.WarcScan, scan_id)
            assert scan is not None
            saved = bulk.save_scan(session, scan, outcome, min_score=min_score, run_id=run_id)
    except Exception as exc:
        with session_scope(engine) as session:
            scan = session.get(bulk.WarcScan, scan_id)
            if scan is not None:
                scan.status = "failed"
                scan.last_error = f"{type(exc).__name__}: {exc}"[:4000]
        raise
    return bulk.WarcScanReport(scan_id=scan_id, records_seen=outcome.records_seen,
                               pages_parsed=outcome.pages_parsed, pages_skipped=outcome.pages_skipped,
                               screened_out=outcome.screened_out, skip_reasons=dict(outcome.skip_reasons),
                               record_types=dict(outcome.record_types),
                               companies=saved["companies"], boards=saved["boards"],
                               consultancies=sorted(d.domain for d in outcome.selected(min_score)
                                                    if d.verdict and d.verdict.is_consultancy))
