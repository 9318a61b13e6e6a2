"""The Common Crawl resource (key "commoncrawl"): base URLs, politeness, timeouts and size caps."""


import os

import dagster as dg
from pydantic import Field

from jobsearch_pipelines.lib.companies.commoncrawl import (
    DATA_URL_ENV,
    DEFAULT_DATA_URL,
    DEFAULT_INDEX_URL,
    INDEX_URL_ENV,
    CommonCrawlClient,
    build_client,
)
from jobsearch_pipelines.lib.companies.records import DEFAULT_MAX_COMPRESSED, DEFAULT_MAX_UNCOMPRESSED


class CommonCrawlResource(dg.ConfigurableResource):
    """Common Crawl index + data access. Only ``index_url``'s and ``data_url``'s hosts (and ``extra_hosts``, for
    bulk WARC URLs elsewhere) are ever contacted."""

    index_url: str = Field(default=DEFAULT_INDEX_URL, description="CDX index server (collinfo.json, {crawl}-index).")
    data_url: str = Field(default=DEFAULT_DATA_URL, description="WARC file server (HTTP Range).")
    timeout_seconds: float = Field(default=20.0, description="Per-request timeout.")
    max_attempts: int = Field(default=4, description="Attempts per request (503 'slow down' is retried).")
    index_interval_seconds: float = Field(default=1.0, description="Minimum spacing of index requests (global).")
    per_host_concurrency: int = Field(default=5, description="Concurrent requests per host.")
    max_compressed_bytes: int = Field(default=DEFAULT_MAX_COMPRESSED, description="Cap on one fetched WARC record.")
    max_uncompressed_bytes: int = Field(default=DEFAULT_MAX_UNCOMPRESSED, description="Cap on one decoded body.")
    extra_hosts: list[str] = Field(default=[], description="Other hosts bulk mode may stream WARC files from.")

    def client(self) -> CommonCrawlClient:
        return build_client(index_url=self.index_url, data_url=self.data_url, timeout=self.timeout_seconds,
                            max_attempts=self.max_attempts, index_interval=self.index_interval_seconds,
                            per_host_concurrency=self.per_host_concurrency,
                            max_compressed=self.max_compressed_bytes, max_uncompressed=self.max_uncompressed_bytes,
                            extra_hosts=self.extra_hosts)


def commoncrawl_resource() -> CommonCrawlResource:
    """Base URLs from ``JOBSEARCH_CC_INDEX_URL`` / ``JOBSEARCH_CC_DATA_URL`` when set (as EnvVars)."""
    kwargs = {}
    if os.environ.get(INDEX_URL_ENV):
        kwargs["index_url"] = dg.EnvVar(INDEX_URL_ENV)
    if os.environ.get(DATA_URL_ENV):
        kwargs["data_url"] = dg.EnvVar(DATA_URL_ENV)
    return CommonCrawlResource(**kwargs)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"commoncrawl": commoncrawl_resource()})
