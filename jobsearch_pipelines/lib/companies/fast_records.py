"""Reading WARC records with FastWARC (resiliparse's reader, several times faster than warcio) for bulk scans.

``fast_records(stream)`` yields the same records ``records.iter_pages`` reads with warcio, as small adapters with
warcio's interface (``rec_type``, ``rec_headers.get_header``, ``http_headers``, ``content_stream()``,
``raw_stream``), each with its offset and length in the file. The HTTP body is decoded by warcio's own readers
(de-chunking, gzip/deflate, falling back to the raw bytes where warcio does), so pages and skips come out the
same. Only per-record gzip or plain WARC files take this path (``can_read``); ARC files and whole-file gzip go
to warcio, and so does the rest of a file from the first record FastWARC cannot read as warcio would (it raises,
the record holds fewer bytes than it declares, or more bytes lie before the next record than the record can
take): warcio reads on from that record. Used by bulk scans; ``companies classify`` reads with warcio.
"""

from __future__ import annotations

import importlib.util
import io
import zlib
from collections.abc import Generator
from typing import IO, Any

from warcio.bufferedreaders import BufferedReader, ChunkedDataReader

_PROBE_BYTES = 1 << 20  # the first gzip member must end within this many compressed bytes
_HEADER_SLACK = 1 << 16  # WARC headers and gzip framing on top of a record's Content-Length


def available() -> bool:
    return importlib.util.find_spec("fastwarc") is not None


def can_read(stream: IO[bytes]) -> bool:
    """A seekable WARC whose records are gzipped one by one, or a plain WARC (checked on its first member, then
    rewound). ARC files, whole-file gzip and anything unexpected are left to warcio."""
    if not stream.seekable():
        return False
    start = stream.tell()
    try:
        head = stream.read(_PROBE_BYTES)
        if head.startswith(b"WARC/"):
            return True
        if not head.startswith(b"\x1f\x8b"):
            return False
        member = zlib.decompressobj(zlib.MAX_WBITS | 16)
        first = member.decompress(head, 64)
        return first.startswith(b"WARC/") and _member_ends_early(member, head)
    except zlib.error:
        return False
    finally:
        stream.seek(start)


def _member_ends_early(member: Any, head: bytes) -> bool:
    """The first gzip member ends before the probe does and another member follows (per-record gzip)."""
    while not member.eof and member.unconsumed_tail:
        member.decompress(member.unconsumed_tail, 1 << 16)
    return member.eof and member.unused_data.startswith(b"\x1f\x8b")


class _Headers:
    """warcio's ``get_header`` (case-insensitive, first value) over a FastWARC header map."""

    def __init__(self, pairs: list[tuple[str, str]], status_line: str = "") -> None:
        self.headers = pairs
        self.statusline = status_line
        self._first: dict[str, str] = {}
        for key, value in pairs:
            self._first.setdefault(key.lower(), value)

    def get_header(self, name: str, default_value: str | None = None) -> str | None:
        return self._first.get(name.lower(), default_value)

    def get_statuscode(self) -> str:
        parts = self.statusline.split(" ", 2)
        return parts[1] if len(parts) > 1 and parts[0].upper().startswith("HTTP/") else parts[0]

    def __bool__(self) -> bool:
        return bool(self.statusline or self.headers)


class FastRecord:
    """One record read whole (headers and payload up to a cap) with warcio's interface."""

    def __init__(self, record: Any, max_payload: int) -> None:
        self.rec_headers = _Headers(record.headers.astuples())
        self.rec_type = (self.rec_headers.get_header("WARC-Type") or "").strip()  # as warcio: not case-folded
        http = record.http_headers
        self.http_headers = _Headers(http.astuples(), http.status_line) if http is not None else None
        self.content_length = record.content_length
        self._payload = record.reader.read(max_payload)
        # fewer bytes than the record declares: a wrong Content-Length or a cut file, which warcio reads its own way
        self.short = len(self._payload) < min(self.content_length, max_payload)

    @property
    def raw_stream(self) -> IO[bytes]:
        return io.BytesIO(self._payload)

    def content_stream(self) -> IO[bytes]:
        """The body as warcio's ``content_stream`` gives it: de-chunked and gzip/deflate-decoded."""
        if not self.http_headers:
            return self.raw_stream
        encoding = (self.http_headers.get_header("content-encoding") or "").lower() or None
        if encoding not in BufferedReader.get_supported_decompressors():
            encoding = None
        if self.http_headers.get_header("transfer-encoding") == "chunked":
            return ChunkedDataReader(self.raw_stream, decomp_type=encoding)
        if encoding:
            return BufferedReader(self.raw_stream, decomp_type=encoding)
        return self.raw_stream


def fast_records(stream: IO[bytes], max_payload: int) -> Generator[tuple[FastRecord, int, int], None, int | None]:
    """``(record, offset, length)`` for every record; a record's length is known once the next one starts.

    Returns None after the last record, or, when FastWARC fails on the file (a corrupt member), the offset of the
    last record it could not finish, for warcio to continue from there and report the failure its way."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    start = stream.tell()
    end = stream.seek(0, io.SEEK_END)
    stream.seek(start)
    pending: tuple[FastRecord, int] | None = None
    try:
        for record in ArchiveIterator(stream, record_types=WarcRecordType.any_type, parse_http=True,
                                      stream_detect=True):
            offset = start + record.stream_pos
            if pending is not None:
                if _gap(pending, offset):
                    return pending[1]
                yield pending[0], pending[1], offset - pending[1]
            current = FastRecord(record, max_payload)
            if current.short:
                return offset
            pending = (current, offset)
    except Exception:  # FastWARC's OSError and friends on broken input: warcio takes over
        return pending[1] if pending is not None else start
    if pending is not None:
        if _gap(pending, end):
            return pending[1]
        yield pending[0], pending[1], end - pending[1]
    return None


def _gap(pending: tuple[FastRecord, int], next_offset: int) -> bool:
    """More bytes before the next record (or the end) than the record can take: FastWARC passed over something
    it could not parse, so warcio reads on from this record and accounts for every record its way."""
    record, offset = pending
    return next_offset - offset > record.content_length + _HEADER_SLACK
