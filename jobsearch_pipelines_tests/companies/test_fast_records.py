"""Bulk reading with FastWARC gives exactly what warcio gives: the same pages, skips, reasons, offsets, lengths
and record counts, on real sample archives, a crawl with a corrupt member, and bodies chunked or compressed."""

from __future__ import annotations

import gzip
import io
import zlib
from collections import Counter
from pathlib import Path

import brotli
import pytest
import zstandard

from jobsearch_pipelines.lib.companies import fast_records
from jobsearch_pipelines.lib.companies.models import Skip
from jobsearch_pipelines.lib.companies.records import HtmlPage, iter_pages
from jobsearch_pipelines_tests.companies.warc_builders import Capture, WarcBuilder
from jobsearch_pipelines_tests.companies.world import World

ARCHIVES = Path(__file__).parent / "archives"
HTML = "<html><head><title>Kestrel Advisory</title></head><body><h1>Beratung für Strategie</h1></body></html>"


def _walk(data: bytes, fast: bool) -> tuple[list[tuple], Counter[str]]:
    types: Counter[str] = Counter()
    out: list[tuple] = []
    for item in iter_pages(io.BytesIO(data), "f.warc.gz", fast=fast, record_types=types):
        if isinstance(item, HtmlPage):
            out.append(("page", item.url, item.html, item.charset, item.evidence, item.warc_truncated))
        else:
            assert isinstance(item, Skip)
            out.append(("skip", item.reason, item.detail, item.evidence))
    return out, types


def _chunked(body: bytes) -> bytes:
    return b"".join(f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (body[:40], body[40:])) + b"0\r\n\r\n"


def _encodings_warc() -> bytes:
    html = HTML.encode("utf-8")
    builder = WarcBuilder("enc.warc.gz")
    builder.add(Capture("https://plain.example/", html))
    builder.add(Capture("https://chunked.example/", _chunked(html), headers=[("Transfer-Encoding", "chunked")]))
    builder.add(Capture("https://gzip-chunked.example/", _chunked(gzip.compress(html)),
                        headers=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")]))
    builder.add(Capture("https://deflate.example/", zlib.compress(html), headers=[("Content-Encoding", "deflate")]))
    builder.add(Capture("https://br.example/", brotli.compress(html), headers=[("Content-Encoding", "br")]))
    builder.add(Capture("https://zstd.example/", zstandard.ZstdCompressor().compress(html),
                        headers=[("Content-Encoding", "zstd")]))
    builder.add(Capture("https://not-gzip.example/", html, headers=[("Content-Encoding", "gzip")]))  # mislabelled
    builder.add(Capture("https://latin.example/", HTML.encode("cp1252"), content_type="text/html; charset=latin1"))
    builder.add(Capture("https://moved.example/", b"", status=301, headers=[("Location", "https://x.example/")]))
    return builder.getvalue()


def test_fastwarc_is_installed() -> None:
    assert fast_records.available()  # a main dependency: bulk scans use it


@pytest.mark.parametrize("name", ["example.warc.gz", "example-resource.warc.gz"])
def test_real_sample_archives_read_the_same(name: str) -> None:
    data = (ARCHIVES / name).read_bytes()
    assert fast_records.can_read(io.BytesIO(data))
    assert _walk(data, fast=True) == _walk(data, fast=False)


@pytest.mark.parametrize("name", ["example.arc", "example.arc.gz", "example-bad-non-chunked.warc.gz"])
def test_arc_and_whole_file_gzip_are_left_to_warcio(name: str) -> None:
    data = (ARCHIVES / name).read_bytes()
    assert not fast_records.can_read(io.BytesIO(data))
    assert _walk(data, fast=True) == _walk(data, fast=False)


def test_chunked_and_compressed_bodies_read_the_same() -> None:
    data = _encodings_warc()
    assert fast_records.can_read(io.BytesIO(data))
    fast, fast_types = _walk(data, fast=True)
    assert (fast, fast_types) == _walk(data, fast=False)
    pages = {item[1]: item[2] for item in fast if item[0] == "page"}
    assert all("Beratung" in html for html in pages.values()) and len(pages) == 8
    assert fast_types == Counter({"warcinfo": 1, "request": 9, "response": 9, "metadata": 9})


def test_a_crawl_with_a_corrupt_member_reads_the_same_up_to_the_failure(world: World) -> None:
    fast, types = _walk(world.new_warc, fast=True)
    assert (fast, types) == _walk(world.new_warc, fast=False)
    assert fast[-1][0:2] == ("skip", "unreadable")


def _members(data: bytes) -> list[bytes]:
    """The gzip members of a per-record-gzip WARC."""
    members: list[bytes] = []
    position = 0
    while position < len(data):
        member = zlib.decompressobj(zlib.MAX_WBITS | 16)
        member.decompress(data[position:])
        size = len(data) - position - len(member.unused_data)
        members.append(data[position:position + size])
        position += size
    return members


MALFORMED = {
    "bad version": lambda block: block.replace(b"WARC/1.0", b"WARC/9.9", 1).replace(b"WARC/1.1", b"WARC/9.9", 1),
    "no Content-Length": lambda block: block.replace(b"Content-Length", b"X-Length", 1),
    "garbage before the record": lambda block: b"garbage\r\n" + block,
    "Content-Length too large": lambda block: block.replace(b"Content-Length: ", b"Content-Length: 9", 1),
    "capitalised record type": lambda block: block.replace(b"WARC-Type: response", b"WARC-Type: Response", 1),
}


@pytest.mark.parametrize("position", [1, 2, 3])  # first, middle and last response
@pytest.mark.parametrize("damage", list(MALFORMED))
def test_a_record_fastwarc_reads_differently_is_left_to_warcio(damage: str, position: int) -> None:
    builder = WarcBuilder("m.warc.gz", with_request_and_metadata=False)
    for host in ("a", "b", "c"):
        builder.add(Capture(f"https://{host}.example/", HTML.encode()))
    members = _members(builder.getvalue())
    members[position] = gzip.compress(MALFORMED[damage](gzip.decompress(members[position])))
    data = b"".join(members)
    assert _walk(data, fast=True) == _walk(data, fast=False)
