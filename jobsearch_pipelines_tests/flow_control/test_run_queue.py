"""Our run tags through Dagster's real queued-run coordinator (one daemon iteration, private test API of 1.13).

Priority: queued runs launch highest ``dagster/priority`` first, FIFO among equals. Concurrency: the per-key
tag limit from our dagster.yaml launches at most ``limit`` runs per key value.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import pytest
import yaml
from dagster._core.remote_origin import RegisteredCodeLocationOrigin, RemoteRepositoryOrigin
from dagster._core.test_utils import create_run_for_test, create_test_daemon_workspace_context
from dagster._core.workspace.load_target import EmptyWorkspaceTarget
from dagster._daemon.run_coordinator.queued_run_coordinator_daemon import QueuedRunCoordinatorDaemon

from jobsearch_pipelines.lib.flow_control import gate
from jobsearch_pipelines.lib.flow_control.demos import DEMO_FUNCTIONS
from jobsearch_pipelines.lib.instance_config import ROOT_INSTANCE_YAML

FUNCTIONS = {fn.name: fn for fn in DEMO_FUNCTIONS}


def _queue(instance: dg.DagsterInstance, job: str, tags: dict[str, str]) -> str:
    origin = RemoteRepositoryOrigin(RegisteredCodeLocationOrigin("jobsearch_pipelines"), "__repository__")
    run = create_run_for_test(instance, job_name=job, run_id=str(uuid.uuid4()), status=dg.DagsterRunStatus.QUEUED,
                              tags=tags, remote_job_origin=origin.get_job_origin(job))
    return run.run_id


def _instance_overrides(max_runs: int) -> dict:
    config = yaml.safe_load(ROOT_INSTANCE_YAML.read_text())
    concurrency = config["concurrency"]
    concurrency["runs"]["max_concurrent_runs"] = max_runs
    return {"concurrency": concurrency,
            "run_launcher": {"module": "dagster._core.test_utils", "class": "MockedRunLauncher"}}


def _launched(instance: dg.DagsterInstance) -> list[str]:
    with create_test_daemon_workspace_context(EmptyWorkspaceTarget(), instance) as context:
        list(QueuedRunCoordinatorDaemon(interval_seconds=1).run_iteration(context))
    return [run.run_id for run in instance.run_launcher.queue()]  # type: ignore[attr-defined]


def _event(i: int, data: dict) -> SimpleNamespace:
    return SimpleNamespace(id=f"e{i}", seq=i, data=data, ts=0)


def test_priority_tags_order_the_queue() -> None:
    fn = FUNCTIONS["order_processing"]
    priorities = [None, 90, -5, 90, 0, None]
    with dg.instance_for_test(overrides=_instance_overrides(max_runs=3)) as instance:
        ids = []
        for i, p in enumerate(priorities):
            event = _event(i, {} if p is None else {"priority": p})
            admitted = gate.Admitted(event, priority=gate.evaluate_priority(fn.flow_control, event))
            ids.append(_queue(instance, fn.name, gate.run_tags(fn.name, fn.flow_control, [admitted])))
        launched = _launched(instance)
    assert launched == [ids[1], ids[3], ids[0]]  # 90, 90 (FIFO), then the first default 50


def test_per_user_tag_limit_from_dagster_yaml_holds_back_the_third_run() -> None:
    fn = FUNCTIONS["comprehensive"]  # 5 per user in dagster.yaml
    with dg.instance_for_test(overrides=_instance_overrides(max_runs=20)) as instance:
        ids = {}
        for i in range(7):
            user = "u1" if i < 6 else "u2"
            event = _event(i, {"userId": user, "organizationId": "o", "jobId": 1})
            admitted = gate.Admitted(event, concurrency_key=user, priority=0)
            ids[_queue(instance, fn.name, gate.run_tags(fn.name, fn.flow_control, [admitted]))] = user
        launched = _launched(instance)
    assert sorted(ids[r] for r in launched) == ["u1"] * 5 + ["u2"]


def test_flow_status_counts_running_and_queued_runs_per_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            app_db: str) -> None:
    """`jobsearch flow status` reads the run counts per concurrency key from the instance at DAGSTER_HOME."""
    import json

    from click.testing import CliRunner

    from jobsearch_pipelines.cli.main import cli
    from jobsearch_pipelines.lib.instance_config import prepare_dagster_home

    home = prepare_dagster_home(tmp_path / "home", postgres=False)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    tag = gate.concurrency_tag("user_processing")
    with dg.DagsterInstance.get() as instance:
        for status, user in [(dg.DagsterRunStatus.STARTED, "u1"), (dg.DagsterRunStatus.STARTED, "u1"),
                             (dg.DagsterRunStatus.QUEUED, "u1"), (dg.DagsterRunStatus.STARTING, "u2"),
                             (dg.DagsterRunStatus.SUCCESS, "u2")]:
            origin = RemoteRepositoryOrigin(RegisteredCodeLocationOrigin("loc"), "__repository__")
            create_run_for_test(instance, job_name="user_processing", status=status, tags={tag: user},
                                remote_job_origin=origin.get_job_origin("user_processing"))
    result = CliRunner().invoke(cli, ["flow", "status", "--json", "--function", "user_processing"])
    assert result.exit_code == 0, result.output
    rows = {r["key"]: r for r in json.loads(result.output[result.output.index("["):])}
    assert (rows["u1"]["running"], rows["u1"]["queued_runs"], rows["u1"]["concurrency_limit"]) == (2, 1, 10)
    assert (rows["u2"]["running"], rows["u2"]["queued_runs"]) == (1, 0)
