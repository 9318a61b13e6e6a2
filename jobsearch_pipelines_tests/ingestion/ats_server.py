"""A local ATS API server on 127.0.0.1 for tests: serves each vendor's real response shapes (from the bundled
demo snapshot, or payloads a test sets), paginates like Lever/SmartRecruiters, and injects faults per board.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jobsearch_pipelines.lib.ingestion.registry import DEMO_SNAPSHOT_DIR, SEED_FILE, load_board_file

ROUTES = [
    ("ashby", re.compile(r"^/ashby/posting-api/job-board/(?P<token>[^/]+)$")),
    ("greenhouse", re.compile(r"^/greenhouse/v1/boards/(?P<token>[^/]+)/jobs$")),
    ("lever", re.compile(r"^/lever/v0/postings/(?P<token>[^/]+)$")),
    ("lever_eu", re.compile(r"^/lever_eu/v0/postings/(?P<token>[^/]+)$")),
    ("workable", re.compile(r"^/workable/api/v1/widget/accounts/(?P<token>[^/]+)$")),
    ("smartrecruiters",
     re.compile(r"^/smartrecruiters/v1/companies/(?P<token>[^/]+)/postings(?:/(?P<detail>[^/]+))?$")),
    ("recruitee", re.compile(r"^/recruitee/(?P<token>[^/]+)/api/offers/?$")),
    ("personio", re.compile(r"^/personio/(?P<token>[^/]+)/xml$")),
]


@dataclass
class Fault:
    """One injected response: a status (+headers/body), a delay before answering, or a raw body."""

    status: int = 200
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def demo_boards() -> list[tuple[str, str]]:
    return [(e["vendor"], e["token"]) for e in load_board_file(SEED_FILE)]


def load_demo_payloads() -> dict[tuple[str, str], Any]:
    """Every demo board's decoded response (SmartRecruiters: {"list": ..., "details": {id: ...}})."""
    payloads: dict[tuple[str, str], Any] = {}
    for vendor, token in demo_boards():
        folder = DEMO_SNAPSHOT_DIR / vendor
        if vendor == "personio":
            payloads[(vendor, token)] = (folder / f"{token}.xml").read_text(encoding="utf-8")
        elif vendor == "smartrecruiters":
            details = {p.stem: json.loads(p.read_text()) for p in (folder / token).glob("*.json")}
            payloads[(vendor, token)] = {"list": json.loads((folder / f"{token}.json").read_text()), "details": details}
        else:
            payloads[(vendor, token)] = json.loads((folder / f"{token}.json").read_text())
    return payloads


class AtsServer:
    def __init__(self) -> None:
        self.payloads: dict[tuple[str, str], Any] = load_demo_payloads()
        self.faults: dict[tuple[str, str], list[Fault]] = {}
        self.sticky: dict[tuple[str, str], Fault] = {}
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []  # (vendor, token, query)
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server._handle(self)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    # ------------------------------------------------------------------ configuration
    def base_urls(self) -> dict[str, str]:
        root = f"http://127.0.0.1:{self.port}"
        return {vendor: f"{root}/{vendor}" + ("/{token}" if vendor in ("recruitee", "personio") else "")
                for vendor, _ in ROUTES}

    def resource_kwargs(self) -> dict[str, str]:
        return {f"{vendor}_base_url": url for vendor, url in self.base_urls().items()}

    def fail(self, vendor: str, token: str, *faults: Fault, always: bool = False) -> None:
        """Answer the next requests of a board with ``faults`` (in order), or every request when ``always``."""
        with self._lock:
            if always:
                self.sticky[(vendor, token)] = faults[0]
            else:
                self.faults.setdefault((vendor, token), []).extend(faults)

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()
            self.sticky.clear()

    def count(self, vendor: str, token: str) -> int:
        return sum(1 for v, t, _ in self.requests if (v, t) == (vendor, token))

    # ------------------------------------------------------------------ serving
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query)
        found = [(vendor, m) for vendor, pattern in ROUTES if (m := pattern.match(parts.path))]
        if not found:
            return self._send(handler, 404, b'{"ok":false,"error":"Document not found"}')
        vendor, match = found[0]
        token = match.group("token")
        key = (vendor, token)
        with self._lock:
            self.requests.append((vendor, token, query))
            fault = self.sticky.get(key) or (self.faults[key].pop(0) if self.faults.get(key) else None)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.status != 200 or fault.body is not None:
                return self._send(handler, fault.status, fault.body or b'{"error":"injected"}', fault.headers)
        if key not in self.payloads:
            return self._send(handler, 404, b'{"ok":false,"error":"Document not found"}')
        payload = copy.deepcopy(self.payloads[key])
        if vendor == "personio":
            return self._send(handler, 200, payload.encode(), content_type="application/xml; charset=utf-8")
        if vendor in ("lever", "lever_eu"):
            skip, limit = int(query.get("skip", ["0"])[0]), int(query.get("limit", ["1000"])[0])
            payload = payload[skip:skip + limit]
        if vendor == "smartrecruiters":
            detail = match.group("detail")
            if detail:
                if detail not in payload["details"]:
                    return self._send(handler, 404, b'{"message":"not found"}')
                payload = payload["details"][detail]
            else:
                offset, limit = int(query.get("offset", ["0"])[0]), int(query.get("limit", ["100"])[0])
                listing = payload["list"]
                payload = {**listing, "offset": offset, "limit": limit, "totalFound": len(listing["content"]),
                           "content": listing["content"][offset:offset + limit]}
        return self._send(handler, 200, json.dumps(payload).encode())

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None,
              content_type: str = "application/json") -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    @contextmanager
    def running(self) -> Iterator[AtsServer]:
        self._thread.start()
        try:
            yield self
        finally:
            self._httpd.shutdown()
            self._httpd.server_close()
