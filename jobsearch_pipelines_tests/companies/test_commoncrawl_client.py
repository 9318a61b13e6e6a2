"""The Common Crawl client against the local stand-in: crawl list, CDX, Range fetches, hosts, retries."""

from __future__ import annotations

import pytest

from jobsearch_pipelines.lib.companies.commoncrawl import (
    Capture,
    CommonCrawlClient,
    CommonCrawlError,
    build_client,
    parse_cdx_line,
)
from jobsearch_pipelines.lib.companies.models import Skip
from jobsearch_pipelines.lib.companies.records import HtmlPage
from jobsearch_pipelines.lib.http_client import HostNotAllowed
from jobsearch_pipelines_tests.companies.world import NEW, NEW_FILE, OLD, World


def test_recent_crawl_ids_are_newest_first_and_validated(cc_client: CommonCrawlClient) -> None:
    assert cc_client.recent_crawl_ids(6) == [NEW, OLD]
    assert cc_client.recent_crawl_ids(1) == [NEW]
    with pytest.raises(ValueError, match="recent_crawls"):
        cc_client.recent_crawl_ids(0)


def test_cdx_lookup_filters_to_2xx_3xx_and_newest_capture_follows_a_redirect(cc_client: CommonCrawlClient,
                                                                            world: World) -> None:
    captures = cc_client.cdx_lookup(NEW, "https://octet-services.fr/")
    assert [(c.status, c.redirect) for c in captures] == [(301, "https://octet-services.fr/fr/")]
    assert cc_client.cdx_lookup(NEW, "https://shipgrid.com/") == []  # only a 404 capture exists
    best = cc_client.newest_capture("https://octet-services.fr/", [NEW, OLD])
    assert best is not None and best.url == "https://octet-services.fr/fr/" and best.status == 200
    only_old = cc_client.newest_capture("https://www.lumenvale.co.uk/", [NEW, OLD])
    assert only_old is not None and only_old.crawl_id == OLD
    query = next(t for _, t, _ in world.standin.requests if "-index?" in t)
    assert "filter=" in query and "output=json" in query and "sort=reverse" in query


def test_fetch_page_uses_a_byte_range_and_requires_206(cc_client: CommonCrawlClient, world: World) -> None:
    capture = cc_client.newest_capture("https://ledgerly.com/", [NEW])
    assert capture is not None and capture.filename == NEW_FILE
    page = cc_client.fetch_page(capture)
    assert isinstance(page, HtmlPage) and "Bookkeeping that does itself" in page.html
    _, _target, headers = world.standin.requests[-1]
    assert headers["Range"] == f"bytes={capture.offset}-{capture.offset + capture.length - 1}"
    world.standin.ignore_range.add(NEW_FILE)  # a server answering 200 with the whole file is refused
    skipped = cc_client.fetch_page(capture)
    assert isinstance(skipped, Skip) and skipped.reason == "fetch_failed" and "HTTP 200" in skipped.detail


def test_oversize_record_is_refused_before_fetching(world: World) -> None:
    client = build_client(index_url=world.standin.base_url, data_url=world.standin.base_url, index_interval=0,
                          max_compressed=10_000, sleep=lambda s: None)
    before = world.standin.count("/crawl-data/")
    big = Capture("https://x/", "20260101000000", NEW, NEW_FILE, 0, 50_000, 200, "text/html")
    skip = client.fetch_page(big)
    assert isinstance(skip, Skip) and skip.reason == "too_large" and "exceeds the cap of 10000" in skip.detail
    assert world.standin.count("/crawl-data/") == before


def test_only_configured_hosts_are_contacted(world: World) -> None:
    client = build_client(index_url=world.standin.base_url, data_url=world.standin.base_url, index_interval=0)
    assert client.http.allowed_hosts == ["127.0.0.1"]
    with pytest.raises(HostNotAllowed):
        client.http.get("https://index.commoncrawl.org/collinfo.json")
    with pytest.raises(HostNotAllowed), client.open_remote("https://data.commoncrawl.org/x.warc.gz") as stream:
        stream.read(10)
    assert all(host.startswith("127.0.0.1") for host, _, _ in world.standin.requests)


def test_unreachable_collinfo_raises_unless_fallback_ids(world: World) -> None:
    world.standin.always_fail["collinfo"] = 503
    client = build_client(index_url=world.standin.base_url, data_url=world.standin.base_url, index_interval=0,
                          max_attempts=2, sleep=lambda s: None)
    with pytest.raises(CommonCrawlError, match="collinfo"):
        client.recent_crawl_ids(3)
    client.fallback_crawl_ids = ["CC-MAIN-2025-51", "CC-MAIN-2025-50"]
    assert client.recent_crawl_ids(1) == ["CC-MAIN-2025-51"]


def test_remote_reader_streams_the_whole_file_in_chunks(cc_client: CommonCrawlClient, world: World) -> None:
    with cc_client.open_remote(f"{world.standin.base_url}/{NEW_FILE}", chunk_size=4096) as stream:
        data = stream.read()
    assert data == world.new_warc
    assert world.standin.count(NEW_FILE) >= len(world.new_warc) // 4096


def test_parse_cdx_line_accepts_both_formats_and_rejects_junk() -> None:
    line = '{"url": "https://a/", "timestamp": "20260101000000", "filename": "f", "offset": "10", "length": "5"}'
    assert parse_cdx_line(line, NEW) == Capture("https://a/", "20260101000000", NEW, "f", 10, 5, 0)
    assert parse_cdx_line("fr,octet)/ 20260101000000 " + line, NEW) is not None
    assert parse_cdx_line('{"url": "x"}', NEW) is None and parse_cdx_line("garbage", NEW) is None
