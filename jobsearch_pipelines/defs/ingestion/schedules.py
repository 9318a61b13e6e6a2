"""Hourly ingestion at minute 0 (UTC, running by default)."""

from __future__ import annotations

import dagster as dg

from jobsearch_pipelines.defs.ingestion.jobs import hourly_job_ingestion as hourly_job_ingestion_job
from jobsearch_pipelines.defs.scheduling import tick_request


@dg.schedule(name="hourly_job_ingestion", cron_schedule="0 * * * *", job=hourly_job_ingestion_job,
             execution_timezone="UTC", default_status=dg.DefaultScheduleStatus.RUNNING,
             description="Ingest every active ATS board at the top of each hour (UTC).")
def hourly_job_ingestion(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    return tick_request(context, "hourly_job_ingestion")
