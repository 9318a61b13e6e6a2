"""Daily retention cleanup at 04:00 UTC (running by default)."""

from __future__ import annotations

import dagster as dg

from jobsearch_pipelines.defs.maintenance.jobs import daily_cleanup as daily_cleanup_job
from jobsearch_pipelines.defs.scheduling import tick_request


@dg.schedule(name="daily_cleanup", cron_schedule="0 4 * * *", job=daily_cleanup_job, execution_timezone="UTC",
             default_status=dg.DefaultScheduleStatus.RUNNING,
             description="Retention cleanup every day at 04:00 UTC (closed jobs older than 90 days, ...).")
def daily_cleanup(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    return tick_request(context, "daily_cleanup",
                        run_config={"ops": {"cleanup_expired_data": {"config": {"closed_job_days": 90}}}})
