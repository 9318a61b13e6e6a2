"""Helpers shared by the `jobsearch` command groups."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import click
from sqlalchemy import Engine

from jobsearch_pipelines.db.engine import default_database_url, get_engine
from jobsearch_pipelines.db.migrate import is_up_to_date


def migrated_engine() -> Engine:
    """The application database's engine; a usage error when it is not migrated yet."""
    engine = get_engine(default_database_url())
    if not is_up_to_date(engine):
        raise click.UsageError("the application database is not migrated: run `jobsearch db upgrade` first")
    return engine


def validated(settings: Any, option: str) -> Any:
    """``settings`` after their own ``validate()``; a usage error naming ``option`` when they do not hold."""
    try:
        settings.validate()
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from exc
    return settings


def echo_json_lines(rows: Iterable[dict[str, Any]], as_json: bool) -> bool:
    """With ``--json``: print each row as one JSON line and return True; else print nothing, return False."""
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, default=str))
    return as_json
