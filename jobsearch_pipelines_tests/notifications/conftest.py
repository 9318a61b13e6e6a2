"""A live SMTP server on a random local port, with the mail settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jobsearch_pipelines_tests.notifications.smtp_server import RecordingHandler, smtp_server


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[RecordingHandler]:
    with smtp_server() as (handler, port):
        monkeypatch.setenv("JOBSEARCH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("JOBSEARCH_SMTP_PORT", str(port))
        monkeypatch.setenv("JOBSEARCH_SMTP_STARTTLS", "false")
        monkeypatch.setenv("JOBSEARCH_SMTP_FROM", "Jobsearch <alerts@jobsearch.test>")
        monkeypatch.setenv("JOBSEARCH_SMTP_TIMEOUT", "30")
        yield handler

