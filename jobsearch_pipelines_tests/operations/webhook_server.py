"""A local chat-webhook receiver on 127.0.0.1: records every JSON POST, can answer 500 to the next N."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class WebhookRecorder:
    posts: list[dict[str, Any]] = field(default_factory=list)
    fail_next: int = 0
    url: str = ""


@contextmanager
def webhook_server() -> Iterator[WebhookRecorder]:
    recorder = WebhookRecorder()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            with lock:
                failing = recorder.fail_next > 0
                if failing:
                    recorder.fail_next -= 1
                else:
                    recorder.posts.append(json.loads(body))
            self.send_response(500 if failing else 200)
            self.end_headers()
            self.wfile.write(b"error" if failing else b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}/services/T000/B000/XXXX"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
