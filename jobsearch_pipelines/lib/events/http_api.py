"""The Inngest-compatible event API: ``POST /e/{event_key}`` with one event or an array of events.

Answers ``{"ids": [...], "status": 200}`` like Inngest, so an app using the Inngest SDK keeps calling
``inngest.send()`` with its base URL pointed here (``INNGEST_BASE_URL``/``INNGEST_EVENT_API_BASE_URL``) and
``INNGEST_EVENT_KEY`` set to our ``JOBSEARCH_EVENT_KEY``. Errors: no/wrong key 401, body over the cap 413,
malformed JSON or a payload failing its schema (or an unknown event name) 400 naming the field, server not
configured with a key 503. Parsing is strict: no ``NaN``/``Infinity``, valid UTF-8 only, nesting at most
``MAX_DEPTH`` deep, integers within 64 bits. Every error, the framework's own 404/405 included, is a JSON body
naming the field. A request is stored entirely or not at all. The SDK's retry seed header
(``x-inngest-event-id-seed``) makes its retries idempotent: a retried request returns the same ids.
"""

from __future__ import annotations

import hmac
import json
import os
from typing import Any

import orjson
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from jobsearch_pipelines.lib.events.inbox import MAX_EVENTS_PER_SEND, EventValidationError, send_events
from jobsearch_pipelines.lib.notifications.unsubscribe_api import unsubscribe_routes

EVENT_KEY_ENV = "JOBSEARCH_EVENT_KEY"
MAX_BODY_ENV = "JOBSEARCH_EVENT_MAX_BODY_BYTES"
DEFAULT_MAX_BODY = 3 * 1024 * 1024  # Inngest's absolute request cap
MAX_EVENT_BYTES = 512 * 1024  # Inngest's default per-event payload cap
SEED_HEADER = "x-inngest-event-id-seed"
MAX_DEPTH = 32


def _error(status: int, message: str, field: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {"ids": [], "status": status, "error": message}
    if field is not None:
        body["field"] = field
    return JSONResponse(body, status_code=status)


class _TooLarge(Exception):
    pass


async def _read_body(request: Request, cap: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > cap:
        raise _TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(engine: Engine, event_key: str | None = None, max_body_bytes: int | None = None,
               dev: bool = False) -> Starlette:
    """The ASGI app storing events in ``engine``'s inbox; key and cap default to the environment. ``dev``: any
    event key is accepted, as Inngest's dev server does (for ``jobsearch dev`` on a developer's machine)."""
    key = event_key if event_key is not None else os.environ.get(EVENT_KEY_ENV)
    cap = max_body_bytes or int(os.environ.get(MAX_BODY_ENV) or DEFAULT_MAX_BODY)

    async def ingest(request: Request) -> JSONResponse:
        if not dev:
            if not key:
                return _error(503, f"event API not configured: set {EVENT_KEY_ENV}")
            given = request.path_params.get("event_key", "")
            if not given or not hmac.compare_digest(given.encode(), key.encode()):
                return _error(401, "Event key not found")
        try:
            raw = await _read_body(request, cap)
        except _TooLarge:
            return _error(413, f"request body larger than {cap} bytes", "body")
        if not raw.strip():
            return _error(400, "empty body: expected an event object or an array of events", "body")
        try:
            payload = strict_json(raw)
        except ValueError as exc:
            return _error(400, f"malformed JSON: {exc}", "body")
        events = payload if isinstance(payload, list) else [payload]
        if isinstance(payload, list) and not payload:
            return _error(400, "empty array: expected at least one event", "body")
        if not isinstance(payload, list | dict):
            return _error(400, f"expected an event object or an array of events, got {type(payload).__name__}",
                          "body")
        if len(events) > MAX_EVENTS_PER_SEND:
            return _error(413, f"at most {MAX_EVENTS_PER_SEND} events per request, got {len(events)}", "body")
        for index, event in enumerate(events):
            if len(json.dumps(event, separators=(",", ":"))) > MAX_EVENT_BYTES:
                where = f"event {index}: " if len(events) > 1 else ""
                return _error(413, f"{where}event larger than {MAX_EVENT_BYTES} bytes", "data")
        try:
            ids = await run_in_threadpool(send_events, engine, events, id_seed=request.headers.get(SEED_HEADER))
        except EventValidationError as exc:
            return _error(400, str(exc), exc.field)
        return JSONResponse({"ids": ids, "status": 200})

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        status = getattr(exc, "status_code", 500)
        detail = getattr(exc, "detail", None) or "error"
        return _error(status, f"{detail}: {request.method} {request.url.path}", "path" if status == 404 else None)

    async def server_error(request: Request, exc: Exception) -> JSONResponse:
        return _error(500, f"internal error ({type(exc).__name__})")

    return Starlette(routes=[
        Route("/e/{event_key}", ingest, methods=["POST"]),
        Route("/e/", ingest, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
        *unsubscribe_routes(engine),
    ], exception_handlers={HTTPException: http_error, Exception: server_error})


def _depth(value: Any) -> int:
    """How deeply ``value`` nests lists and objects (iteratively: no recursion limit to hit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def strict_json(raw: bytes) -> Any:
    """Parse a request body strictly (orjson: RFC 8259 only, so no NaN/Infinity, UTF-8 only, integers within
    64 bits), then bound the nesting depth; ``ValueError`` says what is wrong."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValueError(str(exc)) from None
    if _depth(value) > MAX_DEPTH:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    return value


def serve(engine: Engine, host: str = "127.0.0.1", port: int = 8288, event_key: str | None = None,
          dev: bool = False) -> None:
    """Run the event API with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(engine, event_key, dev=dev), host=host, port=port, log_level="info")
