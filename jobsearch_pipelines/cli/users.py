"""`jobsearch users`: create or update users with explicit preferences from a file."""

from __future__ import annotations

from pathlib import Path

import click

from jobsearch_pipelines.cli.common import migrated_engine
from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.lib.users.importing import import_users, parse_users


@click.group(name="users")
def group() -> None:
    """Users and their settings."""


@group.command(name="import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    """Create or update the users in PATH (YAML list or JSON Lines of {id, email, name?, preferences}); the
    preferences are recorded as explicit settings. Re-importing an unchanged file records nothing."""
    records = parse_users(path.read_text(encoding="utf-8"), path.name)
    with session_scope(migrated_engine()) as session:
        report = import_users(session, records, utcnow())
    click.echo(f"{len(records)} user(s): {len(report.created)} created, {len(report.updated)} updated, "
               f"{report.preferences_recorded} preference(s) recorded")
