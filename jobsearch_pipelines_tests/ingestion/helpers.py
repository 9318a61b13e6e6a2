"""Shared test helpers: fetch boards from the local server through the real HTTP client and parsers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from jobsearch_pipelines.lib.http_client import HttpClient, RetryPolicy
from jobsearch_pipelines.lib.ingestion.boards import FetchSettings, fetch_boards, normalize_snapshot
from jobsearch_pipelines.lib.ingestion.fetch import HttpTransport
from jobsearch_pipelines.lib.ingestion.models import BoardPostings, BoardRef, RawSnapshot
from jobsearch_pipelines_tests.ingestion.ats_server import AtsServer


class SleepRecorder:
    """A no-op sleep that remembers the delays it was asked for."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def fetch_raw_via_http(server: AtsServer, boards: Sequence[BoardRef], *, timeout: float = 5.0,
                       max_attempts: int = 3, sleep: SleepRecorder | None = None) -> list[RawSnapshot]:
    sleep = sleep or SleepRecorder()
    client = HttpClient(timeout=timeout, retry=RetryPolicy(max_attempts=max_attempts, base_delay=0.01),
                        sleep=sleep)
    with client:
        return fetch_boards(boards, HttpTransport(client),
                            FetchSettings(base_urls=server.base_urls(), max_workers=4, sleep=sleep, base_delay=0.01))


def fetch_via_http(server: AtsServer, boards: Sequence[BoardRef], *, timeout: float = 5.0, max_attempts: int = 3,
                   sleep: SleepRecorder | None = None,
                   known: Mapping[str, Mapping[str, str]] | None = None) -> list[BoardPostings]:
    raws = fetch_raw_via_http(server, boards, timeout=timeout, max_attempts=max_attempts, sleep=sleep)
    return [normalize_snapshot(raw, (known or {}).get(raw.board.key)) for raw in raws]
