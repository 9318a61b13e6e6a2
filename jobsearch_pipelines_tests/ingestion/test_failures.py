"""Failure modes per board: 500, timeout, malformed JSON/XML, 429 + Retry-After: retried, then reported."""

from __future__ import annotations

import pytest

from jobsearch_pipelines.lib.ingestion.models import BoardRef
from jobsearch_pipelines_tests.ingestion.ats_server import AtsServer, Fault
from jobsearch_pipelines_tests.ingestion.helpers import SleepRecorder, fetch_via_http

BOARD = BoardRef("greenhouse", "quillstack")
OTHER = BoardRef("ashby", "brightpath-health")


@pytest.mark.parametrize(("fault", "expected_error", "expected_status"), [
    (Fault(status=500), "HTTP 500", 500),
    (Fault(status=503, headers={"Retry-After": "1"}), "HTTP 503", 503),
    (Fault(body=b'{"jobs": [{"id": 1, "title": "trunc'), "malformed response", 200),
    (Fault(status=429, headers={"Retry-After": "7"}), "HTTP 429", 429),
    (Fault(delay=1.0), "ReadTimeout", None),
])
def test_persistent_failure_is_retried_then_reported_while_other_boards_succeed(
        ats_server: AtsServer, fault: Fault, expected_error: str, expected_status: int | None) -> None:
    ats_server.fail(BOARD.vendor, BOARD.token, fault, always=True)
    sleep = SleepRecorder()
    failed, ok = fetch_via_http(ats_server, [BOARD, OTHER], timeout=0.3, max_attempts=3, sleep=sleep)
    assert ok.ok and len(ok.postings) == 10  # isolation: the other board is unaffected
    assert not failed.ok and expected_error in (failed.error or "")
    assert failed.http_status == expected_status
    assert ats_server.count(BOARD.vendor, BOARD.token) == 3  # three tries, then reported
    assert failed.attempts == 3 and sleep.delays  # backed off between the tries
    if fault.status == 429:
        assert sleep.delays.count(7.0) == 2  # Retry-After honoured before each retry


def test_transient_429_with_retry_after_recovers(ats_server: AtsServer) -> None:
    ats_server.fail(BOARD.vendor, BOARD.token, Fault(status=429, headers={"Retry-After": "4"}))
    sleep = SleepRecorder()
    [result] = fetch_via_http(ats_server, [BOARD], sleep=sleep)
    assert result.ok and len(result.postings) == 12 and result.attempts == 2
    assert sleep.delays == [4.0]


def test_transient_malformed_json_is_fetched_again(ats_server: AtsServer) -> None:
    ats_server.fail(BOARD.vendor, BOARD.token, Fault(body=b"<html>502 Bad Gateway</html>"))
    [result] = fetch_via_http(ats_server, [BOARD])
    assert result.ok and len(result.postings) == 12 and ats_server.count(BOARD.vendor, BOARD.token) == 2


def test_malformed_xml_is_reported(ats_server: AtsServer) -> None:
    board = BoardRef("personio", "sonnenfeld-energie")
    ats_server.fail(board.vendor, board.token, Fault(body=b"<workzag-jobs><position><id>1</id>"), always=True)
    [result] = fetch_via_http(ats_server, [board])
    assert not result.ok and "malformed response" in (result.error or "")


def test_oversized_response_is_refused(ats_server: AtsServer) -> None:
    from jobsearch_pipelines.lib.http_client import HttpClient
    from jobsearch_pipelines.lib.ingestion.boards import FetchSettings, fetch_board
    from jobsearch_pipelines.lib.ingestion.fetch import HttpTransport

    with HttpClient(max_bytes=1000) as client:
        raw = fetch_board(BOARD, HttpTransport(client), FetchSettings(base_urls=ats_server.base_urls()))
    assert not raw.ok and "exceeds the cap" in (raw.error or "")


def test_smartrecruiters_failed_detail_call_fails_the_board(ats_server: AtsServer) -> None:
    board = BoardRef("smartrecruiters", "ValeriusConsulting")
    payload = ats_server.payloads[(board.vendor, board.token)]
    payload["details"].pop(next(iter(payload["details"])))
    [result] = fetch_via_http(ats_server, [board])
    assert not result.ok and "404" in (result.error or "")
