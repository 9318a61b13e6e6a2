"""The ATS resource (key ``ats``): where board responses come from (live HTTP or the bundled demo snapshot).

Environment (read at launch through ``dg.EnvVar``):
``JOBSEARCH_ATS_MODE`` = ``http`` (default) or ``snapshot`` (offline: saved responses, same parsers),
``JOBSEARCH_ATS_SNAPSHOT_DIR`` (default: the bundled demo snapshot), ``JOBSEARCH_ATS_<VENDOR>_URL`` to point
a vendor at another base URL (e.g. ``JOBSEARCH_ATS_GREENHOUSE_URL=http://127.0.0.1:8080/gh``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from pydantic import Field

from jobsearch_pipelines.lib.http_client import HttpClient, RetryPolicy
from jobsearch_pipelines.lib.ingestion.boards import FetchSettings
from jobsearch_pipelines.lib.ingestion.fetch import HttpTransport, SnapshotTransport, Transport
from jobsearch_pipelines.lib.ingestion.registry import DEMO_SNAPSHOT_DIR
from jobsearch_pipelines.lib.ingestion.vendors import VENDORS

MODE_ENV = "JOBSEARCH_ATS_MODE"
SNAPSHOT_DIR_ENV = "JOBSEARCH_ATS_SNAPSHOT_DIR"
MODES = ("http", "snapshot")


def base_url_env(vendor: str) -> str:
    return f"JOBSEARCH_ATS_{vendor.upper()}_URL"


class AtsResource(dg.ConfigurableResource):
    """Fetches ATS boards: politely over HTTP (timeouts, retries, Retry-After, size cap, per-host limit) or from
    a folder of saved responses."""

    mode: str = Field(default="http", description="http (live APIs) or snapshot (saved responses, offline).")
    snapshot_dir: str | None = Field(default=None, description="Folder of saved responses (default: the demo).")
    ashby_base_url: str = VENDORS["ashby"].default_base_url
    greenhouse_base_url: str = VENDORS["greenhouse"].default_base_url
    lever_base_url: str = VENDORS["lever"].default_base_url
    lever_eu_base_url: str = VENDORS["lever_eu"].default_base_url
    workable_base_url: str = VENDORS["workable"].default_base_url
    smartrecruiters_base_url: str = VENDORS["smartrecruiters"].default_base_url
    recruitee_base_url: str = Field(default=VENDORS["recruitee"].default_base_url,
                                    description="URL template; {token} is the company.")
    personio_base_url: str = Field(default=VENDORS["personio"].default_base_url,
                                   description="URL template; {token} is the company.")
    timeout_seconds: float = 20.0
    max_attempts: int = Field(default=4, description="HTTP attempts per request (retries on 429/5xx/timeouts).")
    backoff_base_seconds: float = 0.5
    max_backoff_seconds: float = 30.0
    max_retry_after_seconds: float = Field(default=120.0, description="Cap on a server's Retry-After.")
    max_response_mb: float = 25.0
    per_host_concurrency: int = Field(default=2, description="Concurrent requests per host (politeness).")
    max_workers: int = Field(default=8, description="Boards fetched in parallel.")
    decode_attempts: int = Field(default=3, description="Fetches of a board whose body is malformed JSON/XML.")

    def base_urls(self) -> dict[str, str]:
        return {name: getattr(self, f"{name}_base_url") for name in VENDORS}

    def settings(self) -> FetchSettings:
        return FetchSettings(base_urls=self.base_urls(), max_workers=self.max_workers,
                             decode_attempts=self.decode_attempts, base_delay=self.backoff_base_seconds)

    @contextmanager
    def transport(self) -> Iterator[Transport]:
        if self.mode not in MODES:
            raise dg.Failure(f"ats.mode: {self.mode!r} is not one of {', '.join(MODES)}", allow_retries=False)
        if self.mode == "snapshot":
            root = Path(self.snapshot_dir) if self.snapshot_dir else DEMO_SNAPSHOT_DIR
            if not root.is_dir():
                raise dg.Failure(f"ats.snapshot_dir: {root} is not a folder", allow_retries=False)
            yield SnapshotTransport(root)
            return
        client = HttpClient(
            timeout=self.timeout_seconds, max_bytes=int(self.max_response_mb * 1024 * 1024),
            per_host_concurrency=self.per_host_concurrency,
            retry=RetryPolicy(max_attempts=self.max_attempts, base_delay=self.backoff_base_seconds,
                              max_delay=self.max_backoff_seconds, max_retry_after=self.max_retry_after_seconds),
        )
        try:
            yield HttpTransport(client)
        finally:
            client.close()


def ats_resource_from_env() -> AtsResource:
    """The resource as the environment configures it: env vars are bound as ``dg.EnvVar`` (names in the UI)."""
    kwargs: dict[str, Any] = {}
    if os.environ.get(MODE_ENV):
        kwargs["mode"] = dg.EnvVar(MODE_ENV)
    if os.environ.get(SNAPSHOT_DIR_ENV):
        kwargs["snapshot_dir"] = dg.EnvVar(SNAPSHOT_DIR_ENV)
    for name in VENDORS:
        if os.environ.get(base_url_env(name)):
            kwargs[f"{name}_base_url"] = dg.EnvVar(base_url_env(name))
    return AtsResource(**kwargs)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(resources={"ats": ats_resource_from_env()})
