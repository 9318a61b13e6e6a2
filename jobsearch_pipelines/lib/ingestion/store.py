"""Write an ingestion run to the database in bulk: upsert new/changed jobs, close vanished ones, report per board.

A run is one transaction. ``normalize_and_store`` parses and encodes boards in a background thread while this
thread writes the ones before (see ``lib/background.py``). Boards are written in groups of about 1,000
postings (a few round trips for many small boards), each group in a savepoint; when a group hits a database
error it is rolled back and its boards are written again one by one, each in its own savepoint, so the error
fails only the board that caused it. The upsert itself is in ``upsert.py``. Unchanged jobs are not written at
all. Every board gets a ``board_fetches`` row; a failed board also an open ``failures`` row (one per board,
updated on repeats, resolved by its next success) and nothing of it is closed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select, tuple_
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import AtsBoard, BoardFetch, Company, Failure, Job
from jobsearch_pipelines.lib.background import fast_gil_handoff, map_ahead
from jobsearch_pipelines.lib.companies.ats import company_site_of
from jobsearch_pipelines.lib.events.inbox import enqueue_events
from jobsearch_pipelines.lib.ingestion.boards import normalize_snapshot
from jobsearch_pipelines.lib.ingestion.diff import BoardPlan, StoredJob, plan_board
from jobsearch_pipelines.lib.ingestion.events import new_batch_events
from jobsearch_pipelines.lib.ingestion.models import BoardPostings, BoardRef, RawSnapshot
from jobsearch_pipelines.lib.ingestion.upsert import CHUNK, JobWriter, close_jobs, dialect_insert, job_row, job_writer
from jobsearch_pipelines.lib.ingestion.vendors import VENDORS

FAILURE_KIND = "board_fetch"
_SITE_SAMPLE = 20  # postings of a board looked at for the company's own site


@dataclass
class BoardReport:
    board: str  # vendor:token
    board_id: int | None
    status: str  # ok, failed
    postings: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    reopened: int = 0
    skipped: int = 0
    attempts: int = 0
    http_status: int | None = None
    error: str | None = None
    open_jobs: int = 0  # open jobs of the board after this run


@dataclass
class IngestReport:
    boards: list[BoardReport] = field(default_factory=list)
    new_job_ids: list[int] = field(default_factory=list)
    new_sources: Counter[str] = field(default_factory=Counter)
    event_ids: list[str] = field(default_factory=list)  # the jobs/new-batch events, stored with the jobs

    def totals(self) -> dict[str, int]:
        keys = ("postings", "new", "updated", "unchanged", "closed", "reopened", "skipped", "open_jobs")
        out = {k: sum(getattr(b, k) for b in self.boards) for k in keys}
        out["boards"] = len(self.boards)
        out["failed"] = sum(1 for b in self.boards if b.status != "ok")
        return out

    def rows(self) -> list[dict[str, Any]]:
        return [asdict(b) for b in self.boards]

    @property
    def event_source(self) -> str:
        """The ``source`` of the ``jobs/new-batch`` event: the vendor when all new jobs share one, else "mixed"."""
        sources = [s for s, n in self.new_sources.items() if n]
        return sources[0] if len(sources) == 1 else "mixed"


def company_key(name: str) -> str:
    """A stable slug for a company name: "Acme Inc." -> "acme-inc"."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:255] or "unknown"


def ensure_company(session: Session, name: str, cache: dict[str, int] | None = None) -> int:
    """The id of the company called ``name`` (matched by name, then key), created when missing."""
    key = company_key(name)
    if cache is not None and key in cache:
        return cache[key]
    company_id = session.scalar(select(Company.id).where(Company.key == key)) or session.scalar(
        select(Company.id).where(func.lower(Company.name) == name.lower()).order_by(Company.id).limit(1))
    if company_id is None:
        upsert = dialect_insert(session)
        if upsert is not None:
            session.execute(upsert(Company).values(key=key, name=name, category="UNKNOWN")
                            .on_conflict_do_nothing(index_elements=["key"]))
        else:
            session.add(Company(key=key, name=name))
            session.flush()
        company_id = session.scalar(select(Company.id).where(Company.key == key))
    assert company_id is not None
    if cache is not None:
        cache[key] = company_id
    return company_id


def load_stored_jobs(session: Session, boards: Sequence[BoardRef]) -> dict[str, list[StoredJob]]:
    """Per board key ("vendor:token"): the board's stored jobs (open and closed), read in a few bulk queries."""
    by_pair = {(VENDORS[b.vendor].ats, b.token): b.key for b in boards if b.vendor in VENDORS}
    out: dict[str, list[StoredJob]] = {key: [] for key in by_pair.values()}
    pairs = list(by_pair)
    for start in range(0, len(pairs), 200):
        rows = session.execute(select(Job.source, Job.board_token, Job.id, Job.external_id, Job.content_hash,
                                      Job.status, Job.source_hash).where(tuple_(Job.source, Job.board_token)
                                                                         .in_(pairs[start:start + 200])))
        for source, token, job_id, ext, digest, status, raw_digest in rows:
            out[by_pair[(source, token)]].append(StoredJob(job_id, ext, digest, status, raw_digest))
    return out


def source_hashes(stored: Sequence[StoredJob]) -> dict[str, str]:
    """External id -> source hash of the OPEN stored jobs: postings whose raw form is unchanged skip parsing."""
    return {job.external_id: job.source_hash for job in stored if job.status == "open" and job.source_hash}


def known_source_hashes(session: Session, boards: Sequence[BoardRef]) -> dict[str, dict[str, str]]:
    """Per board key: ``source_hashes`` of its stored jobs."""
    return {key: source_hashes(jobs) for key, jobs in load_stored_jobs(session, boards).items()}


@dataclass
class PreparedBoard:
    """A board ready to write: parsed, diffed against its stored jobs and, when its company is known, with its
    rows already encoded (otherwise the writing thread resolves companies and encodes)."""

    result: BoardPostings
    plan: BoardPlan = field(default_factory=BoardPlan)
    open_before: int = 0
    encoded: list[Any] | None = None
    site: str | None = None  # the company's own domain, when its postings link there rather than to the ATS

    @property
    def weight(self) -> int:
        return 1 + len(self.result.postings) + len(self.result.unchanged_ids)


def prepare_board(result: BoardPostings, stored: Sequence[StoredJob], now: datetime,
                  writer: JobWriter) -> PreparedBoard:
    """The CPU part of storing a board (no session needed, so it can run in a worker thread)."""
    if not result.ok:
        return PreparedBoard(result)
    board = result.board
    plan = plan_board(stored, result.postings, result.unchanged_ids)
    site = next((found for p in plan.writes[:_SITE_SAMPLE] if (found := company_site_of(p.url))), None)
    prepared = PreparedBoard(result, plan, sum(1 for job in stored if job.status == "open"), site=site)
    if board.company_id is not None:
        try:
            prepared.encoded = writer.encode([job_row(p, board.id, board.company_id, now) for p in plan.writes])
        except ValueError as exc:  # text the database cannot take: the board fails alone, as a failed write would
            return PreparedBoard(replace(result, ok=False, postings=[], unchanged_ids=[],
                                         error=_database_error(exc)))
    return prepared


def _encode_with_companies(session: Session, board: PreparedBoard, board_row: AtsBoard | None, now: datetime,
                           writer: JobWriter) -> tuple[list[Any], int | None]:
    """Rows of a board whose registry entry has no company: each posting's company, created when missing.
    Returns the encoded rows and a company id for the registry entry."""
    ref = board.result.board
    board_company = board_row.company_id if board_row else None
    fallback_name = ref.company_name or (board_row.company_name if board_row else None) or ref.token
    cache: dict[str, int] = {}
    rows = [job_row(posting, ref.id,
                    board_company or ensure_company(session, posting.company_name or fallback_name, cache), now)
            for posting in board.plan.writes]
    return writer.encode(rows), board_company or next(iter(cache.values()), None)


def apply_boards(session: Session, boards: Sequence[PreparedBoard], now: datetime,
                 board_rows: Mapping[int, AtsBoard], writer: JobWriter) -> list[tuple[BoardReport, list[int]]]:
    """Write prepared, successfully fetched boards together (the caller wraps them in a savepoint): one bulk
    upsert and one bulk close for all. Returns each board's report and the ids of its new jobs."""
    encoded: list[Any] = []
    sites: dict[int, str] = {}
    for board in boards:
        ref = board.result.board
        board_row = board_rows.get(ref.id) if ref.id is not None else None
        company_id = ref.company_id
        rows = board.encoded
        if rows is None:
            rows, company_id = _encode_with_companies(session, board, board_row, now, writer)
        if board_row is not None and board_row.company_id is None and company_id is not None:
            board_row.company_id = company_id
        if board.site and company_id is not None:
            sites.setdefault(company_id, board.site)
        encoded.extend(rows)
    adopt_websites(session, sites)
    ids = writer.write(session, encoded)
    close_jobs(session, [job_id for board in boards for job_id in board.plan.close_ids], now)
    outcomes = []
    for board in boards:
        result, plan = board.result, board.plan
        new_ids = [ids[key] for p in plan.new if (key := (p.source, p.board_token, p.external_id)) in ids]
        closed = len(plan.close_ids)
        outcomes.append((BoardReport(
            board=result.board.key, board_id=result.board.id, status="ok",
            postings=len(result.postings) + len(result.unchanged_ids), new=len(plan.new),
            updated=len(plan.writes) - len(plan.new), unchanged=plan.unchanged, closed=closed,
            reopened=len(plan.reopened), skipped=result.skipped, attempts=result.attempts,
            http_status=result.http_status,
            open_jobs=board.open_before - closed + len(plan.new) + len(plan.reopened)), new_ids))
    return outcomes


def _database_error(exc: Exception) -> str:
    """How a board's database failure is reported (``BoardReport.error``, ``failures.error``)."""
    return f"database: {type(exc).__name__}: {exc}"[:2000]


def _failed_report(result: BoardPostings, error: str | None = None) -> BoardReport:
    return BoardReport(board=result.board.key, board_id=result.board.id, status="failed", attempts=result.attempts,
                       http_status=result.http_status, error=error or result.error or "unknown error")


def _record_reports(session: Session, reports: Sequence[tuple[BoardReport, BoardPostings]],
                    board_rows: dict[int, AtsBoard], now: datetime, run_id: str | None) -> None:
    """Board bookkeeping for the whole run at once: ``ats_boards`` status, ``board_fetches`` rows, ``failures``
    (one open row per failing board, updated on repeats; resolved when the board succeeds again)."""
    refs = [report.board for report, _ in reports]
    open_failures: dict[str, Failure] = {}
    for start in range(0, len(refs), 500):
        for failure in session.scalars(select(Failure).where(
                Failure.kind == FAILURE_KIND, Failure.ref.in_(refs[start:start + 500]),
                Failure.status.in_(("open", "retrying")))):
            open_failures.setdefault(failure.ref, failure)
    fetches = []
    for report, result in reports:
        board = result.board
        row = board_rows.get(board.id) if board.id is not None else None
        if row is not None:
            row.last_fetched_at = now
            row.last_fetch_status = report.status
            row.last_error = report.error
            if report.status == "ok":
                row.job_count = report.open_jobs
            fetches.append(BoardFetch(
                board_id=board.id, run_id=run_id, status=report.status, http_status=report.http_status,
                error=report.error, attempts=max(1, report.attempts), postings=report.postings, new=report.new,
                updated=report.updated, unchanged=report.unchanged, closed=report.closed,
                started_at=result.started_at or now, finished_at=result.finished_at or now))
        failure = open_failures.get(report.board)
        if report.status == "ok":
            if failure is not None:
                failure.status = "resolved"
            continue
        payload = {"board_id": board.id, "vendor": board.vendor, "token": board.token,
                   "http_status": report.http_status}
        if failure is None:
            session.add(Failure(kind=FAILURE_KIND, ref=report.board, payload=payload, error=report.error or "",
                                attempts=max(1, report.attempts), status="open", run_id=run_id))
        else:  # one open failure per board: the hourly retry updates it instead of piling up rows
            failure.attempts += max(1, report.attempts)
            failure.error, failure.payload, failure.run_id = report.error or "", payload, run_id
            failure.status = "retrying"
    session.add_all(fetches)


def adopt_websites(session: Session, sites: Mapping[int, str]) -> None:
    """Companies known only from postings get the site their postings link to as their website, so company
    discovery takes their domain as a candidate and files what it finds under the same company."""
    if not sites:
        return
    taken = set(session.scalars(select(Company.canonical_domain).where(Company.canonical_domain.in_(
        list(set(sites.values()))))))
    for company in session.scalars(select(Company).where(Company.id.in_(list(sites)), Company.website.is_(None),
                                                         Company.canonical_domain.is_(None))):
        if sites[company.id] not in taken:  # another company already owns that domain: leave both alone
            company.website = f"https://{sites[company.id]}"


def _groups(boards: Iterable[PreparedBoard], size: int) -> Iterator[list[PreparedBoard]]:
    """Consecutive boards in groups of about ``size`` postings (stored or fresh), taken lazily."""
    group: list[PreparedBoard] = []
    weight = 0
    for board in boards:
        group.append(board)
        weight += board.weight
        if weight >= size:
            yield group
            group, weight = [], 0
    if group:
        yield group


def _apply_isolated(session: Session, boards: Sequence[PreparedBoard], now: datetime,
                    board_rows: Mapping[int, AtsBoard], writer: JobWriter) -> list[tuple[BoardReport, list[int]]]:
    """``apply_boards`` in a savepoint; on a database error roll back and retry the boards one by one, so the
    error fails only the board that raises it again (nothing of a failed board is written or closed)."""
    try:
        with session.begin_nested():
            return apply_boards(session, boards, now, board_rows, writer)
    except Exception as exc:  # a database error on one board must not stop the others
        for board in boards:
            if board.result.board.id in board_rows:
                session.refresh(board_rows[board.result.board.id])
        if len(boards) > 1:
            return [outcome for board in boards
                    for outcome in _apply_isolated(session, [board], now, board_rows, writer)]
        return [(_failed_report(boards[0].result, _database_error(exc)), [])]


def _store(session: Session, boards: Iterable[PreparedBoard], now: datetime, run_id: str | None,
           writer: JobWriter, group_size: int = CHUNK) -> IngestReport:
    report = IngestReport()
    board_rows: dict[int, AtsBoard] = {}
    reports: list[tuple[BoardReport, BoardPostings]] = []
    for group in _groups(boards, group_size):
        ids = [b.result.board.id for b in group if b.result.board.id is not None]
        board_rows.update((row.id, row) for row in session.scalars(select(AtsBoard).where(AtsBoard.id.in_(ids))))
        fetched = [b for b in group if b.result.ok]
        outcomes = iter(_apply_isolated(session, fetched, now, board_rows, writer) if fetched else [])
        for board in group:
            result = board.result
            board_report, new_ids = next(outcomes) if result.ok else (_failed_report(result), [])
            report.new_job_ids.extend(new_ids)
            report.new_sources[VENDORS[result.board.vendor].ats] += len(new_ids)
            report.boards.append(board_report)
            reports.append((board_report, result))
    _record_reports(session, reports, board_rows, now, run_id)
    return report


def normalize_and_store(engine: Engine, raws: Sequence[RawSnapshot], now: datetime, run_id: str | None = None,
                        switch_interval: float | None = 0.001) -> tuple[IngestReport, list[BoardPostings]]:
    """Parse the snapshots and store them in one transaction, a worker thread parsing, diffing and encoding
    the next boards while this thread writes the previous ones.

    Postings whose raw form equals the stored open job's (same source hash) are not parsed again, only passed
    on as unchanged ids: that is what makes an unchanged hourly re-ingest cheap. Returns the store report and
    the parsed boards (for summaries). The run's ``jobs/new-batch`` events go into the event inbox in the same
    transaction as the jobs (``report.event_ids``), so no crash or send error between the two can lose them.
    ``switch_interval`` is the GIL switch interval during the step (None: Python's default);
    ``bench/ingestion.py`` measures what the shorter one buys."""
    parsed: list[BoardPostings] = []
    handoff = fast_gil_handoff(switch_interval) if switch_interval is not None else nullcontext()
    with session_scope(engine) as session, job_writer(engine, session) as writer, handoff:
        stored = load_stored_jobs(session, [raw.board for raw in raws if raw.ok])

        def prepare(raw: RawSnapshot) -> PreparedBoard:
            jobs = stored.get(raw.board.key, [])
            return prepare_board(normalize_snapshot(raw, source_hashes(jobs)), jobs, now, writer)

        def recorded() -> Iterator[PreparedBoard]:
            for board in map_ahead(prepare, raws, name="ats-parse"):
                parsed.append(board.result)
                yield board

        report = _store(session, recorded(), now, run_id, writer)
        # Transactional outbox: the announcement commits with the job rows it announces, or neither does.
        report.event_ids = enqueue_events(session, new_batch_events(report.new_job_ids, report.event_source, run_id),
                                          now=now)
    return report, parsed
