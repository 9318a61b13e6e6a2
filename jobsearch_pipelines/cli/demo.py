"""`jobsearch dev` and `jobsearch demo`: the embedded default, for a new user."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from jobsearch_pipelines.db import migrate
from jobsearch_pipelines.db.engine import default_database_url
from jobsearch_pipelines.lib.instance_config import PG_URL_ENV, prepare_dagster_home

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def dagster_home() -> Path:
    return Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Webserver host.")
@click.option("--port", default=3000, show_default=True, type=click.IntRange(1, 65535), help="Webserver port.")
@click.option("--postgres", is_flag=True, default=None,
              help=f"Keep Dagster's run storage in PostgreSQL (${PG_URL_ENV}); default: when ${PG_URL_ENV} is set.")
def dev(host: str, port: int, postgres: bool | None) -> None:
    """Start the Dagster webserver and daemon (schedules, sensors, run queue) on this project."""
    if postgres and not os.environ.get(PG_URL_ENV):
        raise click.UsageError(f"--postgres needs ${PG_URL_ENV}, e.g. postgresql://postgres@127.0.0.1:5432/dagster")
    home = prepare_dagster_home(dagster_home(), postgres)
    migrate.upgrade(default_database_url())
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    click.echo(f"DAGSTER_HOME={home}; Dagster UI at http://{host}:{port}")
    command = [sys.executable, "-m", "dagster", "dev", "-w", str(PROJECT_ROOT / "workspace.yaml"),
               "-h", host, "-p", str(port)]
    process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, start_new_session=True)
    try:
        sys.exit(process.wait())
    except KeyboardInterrupt:
        os.killpg(process.pid, 2)
        sys.exit(process.wait())


@click.command()
def demo() -> None:
    """Load the demo data set."""
