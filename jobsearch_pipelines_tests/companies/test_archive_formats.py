"""Every record type, format and encoding of real web archives: ARC, revisit, resource, whole-file gzip,
Content-Encoding br/zstd, WHATWG charset labels. Real warcio sample files (archives/NOTICE.md) where they exist,
records built with warcio otherwise."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import brotli
import pytest
import zstandard
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import CompanyPageSkip
from jobsearch_pipelines.lib.companies.bulk import get_or_create_scan, save_scan, scan_stream
from jobsearch_pipelines.lib.companies.charset import decode_body, normalize_charset
from jobsearch_pipelines.lib.companies.models import Skip
from jobsearch_pipelines.lib.companies.records import HtmlPage, iter_pages
from jobsearch_pipelines_tests.companies.warc_builders import Capture, WarcBuilder

ARCHIVES = Path(__file__).parent / "archives"


def _walk(name: str) -> tuple[list[HtmlPage | Skip], Counter[str]]:
    types: Counter[str] = Counter()
    with (ARCHIVES / name).open("rb") as stream:
        return list(iter_pages(stream, name, record_types=types)), types


@pytest.mark.parametrize("name", ["example.arc", "example.arc.gz"])
def test_arc_files_keep_url_and_date(name: str) -> None:
    items, types = _walk(name)
    assert types == {"arc_header": 1, "response": 1}
    [page] = [i for i in items if isinstance(i, HtmlPage)]
    assert page.url == "http://example.com/" and page.evidence.capture_timestamp == "20140216050221"
    assert "Example Domain" in page.html
    assert [i.reason for i in items if isinstance(i, Skip)] == ["not_response"]


def test_a_revisit_is_analysed_with_its_original_and_every_record_is_accounted_for() -> None:
    items, types = _walk("example.warc.gz")
    assert types == {"warcinfo": 2, "response": 1, "request": 2, "revisit": 1}
    assert len(items) == sum(types.values())  # one page or skip per record
    pages = [i for i in items if isinstance(i, HtmlPage)]
    assert [p.evidence.capture_timestamp for p in pages] == ["20170306040206", "20170306040348"]
    assert pages[0].html == pages[1].html


def test_a_revisit_whose_original_is_elsewhere_is_skipped_with_its_reason() -> None:
    with (ARCHIVES / "example.warc.gz").open("rb") as stream:
        data = stream.read()
    items, _ = _walk("example.warc.gz")
    revisit_at = [i for i in items if isinstance(i, HtmlPage)][1].evidence.warc_offset
    only_revisit = list(iter_pages(io.BytesIO(data[revisit_at:]), "tail.warc.gz"))
    assert next(i.reason for i in only_revisit if isinstance(i, Skip)) == "revisit"


def test_a_whole_file_gzipped_warc_is_read_to_its_end() -> None:
    items, types = _walk("example-bad-non-chunked.warc.gz")
    assert types == {"warcinfo": 2, "response": 1, "request": 2, "revisit": 1}
    assert sum(isinstance(i, HtmlPage) for i in items) == 2
    assert not [i for i in items if isinstance(i, Skip) and i.reason == "unreadable"]


def test_a_resource_record_with_html_is_analysed() -> None:
    items, types = _walk("example-resource.warc.gz")
    assert types["resource"] == 1
    [page] = [i for i in items if isinstance(i, HtmlPage)]
    assert page.url == "http://example.com/" and "Example Domain" in page.html


def test_classify_accepts_arc_files(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["companies", "classify", "--input", str(ARCHIVES / "example.arc"),
                                      "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert '"url": "http://example.com/"' in out.read_text(encoding="utf-8")


HTML = ("<html><head><title>Kestrel Advisory — Beratung</title></head><body><h1>Unternehmensberatung</h1>"
        "<p>Wir beraten Unternehmen bei Strategie und Digitalisierung.</p></body></html>").encode()


@pytest.mark.parametrize(("coding", "encode"), [
    ("br", brotli.compress),
    ("zstd", lambda b: zstandard.ZstdCompressor().compress(b)),
    ("gzip", lambda b: __import__("gzip").compress(b)),
    ("deflate", lambda b: __import__("zlib").compress(b)),
])
def test_content_encodings_are_undone_before_the_prescreen(coding: str, encode: object) -> None:
    builder = WarcBuilder("enc.warc.gz", with_request_and_metadata=False)
    builder.add(Capture("https://kestrel.example/", encode(HTML), headers=[("Content-Encoding", coding)]))  # type: ignore[operator]
    items = list(iter_pages(io.BytesIO(builder.getvalue()), "enc.warc.gz"))
    [page] = [i for i in items if isinstance(i, HtmlPage)]
    assert "Unternehmensberatung" in page.html
    outcome = scan_stream(io.BytesIO(builder.getvalue()), "enc.warc.gz", workers=0)
    assert outcome.screened_out == 0 and outcome.pages_parsed == 1


def test_an_unknown_or_broken_encoding_is_skipped_naming_it() -> None:
    builder = WarcBuilder("enc.warc.gz", with_request_and_metadata=False)
    builder.add(Capture("https://a.example/", b"\x00\x01compressed", headers=[("Content-Encoding", "compress")]))
    builder.add(Capture("https://b.example/", b"not brotli at all", headers=[("Content-Encoding", "br")]))
    skips = [i for i in iter_pages(io.BytesIO(builder.getvalue()), "enc.warc.gz")
             if isinstance(i, Skip) and i.reason != "not_response"]
    assert [s.reason for s in skips] == ["undecodable", "undecodable"]
    assert "'compress'" in skips[0].detail and "'br'" in skips[1].detail


@pytest.mark.parametrize(("label", "codec"), [
    ("gb2312", "gb18030"), ("GBK", "gb18030"), ("iso-8859-1", "cp1252"), ("latin1", "cp1252"),
    ("us-ascii", "cp1252"), ("shift_jis", "cp932"), ("x-sjis", "cp932"), ("euc-kr", "cp949"), ("utf8", "utf-8"),
    ("no-such-charset", None),
])
def test_charset_labels_follow_the_whatwg_mapping(label: str, codec: str | None) -> None:
    assert normalize_charset(label) == codec


def test_gb2312_labelled_pages_with_gbk_characters_decode() -> None:
    text = "<title>深圳市腾讯计算机系统有限公司 喆 镕 咨询服务</title>"
    assert decode_body(text.encode("gbk"), "text/html; charset=gb2312") == (text, "gb18030")


def test_a_stray_byte_in_a_utf8_page_is_replaced_not_a_reason_to_switch_charsets() -> None:
    text = "<html><body>" + "<p>Beratung in München, Qualität zählt.</p>" * 20 + "</body></html>"
    body = text.encode("utf-8")
    broken = body[:100] + b"\xff" + body[100:]
    decoded, charset = decode_body(broken, "text/html; charset=UTF-8")
    assert charset == "utf-8" and decoded.count("\ufffd") == 1 and "München" in decoded


def test_undeclared_charsets_are_detected() -> None:
    japanese = ("<html><head><title>株式会社さくらコンサルティング｜経営戦略とDX支援</title></head><body>"
                "<h1>私たちについて</h1><p>株式会社さくらコンサルティングは、東京を拠点に中小企業から大企業まで幅広いお客様の"
                "経営課題を解決する独立系のコンサルティング会社です。戦略立案、業務改革、デジタルトランスフォーメーションの推進、"
                "人材育成まで、一貫したサービスを提供しています。</p><h2>サービス</h2><ul><li>経営戦略の策定</li>"
                "<li>業務プロセスの改善</li><li>システム導入の支援</li></ul></body></html>")
    assert decode_body(japanese.encode("cp932"), "text/html") == (japanese, "cp932")
    assert decode_body("<p>Qué hacemos – Asesoría</p>".encode("cp1252"), "text/html; charset=iso-8859-1") == (
        "<p>Qué hacemos – Asesoría</p>", "cp1252")


def test_rescanning_a_file_stores_each_skipped_record_once(sqlite_engine: Engine) -> None:
    builder = WarcBuilder("crawl-data/CC-MAIN-2026-39/seg.warc.gz")
    builder.add(Capture("https://a.example/", b"x" * 10, headers=[("Content-Encoding", "compress")]))
    builder.add(Capture("https://b.example/", b"x" * 10, headers=[("Content-Encoding", "sdch")]))
    for _ in range(2):
        outcome = scan_stream(io.BytesIO(builder.getvalue()), "crawl-data/CC-MAIN-2026-39/seg.warc.gz", workers=0)
        with session_scope(sqlite_engine) as session:
            save_scan(session, get_or_create_scan(session, "seg"), outcome, min_score=0.5)
    assert outcome.records_seen == sum(outcome.record_types.values()) == 7
    with session_scope(sqlite_engine) as session:
        assert session.scalar(select(func.count()).select_from(CompanyPageSkip)) == 2
