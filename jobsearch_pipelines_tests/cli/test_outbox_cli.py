"""`jobsearch outbox list|show|replay|suppress|unsuppress` and `jobsearch failures list|replay` on both
databases, with a real SMTP server producing the bounce."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Event, Failure, Notification
from jobsearch_pipelines.lib.notifications.outbox import deliver_due, queue_email
from jobsearch_pipelines.lib.notifications.transports import settings_from_env
from jobsearch_pipelines_tests.notifications.smtp_server import RecordingHandler


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_bounced_email_is_listed_refused_while_suppressed_then_replayed(
        db_url: str, engine: Engine, smtp: RecordingHandler, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBSEARCH_DATABASE_URL", db_url)
    smtp.refuse["ada@example.org"] = "550 5.1.1 no such mailbox"
    with session_scope(engine) as session:
        row, _ = queue_email(session, kind="welcome", recipient="ada@example.org", user_id=None, data={},
                             dedupe_key="welcome:ada")
        row_id = row.id
    mail = settings_from_env()
    deliver_due(engine, mail.make_transport(), mail.sender)

    listed = [json.loads(line) for line in run("outbox", "list", "--status", "bounced", "--json").splitlines()]
    assert [r["id"] for r in listed] == [row_id] and "550" in listed[0]["last_error"]
    assert json.loads(run("outbox", "show", str(row_id)))["recipient"] == "ada@example.org"
    assert "ada@example.org" in run("outbox", "suppressed")
    refused = CliRunner().invoke(cli, ["outbox", "replay", str(row_id)])
    assert refused.exit_code == 2 and "suppressed (hard_bounce)" in refused.output
    failures = [json.loads(line) for line in run("failures", "list", "--kind", "email", "--json").splitlines()]
    assert failures[0]["ref"] == f"notification:{row_id}"

    del smtp.refuse["ada@example.org"]  # the mailbox exists again
    run("outbox", "unsuppress", "ada@example.org")
    assert "email" in run("failures", "replay", str(failures[0]["id"]))
    deliver_due(engine, mail.make_transport(), mail.sender)
    assert len(smtp.to("ada@example.org")) == 1
    with session_scope(engine) as session:
        assert session.get(Notification, row_id).status == "sent"


def test_failures_replay_sends_a_parked_event_and_refuses_kinds_that_retry_themselves(
        db_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBSEARCH_DATABASE_URL", db_url)
    event = {"name": "jobs/new-batch", "data": {"jobIds": [7], "source": "lever"}}
    with session_scope(engine) as session:
        session.add(Failure(kind="event_send", ref="jobs/new-batch", payload=event, error="refused", status="open"))
        session.add(Failure(kind="board_fetch", ref="lever:acme", error="HTTP 503", status="open"))
        session.flush()
        ids = {f.kind: f.id for f in session.scalars(select(Failure))}
    assert "sent to the inbox" in run("failures", "replay", str(ids["event_send"]))
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Event).where(Event.name == "jobs/new-batch")) == 1
        assert session.get(Failure, ids["event_send"]) is None
    refused = CliRunner().invoke(cli, ["failures", "replay", str(ids["board_fetch"])])
    assert refused.exit_code == 2 and "its own next run retries" in refused.output
