"""The one-click unsubscribe endpoint, served by the project's HTTP server (``jobsearch events serve``).

``POST /unsubscribe?token=...`` (RFC 8058: the mail client posts ``List-Unsubscribe=One-Click``) unsubscribes
and answers JSON. ``GET`` only shows a page with a button that posts (link scanners must not unsubscribe
anyone). Errors are JSON naming the field: 400 bad token, 404 unknown or used token, 503 not configured.
"""

from __future__ import annotations

import html
import os

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.lib.notifications.unsubscribe import (
    MAX_TOKEN,
    SECRET_ENV,
    BadToken,
    TokenNotUsable,
    unsubscribe,
    verify_token,
)


def _error(status: int, message: str, field: str | None = "token") -> JSONResponse:
    body = {"status": status, "error": message, **({"field": field} if field else {})}
    return JSONResponse(body, status_code=status)


def unsubscribe_routes(engine: Engine, secret: str | None = None) -> list[Route]:
    def configured() -> str | None:
        return secret if secret is not None else os.environ.get(SECRET_ENV)

    def key_and_token(request: Request) -> tuple[str, str] | JSONResponse:
        """The secret and the request's verified token, or the error to answer."""
        key = configured()
        if not key:
            return _error(503, f"unsubscribe not configured: set {SECRET_ENV}", None)
        token = request.query_params.get("token", "")
        try:
            if not token or len(token) > MAX_TOKEN:
                raise BadToken("token: missing or too long")
            verify_token(token, key)
        except BadToken as exc:
            return _error(400, str(exc))
        return key, token

    async def page(request: Request) -> Response:
        checked = key_and_token(request)
        if isinstance(checked, JSONResponse):
            return checked
        _, token = checked
        action = html.escape(f"/unsubscribe?token={token}", quote=True)
        return HTMLResponse('<!doctype html><meta charset="utf-8"><title>Unsubscribe</title>'
                            f'<form method="post" action="{action}"><p>Stop all emails from us?</p>'
                            '<button type="submit">Unsubscribe</button></form>')

    async def post(request: Request) -> Response:
        checked = key_and_token(request)
        if isinstance(checked, JSONResponse):
            return checked
        key, token = checked

        def run() -> str:
            with session_scope(engine) as session:
                return unsubscribe(session, token, key, utcnow())

        try:
            await run_in_threadpool(run)
        except TokenNotUsable as exc:
            return _error(404, str(exc))
        return JSONResponse({"status": 200, "result": "unsubscribed"})

    return [Route("/unsubscribe", page, methods=["GET"]), Route("/unsubscribe", post, methods=["POST"])]
