"""The Celery profile with real workers: RabbitMQ as broker, Redis as result backend, PostgreSQL for the app
tables and Dagster's storage, two `jobsearch worker` processes with different node names. A fanned-out job's
steps spread over both workers and give the in-process results; a worker killed during a step loses nothing:
the step runs again on the other worker and every effect happens once."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import threading
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.definitions.reconstruct import ReconstructableRepository
from sqlalchemy import text

from jobsearch_pipelines.db import migrate
from jobsearch_pipelines.db.engine import make_engine
from jobsearch_pipelines.lib.instance_config import PG_URL_ENV, prepare_dagster_home
from jobsearch_pipelines_tests.conftest import _pg_admin, pg_url_for
from jobsearch_pipelines_tests.deploy.celery_slow_job import EFFECTS_ENV
from jobsearch_pipelines_tests.deploy.fanout_world import RUN_CONFIG, outcome, resources, seed
from jobsearch_pipelines_tests.helpers_processes import BIN, PROJECT_ROOT, background, run_in_group, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.postgres, pytest.mark.slow]
BROKER_UP = ["rabbitmqctl", "-q", "status"]


def _ensure_broker() -> None:
    """RabbitMQ and Redis run on every machine of this kind; start one that is down (never skip)."""
    if subprocess.run(BROKER_UP, capture_output=True).returncode != 0:
        subprocess.run(["rabbitmq-server", "-detached"], check=True)
        wait_for(lambda: subprocess.run(BROKER_UP, capture_output=True).returncode == 0, 120, "RabbitMQ")
    if subprocess.run(["redis-cli", "ping"], capture_output=True, text=True).stdout.strip() != "PONG":
        subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379", "--save", "",
                        "--appendonly", "no"], check=True)
    for queue in ("dagster", "warc"):  # nothing left over from an earlier run
        subprocess.run(["rabbitmqctl", "-q", "purge_queue", queue], capture_output=True)


@contextmanager
def _database(prefix: str) -> Iterator[str]:
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_url_for(name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def _broker_to_ourselves(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One Celery test at a time across pytest-xdist processes: every test's workers consume the broker's "dagster"
    queue, so two at once take each other's steps, whose runs are in the other test's instance ("Could not load
    run"). The lock file sits in the temporary folder all xdist processes share."""
    with open(tmp_path_factory.getbasetemp().parent / "celery-broker.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture
def profile(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The Celery profile's environment: app tables and Dagster storage on PostgreSQL, two workers running."""
    with ExitStack() as stack:
        stack.enter_context(_broker_to_ourselves(tmp_path_factory))
        _ensure_broker()
        app_url = stack.enter_context(_database("jobsearch_celery_app"))
        dagster_url = stack.enter_context(_database("dagster_celery"))
        migrate.upgrade(app_url)
        monkeypatch.setenv(PG_URL_ENV, dagster_url)
        home = prepare_dagster_home(tmp_path / "home", postgres=True)
        env = {"DAGSTER_HOME": str(home), PG_URL_ENV: dagster_url, "JOBSEARCH_DATABASE_URL": app_url,
               "JOBSEARCH_EXECUTOR": "celery", "JOBSEARCH_ATS_MODE": "snapshot", "JOBSEARCH_SKILLS_EXTRACTOR": "local",
               EFFECTS_ENV: str(tmp_path / "effects"), "JOBSEARCH_TEST_STEP_SECONDS": "6"}
        (tmp_path / "effects").mkdir()
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        full_env = {**os.environ, **env}
        migrated = run_in_group([str(BIN / "dagster"), "instance", "migrate"], full_env, timeout=180)
        assert migrated.returncode == 0, migrated.stderr
        workers, names = {}, {}
        for role in ("w1", "w2"):
            # a node name of its own per test: RabbitMQ keeps a killed worker's exclusive pidbox queue until it notices
            names[role] = f"{role}-{uuid.uuid4().hex[:8]}"
            log = tmp_path / f"{role}.log"
            workers[role] = stack.enter_context(background(
                [str(BIN / "jobsearch"), "worker", "--name", names[role], "--concurrency", "1"], full_env, log))
            wait_for(lambda log=log: "ready" in log.read_text(errors="replace"), 120, f"worker {role}")
        yield {"app_url": app_url, "tmp": str(tmp_path), **{f"pid_{k}": str(p.pid) for k, p in workers.items()},
               **{f"name_{k}": v for k, v in names.items()}}


def _workers_of(instance: dg.DagsterInstance, run_id: str) -> dict[str, str]:
    """Step key -> the Celery node that ran it (the engine event each worker records)."""
    ran = {}
    for record in instance.get_records_for_run(run_id).records:
        event = record.event_log_entry.dagster_event
        if event and event.event_type == dg.DagsterEventType.ENGINE_EVENT and event.step_key:
            worker = event.engine_event_data.metadata.get("Celery worker")
            if worker is not None:
                ran[event.step_key] = str(worker.value)
    return ran


def test_fanned_out_steps_run_on_both_workers_with_the_in_process_results(profile: dict[str, str],
                                                                          sqlite_url: str) -> None:
    engine = make_engine(profile["app_url"])
    seed(engine)
    repo = ReconstructableRepository.for_module("jobsearch_pipelines.definitions", "defs",
                                                working_directory=str(PROJECT_ROOT))
    with dg.DagsterInstance.get() as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        for name in ("ingest_boards_in_groups", "extract_skills_in_chunks", "rank_users_in_shards"):
            job = repo.get_reconstructable_job(name)
            config = {"ops": {k: v for k, v in RUN_CONFIG["ops"].items()
                              if k in {n.name for n in job.get_definition().nodes}}}
            with dg.execute_job(job, instance=instance, run_config=config) as result:
                assert result.success, name
                ran = _workers_of(instance, result.run_id)
                succeeded = {e.step_key for e in result.get_step_success_events()}
                assert len(ran) >= 4 and succeeded <= set(ran)  # every step ran on a worker, node recorded
                assert {w.split("@")[0] for w in ran.values()} == {profile["name_w1"], profile["name_w2"]}, ran

    local = make_engine(sqlite_url)  # the same three jobs in process, on another database
    seed(local)
    from jobsearch_pipelines.defs.ingestion.jobs import ingest_boards_in_groups
    from jobsearch_pipelines.defs.ranking.jobs import rank_users_in_shards
    from jobsearch_pipelines.defs.skills.jobs import extract_skills_in_chunks

    for job in (ingest_boards_in_groups, extract_skills_in_chunks, rank_users_in_shards):
        config = {"ops": {k: v for k, v in RUN_CONFIG["ops"].items() if k in {n.name for n in job.nodes}}}
        assert job.execute_in_process(run_config=config, resources=resources(sqlite_url),
                                      instance=dg.DagsterInstance.ephemeral()).success
    got, expected = outcome(engine), outcome(local)
    assert got["jobs"] == expected["jobs"] and got["skills"] == expected["skills"]
    assert [r[:2] for r in got["rankings"]] == [r[:2] for r in expected["rankings"]]
    engine.dispose()
    local.dispose()


def test_a_worker_killed_during_a_step_loses_nothing(profile: dict[str, str]) -> None:
    from jobsearch_pipelines_tests.deploy.celery_slow_job import slow_effects

    effects = Path(profile["tmp"]) / "effects"
    with dg.DagsterInstance.get() as instance:
        outcome_box: dict[str, object] = {}

        def run() -> None:
            with dg.execute_job(dg.reconstructable(_slow_effects), instance=instance) as result:
                outcome_box["success"], outcome_box["run_id"] = result.success, result.run_id

        thread = threading.Thread(target=run, daemon=True)
        thread.start()

        def a_step_on_w1() -> str | None:
            runs = instance.get_runs(dg.RunsFilter(job_name=slow_effects.name), limit=1)
            if not runs:
                return None
            ran = _workers_of(instance, runs[0].run_id)
            return next((step for step, worker in ran.items() if worker.startswith(f"{profile['name_w1']}@")
                         and step.startswith("slow_effect")), None)

        wait_for(a_step_on_w1, 120, "worker w1 to start a step")
        os.killpg(int(profile["pid_w1"]), signal.SIGKILL)  # the worker dies in the middle of the step
        thread.join(240)
        assert outcome_box.get("success") is True, outcome_box
        ran = _workers_of(instance, str(outcome_box["run_id"]))
    assert sorted(p.name for p in effects.iterdir()) == [f"effect_{i}" for i in range(4)]  # each effect once
    assert any(w.startswith(f"{profile['name_w2']}@") for w in ran.values())
    shutil.rmtree(effects)


def _slow_effects() -> dg.JobDefinition:
    from jobsearch_pipelines_tests.deploy.celery_slow_job import slow_effects

    return slow_effects
