"""Schedules (UTC, running by default): hourly ingestion at minute 0, cleanup daily at 04:00."""

from __future__ import annotations

import dagster as dg

from jobsearch_pipelines.defs.ingestion.jobs import daily_cleanup, hourly_job_ingestion

HOURLY_CRON = "0 * * * *"
CLEANUP_CRON = "0 4 * * *"


def _tick(context: dg.ScheduleEvaluationContext) -> str:
    return context.scheduled_execution_time.isoformat() if context.scheduled_execution_time else "manual"


@dg.schedule(name="hourly_job_ingestion", cron_schedule=HOURLY_CRON, job=hourly_job_ingestion,
             execution_timezone="UTC", default_status=dg.DefaultScheduleStatus.RUNNING,
             description="Ingest every active ATS board at the top of each hour (UTC).")
def hourly_job_ingestion_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    tick = _tick(context)
    return dg.RunRequest(run_key=f"hourly_job_ingestion:{tick}", tags={"jobsearch/scheduled_for": tick})


@dg.schedule(name="daily_cleanup", cron_schedule=CLEANUP_CRON, job=daily_cleanup, execution_timezone="UTC",
             default_status=dg.DefaultScheduleStatus.RUNNING,
             description="Retention cleanup every day at 04:00 UTC (closed jobs older than 90 days, ...).")
def daily_cleanup_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    tick = _tick(context)
    return dg.RunRequest(run_key=f"daily_cleanup:{tick}", tags={"jobsearch/scheduled_for": tick},
                         run_config={"ops": {"cleanup_expired_data": {"config": {"closed_job_days": 90}}}})
