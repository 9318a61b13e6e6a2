"""Build Common-Crawl-like WARC files with warcio (warcinfo, then request/response/metadata per page) and
the CDX rows that point into them."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGES_DIR = Path(__file__).parent / "pages"
LABELS_FILE = PAGES_DIR / "labels.json"


def labelled_pages() -> list[dict[str, Any]]:
    return json.loads(LABELS_FILE.read_text(encoding="utf-8"))


def page_bytes(name: str) -> bytes:
    return (PAGES_DIR / name).read_bytes()


@dataclass
class Capture:
    """One page to write: URL, body, HTTP status/headers, capture time."""

    url: str
    body: bytes
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    timestamp: str = "20260915120000"
    headers: list[tuple[str, str]] = field(default_factory=list)
    cdx_mime: str | None = None  # what the index claims (defaults to the content type)
    cdx_status: int | None = None  # what the index claims (defaults to the status)


@dataclass
class WrittenRecord:
    capture: Capture
    offset: int
    length: int
    digest: str


class WarcBuilder:
    """Accumulates records into one gzip WARC (each record its own gzip member, as Common Crawl does)."""

    def __init__(self, filename: str, with_request_and_metadata: bool = True) -> None:
        self.filename = filename
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=True)
        self.records: list[WrittenRecord] = []
        self.extra = with_request_and_metadata
        info = self.writer.create_warcinfo_record(filename, {"software": "jobsearch tests", "format": "WARC/1.1"})
        self.writer.write_record(info)

    def add(self, capture: Capture) -> WrittenRecord:
        date = datetime.strptime(capture.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        warc_date = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.extra:
            request = self.writer.create_warc_record(
                capture.url, "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True),
                warc_headers_dict={"WARC-Date": warc_date})
            self.writer.write_record(request)
        reason = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found"}.get(capture.status, "X")
        headers = list(capture.headers)
        if capture.content_type:
            headers.append(("Content-Type", capture.content_type))
        headers.append(("Content-Length", str(len(capture.body))))
        http = StatusAndHeaders(f"{capture.status} {reason}", headers, protocol="HTTP/1.1")
        record = self.writer.create_warc_record(capture.url, "response", payload=io.BytesIO(capture.body),
                                                http_headers=http, warc_headers_dict={"WARC-Date": warc_date})
        offset = self.buffer.tell()
        self.writer.write_record(record)
        length = self.buffer.tell() - offset
        digest = record.rec_headers.get_header("WARC-Payload-Digest") or hashlib.sha1(capture.body).hexdigest()
        written = WrittenRecord(capture, offset, length, digest)
        self.records.append(written)
        if self.extra:
            meta = self.writer.create_warc_record(capture.url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                                                  warc_content_type="application/warc-fields",
                                                  warc_headers_dict={"WARC-Date": warc_date})
            self.writer.write_record(meta)
        return written

    def add_raw(self, data: bytes) -> None:
        """Append raw bytes (e.g. a corrupt member) to the file."""
        self.buffer.write(data)

    def getvalue(self) -> bytes:
        return self.buffer.getvalue()

    def write(self, path: Path) -> Path:
        path.write_bytes(self.getvalue())
        return path

    def cdx_rows(self, crawl_id: str) -> list[dict[str, Any]]:
        rows = []
        for rec in self.records:
            c = rec.capture
            location = next((v for k, v in c.headers if k.lower() == "location"), None)
            row = {"url": c.url, "timestamp": c.timestamp, "status": str(c.cdx_status or c.status),
                   "mime": (c.cdx_mime or c.content_type or "unk").split(";")[0],
                   "mime-detected": (c.cdx_mime or c.content_type or "unk").split(";")[0],
                   "length": str(rec.length), "offset": str(rec.offset), "filename": self.filename,
                   "digest": rec.digest, "crawl": crawl_id}
            if location:
                row["redirect"] = location
            rows.append(row)
        return rows
