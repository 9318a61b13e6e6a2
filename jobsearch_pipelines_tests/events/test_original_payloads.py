"""Every example event of the original (``shared/seed/INNGEST.md``), sent exactly as documented through the HTTP
API the way the SDK posts it, ends processed or skipped with a reason: never dead. The original's
``notification/email`` with ``data.jobIds`` works; jobs the service does not know are left out and named; a
payload that cannot be rendered is refused at the API with a 400 naming the field."""

from __future__ import annotations

from collections.abc import Iterator

import dagster as dg
import httpx
import pytest
from sqlalchemy import Engine, select

from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import Event
from jobsearch_pipelines.defs.events.user_functions import USER_FUNCTIONS
from jobsearch_pipelines.defs.notifications.functions import DAILY_DIGEST, NEW_JOBS_ALERT, SEND_EMAIL
from jobsearch_pipelines.defs.ranking.functions import RERANK
from jobsearch_pipelines_tests.events.helpers import Harness, function_defs
from jobsearch_pipelines_tests.events.test_http_api import KEY, LiveServer
from jobsearch_pipelines_tests.notifications.smtp_server import RecordingHandler
from jobsearch_pipelines_tests.ranking.builders import add_company, add_job

# As INNGEST.md shows them (timestamp as the SDK serialises `new Date().toISOString()`).
ORIGINAL = [
    {"name": "user/registered", "data": {"userId": "user_123", "email": "user@example.com", "name": "John Doe"}},
    {"name": "job/applied", "data": {"userId": "user_123", "jobId": 456, "companyId": 789,
                                     "timestamp": "2026-12-05T09:30:00.000Z"}},
    {"name": "job/viewed", "data": {"userId": "user_123", "jobId": 456, "duration": 25}},
    {"name": "job/feedback", "data": {"userId": "user_123", "jobId": 456, "feedback": "like"}},
    {"name": "preference/updated", "data": {"userId": "user_123", "field": "preferred_countries",
                                            "value": ["DE", "NL", "PT"]}},
    {"name": "notification/email", "data": {"userId": "user_123", "email": "user@example.com", "type": "new_jobs",
                                            "data": {"jobIds": [1, 2, 3]}}},
    {"name": "jobs/new-batch", "data": {"jobIds": [1, 2, 3, 4, 5], "source": "ashby"}},
    {"name": "cron/daily-digest", "data": {}},
]
FUNCTIONS = (*USER_FUNCTIONS, SEND_EMAIL, NEW_JOBS_ALERT, DAILY_DIGEST, RERANK)


@pytest.fixture
def world(db_url: str) -> Iterator[tuple[Engine, Harness, LiveServer]]:
    engine = make_engine(db_url)
    with dg.instance_for_test() as instance, LiveServer(engine) as server:
        yield engine, Harness(function_defs(db_url, *FUNCTIONS), instance, db_url), server
    engine.dispose()


def _final(engine: Engine) -> dict[str, list[tuple[str, str | None]]]:
    """Event name -> (status, skip reason or handler result) of each event of that name."""
    final: dict[str, list[tuple[str, str | None]]] = {}
    with session_scope(engine) as session:
        for name, status, reason, result in session.execute(
                select(Event.name, Event.status, Event.skip_reason, Event.result).order_by(Event.seq)):
            final.setdefault(name, []).append((status, reason or (str(result) if result else None)))
    return final


def _drain_all(harness: Harness) -> None:
    for _ in range(3):  # functions send each other events (preferences -> jobs/rerank)
        for fn in FUNCTIONS:
            harness.drain(fn)


def test_every_documented_event_ends_processed_or_skipped(world: tuple[Engine, Harness, LiveServer],
                                                          smtp: RecordingHandler) -> None:
    engine, harness, server = world
    with session_scope(engine) as session:  # jobs 1 and 2 exist; 3, 4, 5 and 456 do not
        company = add_company(session, "acme")
        ids = [add_job(session, f"Backend Engineer {n}", company=company).id for n in (1, 2)]
    assert ids == [1, 2]  # a fresh database: the ids the documented payloads name
    response = httpx.post(f"{server.url}/e/{KEY}", json=ORIGINAL, timeout=30)
    assert response.status_code == 200, response.text
    _drain_all(harness)
    final = _final(engine)
    assert set(final) == {e["name"] for e in ORIGINAL} | {"jobs/rerank"}  # + the re-ranking preferences ask for
    for name in (e["name"] for e in ORIGINAL):
        for status, reason in final[name]:
            assert status in ("processed", "skipped"), (name, status, reason)
            if status == "skipped":
                assert reason, name
    assert any(status == "processed" and "'unknownJobIds': [3]" in (detail or "")
               for status, detail in final["notification/email"])
    [mail] = smtp.to("user@example.com")[-1:]
    assert "Backend Engineer 1" in mail.part("plain") and "Backend Engineer 2" in mail.part("plain")


@pytest.mark.parametrize(("data", "field"), [
    ({"email": "a@b.org", "type": "new_jobs", "data": {}}, "data.data.jobIds"),
    ({"email": "a@b.org", "type": "no_such_template", "data": {}}, "data.type"),
])
def test_an_email_that_cannot_be_rendered_is_refused_at_the_api(world: tuple[Engine, Harness, LiveServer],
                                                               data: dict, field: str) -> None:
    engine, _, server = world
    response = httpx.post(f"{server.url}/e/{KEY}", json={"name": "notification/email", "data": data}, timeout=30)
    assert response.status_code == 400 and response.json()["field"] == field
    assert _final(engine) == {}
