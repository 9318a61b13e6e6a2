"""Redirects: every hop's host is checked against the allow-list before it is contacted, hops are limited, the
response carries the final URL, and credentials are not sent to another host."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jobsearch_pipelines.lib.http_client import HostNotAllowed, HttpClient, RetryPolicy, TooManyRedirects


@contextmanager
def server(host: str, routes: dict[str, tuple[int, dict[str, str]]]) -> Iterator[tuple[str, list[tuple[str, dict]]]]:
    """A server on ``host`` answering ``routes`` (path -> status, headers); records (path, headers) of hits."""
    hits: list[tuple[str, dict]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append((self.path, dict(self.headers)))
            status, headers = routes.get(self.path, (200, {}))
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer((host, 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def _client(**kwargs: object) -> HttpClient:
    return HttpClient(timeout=5, retry=RetryPolicy(max_attempts=1), **kwargs)  # type: ignore[arg-type]


def test_a_redirect_to_a_host_outside_the_allow_list_is_never_contacted() -> None:
    with server("127.0.0.2", {}) as (other, other_hits), \
            server("127.0.0.1", {"/jobs": (302, {"Location": f"{other}/stolen"})}) as (base, _), \
            _client(allowed_hosts=["127.0.0.1"]) as client, pytest.raises(HostNotAllowed) as caught:
        client.get(f"{base}/jobs")
    assert "127.0.0.2" in str(caught.value) and "redirected from" in str(caught.value)
    assert other_hits == []


def test_redirects_within_the_allow_list_are_followed_and_the_final_url_recorded() -> None:
    routes = {"/old": (301, {"Location": "/v2/jobs"}), "/v2/jobs": (200, {})}
    with server("127.0.0.1", routes) as (base, hits), _client(allowed_hosts=["127.0.0.1"]) as client:
        response = client.get(f"{base}/old")
    assert response.status == 200 and response.url == f"{base}/v2/jobs"
    assert [path for path, _ in hits] == ["/old", "/v2/jobs"]


def test_hops_are_limited() -> None:
    with server("127.0.0.1", {"/loop": (302, {"Location": "/loop"})}) as (base, hits), \
            _client(max_redirects=3) as client, pytest.raises(TooManyRedirects):
        client.get(f"{base}/loop")
    assert len(hits) == 4  # the first request and three hops


def test_credentials_are_not_sent_to_another_host() -> None:
    with server("127.0.0.2", {}) as (other, other_hits), \
            server("127.0.0.1", {"/x": (302, {"Location": f"{other}/y"})}) as (base, _), _client() as client:
        client.get(f"{base}/x", headers={"Authorization": "Bearer secret", "Accept": "application/json"})
    [(path, headers)] = other_hits
    assert path == "/y" and "Authorization" not in headers and headers.get("Accept") == "application/json"
