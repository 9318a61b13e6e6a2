"""Database URLs and engines for the application tables (SQLite by default, PostgreSQL in production)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

DATABASE_URL_ENV = "JOBSEARCH_DATABASE_URL"
DATA_DIR_ENV = "JOBSEARCH_DATA_DIR"


def data_dir() -> Path:
    """The local data folder (SQLite file, outbox .eml files, caches): ``$JOBSEARCH_DATA_DIR`` or ``./data``."""
    path = Path(os.environ.get(DATA_DIR_ENV) or Path.cwd() / "data").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    """``$JOBSEARCH_DATABASE_URL``, else a SQLite file in the data folder."""
    return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{data_dir() / 'jobsearch.db'}"


def normalize_url(url: str) -> str:
    """Pin PostgreSQL URLs to psycopg2 (SQLAlchemy 2.1 would pick psycopg 3, which is not installed)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_before_savepoint(conn, _name) -> None:  # type: ignore[no-untyped-def]
    """Python's sqlite3 runs reads outside any transaction, so a SAVEPOINT could open the transaction itself and
    its RELEASE would commit everything so far; opening it first makes savepoints nest as on PostgreSQL (a
    rolled-back outer transaction takes its released savepoints with it)."""
    dbapi = conn.connection.dbapi_connection
    if dbapi is not None and not dbapi.in_transaction:
        conn.exec_driver_sql("BEGIN")


def make_engine(url: str | None = None) -> Engine:
    """A new engine for ``url`` (default: ``default_database_url()``), with SQLite tuned for concurrent runs."""
    url = normalize_url(url or default_database_url())
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "savepoint", _begin_before_savepoint)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, executemany_mode="values_plus_batch")


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """A process-wide cached engine per URL."""
    return make_engine(url)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = sessionmaker(bind=engine, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
