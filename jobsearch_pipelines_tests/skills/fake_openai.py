"""A local OpenAI-compatible HTTP server on 127.0.0.1 (chat completions + embeddings) for the LLM path.

The chat handler answers from a script: each call pops the next planned reply (status, JSON body, headers);
when the script is empty, ``default_chat`` builds a reply from the request. Every request is recorded.
"""

from __future__ import annotations

import json
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = tuple[int, dict[str, Any], dict[str, str]]


def chat_reply(skills: list[dict[str, Any]], prompt_tokens: int = 120, completion_tokens: int = 40) -> Reply:
    body = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "test-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": json.dumps({"skills": skills})},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }
    return 200, body, {}


def error_reply(status: int, retry_after: str | None = "0") -> Reply:
    headers = {"retry-after": retry_after} if retry_after is not None else {}
    return (
        status,
        {"error": {"message": f"status {status}", "type": "rate_limit" if status == 429 else "server"}},
        headers,
    )


def _vector(text: str, dim: int = 16) -> list[float]:
    seed = zlib.crc32(text.encode())
    return [((seed >> (i % 24)) & 0xFF) / 255.0 + 0.01 for i in range(dim)]


@dataclass
class FakeOpenAI:
    chat_script: list[Reply] = field(default_factory=list)
    default_chat: Callable[[dict[str, Any]], Reply] | None = None
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    base_url: str = ""

    def count(self, path_suffix: str) -> int:
        return sum(1 for path, _ in self.requests if path.endswith(path_suffix))

    def handle(self, path: str, payload: dict[str, Any]) -> Reply:
        self.requests.append((path, payload))
        if path.endswith("/embeddings"):
            inputs = payload.get("input")
            texts = inputs if isinstance(inputs, list) else [inputs]
            data = [{"object": "embedding", "index": i, "embedding": _vector(str(t))} for i, t in enumerate(texts)]
            return (
                200,
                {
                    "object": "list",
                    "data": data,
                    "model": payload.get("model"),
                    "usage": {"prompt_tokens": 5, "total_tokens": 5},
                },
                {},
            )
        if path.endswith("/chat/completions"):
            if self.chat_script:
                return self.chat_script.pop(0)
            if self.default_chat:
                return self.default_chat(payload)
            return chat_reply([])
        return 404, {"error": {"message": "not found"}}, {}


@contextmanager
def fake_openai_server(fake: FakeOpenAI | None = None) -> Iterator[FakeOpenAI]:
    state = fake or FakeOpenAI()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            payload = json.loads(self.rfile.read(length) or b"{}")
            status, body, headers = state.handle(self.path, payload)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
