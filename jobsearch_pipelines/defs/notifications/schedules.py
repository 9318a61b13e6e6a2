"""``daily_digest_trigger``: every day at 09:00 UTC send the ``cron/daily-digest`` event (as the original did).

Digests are dated in each user's own time zone (``users.timezone``), so a re-run the same day sends nothing.
"""


import dagster as dg

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.events.inbox import enqueue_events

DIGEST_CRON = "0 9 * * *"
DIGEST_TIMEZONE = "UTC"


class DigestTriggerConfig(dg.Config):
    timestamp: str = ""  # ISO time of the tick; default: now


@dg.op(description="Send the cron/daily-digest event (idempotent per date through its event id).")
def send_daily_digest_event(context: dg.OpExecutionContext, config: DigestTriggerConfig,
                            database: DatabaseResource) -> str:
    from jobsearch_pipelines.db.schema import utcnow

    timestamp = config.timestamp or utcnow().isoformat()
    with session_scope(database.get_engine()) as session:
        event_id = enqueue_events(session, [{"name": "cron/daily-digest", "id": f"daily-digest:{timestamp[:10]}",
                                             "data": {"timestamp": timestamp}}])[0]
    context.log.info(f"sent cron/daily-digest {event_id} for {timestamp}")
    return event_id


@dg.job(description="Trigger the daily digest: sends the cron/daily-digest event.", tags={"jobsearch/domain": "digest"})
def daily_digest_trigger_job() -> None:
    send_daily_digest_event()


@dg.schedule(cron_schedule=DIGEST_CRON, execution_timezone=DIGEST_TIMEZONE, job=daily_digest_trigger_job,
             default_status=dg.DefaultScheduleStatus.RUNNING,
             description="09:00 UTC daily: send the cron/daily-digest event.")
def daily_digest_trigger(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    tick = context.scheduled_execution_time
    stamp = tick.isoformat() if tick is not None else ""
    return dg.RunRequest(run_key=f"daily-digest:{stamp[:10]}",
                         run_config={"ops": {"send_daily_digest_event": {"config": {"timestamp": stamp}}}})
