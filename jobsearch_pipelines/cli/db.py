"""`jobsearch db`: migrate the application database."""

from __future__ import annotations

import click

from jobsearch_pipelines.db import migrate
from jobsearch_pipelines.db.engine import default_database_url, make_engine, normalize_url


@click.group(name="db")
def group() -> None:
    """Migrate and inspect the application database (``$JOBSEARCH_DATABASE_URL``, default a local SQLite file)."""


@group.command()
@click.option("--url", help="Database URL (default: $JOBSEARCH_DATABASE_URL or the SQLite file in the data folder).")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade(url: str | None, revision: str) -> None:
    """Apply all pending migrations (a no-op when the schema is current)."""
    target = normalize_url(url or default_database_url())
    migrate.upgrade(target, revision)
    click.echo(f"database at revision {migrate.current_revision(make_engine(target))}: {_redact(target)}")


@group.command()
@click.option("--url", help="Database URL (default: $JOBSEARCH_DATABASE_URL or the SQLite file in the data folder).")
def current(url: str | None) -> None:
    """Print the database's migration revision and the newest one."""
    target = normalize_url(url or default_database_url())
    click.echo(f"current: {migrate.current_revision(make_engine(target))}  head: {migrate.head_revision()}")


@group.command()
@click.option("-m", "--message", required=True, help="What the migration changes.")
@click.option("--url", help="Database at head to compare the models with.")
def revision(message: str, url: str | None) -> None:
    """Autogenerate a new migration from the models in ``db/schema.py`` (for developers)."""
    migrate.revision(message, url=url)


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
