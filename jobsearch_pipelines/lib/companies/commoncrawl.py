"""Common Crawl client: crawl list (collinfo.json), CDX index lookups, WARC records by HTTP Range.

Built on the shared ``HttpClient`` (timeouts, retries with backoff, Retry-After, size caps, allowed hosts):
only the configured index and data hosts are ever contacted. Index requests are paced globally (the index
server answers 503 "slow down" to impatient clients) and a range fetch must come back as 206.
"""

from __future__ import annotations

import io
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from jobsearch_pipelines.lib.companies.models import Evidence, Skip
from jobsearch_pipelines.lib.companies.records import (
    DEFAULT_MAX_COMPRESSED,
    DEFAULT_MAX_UNCOMPRESSED,
    HtmlPage,
    page_from_member,
)
from jobsearch_pipelines.lib.http_client import HttpClient, HttpError

DEFAULT_INDEX_URL = "https://index.commoncrawl.org"
DEFAULT_DATA_URL = "https://data.commoncrawl.org"
CRAWL_ID = re.compile(r"^CC-MAIN-\d{4}-\d{2}$")
CDX_FIELDS = ("url,timestamp,status,mime,mime-detected,length,offset,filename,digest,redirect,languages,charset,"
              "truncated")
_HTMLISH = ("text/html", "application/xhtml")


class CommonCrawlError(Exception):
    """Common Crawl could not be queried (after retries)."""


@dataclass(frozen=True)
class Capture:
    """One CDX line: where a capture of ``url`` lives in which WARC file."""

    url: str
    timestamp: str
    crawl_id: str
    filename: str
    offset: int
    length: int
    status: int
    mime: str = ""
    mime_detected: str = ""
    digest: str | None = None
    redirect: str | None = None
    languages: str | None = None

    @property
    def is_html(self) -> bool:
        return any(m in (self.mime + " " + self.mime_detected).lower() for m in _HTMLISH)

    def evidence(self) -> Evidence:
        return Evidence(source_url=self.url, crawl_id=self.crawl_id, capture_timestamp=self.timestamp,
                        warc_filename=self.filename, warc_offset=self.offset, warc_length=self.length,
                        warc_digest=self.digest, http_status=self.status, mime=self.mime or self.mime_detected)


def parse_cdx_line(line: str, crawl_id: str) -> Capture | None:
    """A ``Capture`` from one line of ``output=json`` (plain JSON or ``SURT TIMESTAMP {json}``); None if unusable."""
    line = line.strip()
    if not line:
        return None
    brace = line.find("{")
    if brace < 0:
        return None
    try:
        row: dict[str, Any] = json.loads(line[brace:])
        return Capture(
            url=str(row["url"]), timestamp=str(row["timestamp"]), crawl_id=crawl_id, filename=str(row["filename"]),
            offset=int(row["offset"]), length=int(row["length"]), status=int(row.get("status") or 0),
            mime=str(row.get("mime") or ""), mime_detected=str(row.get("mime-detected") or ""),
            digest=row.get("digest"), redirect=row.get("redirect"), languages=row.get("languages"),
        )
    except (ValueError, KeyError, TypeError):
        return None


class Pacer:
    """At most one call per ``interval`` seconds across threads (global politeness towards the index server)."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if self.interval <= 0:
            return
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)


class CommonCrawlClient:
    """See the module docstring. ``http`` should allow exactly the index and data hosts."""

    def __init__(self, http: HttpClient, *, index_url: str = DEFAULT_INDEX_URL, data_url: str = DEFAULT_DATA_URL,
                 max_compressed: int = DEFAULT_MAX_COMPRESSED, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
                 index_interval: float = 1.0, cdx_limit: int = 5, fallback_crawl_ids: Sequence[str] = ()) -> None:
        self.http = http
        self.index_url = index_url.rstrip("/")
        self.data_url = data_url.rstrip("/")
        self.max_compressed = max_compressed
        self.max_uncompressed = max_uncompressed
        self.cdx_limit = cdx_limit
        self.fallback_crawl_ids = list(fallback_crawl_ids)
        self.pacer = Pacer(index_interval)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> CommonCrawlClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def hosts(index_url: str, data_url: str, extra: Iterable[str] = ()) -> list[str]:
        """The allow-list for the HTTP client: the configured hosts and nothing else."""
        hosts = {(urlsplit(u).hostname or "").lower() for u in (index_url, data_url)}
        hosts.update(h.lower() for h in extra)
        return sorted(h for h in hosts if h)

    # ---------------------------------------------------------------------------------------------- index

    def recent_crawl_ids(self, limit: int = 6) -> list[str]:
        """The ``limit`` newest crawl ids from collinfo.json (falls back to configured ids if it is unreachable)."""
        if not 1 <= limit <= 24:
            raise ValueError(f"recent_crawls: must be between 1 and 24, got {limit}")
        self.pacer.wait()
        try:
            response = self.http.get(f"{self.index_url}/collinfo.json")
            rows = json.loads(response.content)
        except (HttpError, ValueError) as exc:
            if self.fallback_crawl_ids:
                return sorted(self.fallback_crawl_ids, reverse=True)[:limit]
            raise CommonCrawlError(f"collinfo.json: {exc}") from exc
        ids = {str(row.get("id", "")) for row in rows if isinstance(row, dict)}
        return sorted((i for i in ids if CRAWL_ID.match(i)), reverse=True)[:limit]

    def cdx_lookup(self, crawl_id: str, url: str, *, limit: int | None = None,
                   match_type: str | None = None) -> list[Capture]:
        """Captures of ``url`` in one crawl, newest first (2xx/3xx only); [] when the index has none."""
        params: list[tuple[str, str]] = [("url", url), ("output", "json"), ("sort", "reverse"),
                                         ("limit", str(limit or self.cdx_limit)),
                                         ("filter", "~status:^(2..|30[12378])$"), ("fl", CDX_FIELDS)]
        if match_type:
            params.append(("matchType", match_type))
        self.pacer.wait()
        try:
            response = self.http.get(f"{self.index_url}/{crawl_id}-index?{urlencode(params)}", ok_statuses=(200, 404))
        except HttpError as exc:
            raise CommonCrawlError(f"CDX {crawl_id} {url}: {exc}") from exc
        if response.status == 404:  # "No Captures found"
            return []
        captures = [c for c in (parse_cdx_line(line, crawl_id) for line in response.text.splitlines()) if c]
        captures = [c for c in captures if 200 <= c.status < 400]
        return sorted(captures, key=lambda c: c.timestamp, reverse=True)

    def newest_capture(self, url: str, crawl_ids: Sequence[str], *, follow_redirects: int = 1) -> Capture | None:
        """The newest 200 HTML capture of ``url`` across crawls (newest crawl first); follows a captured redirect
        to the same site once when that is all a crawl holds."""
        site = _site(url)
        for crawl_id in crawl_ids:
            captures = self.cdx_lookup(crawl_id, url)
            best = next((c for c in captures if c.status == 200 and c.is_html), None)
            if best:
                return best
            redirect = next((c.redirect for c in captures if 300 <= c.status < 400 and c.redirect), None)
            if redirect and follow_redirects > 0 and _site(redirect) == site and redirect != url:
                target = self.newest_capture(redirect, [crawl_id], follow_redirects=follow_redirects - 1)
                if target:
                    return target
        return None

    # ---------------------------------------------------------------------------------------------- data

    def fetch_record(self, capture: Capture) -> bytes:
        """The gzip member of one WARC record, by HTTP Range; anything but a 206 with a byte range fails."""
        if capture.length > self.max_compressed:
            raise RecordTooLarge(f"record of {capture.length} bytes exceeds the cap of {self.max_compressed}")
        end = capture.offset + capture.length - 1
        response = self.http.get(f"{self.data_url}/{capture.filename.lstrip('/')}",
                                 headers={"Range": f"bytes={capture.offset}-{end}"}, ok_statuses=(206,),
                                 max_bytes=self.max_compressed)
        if not response.headers.get("content-range", "").lower().startswith("bytes"):
            raise HttpError(response.url, "206 without a Content-Range in bytes", response.status)
        return response.content

    def fetch_page(self, capture: Capture) -> HtmlPage | Skip:
        """Fetch and decode one capture; every problem becomes a ``Skip`` with a reason."""
        evidence = capture.evidence()
        try:
            data = self.fetch_record(capture)
        except RecordTooLarge as exc:
            return Skip("too_large", str(exc), evidence)
        except HttpError as exc:
            reason = "too_large" if "exceeds the cap" in str(exc) else "fetch_failed"
            return Skip(reason, str(exc), evidence)
        return page_from_member(data, evidence, max_compressed=self.max_compressed,
                                max_uncompressed=self.max_uncompressed)

    def open_remote(self, url: str, chunk_size: int = 8 * 1024 * 1024) -> io.BufferedReader:
        """A streaming reader over a remote WARC file, fetched in Range chunks (each chunk retried on its own)."""
        return io.BufferedReader(RangeReader(self.http, url, chunk_size), buffer_size=1024 * 1024)


class RecordTooLarge(Exception):
    """The CDX length of a record is above the compressed-size cap."""


class RangeReader(io.RawIOBase):
    """A read-only file over HTTP Range requests: bounded memory however big the remote file is."""

    def __init__(self, http: HttpClient, url: str, chunk_size: int) -> None:
        super().__init__()
        self.http = http
        self.url = url
        self.chunk_size = chunk_size
        self.position = 0
        self.total: int | None = None
        self._buffer = b""
        self._start = 0

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        if self.total is not None and self.position >= self.total:
            return
        end = self.position + self.chunk_size - 1
        response = self.http.get(self.url, headers={"Range": f"bytes={self.position}-{end}"}, ok_statuses=(206, 416),
                                 max_bytes=self.chunk_size + 1024)
        if response.status == 416:
            self.total = self.position
            return
        content_range = response.headers.get("content-range", "")
        match = re.match(r"bytes (\d+)-(\d+)/(\d+|\*)", content_range)
        if not match or int(match.group(1)) != self.position:
            raise HttpError(self.url, f"bad Content-Range {content_range!r} for offset {self.position}",
                            response.status)
        if match.group(3) != "*":
            self.total = int(match.group(3))
        self._buffer = response.content
        self._start = 0
        if not self._buffer:
            self.total = self.position

    def readinto(self, b: Any) -> int:
        if self._start >= len(self._buffer):
            self._fill()
            if self._start >= len(self._buffer):
                return 0
        n = min(len(b), len(self._buffer) - self._start)
        b[:n] = self._buffer[self._start:self._start + n]
        self._start += n
        self.position += n
        return n


def _site(url: str) -> str:
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


INDEX_URL_ENV = "JOBSEARCH_CC_INDEX_URL"
DATA_URL_ENV = "JOBSEARCH_CC_DATA_URL"


def build_client(*, index_url: str | None = None, data_url: str | None = None, timeout: float = 20.0,
                 max_attempts: int = 4, index_interval: float = 1.0, per_host_concurrency: int = 5,
                 max_compressed: int = DEFAULT_MAX_COMPRESSED, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
                 extra_hosts: Iterable[str] = (), sleep: Callable[[float], None] = time.sleep) -> CommonCrawlClient:
    """A client whose HTTP allow-list is exactly the configured hosts (URLs default to the env, then CC)."""
    import os

    from jobsearch_pipelines.lib.http_client import RetryPolicy

    index_url = index_url or os.environ.get(INDEX_URL_ENV) or DEFAULT_INDEX_URL
    data_url = data_url or os.environ.get(DATA_URL_ENV) or DEFAULT_DATA_URL
    http = HttpClient(timeout=timeout, max_bytes=max(max_compressed, 64 * 1024 * 1024),
                      per_host_concurrency=per_host_concurrency, retry=RetryPolicy(max_attempts=max_attempts),
                      allowed_hosts=CommonCrawlClient.hosts(index_url, data_url, extra_hosts),
                      user_agent="jobsearch-pipelines-ccx/1.0 (company discovery)", sleep=sleep)
    return CommonCrawlClient(http, index_url=index_url, data_url=data_url, max_compressed=max_compressed,
                             max_uncompressed=max_uncompressed, index_interval=index_interval)
