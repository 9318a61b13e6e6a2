"""WARC record parsing: truncated, non-HTML, huge, mis-encoded and broken records become skips with reasons."""

from __future__ import annotations

import io

from jobsearch_pipelines.lib.companies.models import Evidence, Skip
from jobsearch_pipelines.lib.companies.records import HtmlPage, capture_timestamp, iter_pages, page_from_member
from jobsearch_pipelines_tests.companies.warc_builders import Capture, WarcBuilder, page_bytes


def _member(capture: Capture) -> tuple[bytes, Evidence]:
    builder = WarcBuilder("t.warc.gz", with_request_and_metadata=False)
    record = builder.add(capture)
    data = builder.getvalue()[record.offset:record.offset + record.length]
    return data, Evidence(source_url=capture.url, warc_filename="t.warc.gz", warc_offset=record.offset,
                          warc_length=record.length)


def test_a_good_member_becomes_a_page_with_its_capture_time_and_digest() -> None:
    data, evidence = _member(Capture("https://a.example/", page_bytes("c06_kaiser_de.html"),
                                     timestamp="20260101120000"))
    page = page_from_member(data, evidence)
    assert isinstance(page, HtmlPage)
    assert "Digitalisierung mit Augenmaß" in page.html and page.charset == "utf-8"
    assert page.evidence.capture_timestamp == "20260101120000" and page.evidence.http_status == 200
    assert page.evidence.warc_digest and page.evidence.mime == "text/html"


def test_latin1_page_without_charset_header_decodes() -> None:
    data, evidence = _member(Capture("https://s.example/", page_bytes("c14_sierra_es.html"), content_type="text/html"))
    page = page_from_member(data, evidence)
    assert isinstance(page, HtmlPage) and "Quiénes somos" in page.html and page.charset == "cp1252"


def test_bad_records_are_skipped_with_reasons() -> None:
    data, evidence = _member(Capture("https://a.example/", page_bytes("c01_northwind_en.html")))
    cases = {
        "truncated": page_from_member(data[: len(data) // 2], evidence),
        "too_large": page_from_member(data, evidence, max_uncompressed=1000),
        "unreadable": page_from_member(b"\x1f\x8b\x08\x00garbage" * 10, Evidence("https://x/")),
    }
    cases["compressed cap"] = page_from_member(data, evidence, max_compressed=100)
    pdf, pdf_evidence = _member(Capture("https://a.example/f", b"%PDF-1.4 binary", content_type="application/pdf"))
    cases["not_html"] = page_from_member(pdf, pdf_evidence)
    gone, gone_evidence = _member(Capture("https://a.example/g", b"<html>gone</html>", status=404))
    cases["http_status"] = page_from_member(gone, gone_evidence)
    png, png_evidence = _member(Capture("https://a.example/p", b"\x89PNG\r\n\x1a\n\x00\x00<html>", content_type=None))
    cases["undecodable"] = page_from_member(png, png_evidence)
    empty, empty_evidence = _member(Capture("https://a.example/e", b"   "))
    cases["empty"] = page_from_member(empty, empty_evidence)
    reasons = {name: (r.reason if isinstance(r, Skip) else "page") for name, r in cases.items()}
    assert reasons == {"truncated": "truncated", "too_large": "too_large", "unreadable": "unreadable",
                       "compressed cap": "too_large", "not_html": "not_html", "http_status": "http_status",
                       "undecodable": "undecodable", "empty": "empty"}
    assert all(isinstance(r, Skip) and r.detail and r.evidence for r in cases.values())


def test_html_without_content_type_is_sniffed() -> None:
    data, evidence = _member(Capture("https://a.example/", b"<!DOCTYPE html><html><body>hi</body></html>",
                                     content_type=None))
    assert isinstance(page_from_member(data, evidence), HtmlPage)


def test_iter_pages_walks_a_cc_like_file_and_reports_a_broken_tail() -> None:
    builder = WarcBuilder("crawl-data/CC-MAIN-2026-39/x.warc.gz")
    first = builder.add(Capture("https://a.example/", page_bytes("c03_kestrel_en.html")))
    builder.add(Capture("https://a.example/logo.png", b"\x89PNG\r\n", content_type="image/png"))
    builder.add_raw(b"\x1f\x8b\x08\x00 this is not gzip")
    items = list(iter_pages(io.BytesIO(builder.getvalue()), "x.warc.gz", crawl_id="CC-MAIN-2026-39"))
    pages = [i for i in items if not (isinstance(i, Skip) and i.reason == "not_response")]
    assert [type(i).__name__ for i in pages] == ["HtmlPage", "Skip", "Skip"]
    assert len(items) - len(pages) == sum(1 for i in items if isinstance(i, Skip) and i.reason == "not_response") > 0
    items = pages
    page = items[0]
    assert isinstance(page, HtmlPage)
    assert (page.evidence.warc_offset, page.evidence.warc_length) == (first.offset, first.length)
    assert page.evidence.crawl_id == "CC-MAIN-2026-39"
    assert [i.reason for i in items[1:] if isinstance(i, Skip)] == ["not_html", "unreadable"]


def test_capture_timestamp() -> None:
    assert capture_timestamp("2026-09-15T08:30:00Z") == "20260915083000"
    assert capture_timestamp("garbage") is None
