"""A polite HTTP client shared by the ATS and Common Crawl clients.

Timeouts, retries with exponential backoff and full jitter on 429/5xx and transport errors, ``Retry-After``
honoured (capped), a cap on the response body size (checked while streaming), a per-host concurrency limit
and an optional allow-list of hosts, checked for the first URL and again at every redirect hop (redirects are
followed here, not by httpx, up to ``max_redirects``; the response carries the final URL). Thread-safe: one
client may serve a thread pool.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class HttpError(Exception):
    """A request that failed for good (after retries); ``status`` is the last HTTP status, if any."""

    def __init__(self, url: str, message: str, status: int | None = None, attempts: int = 1) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.status = status
        self.attempts = attempts


class ResponseTooLarge(HttpError):
    """The body exceeded the size cap."""


class HostNotAllowed(HttpError):
    """The URL's host is not in the client's allow-list (the first URL or a redirect's target)."""


class TooManyRedirects(HttpError):
    """More redirect hops than the client allows."""


REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class HttpResponse:
    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    attempts: int

    @property
    def text(self) -> str:
        return self.content.decode(self.encoding, errors="replace")

    @property
    def encoding(self) -> str:
        content_type = self.headers.get("content-type", "")
        for part in content_type.split(";"):
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"'")
        return "utf-8"


@dataclass
class RetryPolicy:
    max_attempts: int = 4
    base_delay: float = 0.5  # seconds; attempt n waits up to base * 2**(n-1), jittered
    max_delay: float = 30.0
    max_retry_after: float = 120.0  # never wait longer than this for a server's Retry-After

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Full-jitter exponential backoff for retry number ``attempt`` (1-based)."""
        return rng.uniform(0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass
class HttpClient:
    """See the module docstring. ``sleep`` and ``rng`` are injectable so tests need not wait."""

    timeout: float = 20.0
    max_bytes: int = 20 * 1024 * 1024
    per_host_concurrency: int = 4
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    allowed_hosts: Iterable[str] | None = None  # None: any host
    max_redirects: int = 5
    user_agent: str = "jobsearch-pipelines/0.1 (+https://github.com/jobsearch-pipelines)"
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,  # followed in ``request`` so that every hop's host is checked
            headers={"User-Agent": self.user_agent},
        )
        self._allowed = None if self.allowed_hosts is None else {h.lower() for h in self.allowed_hosts}
        self._host_locks: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _host_slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            slot = self._host_locks.get(host)
            if slot is None:
                slot = self._host_locks[host] = threading.BoundedSemaphore(self.per_host_concurrency)
            return slot

    def get(self, url: str, *, params: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None,
            ok_statuses: Iterable[int] = (200,), max_bytes: int | None = None) -> HttpResponse:
        return self.request("GET", url, params=params, headers=headers, ok_statuses=ok_statuses, max_bytes=max_bytes)

    def post_json(self, url: str, payload: object, *, headers: Mapping[str, str] | None = None,
                  ok_statuses: Iterable[int] = (200,)) -> HttpResponse:
        return self.request("POST", url, json=payload, headers=headers, ok_statuses=ok_statuses)

    def _check_host(self, url: str, first_url: str) -> str:
        host = (urlsplit(url).hostname or "").lower()
        if self._allowed is not None and host not in self._allowed:
            via = "" if url == first_url else f" (redirected from {first_url})"
            raise HostNotAllowed(url, f"host {host!r} is not in the allowed hosts {sorted(self._allowed)}{via}")
        return host

    def request(self, method: str, url: str, *, params: Mapping[str, str] | None = None,
                headers: Mapping[str, str] | None = None, json: object = None,
                ok_statuses: Iterable[int] = (200,), max_bytes: int | None = None) -> HttpResponse:
        """Send with retries, following redirects hop by hop (each target's host checked before it is contacted);
        return the final response when its status is in ``ok_statuses``, else raise ``HttpError``."""
        first_url = url
        for _ in range(self.max_redirects + 1):
            response = self._request_once(method, url, first_url, params, headers, json, ok_statuses, max_bytes)
            if response.status not in REDIRECT_STATUSES or response.status in set(ok_statuses):
                return response
            location = response.headers.get("location")
            if not location:
                raise HttpError(url, f"HTTP {response.status} without a Location header", response.status)
            target = str(httpx.URL(url).join(location))
            if headers and urlsplit(target).hostname != urlsplit(url).hostname:  # credentials stay with their host
                headers = {k: v for k, v in headers.items() if k.lower() not in ("authorization", "cookie")}
            url, params = target, None  # the Location is complete
            if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                method, json = "GET", None
        raise TooManyRedirects(first_url, f"more than {self.max_redirects} redirects (last: {url})")

    def _request_once(self, method: str, url: str, first_url: str, params: Mapping[str, str] | None,
                      headers: Mapping[str, str] | None, json: object, ok_statuses: Iterable[int],
                      max_bytes: int | None) -> HttpResponse:
        """One hop, with retries: the response when it is OK or a redirect, else raise ``HttpError``."""
        host = self._check_host(url, first_url)
        ok = set(ok_statuses) | REDIRECT_STATUSES
        cap = max_bytes or self.max_bytes
        attempt = 0
        while True:
            attempt += 1
            retry_after: float | None = None
            try:
                with self._host_slot(host):
                    status, resp_headers, body = self._send_once(method, url, params, headers, json, cap)
            except ResponseTooLarge:
                raise
            except httpx.TransportError as exc:  # timeouts, refused connections, broken streams
                error: HttpError = HttpError(url, f"{type(exc).__name__}: {exc}", None, attempt)
            else:
                if status in ok:
                    return HttpResponse(url, status, resp_headers, body, attempt)
                error = HttpError(url, f"HTTP {status}", status, attempt)
                if status not in RETRY_STATUSES:
                    raise error
                retry_after = parse_retry_after(resp_headers.get("retry-after"))
            if attempt >= self.retry.max_attempts:
                raise error
            delay = self.retry.backoff(attempt, self.rng)
            if retry_after is not None:
                delay = max(delay, min(retry_after, self.retry.max_retry_after))
            self.sleep(delay)

    def _send_once(self, method: str, url: str, params: Mapping[str, str] | None,
                   headers: Mapping[str, str] | None, json: object, cap: int) -> tuple[int, dict[str, str], bytes]:
        with self._client.stream(method, url, params=params, headers=headers, json=json) as response:
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise ResponseTooLarge(url, f"body of {declared} bytes exceeds the cap of {cap}", response.status_code)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise ResponseTooLarge(url, f"body exceeds the cap of {cap} bytes", response.status_code)
                chunks.append(chunk)
            return response.status_code, {k.lower(): v for k, v in response.headers.items()}, b"".join(chunks)
