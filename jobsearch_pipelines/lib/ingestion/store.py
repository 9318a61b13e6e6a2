"""Write an ingestion run to the database in bulk: upsert new/changed jobs, close vanished ones, report per board.

A run is one transaction; each board's writes sit in a savepoint, so a database error on one board rolls back
and fails only that board. Writes are ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``: on PostgreSQL one
multi-row statement per 1,000 rows (psycopg2 ``execute_values``), on SQLite SQLAlchemy's batched executemany.
Unchanged jobs are not written at all. Every board gets a ``board_fetches`` row; a failed board also an open
``failures`` row (one per board, updated on repeats, resolved by its next success) and nothing of it is closed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import AtsBoard, BoardFetch, Company, Failure, Job
from jobsearch_pipelines.lib.ingestion.diff import BoardPlan, StoredJob, plan_board
from jobsearch_pipelines.lib.ingestion.models import BoardPostings, BoardRef, Posting
from jobsearch_pipelines.lib.ingestion.vendors import VENDORS

FAILURE_KIND = "board_fetch"
_CHUNK = 1000
_POSTING_COLUMNS = ("source", "board_token", "external_id", "title", "company_name", "url", "locations",
                    "country_codes", "workplace_type", "employment_type", "seniority", "salary_min", "salary_max",
                    "salary_currency", "salary_interval", "department", "description_html", "description_text",
                    "posted_at", "source_updated_at", "content_hash", "source_hash")
_UPDATE_COLUMNS = (*_POSTING_COLUMNS[3:], "board_id", "company_id", "status", "closed_at", "last_seen_at",
                   "updated_at")


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


def _dialect_insert(session: Session) -> Any:
    name = session.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        return None
    return dialect_insert


def ensure_company(session: Session, name: str, cache: dict[str, int] | None = None) -> int:
    """The id of the company called ``name`` (matched by name, then key), created when missing."""
    key = company_key(name)
    if cache is not None and key in cache:
        return cache[key]
    company_id = session.scalar(select(Company.id).where(Company.key == key)) or session.scalar(
        select(Company.id).where(func.lower(Company.name) == name.lower()).order_by(Company.id).limit(1))
    if company_id is None:
        dialect_insert = _dialect_insert(session)
        if dialect_insert is not None:
            session.execute(dialect_insert(Company).values(key=key, name=name, category="UNKNOWN")
                            .on_conflict_do_nothing(index_elements=["key"]))
        else:
            session.add(Company(key=key, name=name))
            session.flush()
        company_id = session.scalar(select(Company.id).where(Company.key == key))
    assert company_id is not None
    if cache is not None:
        cache[key] = company_id
    return company_id


def known_source_hashes(session: Session, boards: Sequence[BoardRef]) -> dict[str, dict[str, str]]:
    """Per board key ("vendor:token"): external id -> source hash of its stored OPEN jobs."""
    by_pair = {(VENDORS[b.vendor].ats, b.token): b.key for b in boards if b.vendor in VENDORS}
    out: dict[str, dict[str, str]] = {key: {} for key in by_pair.values()}
    pairs = list(by_pair)
    for start in range(0, len(pairs), 200):
        rows = session.execute(select(Job.source, Job.board_token, Job.external_id, Job.source_hash).where(
            tuple_(Job.source, Job.board_token).in_(pairs[start:start + 200]), Job.status == "open",
            Job.source_hash.is_not(None)))
        for source, token, ext, digest in rows:
            out[by_pair[(source, token)]][ext] = digest
    return out


def job_row(posting: Posting, board_id: int | None, company_id: int | None, now: datetime) -> dict[str, Any]:
    row = {name: getattr(posting, name) for name in _POSTING_COLUMNS}
    row.update(board_id=board_id, company_id=company_id, status="open", closed_at=None, last_seen_at=now,
               first_seen_at=now, created_at=now, updated_at=now)
    return row


def write_postings(session: Session, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Upsert ``rows`` (full job rows) on (source, board_token, external_id); returns external_id -> job id."""
    if not rows:
        return {}
    table = Job.__table__
    if session.get_bind().dialect.name == "postgresql" and session.get_bind().dialect.driver == "psycopg2":
        return _write_postings_psycopg2(session, rows)
    dialect_insert = _dialect_insert(session)
    ids: dict[str, int] = {}
    if dialect_insert is not None:
        stmt = dialect_insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=["source", "board_token", "external_id"],
            set_={name: stmt.excluded[name] for name in _UPDATE_COLUMNS},
        ).returning(table.c.id, table.c.external_id)
        for start in range(0, len(rows), _CHUNK * 10):
            for job_id, ext in session.execute(stmt, list(rows[start:start + _CHUNK * 10])):
                ids[ext] = job_id
        return ids
    for row in rows:  # other dialects: look up, then insert or update one by one
        job_id = session.scalar(select(Job.id).where(Job.source == row["source"], Job.board_token ==
                                                     row["board_token"], Job.external_id == row["external_id"]))
        if job_id is None:
            job_id = session.execute(insert(table).values(row).returning(table.c.id)).scalar_one()
        else:
            session.execute(update(table).where(table.c.id == job_id).values(
                {k: row[k] for k in _UPDATE_COLUMNS}))
        ids[row["external_id"]] = job_id
    return ids


_ROW_COLUMNS = (*_POSTING_COLUMNS, "board_id", "company_id", "status", "closed_at", "last_seen_at", "first_seen_at",
                "created_at", "updated_at")
_JSON_COLUMNS = frozenset({"locations", "country_codes"})
_PG_UPSERT = (
    f"INSERT INTO jobs ({', '.join(_ROW_COLUMNS)}) VALUES %s "
    f"ON CONFLICT (source, board_token, external_id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in _UPDATE_COLUMNS)
    + " RETURNING id, external_id"
)


_JSON_INDEXES = [i for i, c in enumerate(_ROW_COLUMNS) if c in _JSON_COLUMNS]
_TIME_INDEXES = [i for i, c in enumerate(_ROW_COLUMNS) if c in (
    "posted_at", "source_updated_at", "closed_at", "last_seen_at", "first_seen_at", "created_at", "updated_at")]


def _pg_row(row: dict[str, Any]) -> tuple[Any, ...]:
    values = [row[c] for c in _ROW_COLUMNS]
    for i in _JSON_INDEXES:
        if values[i] is not None:
            values[i] = json.dumps(values[i], ensure_ascii=False)
    for i in _TIME_INDEXES:
        if values[i] is not None:
            values[i] = values[i].astimezone(UTC).replace(tzinfo=None)  # naive UTC, as UTCDateTime stores it
    return tuple(values)


def _write_postings_psycopg2(session: Session, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """PostgreSQL fast path: one multi-row ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` per 1,000 rows
    (psycopg2 ``execute_values``) on the session's own connection and transaction."""
    from psycopg2.extras import execute_values

    raw = session.connection().connection.driver_connection
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        returned = execute_values(cursor, _PG_UPSERT, [_pg_row(row) for row in rows], page_size=_CHUNK, fetch=True)
    return {ext: job_id for job_id, ext in returned}


def close_jobs(session: Session, ids: Sequence[int], now: datetime) -> int:
    """Mark jobs closed (status + closed_at) in chunks."""
    table = Job.__table__
    for start in range(0, len(ids), _CHUNK):
        session.execute(update(table).where(table.c.id.in_(ids[start:start + _CHUNK]))
                        .values(status="closed", closed_at=now, updated_at=now))
    return len(ids)


def load_stored_jobs(session: Session, boards: Sequence[BoardRef]) -> dict[str, list[StoredJob]]:
    """Per board key: the board's stored jobs (open and closed), read in a few bulk queries."""
    by_pair = {(VENDORS[b.vendor].ats, b.token): b.key for b in boards if b.vendor in VENDORS}
    out: dict[str, list[StoredJob]] = {key: [] for key in by_pair.values()}
    pairs = list(by_pair)
    for start in range(0, len(pairs), 200):
        rows = session.execute(select(Job.source, Job.board_token, Job.id, Job.external_id, Job.content_hash,
                                      Job.status).where(tuple_(Job.source, Job.board_token)
                                                        .in_(pairs[start:start + 200])))
        for source, token, job_id, ext, digest, status in rows:
            out[by_pair[(source, token)]].append(StoredJob(job_id, ext, digest, status))
    return out


def apply_board(session: Session, result: BoardPostings, now: datetime, stored: Sequence[StoredJob],
                board_row: AtsBoard | None) -> tuple[BoardReport, list[int]]:
    """Apply one successfully fetched board's jobs (the caller wraps it in a savepoint); returns its report and
    the ids of its new jobs. Unchanged jobs are not written."""
    board = result.board
    plan: BoardPlan = plan_board(stored, result.postings, result.unchanged_ids)
    rows = []
    company_cache: dict[str, int] = {}
    board_company = board.company_id or (board_row.company_id if board_row else None)
    fallback_name = board.company_name or (board_row.company_name if board_row else None) or board.token
    for posting in plan.writes:
        company_id = board_company or ensure_company(session, posting.company_name or fallback_name, company_cache)
        rows.append(job_row(posting, board.id, company_id, now))
    ids = write_postings(session, rows)
    closed = close_jobs(session, plan.close_ids, now)
    new_ids = [ids[p.external_id] for p in plan.new if p.external_id in ids]
    if board_row is not None and board_row.company_id is None and (board_company or company_cache):
        board_row.company_id = board_company or next(iter(company_cache.values()))
    open_before = sum(1 for job in stored if job.status == "open")
    report = BoardReport(board=board.key, board_id=board.id, status="ok",
                         postings=len(result.postings) + len(result.unchanged_ids),
                         new=len(plan.new), updated=len(rows) - len(plan.new), unchanged=plan.unchanged,
                         closed=closed, reopened=len(plan.reopened), skipped=result.skipped,
                         attempts=result.attempts, http_status=result.http_status,
                         open_jobs=open_before - closed + len(plan.new) + len(plan.reopened))
    return report, new_ids


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


def store_run(engine: Engine, results: Iterable[BoardPostings], now: datetime,
              run_id: str | None = None) -> IngestReport:
    """Apply every board of a run in one transaction, each board's writes in its own savepoint: a database
    error on one board rolls back only that board, which is reported failed (nothing of it closed)."""
    results = list(results)
    report = IngestReport()
    with session_scope(engine) as session:
        stored = load_stored_jobs(session, [r.board for r in results if r.ok])
        ids = [r.board.id for r in results if r.board.id is not None]
        board_rows = {b.id: b for start in range(0, len(ids), 500)
                      for b in session.scalars(select(AtsBoard).where(AtsBoard.id.in_(ids[start:start + 500])))}
        reports: list[tuple[BoardReport, BoardPostings]] = []
        for result in results:
            new_ids: list[int] = []
            if not result.ok:
                board_report = _failed_report(result)
            else:
                board_row = board_rows.get(result.board.id) if result.board.id is not None else None
                try:
                    with session.begin_nested():
                        board_report, new_ids = apply_board(session, result, now, stored[result.board.key],
                                                            board_row)
                except Exception as exc:  # a database error on one board must not stop the others
                    if board_row is not None:
                        session.refresh(board_row)
                    board_report = _failed_report(result, f"database: {type(exc).__name__}: {exc}"[:2000])
            report.new_job_ids.extend(new_ids)
            report.new_sources[VENDORS[result.board.vendor].ats] += len(new_ids)
            report.boards.append(board_report)
            reports.append((board_report, result))
        _record_reports(session, reports, board_rows, now, run_id)
    return report
