"""The code location loads: in process, through `dagster definitions validate`, and in a real webserver."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path

import dagster as dg
import pytest

from jobsearch_pipelines.definitions import defs
from jobsearch_pipelines.lib.instance_config import prepare_dagster_home
from jobsearch_pipelines_tests.helpers_processes import BIN, WORKSPACE, background, free_port, wait_for

CRONS = {
    "hourly_job_ingestion": "0 * * * *",
    "daily_skill_extraction": "0 2 * * *",
    "weekly_company_discovery": "0 3 * * 0",
    "daily_cleanup": "0 4 * * *",
    "daily_digest_trigger": "0 9 * * *",
}


def _definitions() -> dg.Definitions:
    return defs()  # type: ignore[operator]


def test_definitions_load_with_all_resources_bound() -> None:
    d = _definitions()
    dg.Definitions.validate_loadable(d)
    jobs = {job.name for job in d.jobs or []}
    assert {"increment", "user_registration", "conditional", "error_handling"} <= jobs


def test_the_five_crons_exist_with_their_exact_schedules() -> None:
    schedules = {s.name: s for s in _definitions().schedules or []}
    for name, cron in CRONS.items():
        assert name in schedules, f"schedule {name} missing"
        assert schedules[name].cron_schedule == cron
        assert (schedules[name].execution_timezone or "UTC") == "UTC"


def test_dagster_definitions_validate_cli(tmp_path: Path) -> None:
    env = {**os.environ, "DAGSTER_HOME": str(prepare_dagster_home(tmp_path / "home", postgres=False))}
    result = subprocess.run([str(BIN / "dagster"), "definitions", "validate", "-w", WORKSPACE], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation successful" in result.stdout + result.stderr


_QUERY = """
{ repositoriesOrError { ... on RepositoryConnection { nodes {
    name location { name }
    jobs { name } schedules { name cronSchedule } sensors { name } } } } }
"""


@pytest.mark.slow
def test_webserver_graphql_lists_every_job_schedule_and_sensor(tmp_path: Path) -> None:
    d = _definitions()
    expected_jobs = {job.name for job in d.resolve_all_job_defs() if not job.name.startswith("__")}
    expected_schedules = {s.name for s in d.schedules or []}
    expected_sensors = {s.name for s in d.sensors or []}
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(prepare_dagster_home(tmp_path / "home", postgres=False))}
    command = [str(BIN / "dagster-webserver"), "-w", WORKSPACE, "-h", "127.0.0.1", "-p", str(port)]
    with background(command, env, tmp_path / "webserver.log"):

        def graphql() -> dict | None:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", method="POST",
                                             data=json.dumps({"query": _QUERY}).encode(),
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    body = json.load(response)
            except OSError:
                return None
            nodes = body.get("data", {}).get("repositoriesOrError", {}).get("nodes")
            return nodes[0] if nodes else None

        repo = wait_for(graphql, 180, "the webserver to load the code location")
    assert repo["location"]["name"] == "jobsearch_pipelines"
    assert {j["name"] for j in repo["jobs"] if not j["name"].startswith("__")} == expected_jobs
    assert {s["name"] for s in repo["schedules"]} == expected_schedules
    assert {s["name"] for s in repo["sensors"]} == expected_sensors
    crons = {s["name"]: s["cronSchedule"] for s in repo["schedules"]}
    for name, cron in CRONS.items():
        assert crons.get(name) == cron
