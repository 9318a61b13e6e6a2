"""`jobsearch dev` is a drop-in for Inngest's dev server: it serves the event API beside the Dagster UI and
daemon, accepts the official Python SDK's dev-mode sends (any key), and one Ctrl-C stops everything. Outside dev
mode the SDK's production sends need the event key."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import inngest
import pytest
from sqlalchemy import Engine, select

from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import Event
from jobsearch_pipelines_tests.events.test_http_api import KEY, LiveServer
from jobsearch_pipelines_tests.helpers_processes import PROJECT_ROOT, free_port, http_up, wait_for

VIEW = {"userId": "user_123", "jobId": 456, "duration": 25}


def _names(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        return list(session.scalars(select(Event.name).order_by(Event.seq)))



@pytest.mark.slow
def test_jobsearch_dev_serves_the_event_api_for_the_sdk_in_dev_mode(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'jobsearch.db'}"
    ui_port, events_port = free_port(), free_port()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home"), "JOBSEARCH_DATABASE_URL": database}
    env.pop("JOBSEARCH_EVENT_KEY", None)
    command = [sys.executable, "-m", "jobsearch_pipelines.cli.main", "dev", "--port", str(ui_port),
               "--events-port", str(events_port)]
    process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: http_up(f"http://127.0.0.1:{events_port}/health"), 120, "the event API")
        client = inngest.Inngest(app_id="jobsearch-app", is_production=False,
                                 event_api_base_url=f"http://127.0.0.1:{events_port}")
        ids = client.send_sync(inngest.Event(name="job/viewed", data=VIEW))
        assert len(ids) == 1
        assert _names(make_engine(database)) == ["job/viewed"]
        wait_for(lambda: http_up(f"http://127.0.0.1:{ui_port}/server_info"), 180, "the Dagster UI")
    finally:
        os.killpg(process.pid, signal.SIGINT)  # one Ctrl-C
        process.wait(60)
    assert process.returncode is not None
    assert not http_up(f"http://127.0.0.1:{events_port}/health") and not http_up(f"http://127.0.0.1:{ui_port}/server_info")


def test_the_sdk_in_production_mode_needs_the_event_key(db_url: str) -> None:
    engine = make_engine(db_url)
    with LiveServer(engine) as server:
        good = inngest.Inngest(app_id="jobsearch-app", is_production=True, event_key=KEY,
                               event_api_base_url=server.url)
        ids = good.send_sync([inngest.Event(name="job/viewed", data=VIEW),
                              inngest.Event(name="job/feedback", data={**VIEW, "feedback": "like"})])
        assert len(ids) == 2
        bad = inngest.Inngest(app_id="jobsearch-app", is_production=True, event_key="wrong-key",
                              event_api_base_url=server.url)
        with pytest.raises(Exception, match=r"(?i)event key"):
            bad.send_sync(inngest.Event(name="job/viewed", data=VIEW))
    assert _names(engine) == ["job/viewed", "job/feedback"]
    engine.dispose()
