"""The Inngest-compatible event API through a real uvicorn server on a random local port."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine, func, select

from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import Event
from jobsearch_pipelines.lib.events.http_api import create_app

KEY = "test-event-key-0123456789"
VIEW = {"name": "job/viewed", "data": {"userId": "u1", "jobId": 7, "duration": 12.5}}


class LiveServer:
    def __init__(self, engine: Engine, event_key: str | None = KEY, max_body: int | None = 64 * 1024) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(create_app(engine, event_key, max_body), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def live(db_url: str) -> Iterator[tuple[LiveServer, Engine]]:
    engine = make_engine(db_url)
    with LiveServer(engine) as server:
        yield server, engine
    engine.dispose()


def count_events(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(Event)) or 0


def test_single_event_and_array_like_the_inngest_sdk(live: tuple[LiveServer, Engine]) -> None:
    server, engine = live
    one = httpx.post(f"{server.url}/e/{KEY}", json=VIEW, timeout=10)
    assert one.status_code == 200
    body = one.json()
    assert body["status"] == 200 and len(body["ids"]) == 1 and len(body["ids"][0]) == 26
    # The TypeScript SDK always posts an array, with ts and data filled in and its retry-seed header.
    sdk_body = [
        {**VIEW, "ts": 1_760_000_000_000},
        {"name": "user/registered", "data": {"userId": "u2", "email": "ann@example.org", "name": "Ann"},
         "id": "reg-u2", "ts": 1_760_000_000_001, "v": "2024-01-14.1"},
    ]
    headers = {"Content-Type": "application/json", "User-Agent": "inngest-js:v3.40.1",
               "x-inngest-event-id-seed": "1760000000000,q83vEjRWeJq8DQ==", "x-inngest-env": "production"}
    many = httpx.post(f"{server.url}/e/{KEY}", content=json.dumps(sdk_body), headers=headers, timeout=10)
    assert many.status_code == 200 and many.json()["status"] == 200
    ids = many.json()["ids"]
    assert len(ids) == 2 and len(set(ids)) == 2
    # The SDK retries with the same seed after a timeout: same ids back, nothing stored twice.
    again = httpx.post(f"{server.url}/e/{KEY}", content=json.dumps(sdk_body), headers=headers, timeout=10)
    assert again.json()["ids"] == ids
    assert count_events(engine) == 3
    with session_scope(engine) as session:
        stored = session.scalars(select(Event).where(Event.id.in_(ids)).order_by(Event.seq)).all()
        assert [e.name for e in stored] == ["job/viewed", "user/registered"]
        assert stored[1].client_id == "reg-u2" and stored[1].ts == 1_760_000_000_001 and stored[1].v == "2024-01-14.1"
        assert all(e.status == "pending" for e in stored)


GOOD = json.dumps(VIEW).encode()
MALFORMED: list[tuple[str, str, bytes, dict[str, str], int, str]] = [
    # (case, path, body, headers, expected status, expected text in the error)
    ("no key", "/e/", GOOD, {}, 401, "Event key"),
    ("wrong key", "/e/wrong-key", GOOD, {}, 401, "Event key"),
    ("key prefix", f"/e/{KEY[:-1]}", GOOD, {}, 401, "Event key"),
    ("key with suffix", f"/e/{KEY}x", GOOD, {}, 401, "Event key"),
    ("body over cap", f"/e/{KEY}", b"[" + b" " * 70_000 + b"]", {}, 413, "larger than"),
    ("empty body", f"/e/{KEY}", b"", {}, 400, "empty body"),
    ("malformed json", f"/e/{KEY}", b'{"name": "job/viewed", "data": {', {}, 400, "malformed JSON"),
    ("not utf-8", f"/e/{KEY}", b"\xff\xfe{}", {}, 400, "malformed JSON"),
    ("json string", f"/e/{KEY}", b'"hello"', {}, 400, "expected an event object"),
    ("json number", f"/e/{KEY}", b"42", {}, 400, "expected an event object"),
    ("empty array", f"/e/{KEY}", b"[]", {}, 400, "empty array"),
    ("array of non-objects", f"/e/{KEY}", b"[1, 2]", {}, 400, "event: expected an object"),
    ("missing name", f"/e/{KEY}", b'{"data": {}}', {}, 400, "name: required"),
    ("empty name", f"/e/{KEY}", b'{"name": "", "data": {}}', {}, 400, "name: required"),
    ("unknown event", f"/e/{KEY}", b'{"name": "job/teleported", "data": {}}', {}, 400, "unknown event"),
    ("data not object", f"/e/{KEY}", b'{"name": "job/viewed", "data": [1]}', {}, 400, "data: expected an object"),
    ("missing field", f"/e/{KEY}", b'{"name": "job/viewed", "data": {"userId": "u1", "jobId": 7}}', {}, 400,
     "data.duration: required"),
    ("wrong type", f"/e/{KEY}", b'{"name": "job/viewed", "data": {"userId": "u1", "jobId": "7", "duration": 3}}',
     {}, 400, "data.jobId"),
    ("negative duration", f"/e/{KEY}",
     b'{"name": "job/viewed", "data": {"userId": "u1", "jobId": 7, "duration": -1}}', {}, 400, "data.duration"),
    ("feedback not like/dislike", f"/e/{KEY}",
     b'{"name": "job/feedback", "data": {"userId": "u1", "jobId": 7, "feedback": "meh"}}', {}, 400, "data.feedback"),
    ("bad email", f"/e/{KEY}", b'{"name": "user/registered", "data": {"userId": "u1", "email": "nope"}}', {}, 400,
     "data.email"),
    ("unknown preference field", f"/e/{KEY}",
     b'{"name": "preference/updated", "data": {"userId": "u1", "field": "shoe_size", "value": 44}}', {}, 400,
     "data.field"),
    ("bad preference value", f"/e/{KEY}",
     b'{"name": "preference/updated", "data": {"userId": "u1", "field": "min_salary", "value": "lots"}}', {}, 400,
     "data.value"),
    ("ts not integer", f"/e/{KEY}", b'{"name": "job/viewed", "ts": "yesterday", "data": {}}', {}, 400, "ts:"),
    ("ts out of range", f"/e/{KEY}", b'{"name": "job/viewed", "ts": 1000, "data": {}}', {}, 400, "ts:"),
    ("id not string", f"/e/{KEY}",
     b'{"name": "job/viewed", "id": 5, "data": {"userId": "u1", "jobId": 7, "duration": 12}}', {}, 400, "id:"),
    ("second event bad: nothing stored", f"/e/{KEY}",
     json.dumps([VIEW, {"name": "job/viewed", "data": {"userId": "u1"}}]).encode(), {}, 400, "event 1: data.jobId"),
    ("jobIds with a string", f"/e/{KEY}", b'{"name": "jobs/new-batch", "data": {"jobIds": [1, "x"], "source": "a"}}',
     {}, 400, "data.jobIds[1]"),
]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_malformed_requests_are_refused_and_store_nothing(live: tuple[LiveServer, Engine]) -> None:
    server, engine = live
    assert len(MALFORMED) >= 20
    failures = []
    with httpx.Client(base_url=server.url, timeout=10) as client:
        for case, path, body, headers, status, text in MALFORMED:
            response = client.post(path, content=body, headers={"Content-Type": "application/json", **headers})
            payload = response.json()
            if response.status_code != status or text not in payload.get("error", "") or payload["status"] != status:
                failures.append((case, response.status_code, payload))
        assert client.get(f"/e/{KEY}").status_code == 405
    assert not failures, failures
    assert count_events(engine) == 0


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_unconfigured_server_answers_503(db_url: str) -> None:
    engine = make_engine(db_url)
    with LiveServer(engine, event_key="") as server:
        response = httpx.post(f"{server.url}/e/anything", json=VIEW, timeout=10)
    assert response.status_code == 503 and "JOBSEARCH_EVENT_KEY" in response.json()["error"]
    assert count_events(engine) == 0
