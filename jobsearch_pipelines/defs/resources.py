"""Shared resources: the application database, bound once for every asset, op, sensor and schedule."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.engine import DATABASE_URL_ENV, default_database_url, get_engine, session_scope
from jobsearch_pipelines.db.migrate import head_revision, is_up_to_date


class DatabaseResource(dg.ConfigurableResource):
    """The application database (SQLite file by default, PostgreSQL via ``JOBSEARCH_DATABASE_URL``)."""

    url: str | None = None

    def resolved_url(self) -> str:
        return self.url or default_database_url()

    def get_engine(self) -> Engine:
        engine = get_engine(self.resolved_url())
        if not is_up_to_date(engine):
            raise dg.Failure(
                f"The application database is not at migration {head_revision()}: run `jobsearch db upgrade`.",
                allow_retries=False,
            )
        return engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with session_scope(self.get_engine()) as session:
            yield session


def database_resource() -> DatabaseResource:
    """The resource as configured by the environment (EnvVar when the URL is set, the SQLite default otherwise)."""
    if os.environ.get(DATABASE_URL_ENV):
        return DatabaseResource(url=dg.EnvVar(DATABASE_URL_ENV))
    return DatabaseResource()


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"database": database_resource()})
