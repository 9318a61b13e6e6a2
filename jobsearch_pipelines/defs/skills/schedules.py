"""The daily catch-up: at 02:00 UTC, extract skills for jobs still without an up-to-date extraction."""

from __future__ import annotations

import dagster as dg

from jobsearch_pipelines.defs.scheduling import tick_request
from jobsearch_pipelines.defs.skills.jobs import daily_skill_extraction_job


@dg.schedule(name="daily_skill_extraction", cron_schedule="0 2 * * *", job=daily_skill_extraction_job,
             execution_timezone="UTC", default_status=dg.DefaultScheduleStatus.RUNNING,
             description="Daily 02:00 UTC: job_skills for jobs whose extraction is missing, stale or failed.")
def daily_skill_extraction(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    return tick_request(context, "daily_skill_extraction")
