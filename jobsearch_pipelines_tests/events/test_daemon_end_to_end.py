"""The whole path with real processes: `jobsearch events serve` (HTTP) -> inbox -> dagster-daemon sensor -> run."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import httpx
import pytest
from sqlalchemy import select

from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import Event, User
from jobsearch_pipelines.lib.instance_config import prepare_dagster_home
from jobsearch_pipelines_tests.helpers_processes import BIN, WORKSPACE, background, free_port, http_up, wait_for

KEY = "e2e-event-key"


@pytest.mark.slow
def test_http_event_is_processed_by_the_daemons_sensor_run(tmp_path: Path, sqlite_url: str) -> None:
    home = prepare_dagster_home(tmp_path / "home", postgres=False)
    env = {**os.environ, "DAGSTER_HOME": str(home), "JOBSEARCH_DATABASE_URL": sqlite_url,
           "JOBSEARCH_EVENT_KEY": KEY, "DAGSTER_DISABLE_TELEMETRY": "1"}
    port = free_port()
    engine = make_engine(sqlite_url)
    with background([str(BIN / "jobsearch"), "events", "serve", "--port", str(port)], env, tmp_path / "api.log"), \
            background([str(BIN / "dagster-daemon"), "run", "-w", WORKSPACE], env, tmp_path / "daemon.log"):
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: http_up(f"{url}/health"), 60, "the event API")
        # The TypeScript SDK's request: an array, ts filled in, retry seed header.
        body = [{"name": "user/registered", "data": {"userId": "user_e2e", "email": "e2e@example.org", "name": "E"},
                 "ts": 1_764_000_000_000},
                {"name": "job/viewed", "data": {"userId": "user_e2e", "jobId": 9, "duration": 3}}]
        response = httpx.post(f"{url}/e/{KEY}", json=body, headers={"x-inngest-event-id-seed": "1764000000000,AAEC"},
                              timeout=30)
        assert response.status_code == 200, response.text
        ids = response.json()["ids"]

        def done() -> dict[str, str] | None:
            with session_scope(engine) as session:
                rows = dict(session.execute(select(Event.id, Event.status).where(Event.id.in_(ids))).tuples().all())
            return rows if set(rows.values()) <= {"processed", "skipped"} and len(rows) == 2 else None

        try:
            final = wait_for(done, 150, "the sensor runs to process both events", interval=1)
        except AssertionError:
            raise AssertionError((tmp_path / "daemon.log").read_text()[-4000:]) from None
        with session_scope(engine) as session:
            run_id = session.scalar(select(Event.run_id).where(Event.id == ids[0]))
        with dg.DagsterInstance.from_config(str(home)) as instance:  # the run ends before the daemon is stopped

            def finished() -> bool:
                run = instance.get_run_by_id(run_id)
                return run is not None and run.is_finished

            wait_for(finished, 120, "the run to finish", interval=0.5)
    assert final == {ids[0]: "processed", ids[1]: "skipped"}
    with session_scope(engine) as session:
        assert session.get(User, "user_e2e") is not None
    os.environ["DAGSTER_HOME"], previous = str(home), os.environ.get("DAGSTER_HOME")
    try:
        with dg.DagsterInstance.get() as instance:
            run = instance.get_run_by_id(run_id)
            assert run is not None and run.job_name == "on_user_registered"
            assert run.status == dg.DagsterRunStatus.SUCCESS
            assert run.tags["jobsearch/event_ids"] == ids[0] and run.tags["dagster/sensor_name"]
    finally:
        if previous is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = previous
