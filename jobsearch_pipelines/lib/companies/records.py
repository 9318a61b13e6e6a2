"""WARC records → HTML pages with warcio, robust to truncated, non-HTML, huge and mis-encoded records.

Every record that cannot be used becomes a ``Skip`` with a short reason code and a detail; nothing raises.
Two entry points: ``page_from_member`` (one gzip member fetched by byte range, domain mode) and ``iter_pages``
(a whole WARC stream, bulk mode).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from jobsearch_pipelines.lib.companies.charset import UndecodableBody, decode_body
from jobsearch_pipelines.lib.companies.models import Evidence, Skip

DEFAULT_MAX_COMPRESSED = 5_000_000
DEFAULT_MAX_UNCOMPRESSED = 15_000_000

_HTML_MIMES = ("text/html", "application/xhtml+xml", "application/xhtml")
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.I)


@dataclass
class HtmlPage:
    """A decoded HTML response with its evidence."""

    url: str
    html: str
    charset: str
    evidence: Evidence
    warc_truncated: str | None = None  # Common Crawl's WARC-Truncated reason (length, time), if any


def capture_timestamp(warc_date: str | None) -> str | None:
    """``2024-05-18T09:12:03Z`` → ``20240518091203``."""
    if not warc_date:
        return None
    digits = re.sub(r"\D", "", warc_date)[:14]
    return digits if len(digits) == 14 else None


def _is_html(mime: str, body: bytes) -> bool:
    mime = mime.lower()
    if any(m in mime for m in _HTML_MIMES):
        return True
    if mime and not mime.startswith(("text/plain", "application/octet-stream", "unk", "text/x-", "application/x-")):
        return False
    return bool(_HTML_SNIFF.search(body[:2048]))


SCREENED_OUT = "screened_out"
SCREENED = Skip(SCREENED_OUT, "no consultancy cue and no ATS link")


def page_from_record(record: Any, evidence: Evidence, max_uncompressed: int,
                     screen: Callable[[bytes], bool] | None = None) -> HtmlPage | Skip:
    """Decode one warcio response record into an ``HtmlPage``, or say why not.

    ``screen`` (bulk mode) sees the raw body before decoding; a page it rejects comes back as the shared
    ``SCREENED`` skip, without evidence (it is only counted).
    """
    headers = record.rec_headers
    http = record.http_headers
    status = int(http.get_statuscode() or 0) if http is not None else None
    mime = (http.get_header("Content-Type") or "").strip() if http is not None else ""

    def where() -> Evidence:
        return Evidence(
            source_url=headers.get_header("WARC-Target-URI") or evidence.source_url,
            crawl_id=evidence.crawl_id,
            capture_timestamp=evidence.capture_timestamp or capture_timestamp(headers.get_header("WARC-Date")),
            warc_filename=evidence.warc_filename, warc_offset=evidence.warc_offset, warc_length=evidence.warc_length,
            warc_digest=evidence.warc_digest or headers.get_header("WARC-Payload-Digest"),
            http_status=status, mime=mime.split(";")[0].strip().lower() or None,
        )

    if record.rec_type != "response":
        return Skip("not_response", f"WARC record type {record.rec_type!r}", where())
    if http is None:
        return Skip("no_http_headers", "response record without HTTP headers", where())
    if status != 200:
        location = http.get_header("Location")
        detail = f"HTTP status {status}" + (f" (redirect to {location})" if location else "")
        return Skip("http_status", detail, where())
    body = record.content_stream().read(max_uncompressed + 1)
    if len(body) > max_uncompressed:
        return Skip("too_large", f"decompressed body exceeds the cap of {max_uncompressed} bytes", where())
    if not body or body.isspace():
        return Skip("empty", "empty body", where())
    if not _is_html(mime, body):
        return Skip("not_html", f"content type {mime or 'missing'!r} and no HTML markup", where())
    if screen is not None and not screen(body):
        return SCREENED
    located = where()
    try:
        html, charset = decode_body(body, mime)
    except UndecodableBody as exc:
        return Skip("undecodable", str(exc), located)
    return HtmlPage(located.source_url, html, charset, located, headers.get_header("WARC-Truncated"))


def page_from_member(data: bytes, evidence: Evidence, *, max_compressed: int = DEFAULT_MAX_COMPRESSED,
                     max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED) -> HtmlPage | Skip:
    """Parse one gzip member (one WARC record fetched by byte range)."""
    if len(data) > max_compressed:
        return Skip("too_large", f"compressed record of {len(data)} bytes exceeds the cap of {max_compressed}",
                    evidence)
    if evidence.warc_length is not None and len(data) < evidence.warc_length:
        return Skip("truncated", f"got {len(data)} of {evidence.warc_length} bytes", evidence)
    try:
        iterator = ArchiveIterator(io.BytesIO(data))
        record = next(iter(iterator), None)
        if record is None:
            return Skip("truncated", "no WARC record in the fetched bytes", evidence)
        return page_from_record(record, evidence, max_uncompressed)
    except Exception as exc:  # warcio/zlib raise many types on broken input; the reason is recorded
        return Skip("truncated" if _looks_truncated(exc) else "unreadable", f"{type(exc).__name__}: {exc}", evidence)


def _looks_truncated(exc: Exception) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return any(k in text for k in ("eof", "incomplete", "truncat", "ended", "unexpected end", "invalid gzip"))


def iter_pages(stream: IO[bytes], filename: str, *, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
               max_compressed: int = DEFAULT_MAX_COMPRESSED, crawl_id: str | None = None,
               screen: Callable[[bytes], bool] | None = None) -> Iterator[HtmlPage | Skip]:
    """Every response record of a WARC stream as a page or a skip; other record types are passed over silently.

    A stream that breaks mid-file (truncated download, corrupt gzip) ends with one ``Skip("unreadable")``.
    """
    iterator = ArchiveIterator(stream)
    base = Evidence(source_url="", crawl_id=crawl_id, warc_filename=filename)
    try:
        for record in iterator:
            if record.rec_type != "response":
                continue
            result = page_from_record(record, base, max_uncompressed, screen)
            if result is SCREENED:
                yield result
                continue
            offset, length = iterator.get_record_offset(), iterator.get_record_length()
            if result.evidence is not None:
                result.evidence = replace(result.evidence, warc_offset=offset, warc_length=length)
            if isinstance(result, HtmlPage) and length > max_compressed:
                yield Skip("too_large", f"compressed record of {length} bytes exceeds the cap of {max_compressed}",
                           result.evidence)
                continue
            yield result
    except Exception as exc:
        yield Skip("unreadable", f"WARC stream broken after offset {iterator.offset}: {type(exc).__name__}: {exc}",
                   replace(base, source_url=filename, warc_offset=iterator.offset))
