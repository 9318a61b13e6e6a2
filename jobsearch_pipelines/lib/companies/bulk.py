"""Bulk mode: scan a whole WARC file (local path or URL), group pages by domain, keep consultancies and boards.

One WARC file is one unit of work (a Dagster dynamic partition); its progress and counts live in
``warc_scans``. A cheap prescreen (a consultancy stem in any supported language, or an ATS host) decides which
pages get the full DOM analysis; the others are counted as screened out.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import WarcScan, utcnow
from jobsearch_pipelines.lib.companies.classify import analyse_batch, analyse_page
from jobsearch_pipelines.lib.companies.commoncrawl import CommonCrawlClient
from jobsearch_pipelines.lib.companies.extract import host_of, prescreen_bytes
from jobsearch_pipelines.lib.companies.models import DomainResult, PageOutcome, Skip
from jobsearch_pipelines.lib.companies.records import (
    DEFAULT_MAX_COMPRESSED,
    DEFAULT_MAX_UNCOMPRESSED,
    SCREENED_OUT,
    HtmlPage,
    iter_pages,
)
from jobsearch_pipelines.lib.companies.scoring import DEFAULT_MIN_SCORE, classify
from jobsearch_pipelines.lib.companies.store import record_skips, save_domains

__all__ = ["WarcScan", "WarcScanReport", "save_scan", "scan_stream"]

# Skips that are the normal texture of a crawl (robots.txt, images, redirects): counted, not stored one by one.
ROUTINE_SKIPS = frozenset({"not_html", "http_status", "not_response"})
MAX_STORED_SKIPS = 10_000
BATCH_SIZE = 32  # pages per task sent to an analysis process
_CRAWL_IN_PATH = re.compile(r"(CC-MAIN-\d{4}-\d{2})")


@dataclass
class ScanOutcome:
    records_seen: int = 0
    pages_parsed: int = 0
    pages_skipped: int = 0
    screened_out: int = 0
    skip_reasons: Counter[str] = field(default_factory=Counter)
    record_types: Counter[str] = field(default_factory=Counter)  # every record by WARC/ARC type
    skips: list[Skip] = field(default_factory=list)  # the non-routine ones, capped
    domains: dict[str, DomainResult] = field(default_factory=dict)

    def selected(self, min_score: float) -> list[DomainResult]:
        """Domains worth persisting: consultancies at or above ``min_score``, and any domain linking an ATS board."""
        return [d for d in self.domains.values()
                if d.verdict and ((d.verdict.is_consultancy and d.verdict.score >= min_score)
                                  or any(p.analysis.boards for p in d.pages))]


def crawl_id_of(source: str) -> str | None:
    match = _CRAWL_IN_PATH.search(source)
    return match.group(1) if match else None


def default_workers() -> int:
    """Analysis processes when none are asked for: one beside the reading process when there is a second CPU
    (the reading process analyses too whenever the pool is behind, so both CPUs stay busy); none inside a
    daemonic process (a Celery prefork worker), which may not start children."""
    if multiprocessing.current_process().daemon:
        return 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 1 if cpus >= 2 else 0


def _analysed(pages: Iterator[HtmlPage | Skip], min_score: float, workers: int) -> Iterator[PageOutcome | Skip]:
    """Analyse pages in this process (``workers`` 0) or share them with a pool of ``workers`` processes while this
    one keeps reading the WARC; skips pass straight through, pages come out in the order they were read.

    A batch goes to the pool while the pool has little queued, and is analysed here when the pool is behind, so
    neither process waits for the other (reading alone is cheaper than analysing; this balances the two CPUs).
    Batches bound the memory held in flight."""
    if workers <= 0:
        for item in pages:
            yield analyse_page(item, min_score) if isinstance(item, HtmlPage) else item
        return
    slots: deque[Future[list[PageOutcome | Skip]] | list[PageOutcome | Skip]] = deque()
    batch: list[HtmlPage] = []

    def queued() -> int:
        return sum(1 for slot in slots if isinstance(slot, Future) and not slot.done())

    def head() -> list[PageOutcome | Skip]:
        slot = slots.popleft()
        return slot.result() if isinstance(slot, Future) else slot

    def ready() -> Iterator[PageOutcome | Skip]:
        while slots and (not isinstance(slots[0], Future) or slots[0].done()):
            yield from head()

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for item in pages:
            if not isinstance(item, HtmlPage):
                yield item
                continue
            batch.append(item)
            if len(batch) < BATCH_SIZE:
                continue
            if queued() < 2 * workers:
                slots.append(pool.submit(analyse_batch, batch, min_score))
            else:
                slots.append(analyse_batch(batch, min_score))
            batch = []
            yield from ready()
            while len(slots) > 64 * workers:  # a slow batch in the pool holds everything read after it
                yield from head()
        if batch:
            slots.append(analyse_batch(batch, min_score))
        while slots:
            yield from head()


def scan_stream(stream: IO[bytes], filename: str, *, min_score: float = DEFAULT_MIN_SCORE, use_prescreen: bool = True,
                max_compressed: int = DEFAULT_MAX_COMPRESSED, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
                crawl_id: str | None = None, workers: int | None = None,
                on_record: Callable[[], None] | None = None) -> ScanOutcome:
    """Analyse every HTML response of a WARC stream; merge each domain's pages into one verdict.

    ``workers`` > 0 analyses pages in that many extra processes while this one iterates the WARC; 0 analyses
    them here; None means ``default_workers()``. ``on_record`` is called after each record (progress).
    """
    workers = default_workers() if workers is None else workers
    outcome = ScanOutcome()
    items = iter_pages(stream, filename, max_uncompressed=max_uncompressed, max_compressed=max_compressed,
                       crawl_id=crawl_id or crawl_id_of(filename), screen=prescreen_bytes if use_prescreen else None,
                       record_types=outcome.record_types, fast=None)  # FastWARC where it can read the file
    for result in _analysed(items, min_score, workers):
        outcome.records_seen += 1
        if on_record is not None:
            on_record()
        if isinstance(result, Skip):
            if result.reason == SCREENED_OUT:
                outcome.screened_out += 1
                continue
            outcome.pages_skipped += 1
            outcome.skip_reasons[result.reason] += 1
            if result.reason not in ROUTINE_SKIPS and len(outcome.skips) < MAX_STORED_SKIPS:
                outcome.skips.append(result)
            continue
        outcome.pages_parsed += 1
        domain = host_of(result.evidence.source_url)
        outcome.domains.setdefault(domain, DomainResult(domain=domain)).pages.append(result)
    for domain in outcome.domains.values():
        signals = domain.pages[0].analysis.signals
        for page in domain.pages[1:]:
            signals = signals.merge(page.analysis.signals)
        domain.verdict = classify(signals, min_score)
    return outcome


@contextmanager
def open_source(source: str, client: CommonCrawlClient | None) -> Iterator[IO[bytes]]:
    """A local WARC path or an http(s) URL (streamed by Range through the Common Crawl client's allowed hosts)."""
    if source.startswith(("http://", "https://")):
        if client is None:
            raise ValueError(f"warc: {source} is a URL but no Common Crawl client is configured")
        with client.open_remote(source) as stream:
            yield stream
        return
    path = Path(source).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"warc: no such file: {path}")
    with path.open("rb") as stream:
        yield stream


def warc_filename(source: str) -> str:
    """The WARC pointer's filename: the ``crawl-data/...`` path for Common Crawl files, else the source as given."""
    index = source.find("crawl-data/")
    return source[index:] if index >= 0 else source


def get_or_create_scan(session: Session, source: str) -> WarcScan:
    scan = session.scalar(select(WarcScan).where(WarcScan.warc_path == source))
    if scan is None:
        scan = WarcScan(warc_path=source, status="pending")
        session.add(scan)
        session.flush()
    return scan


def save_scan(session: Session, scan: WarcScan, outcome: ScanOutcome, *, min_score: float,
              run_id: str | None = None) -> dict[str, int]:
    """Persist a finished scan: selected domains, boards, stored skips and the scan's counts."""
    reports = [r for r in save_domains(session, outcome.selected(min_score), mode="bulk", run_id=run_id,
                                       warc_scan_id=scan.id) if r is not None]
    companies, boards = len(reports), sum(r.new_boards for r in reports)
    record_skips(session, outcome.skips, mode="bulk", run_id=run_id, warc_scan_id=scan.id)
    scan.records_seen = outcome.records_seen
    scan.pages_parsed = outcome.pages_parsed
    scan.pages_skipped = outcome.pages_skipped
    scan.pages_screened_out = outcome.screened_out
    scan.companies_found = companies
    scan.boards_found = boards
    scan.skip_reasons = dict(outcome.skip_reasons)
    scan.record_types = dict(outcome.record_types)
    scan.status = "done"
    scan.last_error = None
    scan.finished_at = utcnow()
    return {"companies": companies, "boards": boards}


@dataclass
class WarcScanReport:
    """What one bulk scan did (also the asset's metadata)."""

    scan_id: int
    records_seen: int
    pages_parsed: int
    pages_skipped: int
    screened_out: int
    skip_reasons: dict[str, int]
    record_types: dict[str, int]
    companies: int
    boards: int
    consultancies: list[str]
