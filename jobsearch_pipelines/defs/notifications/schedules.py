"""``daily_digest_trigger``: every day at 09:00 UTC send the ``cron/daily-digest`` event (as the original did).

Digests are dated in each user's own time zone (``users.timezone``), so a re-run the same day sends nothing.
"""

import dagster as dg

from jobsearch_pipelines.defs.notifications.jobs import daily_digest_trigger_job


@dg.schedule(name="daily_digest_trigger", cron_schedule="0 9 * * *", execution_timezone="UTC",
             job=daily_digest_trigger_job, default_status=dg.DefaultScheduleStatus.RUNNING,
             description="09:00 UTC daily: send the cron/daily-digest event.")
def daily_digest_trigger(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    tick = context.scheduled_execution_time
    stamp = tick.isoformat() if tick is not None else ""
    return dg.RunRequest(run_key=f"daily-digest:{stamp[:10]}",
                         run_config={"ops": {"send_daily_digest_event": {"config": {"timestamp": stamp}}}})
