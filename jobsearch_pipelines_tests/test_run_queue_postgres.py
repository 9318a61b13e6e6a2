"""`increment` through the real run queue: `dagster job launch` + a running daemon, instance storage on PostgreSQL."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import dagster as dg
import pytest
import yaml
from sqlalchemy import text

from jobsearch_pipelines.lib.instance_config import PG_URL_ENV, instance_config, prepare_dagster_home
from jobsearch_pipelines_tests.conftest import _pg_admin, pg_url_for
from jobsearch_pipelines_tests.helpers_processes import BIN, WORKSPACE, background, run_in_group, wait_for


def test_instance_config_keeps_the_queue_and_switches_storage() -> None:
    sqlite_cfg, pg_cfg = instance_config(postgres=False), instance_config(postgres=True)
    assert "storage" not in sqlite_cfg
    assert pg_cfg["storage"] == {"postgres": {"postgres_url": {"env": PG_URL_ENV}}}
    assert pg_cfg["concurrency"] == sqlite_cfg["concurrency"]
    with dg.instance_for_test(overrides={k: v for k, v in sqlite_cfg.items() if k != "telemetry"}) as instance:
        limits = instance.get_concurrency_config().run_queue_config.tag_concurrency_limits  # type: ignore[union-attr]
    per_value = [limit for limit in limits if limit.get("value") == {"applyLimitPerUniqueValue": True}]
    assert per_value, "dagster.yaml needs a per-unique-value tag limit"


@pytest.mark.slow
@pytest.mark.postgres
def test_increment_launched_through_the_queue_on_postgres_storage(tmp_path: Path, sqlite_url: str) -> None:
    database = f"dagster_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    home = prepare_dagster_home(tmp_path / "home", postgres=True)
    config = yaml.safe_load((home / "dagster.yaml").read_text())
    config["run_coordinator"]["config"]["dequeue_interval_seconds"] = 1
    (home / "dagster.yaml").write_text(yaml.safe_dump(config))
    env = {**os.environ, "DAGSTER_HOME": str(home), PG_URL_ENV: pg_url_for(database),
           "JOBSEARCH_DATABASE_URL": sqlite_url}
    try:
        # create Dagster's tables once, before the daemon and the CLI race to autocreate them
        migrated = run_in_group([str(BIN / "dagster"), "instance", "migrate"], env, timeout=180)
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        with background([str(BIN / "dagster-daemon"), "run", "-w", WORKSPACE], env, tmp_path / "daemon.log"):
            launch = run_in_group(
                [str(BIN / "dagster"), "job", "launch", "-w", WORKSPACE, "-j", "increment", "--config-json",
                 json.dumps({"ops": {"increment_value": {"config": {"value": 5}}}})],
                env, timeout=180)
            assert launch.returncode == 0, launch.stdout + launch.stderr
            os.environ["DAGSTER_HOME"], previous = str(home), os.environ.get("DAGSTER_HOME")
            os.environ[PG_URL_ENV] = pg_url_for(database)
            try:
                with dg.DagsterInstance.get() as instance:
                    assert type(instance.run_storage).__name__ == "PostgresRunStorage"

                    def finished() -> dg.DagsterRun | None:
                        runs = instance.get_runs(dg.RunsFilter(job_name="increment"))
                        return runs[0] if runs and runs[0].is_finished else None

                    run = wait_for(finished, 150, "the queued increment run to finish", interval=1)
                    assert run.status == dg.DagsterRunStatus.SUCCESS, (tmp_path / "daemon.log").read_text()[-3000:]
                    outputs = [r.event_log_entry.dagster_event for r in instance.get_records_for_run(run.run_id).records
                               if r.event_log_entry.dagster_event and
                               r.event_log_entry.dagster_event.event_type_value == "STEP_OUTPUT"]
                    assert outputs[0].event_specific_data.metadata["value"].value == 6  # type: ignore[union-attr]
            finally:
                os.environ.pop(PG_URL_ENV, None)
                if previous is None:
                    os.environ.pop("DAGSTER_HOME", None)
                else:
                    os.environ["DAGSTER_HOME"] = previous
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
