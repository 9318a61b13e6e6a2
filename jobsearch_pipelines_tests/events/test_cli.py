"""`jobsearch events ...` through click's CliRunner against a migrated SQLite database (JOBSEARCH_DATABASE_URL)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, update

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import Event, utcnow


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["events", *args])
    return result.exit_code, result.output


def count(url: str) -> int:
    with session_scope(make_engine(url)) as session:
        return session.scalar(select(func.count()).select_from(Event)) or 0


def test_send_list_show_replay(app_db: str) -> None:
    code, out = invoke("send", "job/feedback", "--data", '{"userId": "u1", "jobId": 5, "feedback": "like"}',
                       "--id", "fb-1")
    assert code == 0, out
    event_id = out.strip()
    assert len(event_id) == 26
    code, out = invoke("send", "job/feedback", "--data", '{"userId": "u1", "jobId": 5, "feedback": "like"}',
                       "--id", "fb-1")
    duplicate = out.strip()
    code, out = invoke("list", "--name", "job/feedback")
    assert code == 0 and event_id in out and duplicate in out and "2 event(s)" in out
    code, out = invoke("list", "--status", "duplicate", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [duplicate] and "duplicate of event" in rows[0]["skip_reason"]
    code, out = invoke("show", event_id)
    shown = json.loads(out)
    assert shown["data"] == {"userId": "u1", "jobId": 5, "feedback": "like"} and shown["status"] == "pending"
    assert json.loads(invoke("show", "fb-1")[1])["client_id"] == "fb-1"  # by client id too

    code, out = invoke("replay", event_id)
    assert code == 2 and "only failed, dead, skipped events replay" in out
    engine = make_engine(app_db)
    with session_scope(engine) as session:
        session.execute(update(Event).where(Event.id == event_id).values(status="dead", attempts=5,
                                                                         last_error="boom", processed_at=utcnow()))
    code, out = invoke("replay", "--dead")
    assert code == 0 and "replayed 1 dead event(s)" in out
    shown = json.loads(invoke("show", event_id)[1])
    assert shown["status"] == "pending" and shown["attempts"] == 0
    with session_scope(engine) as session:
        session.execute(update(Event).where(Event.id == event_id).values(status="processed"))
    assert invoke("replay", event_id)[0] == 2
    code, out = invoke("replay", event_id, "--force")
    assert code == 0 and "pending" in out


BAD_CLI = [
    (["send", "job/viewed", "--data", "{not json"], "--data", "not valid JSON"),
    (["send", "job/viewed", "--data", "[1, 2]"], "--data", "expected a JSON object"),
    (["send", "job/viewed", "--data", '{"userId": "u1", "jobId": 1}'], "--data", "data.duration"),
    (["send", "job/feedback", "--data", '{"userId": "u1", "jobId": 1, "feedback": "love"}'], "--data",
     "data.feedback"),
    (["send", "no/such-event", "--data", "{}"], "NAME", "unknown event"),
    (["send", "job/viewed", "--ts", "12", "--data", '{"userId": "u1", "jobId": 1, "duration": 3}'], "--ts",
     "between 1980 and 2100"),
    (["send", "preference/updated", "--data", '{"userId": "u1", "field": "favourite_colour", "value": "red"}'],
     "--data", "data.field"),
    (["list", "--status", "bogus"], "--status", "bogus"),
    (["list", "--limit", "0"], "--limit", "0"),
    (["show", "01NOSUCHEVENT"], "EVENT_ID", "no event"),
    (["replay"], "", "either an EVENT_ID or --dead"),
    (["replay", "01NOSUCHEVENT"], "EVENT_ID", "no event"),
]


@pytest.mark.parametrize(("args", "where", "message"), BAD_CLI, ids=[" ".join(a[:2]) + f" {i}" for i, (a, _, _)
                                                                     in enumerate(BAD_CLI)])
def test_bad_cli_input_is_a_usage_error_and_stores_nothing(app_db: str, args: list[str], where: str,
                                                           message: str) -> None:
    code, out = invoke(*args)
    assert code == 2, out
    assert message in out and where in out
    assert "Traceback" not in out
    assert count(app_db) == 0


def test_unmigrated_database_and_missing_key_are_clear_errors(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("JOBSEARCH_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    code, out = invoke("list")
    assert code == 2 and "jobsearch db upgrade" in out
    monkeypatch.delenv("JOBSEARCH_EVENT_KEY", raising=False)
    code, out = invoke("serve", "--port", "0")
    assert code == 2 and "JOBSEARCH_EVENT_KEY" in out
