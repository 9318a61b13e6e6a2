"""Fixtures: the local ATS server, a migrated database with the demo boards, a fetch-settings factory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.lib.ingestion.registry import seed_boards
from jobsearch_pipelines_tests.ingestion.ats_server import AtsServer


@pytest.fixture
def ats_server() -> Iterator[AtsServer]:
    with AtsServer().running() as server:
        yield server


@pytest.fixture
def seeded_engine(db_url: str) -> Iterator[Engine]:
    """A fresh database (SQLite and PostgreSQL) with the ten demo boards registered."""
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        seed_boards(session)
    yield engine
    engine.dispose()
