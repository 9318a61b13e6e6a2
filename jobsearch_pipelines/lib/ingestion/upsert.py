"""Bulk upsert of job rows, split into ``encode`` (CPU only, safe in a worker thread) and ``write`` (the I/O).

The split lets ingestion encode the next boards' rows while the database executes the previous statement.
On PostgreSQL with psycopg2, ``encode`` renders each row as a SQL values tuple with ``cursor.mogrify`` on a
second pooled connection reserved for it (libpq forbids two threads on one connection), and ``write`` sends
one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` of 1,000 rows at a time on the session's connection.
Elsewhere ``encode`` passes rows through and ``write`` uses SQLAlchemy's dialect upsert (SQLite's batched
executemany) or, for dialects without one, a look-up then insert or update per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import Job
from jobsearch_pipelines.lib.ingestion.models import Posting

JobKey = tuple[str, str, str]  # (source, board_token, external_id): what identifies a job
CHUNK = 1000
POSTING_COLUMNS = ("source", "board_token", "external_id", "title", "company_name", "url", "locations",
                   "country_codes", "workplace_type", "employment_type", "seniority", "salary_min", "salary_max",
                   "salary_currency", "salary_interval", "department", "description_html", "description_text",
                   "posted_at", "source_updated_at", "content_hash", "source_hash", "vendor_fields")
UPDATE_COLUMNS = (*POSTING_COLUMNS[3:], "board_id", "company_id", "status", "closed_at", "last_seen_at",
                  "updated_at")
ROW_COLUMNS = (*POSTING_COLUMNS, "board_id", "company_id", "status", "closed_at", "last_seen_at", "first_seen_at",
               "created_at", "updated_at")


def job_row(posting: Posting, board_id: int | None, company_id: int | None, now: datetime) -> dict[str, Any]:
    """The full ``jobs`` row of an open posting seen at ``now``."""
    row = {name: getattr(posting, name) for name in POSTING_COLUMNS}
    row.update(board_id=board_id, company_id=company_id, status="open", closed_at=None, last_seen_at=now,
               first_seen_at=now, created_at=now, updated_at=now)
    return row


def dialect_insert(session: Session) -> Any:
    """The session's dialect ``insert`` with ``on_conflict_do_*`` (PostgreSQL, SQLite), else None."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as upsert
    else:
        return None
    return upsert


def close_jobs(session: Session, ids: Sequence[int], now: datetime) -> int:
    """Mark jobs closed (status + closed_at) in chunks."""
    table = Job.__table__
    for start in range(0, len(ids), CHUNK):
        session.execute(update(table).where(table.c.id.in_(ids[start:start + CHUNK]))
                        .values(status="closed", closed_at=now, updated_at=now))
    return len(ids)


class JobWriter:
    """Upsert on (source, board_token, external_id) through SQLAlchemy: the portable path."""

    def encode(self, rows: list[dict[str, Any]]) -> list[Any]:
        """What ``write`` sends for ``rows``; safe to call from another thread while ``write`` runs."""
        return rows

    def write(self, session: Session, encoded: Sequence[Any]) -> dict[JobKey, int]:
        """Upsert encoded rows (any number of boards); returns each written row's key -> job id."""
        rows: Sequence[dict[str, Any]] = encoded
        table = Job.__table__
        ids: dict[JobKey, int] = {}
        upsert = dialect_insert(session)
        if upsert is not None:
            stmt = upsert(table)
            stmt = stmt.on_conflict_do_update(
                index_elements=["source", "board_token", "external_id"],
                set_={column: stmt.excluded[column] for column in UPDATE_COLUMNS},
            ).returning(table.c.id, table.c.source, table.c.board_token, table.c.external_id)
            for start in range(0, len(rows), CHUNK * 10):
                for job_id, source, token, ext in session.execute(stmt, list(rows[start:start + CHUNK * 10])):
                    ids[(source, token, ext)] = job_id
            return ids
        for row in rows:  # other dialects: look up, then insert or update one by one
            job_id = session.scalar(select(Job.id).where(Job.source == row["source"], Job.board_token ==
                                                         row["board_token"], Job.external_id == row["external_id"]))
            if job_id is None:
                job_id = session.execute(insert(table).values(row).returning(table.c.id)).scalar_one()
            else:
                session.execute(update(table).where(table.c.id == job_id).values(
                    {k: row[k] for k in UPDATE_COLUMNS}))
            ids[(row["source"], row["board_token"], row["external_id"])] = job_id
        return ids

    def close(self) -> None:
        """Release what the writer holds."""

    def __enter__(self) -> JobWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


_JSON_INDEXES = [i for i, c in enumerate(ROW_COLUMNS) if c in ("locations", "country_codes", "vendor_fields")]
_TIME_INDEXES = [i for i, c in enumerate(ROW_COLUMNS) if c in (
    "posted_at", "source_updated_at", "closed_at", "last_seen_at", "first_seen_at", "created_at", "updated_at")]
_PG_UPSERT_HEAD = f"INSERT INTO jobs ({', '.join(ROW_COLUMNS)}) VALUES ".encode()
_PG_UPSERT_TAIL = (" ON CONFLICT (source, board_token, external_id) DO UPDATE SET "
                   + ", ".join(f"{c} = EXCLUDED.{c}" for c in UPDATE_COLUMNS)
                   + " RETURNING id, source, board_token, external_id").encode()
_PG_TEMPLATE = "(" + ", ".join(["%s"] * len(ROW_COLUMNS)) + ")"


def pg_values(row: dict[str, Any]) -> tuple[Any, ...]:
    """A row as psycopg2 parameters: JSON columns as JSON text, times as naive UTC (as ``UTCDateTime`` stores)."""
    values = [row[c] for c in ROW_COLUMNS]
    for i in _JSON_INDEXES:
        if values[i] is not None:
            values[i] = orjson.dumps(values[i]).decode()
    for i in _TIME_INDEXES:
        if values[i] is not None:
            values[i] = values[i].astimezone(UTC).replace(tzinfo=None)
    return tuple(values)


class Psycopg2JobWriter(JobWriter):
    """PostgreSQL fast path: rows pre-rendered by ``mogrify`` (on a connection of its own), sent as multi-row
    ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` statements of ``CHUNK`` rows."""

    def __init__(self, engine: Engine, session: Session) -> None:
        main = session.connection().connection.driver_connection
        self._encoder = engine.raw_connection()  # only ever used to render literals, never to run a query
        driver = self._encoder.driver_connection
        if driver.encoding != main.encoding:  # type: ignore[union-attr]
            driver.set_client_encoding(main.encoding)  # type: ignore[union-attr]
        self._cursor = driver.cursor()  # type: ignore[union-attr]

    def encode(self, rows: list[dict[str, Any]]) -> list[Any]:
        return [self._cursor.mogrify(_PG_TEMPLATE, pg_values(row)) for row in rows]

    def write(self, session: Session, encoded: Sequence[Any]) -> dict[JobKey, int]:
        raw = session.connection().connection.driver_connection
        ids: dict[JobKey, int] = {}
        with raw.cursor() as cursor:  # type: ignore[union-attr]
            for start in range(0, len(encoded), CHUNK):
                cursor.execute(_PG_UPSERT_HEAD + b",".join(encoded[start:start + CHUNK]) + _PG_UPSERT_TAIL)
                for job_id, source, token, ext in cursor.fetchall():
                    ids[(source, token, ext)] = job_id
        return ids

    def close(self) -> None:
        self._cursor.close()
        self._encoder.close()


def job_writer(engine: Engine, session: Session) -> JobWriter:
    """The fastest writer the session's driver allows."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql" and bind.dialect.driver == "psycopg2":
        return Psycopg2JobWriter(engine, session)
    return JobWriter()
