"""The six demo workflows through their real path (sensor tick -> flow control -> run -> database effect)."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

import dagster as dg
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.db.engine import DATABASE_URL_ENV, session_scope
from jobsearch_pipelines.db.schema import Event, FlowDemoExecution, FlowEventState, Notification, SearchDocument, utcnow
from jobsearch_pipelines.lib.events.admin import replay_event
from jobsearch_pipelines.lib.events.functions import EventFunction
from jobsearch_pipelines.lib.events.inbox import send_events
from jobsearch_pipelines.lib.flow_control import demos
from jobsearch_pipelines.lib.flow_control import event_schemas as names
from jobsearch_pipelines.lib.flow_control.gate import superseded_reason
from jobsearch_pipelines_tests.events.helpers import Harness, function_defs


def _demos(monkeypatch: pytest.MonkeyPatch, scale: float = 1.0) -> dict[str, EventFunction]:
    monkeypatch.setenv(demos.TIME_SCALE_ENV, str(scale))
    monkeypatch.setenv(demos.WORK_SECONDS_ENV, "0")
    return {fn.name: fn for fn in demos.build_demo_functions()}


def _events(engine: Engine, name: str) -> list[Event]:
    with session_scope(engine) as session:
        rows = list(session.scalars(select(Event).where(Event.name == name).order_by(Event.seq)))
        session.expunge_all()
        return rows


def _executions(engine: Engine, function: str) -> list[FlowDemoExecution]:
    with session_scope(engine) as session:
        rows = list(session.scalars(select(FlowDemoExecution).where(FlowDemoExecution.function == function)
                                    .order_by(FlowDemoExecution.started_at)))
        session.expunge_all()
        return rows


def test_search_index_debounces_ten_edits_into_one_index_of_the_last_content(
        monkeypatch: pytest.MonkeyPatch, sqlite_url: str, sqlite_engine: Engine, instance: dg.DagsterInstance) -> None:
    fn = _demos(monkeypatch, scale=0.4)["search_index"]  # quiet period 2 s
    harness = Harness(function_defs(sqlite_url, fn), instance, sqlite_url)
    edits = [{"name": names.SEARCH_INDEX, "data": {"documentId": "doc-1", "content": f"draft {i} text"}}
             for i in range(10)]
    ids = send_events(sqlite_engine, edits)
    assert harness.tick(fn) == []  # all ten pending in the debounce
    time.sleep(2.2)
    requests = harness.tick(fn)
    assert len(requests) == 1 and requests[0].tags["jobsearch/event_ids"] == ids[-1]
    harness.execute(fn, requests[0])
    with session_scope(sqlite_engine) as session:
        doc = session.get(SearchDocument, "doc-1")
        assert doc is not None and (doc.content, doc.version, doc.source_event_id) == ("draft 9 text", 1, ids[-1])
        assert doc.terms == {"draft": 1, "9": 1, "text": 1}
    rows = _events(sqlite_engine, names.SEARCH_INDEX)
    assert [(r.status, r.skip_reason) for r in rows[:-1]] == [("skipped", superseded_reason(ids[-1]))] * 9
    assert rows[-1].status == "processed"
    send_events(sqlite_engine, [{"name": names.SEARCH_INDEX, "data": {"documentId": "doc-1", "content": "final"}}])
    time.sleep(2.2)
    assert harness.drain(fn) == 1
    with session_scope(sqlite_engine) as session:
        doc = session.get(SearchDocument, "doc-1")
        assert doc is not None and (doc.content, doc.version) == ("final", 2)


def test_email_notification_is_throttled_per_organisation_fifo_and_nothing_is_dropped(
        monkeypatch: pytest.MonkeyPatch, sqlite_url: str, sqlite_engine: Engine, instance: dg.DagsterInstance) -> None:
    fn = _demos(monkeypatch, scale=0.2)["email_notification"]  # 1 per 2 s per organizationId
    harness = Harness(function_defs(sqlite_url, fn), instance, sqlite_url)
    emails = send_events(sqlite_engine, [{"name": names.EMAIL_NOTIFICATION,
                                "data": {"organizationId": org, "message": f"m{i}",
                                         "recipient": f"{org}{i}@example.com"}}
                               for i, org in enumerate(["acme", "acme", "acme", "globex"])])
    first = harness.tick(fn)
    assert harness.tick(fn) == []  # acme's 2nd and 3rd wait for the throttle
    assert sorted(r.tags["jobsearch/event_ids"] for r in first) == sorted([emails[0], emails[3]])
    for request in first:
        harness.execute(fn, request)
    started = time.monotonic()
    while len(_executions(sqlite_engine, "email_notification")) < 4 and time.monotonic() - started < 30:
        for request in harness.tick(fn):
            harness.execute(fn, request)
        time.sleep(0.2)
    acme = [e for e in _executions(sqlite_engine, "email_notification") if e.key == "acme"]
    assert [e.payload["message"] for e in acme] == ["m0", "m1", "m2"]  # FIFO, none dropped
    with session_scope(sqlite_engine) as session:
        released = session.scalars(select(FlowEventState.decided_at).where(
            FlowEventState.function == "email_notification", FlowEventState.key == "acme")
            .order_by(FlowEventState.seq)).all()
        outbox = session.scalars(select(Notification).where(Notification.kind == "org_message")).all()
        assert sorted(n.recipient for n in outbox) == ["acme0@example.com", "acme1@example.com",
                                                        "acme2@example.com", "globex3@example.com"]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(released)]
    assert len(gaps) == 2 and all(gap >= 2.0 for gap in gaps), gaps  # one start per 2 s


def test_api_sync_rate_limit_skips_and_records_the_excess(
        monkeypatch: pytest.MonkeyPatch, sqlite_url: str, sqlite_engine: Engine, instance: dg.DagsterInstance) -> None:
    fn = _demos(monkeypatch)["api_sync"]  # 1000/h: 101 back to back (burst 100), then one per 3.6 s
    harness = Harness(function_defs(sqlite_url, fn), instance, sqlite_url)
    send_events(sqlite_engine, [{"name": names.API_SYNC, "data": {"endpoint": f"https://api.example.com/v1/{i % 3}"}}
                      for i in range(103)])
    harness.drain(fn)
    rows = _events(sqlite_engine, names.API_SYNC)
    assert [r.status for r in rows].count("processed") == 101
    assert [(r.status, r.skip_reason) for r in rows[101:]] == [("skipped", "rate limited")] * 2
    executions = _executions(sqlite_engine, "api_sync")
    assert len(executions) == 101
    assert max(e.detail["sync_number"] for e in executions if e.key.endswith("/0")) == 34  # type: ignore[index]
    with session_scope(sqlite_engine) as session:  # a replay runs even though the rate limit had skipped it
        replay_event(session, rows[-1].id, utcnow())
    harness.drain(fn)
    assert [r.status for r in _events(sqlite_engine, names.API_SYNC)][101:] == ["skipped", "processed"]


def test_order_priority_and_user_concurrency_become_run_tags(
        monkeypatch: pytest.MonkeyPatch, sqlite_url: str, sqlite_engine: Engine, instance: dg.DagsterInstance) -> None:
    fns = _demos(monkeypatch)
    orders, users = fns["order_processing"], fns["user_processing"]
    harness = Harness(function_defs(sqlite_url, orders, users), instance, sqlite_url)
    send_events(sqlite_engine, [{"name": names.ORDER_PROCESSING, "data": data} for data in
                      [{"orderId": "o1"}, {"orderId": "o2", "priority": 90}, {"orderId": 3, "priority": -5}]])
    requests = harness.tick(orders)
    assert [r.tags["dagster/priority"] for r in requests] == ["90", "50", "-5"]  # highest first
    for request in requests:
        harness.execute(orders, request)
    assert {e.payload["orderId"]: e.detail["priority"] for e in _executions(sqlite_engine, "order_processing")} == {  # type: ignore[index]
        "o1": 50, "o2": 90, 3: -5}
    send_events(sqlite_engine, [{"name": names.USER_PROCESSING, "data": {"userId": f"u{i % 2}", "data": {"x": i}}}
                      for i in range(8)])
    requests = harness.tick(users)
    tags = [r.tags["jobsearch/concurrency.user_processing"] for r in requests]
    assert sorted(tags) == ["u0", "u1"]  # batches of up to 4 events, never mixing users
    for request in requests:
        harness.execute(users, request)
    assert sorted(e.key for e in _executions(sqlite_engine, "user_processing")) == ["u0"] * 4 + ["u1"] * 4  # type: ignore[type-var]


def test_comprehensive_combines_every_control(monkeypatch: pytest.MonkeyPatch, sqlite_url: str, sqlite_engine: Engine,
                                             instance: dg.DagsterInstance) -> None:
    fn = _demos(monkeypatch)["comprehensive"]
    harness = Harness(function_defs(sqlite_url, fn), instance, sqlite_url)
    send_events(sqlite_engine, [{"name": names.COMPREHENSIVE,
                       "data": {"userId": f"u{i}", "organizationId": f"org{i % 2}", "jobId": i + 1,
                                **({"priority": 10 * i} if i else {})}} for i in range(4)])
    requests = harness.tick(fn)
    assert len(requests) == 2  # throttle: one start per organisation
    assert {(r.tags["jobsearch/concurrency.comprehensive"], r.tags["dagster/priority"]) for r in requests} == {
        ("u0", "0"), ("u1", "10")}
    for request in requests:
        harness.execute(fn, request)
    assert harness.tick(fn) == []
    assert {e.key for e in _executions(sqlite_engine, "comprehensive")} == {"u0", "u1"}


def test_flow_control_is_shown_as_job_and_sensor_metadata() -> None:
    from jobsearch_pipelines.definitions import defs

    loaded = defs()
    job = loaded.resolve_job_def("email_notification")
    sensor = loaded.resolve_sensor_def("email_notification_sensor")
    expected = "1 per 10s, burst 0, per event.data.organizationId"
    assert job.metadata["flow_control/throttle"].value == expected  # type: ignore[attr-defined]
    assert sensor.metadata["flow_control/throttle"].value == expected  # type: ignore[attr-defined]
    assert loaded.resolve_job_def("search_index").metadata["event"].value == names.SEARCH_INDEX  # type: ignore[attr-defined]


def test_cli_flow_status_shows_tokens_throttled_and_debounced(
        monkeypatch: pytest.MonkeyPatch, sqlite_url: str, sqlite_engine: Engine, instance: dg.DagsterInstance) -> None:
    fns = _demos(monkeypatch)  # real periods: nothing is released during the test
    harness = Harness(function_defs(sqlite_url, fns["email_notification"], fns["search_index"], fns["api_sync"]),
                      instance, sqlite_url)
    send_events(sqlite_engine, [{"name": names.EMAIL_NOTIFICATION, "data": {"organizationId": "acme", "message": "hi",
                                                                   "recipient": "a@example.com"}}] * 3
                + [{"name": names.SEARCH_INDEX, "data": {"documentId": "d1", "content": "x"}}] * 2
                + [{"name": names.API_SYNC, "data": {"endpoint": "e"}}] * 5)
    for name in ("email_notification", "search_index", "api_sync"):
        harness.tick(fns[name])
    monkeypatch.setenv(DATABASE_URL_ENV, sqlite_url)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    result = CliRunner().invoke(cli, ["flow", "status", "--json"])
    assert result.exit_code == 0, result.output
    rows: dict[tuple[str, str], dict[str, Any]] = {
        (r["function"], r["key"]): r for r in json.loads(result.output[result.output.index("["):])}
    assert rows[("email_notification", "acme")]["throttled"] == 2
    assert rows[("email_notification", "acme")]["throttle_tokens"] == 0
    assert rows[("search_index", "d1")]["debounced"] == 2
    assert rows[("search_index", "d1")]["debounce_fires_at"] is not None
    assert rows[("api_sync", "")]["rate_limit_tokens"] == 96 and rows[("api_sync", "")]["rate_limit_capacity"] == 101
    table = CliRunner().invoke(cli, ["flow", "status", "--function", "email_notification"])
    assert table.exit_code == 0 and "acme" in table.output and "search_index" not in table.output
    bad = CliRunner().invoke(cli, ["flow", "status", "--function", "nope"])
    assert bad.exit_code == 2 and "--function" in bad.output and "unknown event function 'nope'" in bad.output
