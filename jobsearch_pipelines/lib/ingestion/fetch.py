"""Where board responses come from: live HTTP (``HttpClient``) or a folder of saved responses (offline demo).

Both transports hand the vendor parsers the same decoded bodies, so the snapshot mode exercises exactly the
parsing path of production. A body that does not decode (malformed JSON/XML) is fetched again with backoff
before the board is reported failed.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from lxml import etree

from jobsearch_pipelines.lib.http_client import HttpClient, HttpError
from jobsearch_pipelines.lib.ingestion.models import FetchError


@dataclass(frozen=True)
class Body:
    content: bytes
    status: int
    attempts: int


class Transport(Protocol):
    def get(self, url: str, params: Mapping[str, str] | None, snapshot: str) -> Body:
        """Return the body of a successful GET (or raise ``FetchError``)."""
        ...


@dataclass
class HttpTransport:
    """Live HTTP through the shared client (timeouts, retries with backoff + jitter, Retry-After, size cap)."""

    client: HttpClient

    def get(self, url: str, params: Mapping[str, str] | None, snapshot: str) -> Body:
        try:
            response = self.client.get(url, params=params, headers={"Accept": "application/json, */*"})
        except HttpError as exc:
            raise FetchError(str(exc), exc.status, exc.attempts) from exc
        return Body(response.content, response.status, response.attempts)


@dataclass
class SnapshotTransport:
    """Saved responses under ``root/<vendor>/<file>``; the vendor names the file for each request."""

    root: Path

    def get(self, url: str, params: Mapping[str, str] | None, snapshot: str) -> Body:
        path = self.root / snapshot
        if not path.is_file():
            raise FetchError(f"{url}: no saved response {path}", 404, 1)
        return Body(path.read_bytes(), 200, 1)


@dataclass
class BoardFetch:
    """One board's fetch: decodes bodies, retries malformed ones, and counts attempts for the report."""

    transport: Transport
    vendor: str
    decode_attempts: int = 3
    base_delay: float = 0.5
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)
    attempts: int = 0
    requests: int = 0
    last_status: int | None = None

    def _get(self, url: str, params: Mapping[str, str] | None, snapshot: str, decode: Callable[[bytes], Any]) -> Any:
        for attempt in range(1, self.decode_attempts + 1):
            try:
                body = self.transport.get(url, params, f"{self.vendor}/{snapshot}")
            except FetchError as exc:
                self.attempts += exc.attempts
                self.last_status = exc.http_status
                exc.attempts = self.attempts
                raise
            self.attempts += body.attempts
            self.requests += 1
            self.last_status = body.status
            try:
                return decode(body.content)
            except (ValueError, etree.XMLSyntaxError) as exc:
                if attempt == self.decode_attempts:
                    raise FetchError(f"{url}: malformed response after {attempt} tries: {exc}",
                                     body.status, self.attempts) from exc
                self.sleep(self.rng.uniform(0, self.base_delay * 2 ** (attempt - 1)))
        raise AssertionError("unreachable")

    def json(self, url: str, params: Mapping[str, str] | None, snapshot: str) -> Any:
        return self._get(url, params, snapshot, _decode_json)

    def xml(self, url: str, params: Mapping[str, str] | None, snapshot: str) -> bytes:
        return self._get(url, params, snapshot, _decode_xml)


def _decode_json(content: bytes) -> Any:
    return json.loads(content)


def _decode_xml(content: bytes) -> bytes:
    parse_xml(content)  # validate now so a truncated body is retried; keep the bytes (the XML names its encoding)
    return content


def parse_xml(content: bytes | str) -> etree._Element:
    """Parse untrusted XML without entity expansion or network access."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    data = content.encode() if isinstance(content, str) else content
    return etree.fromstring(data, parser=parser)
