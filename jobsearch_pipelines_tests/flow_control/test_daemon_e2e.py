"""End to end with a real ``dagster-daemon``, run queue and sensors on a temp DAGSTER_HOME (our dagster.yaml).

1. 30 events for 3 users with a per-user limit of 2 and ops that sleep: sampled concurrency per user never
   exceeds 2, the limit is reached, every event is processed.
2. 10 edits of one document within the debounce period, through the real sensor: one run, last content.
3. The daemon stops mid-stream (throttled emails queued, a debounce open, another email arrives while it is
   down): after the restart every event is processed once, released in FIFO order with the throttle spacing,
   and the debounce still yields one index of the last edit.
"""

from __future__ import annotations

import itertools
import os
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import yaml
from sqlalchemy import Engine, select

from jobsearch_pipelines.db.engine import DATABASE_URL_ENV, make_engine, session_scope
from jobsearch_pipelines.db.schema import Event, FlowDemoExecution, FlowEventState, SearchDocument
from jobsearch_pipelines.lib.events.inbox import send_events
from jobsearch_pipelines.lib.flow_control import demos
from jobsearch_pipelines.lib.flow_control import event_schemas as names
from jobsearch_pipelines.lib.flow_control.gate import concurrency_tag, superseded_reason
from jobsearch_pipelines.lib.instance_config import prepare_dagster_home
from jobsearch_pipelines_tests.helpers_processes import (
    BIN,
    PROJECT_ROOT,
    background,
    free_port,
    http_up,
    wait_for,
)

pytestmark = pytest.mark.slow
DEADLINE = 240  # seconds; ~60-90 s on an idle 2-core machine, the margin is for a busy one
USER_TAG = concurrency_tag("user_processing")
RUNNING = {dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING}


def _home(tmp_path: Path, user_limit: int | None = None) -> Path:
    home = prepare_dagster_home(tmp_path / "home", postgres=False)
    config = yaml.safe_load((home / "dagster.yaml").read_text())
    config["run_coordinator"]["config"]["dequeue_interval_seconds"] = 1
    if user_limit is not None:
        entries = config["concurrency"]["runs"]["tag_concurrency_limits"]
        entry = next(e for e in entries if e["key"] == USER_TAG)
        entry["limit"] = user_limit
    (home / "dagster.yaml").write_text(yaml.safe_dump(config))
    return home


@contextmanager
def _stack(tmp_path: Path, sqlite_url: str, user_limit: int | None = None, **env: str
           ) -> Iterator[tuple[dict[str, str], dg.DagsterInstance, Engine]]:
    home = _home(tmp_path, user_limit)
    full_env = {**os.environ, "DAGSTER_HOME": str(home), DATABASE_URL_ENV: sqlite_url, **env}
    engine = make_engine(sqlite_url)
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        yield full_env, instance, engine
    finally:
        instance.dispose()
        engine.dispose()


def _daemon(env: dict[str, str], log: Path) -> Any:
    """A daemon over a code location holding only the demos (``e2e_location``), same sensors and jobs."""
    workspace = log.parent / "workspace.yaml"
    workspace.write_text(yaml.safe_dump({"load_from": [{"python_module": {
        "module_name": "jobsearch_pipelines_tests.flow_control.e2e_location",
        "working_directory": str(PROJECT_ROOT), "location_name": "flow_control_e2e"}}]}))
    return background([str(BIN / "dagster-daemon"), "run", "-w", str(workspace)], env, log)


def _statuses(engine: Engine, name: str) -> list[str]:
    with session_scope(engine) as session:
        return list(session.scalars(select(Event.status).where(Event.name == name).order_by(Event.seq)))


def _all_final(engine: Engine, name: str, count: int) -> bool:
    statuses = _statuses(engine, name)
    return len(statuses) == count and all(s in ("processed", "skipped") for s in statuses)


def _runs_finished(instance: dg.DagsterInstance, job: str) -> bool:
    """No run of ``job`` queued or in progress (stopping the daemon earlier would interrupt it)."""
    return not instance.get_runs(dg.RunsFilter(job_name=job, statuses=[*RUNNING, dg.DagsterRunStatus.QUEUED,
                                                                      dg.DagsterRunStatus.NOT_STARTED]))


def _log_tail(path: Path) -> str:
    return path.read_text(errors="replace")[-4000:] if path.exists() else ""


def test_per_user_concurrency_through_the_real_run_queue(tmp_path: Path, sqlite_url: str) -> None:
    log = tmp_path / "daemon.log"
    with _stack(tmp_path, sqlite_url, user_limit=2, **{demos.WORK_SECONDS_ENV: "1"}) as (env, instance, engine):
        send_events(engine, [{"name": names.USER_PROCESSING, "data": {"userId": f"user{i % 3}", "data": {"i": i}}}
                             for i in range(30)])
        peak: dict[str, int] = defaultdict(int)
        with _daemon(env, log):
            deadline = time.monotonic() + DEADLINE
            while time.monotonic() < deadline:
                running: dict[str, int] = defaultdict(int)
                for run in instance.get_runs(dg.RunsFilter(job_name="user_processing", statuses=list(RUNNING))):
                    running[run.tags[USER_TAG]] += 1
                for user, count in running.items():
                    peak[user] = max(peak[user], count)
                    assert count <= 2, f"{count} runs of {user} at once"
                if _all_final(engine, names.USER_PROCESSING, 30) and _runs_finished(instance, "user_processing"):
                    break
                time.sleep(0.3)
        assert _all_final(engine, names.USER_PROCESSING, 30), _log_tail(log)
        assert set(_statuses(engine, names.USER_PROCESSING)) == {"processed"}
        with session_scope(engine) as session:
            executions = session.scalars(select(FlowDemoExecution).where(
                FlowDemoExecution.function == "user_processing")).all()
            intervals: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
            for e in executions:
                intervals[e.key or ""].append((e.started_at, e.finished_at))
        assert sum(len(v) for v in intervals.values()) == 30
        runs = instance.get_runs(dg.RunsFilter(job_name="user_processing"))
        assert all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs)
        by_run: dict[str, list[Any]] = defaultdict(list)  # overlap of whole runs per user, from run records
        for record in instance.get_run_records(dg.RunsFilter(job_name="user_processing")):
            by_run[record.dagster_run.tags[USER_TAG]].append((record.start_time, record.end_time))
        for user, spans in by_run.items():
            points = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans], key=lambda p: (p[0], p[1]))
            level = top = 0
            for _, step in points:
                level += step
                top = max(top, level)
            assert top <= 2, f"{user}: {top} runs overlapped"
            peak[user] = max(peak[user], top)
        assert max(peak.values()) == 2, f"the limit was never reached: {dict(peak)}"


def test_debounce_through_the_real_sensor_indexes_the_last_edit_once(tmp_path: Path, sqlite_url: str) -> None:
    log = tmp_path / "daemon.log"
    with _stack(tmp_path, sqlite_url) as (env, instance, engine), _daemon(env, log):
        ids = []
        for i in range(10):  # 10 edits within the 5 s quiet period, while the sensor is ticking
            ids += send_events(engine, [{"name": names.SEARCH_INDEX,
                                         "data": {"documentId": "handbook", "content": f"edit number {i}"}}])
            time.sleep(0.3)
        wait_for(lambda: _all_final(engine, names.SEARCH_INDEX, 10) and _runs_finished(instance, "search_index"),
                 DEADLINE, "the debounced index run", interval=1)
        runs = instance.get_runs(dg.RunsFilter(job_name="search_index"))
        assert len(runs) == 1 and runs[0].status == dg.DagsterRunStatus.SUCCESS, _log_tail(log)
        with session_scope(engine) as session:
            doc = session.get(SearchDocument, "handbook")
            assert doc is not None and (doc.content, doc.version, doc.source_event_id) == ("edit number 9", 1,
                                                                                         ids[-1])
            rows = session.scalars(select(Event).where(Event.name == names.SEARCH_INDEX).order_by(Event.seq)).all()
            assert [(r.status, r.skip_reason) for r in rows] == [("skipped", superseded_reason(ids[-1]))] * 9 + [
                ("processed", None)]


def _released(engine: Engine, function: str) -> int:
    with session_scope(engine) as session:
        return len(session.scalars(select(FlowEventState.event_id).where(
            FlowEventState.function == function, FlowEventState.state == "admitted")).all())


def test_daemon_restart_loses_no_throttled_or_debounced_event(tmp_path: Path, sqlite_url: str) -> None:
    log1, log2 = tmp_path / "daemon1.log", tmp_path / "daemon2.log"
    # real periods: emails 1 per 10 s per organisation, search debounce 5 s
    with _stack(tmp_path, sqlite_url) as (env, instance, engine):
        emails = send_events(engine, [{"name": names.EMAIL_NOTIFICATION,
                                       "data": {"organizationId": "acme", "message": f"m{i}",
                                                "recipient": f"ops{i}@acme.example"}} for i in range(3)])
        with _daemon(env, log1):
            wait_for(lambda: _released(engine, "email_notification"), DEADLINE, "the first email's release",
                     interval=0.3)
            edits = send_events(engine, [{"name": names.SEARCH_INDEX, "data": {"documentId": "doc", "content": c}}
                                         for c in ("v1", "v2")])  # one burst: v1 is superseded by v2
            time.sleep(2)  # let a sensor tick open the debounce; stop before its 5 s quiet period ends
        assert _released(engine, "email_notification") < 3, "the stop came too late: nothing left throttled"
        emails += send_events(engine, [{"name": names.EMAIL_NOTIFICATION,  # sent while the daemon is down
                                        "data": {"organizationId": "acme", "message": "m3",
                                                 "recipient": "ops3@acme.example"}}])
        with _daemon(env, log2):
            wait_for(lambda: _all_final(engine, names.EMAIL_NOTIFICATION, 4)
                     and _all_final(engine, names.SEARCH_INDEX, 2), DEADLINE, "every event after the restart",
                     interval=1)
            wait_for(lambda: _runs_finished(instance, "email_notification"), 60, "the last runs to end")
        assert _statuses(engine, names.EMAIL_NOTIFICATION) == ["processed"] * 4, _log_tail(log2)
        with session_scope(engine) as session:
            sent = session.scalars(select(FlowDemoExecution.event_id).where(
                FlowDemoExecution.function == "email_notification")).all()
            assert sorted(sent) == sorted(emails)  # nothing lost, nothing twice
            released = session.execute(select(FlowEventState.event_id, FlowEventState.decided_at).where(
                FlowEventState.function == "email_notification", FlowEventState.stage == "throttle",
                FlowEventState.state == "admitted").order_by(FlowEventState.decided_at)).all()
            assert [event_id for event_id, _ in released] == emails  # FIFO, also across the restart
            gaps = [(b - a).total_seconds() for (_, a), (_, b) in itertools.pairwise(released)]
            assert all(gap >= 9.9 for gap in gaps), gaps  # one start per 10 s
            doc = session.get(SearchDocument, "doc")
            assert doc is not None and (doc.content, doc.version, doc.source_event_id) == ("v2", 1, edits[1])
            skipped = session.get(FlowEventState, ("search_index", edits[0]))
            assert skipped is not None and skipped.reason == superseded_reason(edits[1])


def test_throttle_holds_at_handler_start_through_the_real_daemon(tmp_path: Path, sqlite_url: str) -> None:
    """The original's email demo (1 per 10 s per organisation): 3 emails for acme and 1 for globex sent in one
    request to the HTTP event API (`jobsearch events serve`); each handler's own start time
    (``flow_demo_executions.started_at``) is what the promise is about. Run start-up is uneven (each run is a new
    process that takes seconds to start), yet acme's handlers start at least 10 s apart, and globex's does not
    wait for acme's."""
    import httpx

    key = "throttle-e2e-key"
    port = free_port()
    log = tmp_path / "daemon.log"
    with _stack(tmp_path, sqlite_url, JOBSEARCH_EVENT_KEY=key) as (env, instance, engine), \
            background([str(BIN / "jobsearch"), "events", "serve", "--port", str(port)], env, tmp_path / "api.log"):
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: http_up(f"{url}/health"), 60, "the event API")
        body = [{"name": names.EMAIL_NOTIFICATION, "data": {"organizationId": org, "message": f"m{i}",
                                                             "recipient": f"ops{i}@{org}.example"}}
                for i, org in enumerate(("acme", "acme", "acme", "globex"))]
        response = httpx.post(f"{url}/e/{key}", json=body, timeout=30)
        assert response.status_code == 200, response.text
        ids = response.json()["ids"]
        acme, globex = ids[:3], ids[3:]
        with _daemon(env, log):
            wait_for(lambda: _all_final(engine, names.EMAIL_NOTIFICATION, 4), DEADLINE, "every email", interval=1)
            wait_for(lambda: _runs_finished(instance, "email_notification"), 60, "the last runs to end")
        with session_scope(engine) as session:
            started = dict(session.execute(select(FlowDemoExecution.event_id, FlowDemoExecution.started_at).where(
                FlowDemoExecution.function == "email_notification")).tuples().all())
        assert set(started) == {*acme, *globex}, _log_tail(log)
        acme_starts = sorted(started[i] for i in acme)
        gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(acme_starts)]
        assert all(gap >= 9.9 for gap in gaps), gaps
        assert (started[globex[0]] - acme_starts[0]).total_seconds() < 9.9  # another key is not held back
        runs = instance.get_run_records(dg.RunsFilter(job_name="email_notification"))
        launch_waits = [(r.start_time or 0) - r.create_timestamp.timestamp() for r in runs]
        assert len(runs) >= 2 and all(w > 0 for w in launch_waits)
