"""``jobsearch status --json`` on SQLite and PostgreSQL: known rows in, the same counts out."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import dagster as dg
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import AlertIncident, AtsBoard, Event, Failure, Notification, WarcScan, utcnow


@dg.op
def explode() -> None:
    raise RuntimeError("boom")


@dg.job
def broken() -> None:
    explode()


def _seed(engine: Engine) -> None:
    now = utcnow()
    with session_scope(engine) as session:
        for i, status in enumerate(["pending", "pending", "processed", "dead", "processed", "processed"]):
            session.add(Event(id=f"e{i}", name="user/registered", data={}, ts=0, status=status,
                              received_at=now - timedelta(minutes=10 * (i + 1))))
        for i, status in enumerate(["pending", "sent", "sent", "dead", "suppressed"]):
            session.add(Notification(dedupe_key=f"n{i}", recipient="a@b.test", kind="welcome", subject="s",
                                     body_text="t", status=status))
        session.add(AtsBoard(vendor="greenhouse", token="acme", last_fetch_status="failed", last_error="HTTP 503"))
        session.add(AtsBoard(vendor="lever", token="beta", last_fetch_status="ok"))
        session.add(WarcScan(warc_path="/data/a.warc.gz", status="done", finished_at=now, companies_found=7))
        session.add(Failure(kind="event_send", ref="jobs/new-batch", error="refused"))
        session.add(AlertIncident(incident_key="run:x", open_key="run:x", kind="run_failure", subject="Job x failed"))


@pytest.mark.parametrize("as_json", [True, False])
def test_status_reports_known_counts(db_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     as_json: bool) -> None:
    _seed(engine)
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("JOBSEARCH_DATABASE_URL", db_url)
    with dg.DagsterInstance.get() as instance:
        assert not broken.execute_in_process(instance=instance, raise_on_error=False).success

    result = CliRunner().invoke(cli, ["status", "--json"] if as_json else ["status"])
    assert result.exit_code == 0, result.output
    if not as_json:
        assert "greenhouse:acme: HTTP 503" in result.output and "Job x failed" in result.output
        assert "asset      jobs" in result.output
        return
    report = json.loads(result.output)
    app = report["app"]
    assert app["events"]["by_status"] == {"pending": 2, "processed": 3, "dead": 1}
    assert 19 * 60 <= app["events"]["oldest_pending_age_seconds"] <= 21 * 60  # the older pending event: 20 min
    assert app["outbox"] == {"pending": 1, "sent": 2, "dead": 1, "suppressed": 1}
    assert app["boards"] == {"active": 2, "failing": [{"board": "greenhouse:acme", "error": "HTTP 503"}]}
    assert app["discovery"]["last_scan"]["companies_found"] == 7
    assert app["failures_open"] == 1 and app["incidents_open"] == ["Job x failed"]
    dagster = report["dagster"]
    assert dagster["runs"]["failed_24h"] == 1 and dagster["runs"]["queued"] == 0
    jobs = next(a for a in dagster["assets"] if a["asset"] == "jobs")
    assert jobs == {"asset": "jobs", "last_materialized": None, "window": "2:00:00", "overdue": False}
