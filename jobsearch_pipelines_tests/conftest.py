"""Shared fixtures: migrated SQLite and PostgreSQL databases, an isolated data folder, a Dagster instance.

PostgreSQL tests never skip: when the server on 127.0.0.1:5432 is unreachable they fail, as CI requires.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import Engine, create_engine, text

from jobsearch_pipelines.db import migrate
from jobsearch_pipelines.db.engine import DATA_DIR_ENV, DATABASE_URL_ENV, get_engine, make_engine
from jobsearch_pipelines_tests.notifications.smtp_server import RecordingHandler, smtp_server

PG_ADMIN_URL = os.environ.get("JOBSEARCH_TEST_PG_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")


def _pg_admin() -> Engine:
    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


def pg_url_for(database: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + database


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; tests get copies."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A PostgreSQL database migrated once, used as the template of per-test databases."""
    name = f"jobsearch_tmpl_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    migrate.upgrade(pg_url_for(name))
    get_engine.cache_clear()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh, migrated SQLite database for this test."""
    path = tmp_path / "jobsearch.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def pg_url(pg_template: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test (dropped afterwards)."""
    name = f"jobsearch_test_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
    yield pg_url_for(name)
    get_engine.cache_clear()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh migrated database, once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    """A throw-away Dagster instance (SQLite, queued runs stay queued unless a test drives them)."""
    with dg.instance_for_test() as inst:
        yield inst


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    eng = make_engine(sqlite_url)
    yield eng
    eng.dispose()


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder; no test reads the developer's database or settings by accident."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv("DAGSTER_DISABLE_TELEMETRY", "1")
    return data


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[RecordingHandler]:
    """A live SMTP server (aiosmtpd) on a random local port, with the mail settings pointing at it."""
    with smtp_server() as (handler, port):
        monkeypatch.setenv("JOBSEARCH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("JOBSEARCH_SMTP_PORT", str(port))
        monkeypatch.setenv("JOBSEARCH_SMTP_STARTTLS", "false")
        monkeypatch.setenv("JOBSEARCH_SMTP_FROM", "Jobsearch <alerts@jobsearch.test>")
        monkeypatch.setenv("JOBSEARCH_SMTP_TIMEOUT", "30")
        yield handler


@pytest.fixture
def app_db(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point ``JOBSEARCH_DATABASE_URL`` at a fresh migrated SQLite database (for code that reads the env)."""
    monkeypatch.setenv(DATABASE_URL_ENV, sqlite_url)
    return sqlite_url


# ------------------------------------------------------------------------------------------------------
# CI guard: with JOBSEARCH_REQUIRE_POSTGRES=1 the session fails unless PostgreSQL tests ran and none skipped.
# ------------------------------------------------------------------------------------------------------
_postgres_outcomes: dict[str, int] = {"passed": 0, "skipped": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "postgres" not in report.keywords:
        return
    if report.skipped:
        _postgres_outcomes["skipped"] += 1
    elif report.when == "call" and report.passed:
        _postgres_outcomes["passed"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("JOBSEARCH_REQUIRE_POSTGRES") != "1" or exitstatus != 0:
        return
    if hasattr(session.config, "workerinput"):
        return  # a pytest-xdist worker: the controller sees every worker's reports and decides
    if _postgres_outcomes["passed"] == 0 or _postgres_outcomes["skipped"]:
        session.exitstatus = 1
        print(f"\nPostgreSQL tests did not all run: {_postgres_outcomes} (JOBSEARCH_REQUIRE_POSTGRES=1)")
