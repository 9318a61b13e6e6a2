"""One-click unsubscribe (RFC 8058) end to end: the email a user gets carries the https List-Unsubscribe URL and
List-Unsubscribe-Post; the mail client's POST to it (through the real HTTP server) unsubscribes, after which no
email reaches the user; a forged token is 400, a reused or unknown one 404 with the same answer."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import Engine

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Notification, UserSettings
from jobsearch_pipelines.lib.notifications.outbox import deliver_due, queue_email
from jobsearch_pipelines.lib.notifications.transports import settings_from_env
from jobsearch_pipelines.lib.notifications.unsubscribe import make_token
from jobsearch_pipelines_tests.events.test_http_api import LiveServer
from jobsearch_pipelines_tests.notifications.smtp_server import RecordingHandler
from jobsearch_pipelines_tests.ranking.builders import add_user

SECRET = "s3cret-for-tests"


def _send(engine: Engine, key: str) -> None:
    with session_scope(engine) as session:
        queue_email(session, kind="daily_digest", recipient="ada@example.org", user_id="ada",
                    data={"jobs": [], "digestDate": "2026-12-05"}, dedupe_key=key)
    mail = settings_from_env()
    deliver_due(engine, mail.make_transport(), mail.sender)


def test_one_click_unsubscribe_through_the_server(engine: Engine, smtp: RecordingHandler,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBSEARCH_UNSUBSCRIBE_SECRET", SECRET)
    with session_scope(engine) as session:
        add_user(session, "ada", email="ada@example.org")
        add_user(session, "bob", email="bob@example.org")
    with LiveServer(engine) as server:
        monkeypatch.setenv("JOBSEARCH_PUBLIC_URL", server.url)
        _send(engine, "digest:1")
        [received] = smtp.to("ada@example.org")
        header = str(received.message["List-Unsubscribe"])
        assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        url = re.match(r"<(http[^>]+)>", header).group(1)
        assert urlsplit(url).path == "/unsubscribe" and "mailto:" in header

        assert httpx.get(url, timeout=10).status_code == 200  # a link scanner's GET unsubscribes nobody
        with session_scope(engine) as session:
            assert session.get(UserSettings, "ada").unsubscribed_at is None
        posted = httpx.post(url, content="List-Unsubscribe=One-Click", timeout=10,
                            headers={"content-type": "application/x-www-form-urlencoded"})
        assert posted.status_code == 200 and posted.json()["result"] == "unsubscribed"

        reused = httpx.post(url, timeout=10)
        unknown = httpx.post(f"{server.url}/unsubscribe", params={"token": make_token("nobody", SECRET)}, timeout=10)
        assert reused.status_code == unknown.status_code == 404 and reused.json() == unknown.json()
        bob = make_token("bob", SECRET)
        forged = httpx.post(f"{server.url}/unsubscribe", params={"token": bob[:-2] + "xx"}, timeout=10)
        assert forged.status_code == 400 and forged.json()["field"] == "token"
        missing = httpx.post(f"{server.url}/unsubscribe", timeout=10)
        assert missing.status_code == 400 and missing.json()["field"] == "token"

    with session_scope(engine) as session:
        assert session.get(UserSettings, "ada").unsubscribed_at is not None
        assert session.get(UserSettings, "bob").unsubscribed_at is None
    _send(engine, "digest:2")
    assert len(smtp.to("ada@example.org")) == 1  # nothing more after unsubscribing
    with session_scope(engine) as session:
        assert session.query(Notification).filter_by(dedupe_key="digest:2").one().status == "suppressed"
