"""The Dagster layer: the hourly job end to end (HTTP and offline snapshot), events, checks, schedules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import dagster as dg
import pytest
from sqlalchemy import func, select, update

from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import Event, Failure, Job
from jobsearch_pipelines.defs.ingestion import assets, checks, jobs, resources, schedules
from jobsearch_pipelines.defs.maintenance import jobs as maintenance_jobs
from jobsearch_pipelines.defs.maintenance import schedules as maintenance_schedules
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.ingestion.registry import seed_boards
from jobsearch_pipelines_tests.ingestion.ats_server import AtsServer, Fault

CHECKS = [checks.jobs_unique_source_external_id, checks.jobs_required_fields_present,
          checks.jobs_closed_have_closed_at]


def _defs(db_url: str, **ats: Any) -> dg.Definitions:
    return dg.Definitions(
        assets=[assets.raw_board_snapshots, assets.normalize_and_store_postings], asset_checks=CHECKS,
        jobs=[jobs.hourly_job_ingestion, maintenance_jobs.daily_cleanup],
        schedules=[schedules.hourly_job_ingestion, maintenance_schedules.daily_cleanup],
        resources={"database": DatabaseResource(url=db_url), "ats": resources.AtsResource(**ats)},
    )


def _seed(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        seed_boards(session)
    engine.dispose()


def _metadata(result: dg.ExecuteInProcessResult, asset: str) -> dict[str, Any]:
    [mat] = [m for m in result.asset_materializations_for_node("normalize_and_store_postings")
             if m.asset_key == dg.AssetKey(asset)]
    return {k: v.value for k, v in mat.metadata.items()}


def _jobs_metadata(result: dg.ExecuteInProcessResult) -> dict[str, Any]:
    return _metadata(result, "jobs")


def _http_kwargs(server: AtsServer) -> dict[str, Any]:
    return {**server.resource_kwargs(), "backoff_base_seconds": 0.0, "max_retry_after_seconds": 0.01,
            "max_attempts": 2, "timeout_seconds": 2.0}


def test_hourly_job_over_http_emits_one_new_batch_event_and_passes_checks(db_url: str,
                                                                            ats_server: AtsServer) -> None:
    _seed(db_url)
    job = _defs(db_url, **_http_kwargs(ats_server)).resolve_job_def("hourly_job_ingestion")
    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success
    meta = _jobs_metadata(result)
    assert meta["failed"] == 0 and meta["new"] == meta["postings"] >= 100 and meta["event_source"] == "mixed"
    checks_run = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks_run == {"jobs_unique_source_external_id": True, "jobs_required_fields_present": True,
                          "jobs_closed_have_closed_at": True}
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        [event] = session.scalars(select(Event).where(Event.name == "jobs/new-batch")).all()
        assert event.data["source"] == "mixed" and len(event.data["jobIds"]) == meta["new"]
        assert set(event.data["jobIds"]) == set(session.scalars(select(Job.id)))

    # second run: one board down (500), nothing new -> partial success, no event, nothing closed
    ats_server.fail("workable", "fjordbyte", Fault(status=500), always=True)
    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success
    meta = _jobs_metadata(result)
    assert (meta["failed"], meta["new"], meta["closed"], meta["new_batch_events"]) == (1, 0, 0, [])
    assert meta["failed_boards"] == ["workable:fjordbyte"]
    with session_scope(engine) as session:
        assert len(session.scalars(select(Event).where(Event.name == "jobs/new-batch")).all()) == 1
        assert session.scalars(select(Failure.ref).where(Failure.kind == "board_fetch")).all() == [
            "workable:fjordbyte"]
        assert set(session.scalars(select(Job.status).where(Job.board_token == "fjordbyte"))) == {"open"}
    engine.dispose()


def test_offline_snapshot_mode_ingests_the_demo(sqlite_url: str) -> None:
    _seed(sqlite_url)
    job = _defs(sqlite_url, mode="snapshot").resolve_job_def("hourly_job_ingestion")
    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success
    meta = _jobs_metadata(result)
    assert meta["failed"] == 0 and meta["boards"] == 10 and meta["new"] >= 100
    parsed = _metadata(result, "normalized_postings")
    assert parsed["postings"] == meta["new"] and parsed["boards_ok"] == 10 and parsed["unchanged_not_reparsed"] == 0
    assert sum(r.data["postings"] for r in parsed["by_source"].records) == meta["new"]
    assert len(parsed["preview"].records) == 20
    assert meta["dagster/row_count"] == meta["new"] and meta["dagster/table_name"] == "jobs"
    assert "external_id" in {c.name for c in meta["dagster/column_schema"].columns}
    assert sum(r.data["open_jobs"] for r in meta["open_jobs_by_vendor"].records) == meta["new"]
    assert meta["chart_open_jobs_by_vendor"].startswith("![Open jobs per vendor](data:image/png;base64,")
    rerun = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())
    again = _jobs_metadata(rerun)
    assert (again["new"], again["updated"], again["closed"], again["unchanged"]) == (0, 0, 0, meta["new"])
    assert _metadata(rerun, "normalized_postings")["unchanged_not_reparsed"] == meta["new"]


def test_run_config_selects_boards_and_rejects_unknown_ones(sqlite_url: str) -> None:
    _seed(sqlite_url)
    job = _defs(sqlite_url, mode="snapshot").resolve_job_def("hourly_job_ingestion")
    config = {"ops": {"raw_board_snapshots": {"config": {"boards": ["lever:tidewater-labs"]}}}}
    result = job.execute_in_process(run_config=config, instance=dg.DagsterInstance.ephemeral())
    assert _jobs_metadata(result)["boards"] == 1
    bad = {"ops": {"raw_board_snapshots": {"config": {"boards": ["lever:nobody"]}}}}
    result = job.execute_in_process(run_config=bad, instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    assert not result.success
    failure = result.get_step_failure_events()[0].step_failure_data.error
    assert failure is not None and "boards: not registered: lever:nobody" in failure.message


def test_checks_fail_on_bad_rows(sqlite_url: str) -> None:
    _seed(sqlite_url)
    defs = _defs(sqlite_url, mode="snapshot")
    defs.resolve_job_def("hourly_job_ingestion").execute_in_process(instance=dg.DagsterInstance.ephemeral())
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        first = session.scalars(select(Job.id).order_by(Job.id)).first()
        session.execute(update(Job).where(Job.id == first).values(status="closed", closed_at=None, title=""))
    engine.dispose()
    result = dg.materialize(CHECKS, resources={"database": DatabaseResource(url=sqlite_url)},
                            selection=dg.AssetSelection.checks(*CHECKS), raise_on_error=False)
    outcome = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert outcome == {"jobs_unique_source_external_id": True, "jobs_required_fields_present": False,
                       "jobs_closed_have_closed_at": False}


def test_schedules_have_exact_crons_and_produce_run_requests(sqlite_url: str) -> None:
    defs = _defs(sqlite_url, mode="snapshot")
    hourly = defs.resolve_schedule_def("hourly_job_ingestion")
    cleanup = defs.resolve_schedule_def("daily_cleanup")
    assert (hourly.cron_schedule, hourly.execution_timezone, hourly.job_name) == (
        "0 * * * *", "UTC", "hourly_job_ingestion")
    assert (cleanup.cron_schedule, cleanup.execution_timezone, cleanup.job_name) == (
        "0 4 * * *", "UTC", "daily_cleanup")
    assert hourly.default_status == cleanup.default_status == dg.DefaultScheduleStatus.RUNNING

    tick = datetime(2026, 11, 29, 13, 0, tzinfo=UTC)
    [request] = hourly.evaluate_tick(dg.build_schedule_context(scheduled_execution_time=tick)).run_requests or []
    assert request.run_key == "hourly_job_ingestion:2026-11-29T13:00:00+00:00"
    assert request.tags["jobsearch/scheduled_for"] == tick.isoformat()
    [request] = cleanup.evaluate_tick(dg.build_schedule_context(
        scheduled_execution_time=tick.replace(hour=4))).run_requests or []
    assert request.run_key == "daily_cleanup:2026-11-29T04:00:00+00:00"
    assert request.run_config == {"ops": {"cleanup_expired_data": {"config": {"closed_job_days": 90}}}}
    job = defs.resolve_job_def("hourly_job_ingestion")
    assert job.tags["jobsearch/singleton"] == "hourly_job_ingestion"
    assert defs.resolve_job_def("daily_cleanup").tags["jobsearch/singleton"] == "daily_cleanup"


@pytest.mark.parametrize("mode", ["bogus"])
def test_bad_ats_mode_fails_clearly(sqlite_url: str, mode: str) -> None:
    _seed(sqlite_url)
    job = _defs(sqlite_url, mode=mode).resolve_job_def("hourly_job_ingestion")
    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    assert not result.success
    error = result.get_step_failure_events()[0].step_failure_data.error
    assert error is not None and "ats.mode: 'bogus'" in error.message


def _new_batches(engine: Any) -> list[Event]:
    with session_scope(engine) as session:
        return list(session.scalars(select(Event).where(Event.name == "jobs/new-batch").order_by(Event.seq)))


def test_new_batch_is_stored_in_the_same_transaction_as_the_jobs(db_url: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from jobsearch_pipelines.lib.ingestion import store

    def broken(*args: Any, **kwargs: Any) -> list[str]:
        raise RuntimeError("simulated crash between the job rows and their announcement")

    _seed(db_url)
    engine = make_engine(db_url)
    job = _defs(db_url, mode="snapshot").resolve_job_def("hourly_job_ingestion")
    with monkeypatch.context() as patch:
        patch.setattr(store, "enqueue_events", broken)
        failed = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    assert not failed.success
    with session_scope(engine) as session:  # neither the jobs nor their announcement: the next run does both
        assert session.scalar(select(func.count()).select_from(Job)) == 0
    assert _new_batches(engine) == []

    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success
    [event] = _new_batches(engine)
    with session_scope(engine) as session:
        assert sorted(event.data["jobIds"]) == sorted(session.scalars(select(Job.id)))
    assert _jobs_metadata(result)["new_batch_events"] == [event.id]
    engine.dispose()


def test_parked_event_sends_are_replayed_and_removed(db_url: str) -> None:
    _seed(db_url)
    engine = make_engine(db_url)
    parked = {"name": "jobs/new-batch", "id": "ingestion:old-run:0", "data": {"jobIds": [1, 2], "source": "lever"}}
    with session_scope(engine) as session:
        session.add(Failure(kind="event_send", ref="jobs/new-batch", payload=parked, error="refused", status="open"))
    job = _defs(db_url, mode="snapshot").resolve_job_def("hourly_job_ingestion")
    assert job.execute_in_process(instance=dg.DagsterInstance.ephemeral()).success
    events = _new_batches(engine)
    assert events[0].client_id == "ingestion:old-run:0" and len(events) == 2
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Failure).where(Failure.kind == "event_send")) == 0
    engine.dispose()
