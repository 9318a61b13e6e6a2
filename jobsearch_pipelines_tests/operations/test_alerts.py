"""Operator alerts: one message per incident (email through a real SMTP server, a POST to a local webhook),
none for repeated ticks or repeated failures, one "resolved" when the job succeeds or the asset is fresh again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import dagster as dg
import pytest
from freezegun import freeze_time
from sqlalchemy import Engine, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import AlertIncident, Failure, Notification
from jobsearch_pipelines.defs.operations.resources import AlertsResource
from jobsearch_pipelines.defs.operations.sensors import (
    asset_health_alert_sensor,
    run_failure_alert_sensor,
    run_recovery_alert_sensor,
)
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.notifications.outbox import deliver_due
from jobsearch_pipelines.lib.notifications.transports import settings_from_env
from jobsearch_pipelines.lib.operations.alerts import WEBHOOK_MAX_ATTEMPTS
from jobsearch_pipelines_tests.notifications.smtp_server import RecordingHandler
from jobsearch_pipelines_tests.operations.webhook_server import WebhookRecorder, webhook_server

ALERT_TO = "oncall@jobsearch.test"
BEHAVIOUR = {"fail": True}


@dg.op
def fetch_boards() -> None:
    if BEHAVIOUR["fail"]:
        raise RuntimeError("greenhouse:acme: HTTP 503 after 4 attempts\nsecond line of the error")


@dg.job
def hourly_job_ingestion() -> None:
    fetch_boards()


@dg.asset(freshness_policy=dg.FreshnessPolicy.time_window(fail_window=timedelta(minutes=2)))
def jobs() -> None:
    return None


@dg.asset_check(asset=jobs, description="Every job has a title.")
def jobs_have_titles() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=not BEHAVIOUR["fail"], description="3 jobs without a title")


DEFS = dg.Definitions(assets=[jobs], asset_checks=[jobs_have_titles], jobs=[hourly_job_ingestion])


@pytest.fixture
def webhook() -> Iterator[WebhookRecorder]:
    with webhook_server() as recorder:
        yield recorder


@pytest.fixture
def resources(db_url: str, webhook: WebhookRecorder) -> dict[str, object]:
    alerts = AlertsResource(email=ALERT_TO, webhook_url=webhook.url, ui_url="http://dagster.local:3000")
    return {"database": DatabaseResource(url=db_url), "alerts": alerts}


def _deliver(engine: Engine) -> None:
    settings = settings_from_env()
    deliver_due(engine, settings.make_transport(), settings.sender)


def _failure_tick(instance: dg.DagsterInstance, resources: dict[str, object]) -> None:
    result = hourly_job_ingestion.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_FAILURE)
    context = dg.build_run_status_sensor_context(
        sensor_name="run_failure_alert_sensor", dagster_instance=instance,
        dagster_run=instance.get_run_by_id(result.run_id), dagster_event=failure, resources=resources,
    ).for_run_failure()
    run_failure_alert_sensor(context)


def _success_tick(instance: dg.DagsterInstance, resources: dict[str, object]) -> str:
    result = hourly_job_ingestion.execute_in_process(instance=instance)
    success = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_SUCCESS)
    context = dg.build_run_status_sensor_context(
        sensor_name="run_recovery_alert_sensor", dagster_instance=instance,
        dagster_run=instance.get_run_by_id(result.run_id), dagster_event=success, resources=resources,
    )
    run_recovery_alert_sensor(context)
    return result.run_id


def test_a_failing_job_alerts_once_and_recovery_resolves_it(
    db_url: str, engine: Engine, instance: dg.DagsterInstance, resources: dict[str, object],
    smtp: RecordingHandler, webhook: WebhookRecorder,
) -> None:
    BEHAVIOUR["fail"] = True
    _failure_tick(instance, resources)
    _failure_tick(instance, resources)  # the same job failing again: the incident is already open
    _deliver(engine)
    _deliver(engine)
    mails = smtp.to(ALERT_TO)
    assert len(mails) == 1 and len(webhook.posts) == 1
    assert mails[0].subject.startswith("[ALERT] Job hourly_job_ingestion failed")
    text = mails[0].part("plain")
    assert "HTTP 503 after 4 attempts" in text and "http://dagster.local:3000/runs/" in text
    post = webhook.posts[0]
    assert "hourly_job_ingestion" in post["text"] and "HTTP 503" in post["text"] and post["blocks"]

    BEHAVIOUR["fail"] = False
    run_id = _success_tick(instance, resources)
    _success_tick(instance, resources)  # nothing open any more: no second "resolved"
    _deliver(engine)
    mails = smtp.to(ALERT_TO)
    assert len(mails) == 2 and len(webhook.posts) == 2
    assert mails[1].subject.startswith("[RESOLVED] Job hourly_job_ingestion failed")
    assert f"/runs/{run_id}" in webhook.posts[1]["text"]
    with session_scope(engine) as session:
        incidents = session.scalars(select(AlertIncident)).all()
        assert [(i.status, i.webhook_status) for i in incidents] == [("resolved", "sent")]


def _health_tick(instance: dg.DagsterInstance, resources: dict[str, object]) -> None:
    context = dg.build_sensor_context(instance=instance, repository_def=DEFS.get_repository_def(),
                                      resources=resources)
    asset_health_alert_sensor(context)


def test_overdue_asset_and_failing_check_alert_once_then_resolve(
    engine: Engine, instance: dg.DagsterInstance, resources: dict[str, object], smtp: RecordingHandler,
    webhook: WebhookRecorder,
) -> None:
    BEHAVIOUR["fail"] = True
    start = datetime.now(UTC)
    dg.materialize([jobs, jobs_have_titles], instance=instance)  # the check fails with ERROR severity
    _health_tick(instance, resources)  # fresh: only the check
    with freeze_time(start + timedelta(minutes=5)):
        _health_tick(instance, resources)  # now overdue too
        _health_tick(instance, resources)  # nothing new
        _deliver(engine)
    subjects = sorted(m.subject for m in smtp.to(ALERT_TO))
    assert subjects == ["[ALERT] Asset jobs is overdue", "[ALERT] Check jobs_have_titles of jobs failed"]
    assert len(webhook.posts) == 2

    BEHAVIOUR["fail"] = False
    with freeze_time(start + timedelta(minutes=6)):
        dg.materialize([jobs, jobs_have_titles], instance=instance)  # fresh again, the check passes
        _health_tick(instance, resources)
        _health_tick(instance, resources)
        _deliver(engine)
    subjects = sorted(m.subject for m in smtp.to(ALERT_TO))[2:]
    assert subjects == ["[RESOLVED] Asset jobs is overdue", "[RESOLVED] Check jobs_have_titles of jobs failed"]
    assert len(smtp.to(ALERT_TO)) == 4 and len(webhook.posts) == 4


def test_webhook_outage_delays_messages_and_dead_letters_them_after_the_limit(
    engine: Engine, instance: dg.DagsterInstance, resources: dict[str, object], smtp: RecordingHandler,
    webhook: WebhookRecorder,
) -> None:
    BEHAVIOUR["fail"] = True
    webhook.fail_next = 2 * 2  # two ticks, two attempts each
    _failure_tick(instance, resources)
    _health_tick(instance, resources)  # retries the pending message: still failing
    assert webhook.posts == []
    _health_tick(instance, resources)  # the chat is back: delivered once
    assert len(webhook.posts) == 1 and "hourly_job_ingestion" in webhook.posts[0]["text"]

    webhook.fail_next = 10_000
    BEHAVIOUR["fail"] = False
    _success_tick(instance, resources)
    for _ in range(WEBHOOK_MAX_ATTEMPTS):
        _health_tick(instance, resources)
    with session_scope(engine) as session:
        incident = session.scalars(select(AlertIncident)).one()
        assert incident.webhook_status == "dead"
        failure = session.scalars(select(Failure).where(Failure.kind == "alert_webhook")).one()
        assert "RESOLVED" in failure.payload["messages"][0]["text"]
        assert session.scalar(select(Notification.id).where(Notification.kind == "operator_alert")) is not None
