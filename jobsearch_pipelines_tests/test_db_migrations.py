"""Migrations create the whole schema from empty, on SQLite and PostgreSQL, and a second run is a no-op."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import inspect, text

from jobsearch_pipelines.db import migrate
from jobsearch_pipelines.db.engine import make_engine
from jobsearch_pipelines.db.schema import Base
from jobsearch_pipelines_tests.conftest import _pg_admin, pg_url_for


def _assert_schema_matches_models(url: str) -> None:
    engine = make_engine(url)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert migrate.is_up_to_date(engine)
    migrate.upgrade(url)  # second run: nothing to do
    assert migrate.is_up_to_date(engine)
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
    engine.dispose()


def test_migrations_from_empty_sqlite(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    migrate.upgrade(url)
    _assert_schema_matches_models(url)


@pytest.mark.postgres
def test_migrations_from_empty_postgres() -> None:
    name = f"jobsearch_mig_{uuid.uuid4().hex[:8]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        migrate.upgrade(pg_url_for(name))
        _assert_schema_matches_models(pg_url_for(name))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_plain_postgresql_url_uses_psycopg2() -> None:
    from jobsearch_pipelines.db.engine import normalize_url

    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"
