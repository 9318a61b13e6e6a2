"""`jobsearch worker`: a Celery worker for this code location (the Celery profile, docs/deployment.md).

It wraps ``dagster-celery worker start`` with the app, the broker/backend and reliability settings of
``lib/celery_settings.py``, the queues and the node name; each step it runs is recorded on the run as an engine
event naming the worker ("Celery worker: <node>@<host>")."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import click
import yaml

from jobsearch_pipelines.lib.celery_settings import DEFAULT_QUEUE, WARC_QUEUE, executor_config


@click.command(name="worker")
@click.option("--name", "-n", default="jobsearch", show_default=True, help="Node name (unique per machine).")
@click.option("--queue", "-q", "queues", multiple=True, default=(DEFAULT_QUEUE, WARC_QUEUE), show_default=True,
              help="Queues to take steps from (repeatable): dagster (every step), warc (WARC scans).")
@click.option("--concurrency", "-c", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Steps run at once by this worker (processes).")
@click.option("--loglevel", "-l", default="INFO", show_default=True)
def worker(name: str, queues: tuple[str, ...], concurrency: int, loglevel: str) -> None:
    """Start a Celery worker that runs this project's steps (needs DAGSTER_HOME on PostgreSQL storage)."""
    if not os.environ.get("DAGSTER_HOME"):
        raise click.UsageError("set DAGSTER_HOME to the instance the runs use (PostgreSQL storage in this profile)")
    config = Path(tempfile.mkdtemp(prefix="jobsearch-worker-")) / "celery.yaml"
    config.write_text(yaml.safe_dump({"execution": {"config": executor_config()}}))
    command = [sys.executable, "-m", "dagster_celery.cli", "worker", "start", "-A", "dagster_celery.app",
               "-y", str(config), "-n", name, "-l", loglevel, "-q", ",".join(queues)]  # celery reads one -Q list
    command += ["--", f"--concurrency={concurrency}", "-O", "fair"]
    click.echo(f"worker {name}: queues {', '.join(queues)}, concurrency {concurrency}", err=True)
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    sys.exit(subprocess.call(command, env=env))  # dagster-celery runs `celery` from PATH: this environment's
