"""Fuzz every HTTP endpoint the project serves (event API, health, one-click unsubscribe) through a real uvicorn
server, on SQLite and PostgreSQL: Hypothesis-generated methods, paths, headers, keys and bodies (hostile JSON
included: NaN, huge numbers, deep nesting, bad UTF-8). Every answer is 2xx, or a 4xx JSON error naming the field;
never a 5xx; and the inbox holds exactly the events of the accepted requests, nothing half-written."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import Event
from jobsearch_pipelines_tests.events.test_http_api import KEY, LiveServer

EXAMPLES = 600  # per database: 1,200 requests a run
NAMES = ["job/viewed", "user/registered", "job/applied", "notification/email", "preference/updated", "x/unknown"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
event = st.fixed_dictionaries(
    {"name": st.sampled_from(NAMES) | st.text(max_size=12)},
    optional={"data": st.dictionaries(st.sampled_from(["userId", "jobId", "email", "duration", "type", "x"]),
                                      json_values, max_size=5) | json_values,
              "id": st.text(max_size=10) | st.integers(), "ts": st.integers() | st.floats(), "v": json_values},
)


def _as_bytes(value: object) -> bytes:
    return json.dumps(value, allow_nan=True).encode()  # NaN / Infinity tokens stay in, as a hostile client sends


bodies = st.one_of(
    event.map(_as_bytes),
    st.lists(event, max_size=4).map(_as_bytes),
    json_values.map(_as_bytes),
    st.binary(max_size=64),
    st.integers(min_value=1, max_value=80).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(min_value=30, max_value=5000).map(lambda digits: b'{"name": "job/viewed", "data": {"jobId": '
                                                  + b"9" * digits + b"}}"),
)
requests = st.fixed_dictionaries({
    "method": st.sampled_from(["POST"] * 6 + ["GET", "PUT", "DELETE"]),
    "path": st.sampled_from([f"/e/{KEY}"] * 6 + ["/e/wrong-key", "/e/", "/nope", "/health", "/unsubscribe",
                                                  "/unsubscribe?token=abc.def", "/e/" + KEY + "/extra"]),
    "body": bodies,
    "content_type": st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", ""]),
    "seed": st.none() | st.text(alphabet="0123456789,abcXYZ=", max_size=30),
})


@pytest.fixture
def fuzz_target(db_url: str) -> Iterator[tuple[httpx.Client, Engine]]:
    engine = make_engine(db_url)
    with LiveServer(engine, max_body=16 * 1024) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield client, engine
    engine.dispose()


def test_every_answer_is_2xx_or_a_json_4xx_and_the_inbox_holds_exactly_the_accepted_events(
        fuzz_target: tuple[httpx.Client, Engine], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBSEARCH_UNSUBSCRIBE_SECRET", "fuzz-secret")
    client, engine = fuzz_target
    accepted: set[str] = set()
    seen = {"requests": 0}

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(requests)
    def one(request: dict) -> None:
        headers = {"content-type": request["content_type"]} if request["content_type"] else {}
        if request["seed"] is not None:
            headers["x-inngest-event-id-seed"] = request["seed"]
        response = client.request(request["method"], request["path"], content=request["body"], headers=headers)
        seen["requests"] += 1
        assert response.status_code < 500, (request, response.status_code, response.text[:300])
        if response.headers.get("content-type", "").startswith("text/html"):
            assert response.status_code == 200 and request["path"].startswith("/unsubscribe")
            return
        body = response.json()
        if response.status_code >= 400:
            assert body["error"], body
            if response.status_code == 400:
                assert body.get("field"), body
        elif request["path"] == f"/e/{KEY}":
            accepted.update(body["ids"])

    one()
    assert seen["requests"] >= EXAMPLES
    with session_scope(engine) as session:
        stored = set(session.scalars(select(Event.id)))
    assert stored == accepted
