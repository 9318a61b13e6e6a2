"""Fixtures: a local Common Crawl stand-in on 127.0.0.1 holding the test world, and a client pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jobsearch_pipelines.lib.companies.commoncrawl import CommonCrawlClient, build_client
from jobsearch_pipelines_tests.companies.cc_server import CommonCrawlStandIn, serve
from jobsearch_pipelines_tests.companies.world import MAX_UNCOMPRESSED, World, build_world


@pytest.fixture
def world() -> Iterator[World]:
    standin = CommonCrawlStandIn()
    built = build_world(standin)
    with serve(standin):
        yield built


@pytest.fixture
def cc_client(world: World) -> Iterator[CommonCrawlClient]:
    sleeps: list[float] = []
    client = build_client(index_url=world.standin.base_url, data_url=world.standin.base_url, index_interval=0,
                          max_uncompressed=MAX_UNCOMPRESSED, max_attempts=3, sleep=sleeps.append, timeout=10)
    client.sleeps = sleeps  # type: ignore[attr-defined]
    with client:
        yield client
