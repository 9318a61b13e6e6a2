"""WARC and ARC records → HTML pages with warcio, robust to truncated, non-HTML, huge, compressed and mis-encoded
records.

Every record becomes a page or a ``Skip`` with a short reason code and a detail; nothing raises.
Two entry points: ``page_from_member`` (one gzip member fetched by byte range, domain mode) and ``iter_pages``
(a whole WARC stream, bulk mode).
"""

from __future__ import annotations

import gzip
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import IO, Any

import brotli
import zstandard
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from jobsearch_pipelines.lib.companies import fast_records
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
# Record types that never hold a page: counted by type in the scan's statistics, skipped as `not_response`.
NON_PAGE_TYPES = frozenset({"request", "metadata", "warcinfo", "dns", "conversion", "continuation", "arc_header"})
_CONTENT_CODINGS = ("gzip", "x-gzip", "deflate", "br", "zstd", "identity", "")


def _target(headers: Any) -> str | None:
    """The record's URL: WARC-Target-URI, or the ARC header's URL field."""
    return headers.get_header("WARC-Target-URI") or headers.get_header("uri")


def _date(headers: Any) -> str | None:
    """The capture time: WARC-Date (ISO 8601), or the ARC header's 14-digit archive-date."""
    return headers.get_header("WARC-Date") or headers.get_header("archive-date")


def page_from_record(record: Any, evidence: Evidence, max_uncompressed: int,
                     screen: Callable[[bytes], bool] | None = None) -> HtmlPage | Skip:
    """Decode one warcio record (WARC response or resource, ARC response) into an ``HtmlPage``, or say why not.

    ``screen`` (bulk mode) sees the decoded body before charset decoding; a page it rejects comes back as the
    shared ``SCREENED`` skip, without evidence (it is only counted).
    """
    headers = record.rec_headers
    if record.rec_type not in ("response", "resource"):
        return Skip("not_response", f"WARC record type {record.rec_type!r}", _where(headers, evidence, None, ""))
    http = record.http_headers if record.rec_type == "response" else None
    status = _status(http)
    mime = ((http.get_header("Content-Type") if http is not None else headers.get_header("Content-Type")) or "")
    located = _where(headers, evidence, status, mime.strip())
    if record.rec_type == "response" and http is None:
        return Skip("no_http_headers", "response record without HTTP headers", located)
    if status is not None and status != 200:
        location = http.get_header("Location") if http is not None else None
        detail = f"HTTP status {status}" + (f" (redirect to {location})" if location else "")
        return Skip("http_status", detail, located)
    body = _body(record, http, max_uncompressed)
    if isinstance(body, Skip):
        return replace(body, evidence=located)
    return page_from_body(body, mime, located, max_uncompressed, screen, headers.get_header("WARC-Truncated"))


def _status(http: Any) -> int | None:
    if http is None:
        return None
    code = (http.get_statuscode() or "").strip()
    return int(code) if code.isdigit() else 0


def _where(headers: Any, evidence: Evidence, status: int | None, mime: str) -> Evidence:
    return Evidence(
        source_url=_target(headers) or evidence.source_url, crawl_id=evidence.crawl_id,
        capture_timestamp=evidence.capture_timestamp or capture_timestamp(_date(headers)),
        warc_filename=evidence.warc_filename, warc_offset=evidence.warc_offset, warc_length=evidence.warc_length,
        warc_digest=evidence.warc_digest or headers.get_header("WARC-Payload-Digest"),
        http_status=status, mime=mime.split(";")[0].strip().lower() or None,
    )


def _body(record: Any, http: Any, max_uncompressed: int) -> bytes | Skip:
    """The payload with its Content-Encoding undone and capped: gzip and deflate by warcio, br (Google's
    ``brotli``, whose API warcio's own br support does not match) and zstd here."""
    coding = ((http.get_header("Content-Encoding") if http is not None else None) or "").strip().lower()
    if coding not in _CONTENT_CODINGS:
        return Skip("undecodable", f"Content-Encoding {coding!r} is not supported")
    try:
        if coding in ("br", "zstd"):
            body = _decompress(coding, _raw_payload(record, http), max_uncompressed)
        else:
            body = record.content_stream().read(max_uncompressed + 1)
    except Exception as exc:  # brotli, zstd and zlib raise their own types on corrupt data
        return Skip("undecodable", f"Content-Encoding {coding!r}: {type(exc).__name__}: {exc}")
    if len(body) > max_uncompressed:
        return Skip("too_large", f"decompressed body exceeds the cap of {max_uncompressed} bytes")
    return body


def _raw_payload(record: Any, http: Any) -> bytes:
    """The HTTP body as stored, only de-chunked (still content-encoded)."""
    raw = record.raw_stream.read()
    if "chunked" in (http.get_header("Transfer-Encoding") or "").lower():
        raw = ChunkedDataReader(io.BytesIO(raw)).read()
    return raw


def _decompress(coding: str, data: bytes, max_uncompressed: int) -> bytes:
    """At most ``max_uncompressed + 1`` bytes of the decoded body (a decompression bomb stops at the cap)."""
    if coding == "br":
        return brotli.Decompressor().process(data, output_buffer_limit=max_uncompressed + 1)[: max_uncompressed + 1]
    reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data))
    return reader.read(max_uncompressed + 1)


def page_from_body(body: bytes, mime: str, located: Evidence, max_uncompressed: int,
                   screen: Callable[[bytes], bool] | None = None, warc_truncated: str | None = None
                   ) -> HtmlPage | Skip:
    """An HTML page from a decoded HTTP body (a response's, a resource's, or a revisit's original's)."""
    if len(body) > max_uncompressed:
        return Skip("too_large", f"decompressed body exceeds the cap of {max_uncompressed} bytes", located)
    if not body or body.isspace():
        return Skip("empty", "empty body", located)
    if not _is_html(mime, body):
        return Skip("not_html", f"content type {mime or 'missing'!r} and no HTML markup", located)
    if screen is not None and not screen(body):
        return SCREENED
    try:
        html, charset = decode_body(body, mime)
    except UndecodableBody as exc:
        return Skip("undecodable", str(exc), located)
    return HtmlPage(located.source_url, html, charset, located, warc_truncated)


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


@dataclass
class _Original:
    """A response a later revisit record may point to (same payload digest, or same URL and date)."""

    mime: str
    body: bytes


def _records(stream: IO[bytes]) -> Iterator[tuple[Any, ArchiveIterator]]:
    """Every record with its iterator (offset before reading it, length after); a whole-file-gzipped WARC (one
    gzip member, which warcio refuses to iterate) is read again through one gzip stream, so its records are not
    lost (offsets then point into the uncompressed stream)."""
    iterator = ArchiveIterator(stream)
    seen = 0
    try:
        for record in iterator:
            seen += 1
            yield record, iterator
        return
    except ArchiveLoadFailed as exc:
        if "non-chunked" not in str(exc) or not stream.seekable():
            raise
    stream.seek(0)
    unzipped = ArchiveIterator(gzip.GzipFile(fileobj=stream))
    for index, record in enumerate(unzipped):
        if index >= seen:
            yield record, unzipped


def _positioned(stream: IO[bytes], max_payload: int, fast: bool | None
                ) -> Iterator[tuple[Any, Callable[[], tuple[int, int]]]]:
    """Every record with a function giving its (offset, length) once its body has been read: FastWARC where it is
    installed and can read the file (``fast`` None or True), warcio otherwise."""
    resume = 0
    if fast is not False and fast_records.available() and fast_records.can_read(stream):
        reader = fast_records.fast_records(stream, max_payload)
        while True:
            try:
                record, offset, length = next(reader)
            except StopIteration as done:
                resume = done.value
                break
            yield record, lambda o=offset, n=length: (o, n)  # type: ignore[misc]
        if resume is None:
            return
        stream.seek(resume)  # FastWARC failed here: warcio reads on and reports the failure its way
    for record, iterator in _records(stream):  # warcio's offsets count from the file's start
        yield record, lambda it=iterator: (it.get_record_offset(), it.get_record_length())  # type: ignore[misc]


def iter_pages(stream: IO[bytes], filename: str, *, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
               max_compressed: int = DEFAULT_MAX_COMPRESSED, crawl_id: str | None = None,
               screen: Callable[[bytes], bool] | None = None, record_types: Counter[str] | None = None,
               max_originals_bytes: int = 64_000_000, fast: bool | None = False) -> Iterator[HtmlPage | Skip]:
    """One page or skip per record of a WARC or ARC stream (gzipped per record, whole-file, or plain).

    Responses and resources are analysed; a revisit is analysed with its original's body when the original is in
    the same file (by payload digest, else by WARC-Refers-To URL and date), else skipped as ``revisit``;
    request, metadata, warcinfo, dns and ARC header records are skipped as ``not_response``. ``record_types``
    counts every record by type. A stream that breaks mid-file ends with one ``Skip("unreadable")``. ``fast``:
    None reads with FastWARC where it can read the file (bulk scans), False always with warcio (``companies
    classify``: the most lenient reader for whatever file a user brings); the results are the same.
    """
    base = Evidence(source_url="", crawl_id=crawl_id, warc_filename=filename)
    originals: dict[str, _Original] = {}
    kept_bytes = 0
    offset = 0
    try:
        max_payload = max(max_uncompressed, max_compressed) + 65_536
        for record, position in _positioned(stream, max_payload, fast):
            kind = record.rec_type
            if record_types is not None:
                record_types[kind] += 1
            if kind == "revisit":
                result = _revisit(record, base, originals, max_uncompressed, screen)
            else:
                result = page_from_record(record, base, max_uncompressed, screen)
            if result is SCREENED:
                yield result
                continue
            # warcio knows a record's offset and length once it is read to its end: after the body
            offset, length = position()
            if result.evidence is not None:
                result.evidence = result.evidence.at(offset, length)
            if isinstance(result, HtmlPage):
                if kind == "response" and kept_bytes < max_originals_bytes:
                    digest = record.rec_headers.get_header("WARC-Payload-Digest")
                    original = _Original(result.evidence.mime or "text/html", result.html.encode("utf-8"))
                    for key in filter(None, (digest, _url_date(_target(record.rec_headers),
                                                               _date(record.rec_headers)))):
                        originals[key] = original
                    kept_bytes += len(original.body)
                if length > max_compressed:
                    yield Skip("too_large", f"compressed record of {length} bytes exceeds the cap of "
                                            f"{max_compressed}", result.evidence)
                    continue
            yield result
    except Exception as exc:
        yield Skip("unreadable", f"WARC stream broken after offset {offset}: {type(exc).__name__}: {exc}",
                   replace(base, source_url=filename, warc_offset=offset))


def _url_date(url: str | None, date: str | None) -> str | None:
    return f"{url} {capture_timestamp(date)}" if url and date else None


def _revisit(record: Any, where: Evidence, originals: dict[str, _Original], max_uncompressed: int,
             screen: Callable[[bytes], bool] | None) -> HtmlPage | Skip:
    headers = record.rec_headers
    located = _where(headers, where, 200, "")
    original = originals.get(headers.get_header("WARC-Payload-Digest") or "") or originals.get(
        _url_date(headers.get_header("WARC-Refers-To-Target-URI"), headers.get_header("WARC-Refers-To-Date")) or "")
    if original is None:
        return Skip("revisit", "revisit record whose original is not in this file", located)
    return page_from_body(original.body, f"{original.mime}; charset=utf-8", replace(located, mime=original.mime),
                          max_uncompressed, screen)
