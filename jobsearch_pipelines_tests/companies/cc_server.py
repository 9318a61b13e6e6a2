"""A local stand-in for Common Crawl on 127.0.0.1: collinfo.json, a pywb-like CDX API and WARC files with
HTTP Range support, plus fault injection (503 "slow down" with Retry-After) and a request log."""

from __future__ import annotations

import json
import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


def url_key(url: str) -> str:
    """SURT-like match key: no scheme, no leading www., no trailing slash, lower-case host."""
    parts = urlsplit(url if "//" in url else "//" + url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return host + path + (f"?{parts.query}" if parts.query else "")


class CommonCrawlStandIn:
    def __init__(self) -> None:
        self.crawls: list[str] = []
        self.index: dict[str, list[dict[str, Any]]] = defaultdict(list)  # crawl id -> CDX rows
        self.files: dict[str, bytes] = {}  # filename -> bytes
        self.faults: dict[str, list[int]] = defaultdict(list)  # path prefix -> statuses to answer first
        self.always_fail: dict[str, int] = {}  # substring of the request target -> status
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (host header, target, headers)
        self.ignore_range: set[str] = set()  # filenames served with 200 whatever the Range
        self._lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def add_crawl(self, crawl_id: str) -> None:
        if crawl_id not in self.crawls:
            self.crawls.append(crawl_id)

    def add_warc(self, filename: str, data: bytes, rows: list[dict[str, Any]], crawl_id: str) -> None:
        self.add_crawl(crawl_id)
        self.files[filename] = data
        self.index[crawl_id].extend(rows)

    def fail_next(self, prefix: str, *statuses: int) -> None:
        self.faults[prefix].extend(statuses)

    def count(self, fragment: str) -> int:
        return sum(fragment in target for _, target, _ in self.requests)

    # ------------------------------------------------------------------------------------------ handler

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        target = handler.path
        with self._lock:
            self.requests.append((handler.headers.get("Host", ""), target, dict(handler.headers)))
            for fragment, status in self.always_fail.items():
                if fragment in target:
                    return self._send(handler, status, b"failing", {"Retry-After": "0"})
            for prefix, statuses in self.faults.items():
                if target.startswith(prefix) and statuses:
                    status = statuses.pop(0)
                    return self._send(handler, status, b"slow down", {"Retry-After": "0"})
        path = urlsplit(target).path
        if path == "/collinfo.json":
            body = json.dumps([{"id": c, "name": c, "cdx-api": f"{self.base_url}/{c}-index"}
                               for c in sorted(self.crawls, reverse=True)] + [{"id": "not-a-crawl"}]).encode()
            return self._send(handler, 200, body, {"Content-Type": "application/json"})
        match = re.fullmatch(r"/(CC-MAIN-\d{4}-\d{2})-index", path)
        if match:
            return self._cdx(handler, match.group(1), parse_qs(urlsplit(target).query))
        filename = path.lstrip("/")
        if filename in self.files:
            return self._file(handler, filename)
        return self._send(handler, 404, b"not found", {})

    def _cdx(self, handler: BaseHTTPRequestHandler, crawl_id: str, query: dict[str, list[str]]) -> None:
        if crawl_id not in self.crawls:
            return self._send(handler, 404, b"unknown collection", {})
        want = url_key(query["url"][0])
        rows = [r for r in self.index[crawl_id] if url_key(r["url"]) == want]
        for flt in query.get("filter", []):
            negate = flt.startswith("!")
            flt = flt.lstrip("!")
            regex = flt.startswith("~")
            name, _, value = flt.lstrip("~").partition(":")

            def keep(row: dict[str, Any], name: str = name, value: str = value, regex: bool = regex) -> bool:
                field_value = str(row.get(name, ""))
                return bool(re.search(value, field_value)) if regex else field_value == value

            rows = [r for r in rows if keep(r) != negate]
        if query.get("sort", [""])[0] == "reverse":
            rows = sorted(rows, key=lambda r: r["timestamp"], reverse=True)
        rows = rows[: int(query.get("limit", ["1000"])[0])]
        if not rows:
            return self._send(handler, 404, json.dumps({"message": "No Captures found"}).encode(),
                              {"Content-Type": "application/json"})
        body = "\n".join(json.dumps(r) for r in rows).encode() + b"\n"
        return self._send(handler, 200, body, {"Content-Type": "text/x-ndjson"})

    def _file(self, handler: BaseHTTPRequestHandler, filename: str) -> None:
        data = self.files[filename]
        header = handler.headers.get("Range")
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", header or "")
        if not match or filename in self.ignore_range:
            return self._send(handler, 200, data, {"Content-Type": "application/warc"})
        start = int(match.group(1))
        end = min(int(match.group(2)) if match.group(2) else len(data) - 1, len(data) - 1)
        if start >= len(data):
            return self._send(handler, 416, b"", {"Content-Range": f"bytes */{len(data)}"})
        return self._send(handler, 206, data[start:end + 1],
                          {"Content-Range": f"bytes {start}-{end}/{len(data)}", "Content-Type": "application/warc"})

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
        handler.send_response(status)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


@contextmanager
def serve(standin: CommonCrawlStandIn) -> Iterator[CommonCrawlStandIn]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            standin.handle(self)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    standin.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield standin
    finally:
        server.shutdown()
        server.server_close()
