"""`jobsearch dev` and `jobsearch demo`: the embedded default, for a new user."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from jobsearch_pipelines.db import migrate
from jobsearch_pipelines.db.engine import data_dir, default_database_url, make_engine, session_scope
from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.lib.instance_config import PG_URL_ENV, prepare_dagster_home

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The embedded default is offline: job boards from the bundled snapshot, email to .eml files.
OFFLINE_DEFAULTS = {"JOBSEARCH_ATS_MODE": "snapshot", "JOBSEARCH_MAIL_TRANSPORT": "file"}


def dagster_home() -> Path:
    return Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home")


def _offline_env() -> dict[str, str]:
    return {**OFFLINE_DEFAULTS, **{k: v for k, v in os.environ.items() if k in OFFLINE_DEFAULTS}}


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
    env = {**os.environ, **_offline_env(), "DAGSTER_HOME": str(home)}
    # Create or upgrade Dagster's own tables first: the webserver and the daemon would race to create them.
    subprocess.run([sys.executable, "-m", "dagster", "instance", "migrate"], env=env, cwd=PROJECT_ROOT, check=True)
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
@click.option("--run/--no-run", "run_pipeline", default=True, show_default=True,
              help="Run the main job `job_search_pipeline` once after loading the data.")
def demo(run_pipeline: bool) -> None:
    """Load the demo data (taxonomy, job boards, users) and run the main job offline, recorded in DAGSTER_HOME."""
    from jobsearch_pipelines.lib.demo.users import load_demo_users
    from jobsearch_pipelines.lib.ingestion.registry import seed_boards
    from jobsearch_pipelines.lib.skills.store import load_taxonomy_into_db

    url = default_database_url()
    migrate.upgrade(url)
    engine = make_engine(url)
    taxonomy = load_taxonomy_into_db(engine)
    with session_scope(engine) as session:
        boards = seed_boards(session)
        users = load_demo_users(session, utcnow())
    click.echo(f"taxonomy: {taxonomy}; boards: {boards.total}; users: {', '.join(users)}")
    if not run_pipeline:
        return
    os.environ.update(_offline_env())
    home = prepare_dagster_home(dagster_home())
    os.environ["DAGSTER_HOME"] = str(home)
    import dagster as dg

    from jobsearch_pipelines.definitions import defs

    with dg.DagsterInstance.get() as instance:
        result = defs().resolve_job_def("job_search_pipeline").execute_in_process(  # type: ignore[operator]
            instance=instance, raise_on_error=False)
    if not result.success:
        raise click.ClickException(f"job_search_pipeline failed (run {result.run_id}); see the Dagster UI")
    outbox = data_dir() / "outbox"
    emails = sorted(outbox.glob("**/*.eml")) if outbox.exists() else []
    click.echo(f"job_search_pipeline run {result.run_id} succeeded; {len(emails)} email(s) in {outbox}")
