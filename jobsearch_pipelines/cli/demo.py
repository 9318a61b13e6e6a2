"""`jobsearch dev` and `jobsearch demo`: the embedded default, for a new user."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
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
@click.option("--events-port", default=8288, show_default=True, type=click.IntRange(0, 65535),
              help="Port of the Inngest-compatible event API (0: do not serve it).")
def dev(host: str, port: int, postgres: bool | None, events_port: int) -> None:
    """Start the Dagster webserver and daemon (schedules, sensors, run queue) and, like Inngest's dev server, the
    event API on 127.0.0.1:8288 accepting any event key. One Ctrl-C stops everything."""
    if postgres and not os.environ.get(PG_URL_ENV):
        raise click.UsageError(f"--postgres needs ${PG_URL_ENV}, e.g. postgresql://postgres@127.0.0.1:5432/dagster")
    home = prepare_dagster_home(dagster_home(), postgres)
    migrate.upgrade(default_database_url())
    env = {**os.environ, **_offline_env(), "DAGSTER_HOME": str(home)}
    # Create or upgrade Dagster's own tables first: the webserver and the daemon would race to create them.
    subprocess.run([sys.executable, "-m", "dagster", "instance", "migrate"], env=env, cwd=PROJECT_ROOT, check=True)
    click.echo(f"DAGSTER_HOME={home}; Dagster UI at http://{host}:{port}")
    commands = [[sys.executable, "-m", "dagster", "dev", "-w", str(PROJECT_ROOT / "workspace.yaml"),
                 "-h", host, "-p", str(port)]]
    if events_port:
        click.echo(f"event API at http://127.0.0.1:{events_port}/e/<any key> (INNGEST_BASE_URL, INNGEST_DEV=1)")
        commands.append([sys.executable, "-m", "jobsearch_pipelines.cli.main", "events", "serve", "--dev",
                         "--host", "127.0.0.1", "--port", str(events_port)])
    sys.exit(run_together(commands, env))


def run_together(commands: list[list[str]], env: dict[str, str]) -> int:
    """Run ``commands`` side by side; when one ends, or on Ctrl-C, stop them all. The first one's exit code."""
    processes = [subprocess.Popen(c, env=env, cwd=PROJECT_ROOT, start_new_session=True) for c in commands]
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return processes[0].returncode or 0


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
