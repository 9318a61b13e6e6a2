"""Fixtures of the skills tests: the local extractor (loaded once) and a job inserter."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Job
from jobsearch_pipelines.lib.skills.local import LocalExtractor


@pytest.fixture(autouse=True)
def hashed_embeddings_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests embed with hashed n-grams unless they ask for a model (the MiniLM one has its own test)."""
    monkeypatch.setenv("JOBSEARCH_EMBEDDINGS_PROVIDER", "hashed")


@pytest.fixture(scope="session")
def local_extractor() -> LocalExtractor:
    return LocalExtractor()


def add_job(engine: Engine, title: str, description: str | None, external_id: str | None = None) -> int:
    digest = hashlib.sha256(f"{title}\n{description}".encode()).hexdigest()
    with session_scope(engine) as session:
        job = Job(
            source="greenhouse",
            board_token="acme",
            external_id=external_id or digest[:12],
            title=title,
            description_html=description,
            content_hash=digest,
        )
        session.add(job)
        session.flush()
        return job.id


@pytest.fixture
def insert_job() -> Callable[..., int]:
    return add_job
