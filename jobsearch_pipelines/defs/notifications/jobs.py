"""``daily_digest_trigger_job``: send the ``cron/daily-digest`` event (idempotent per date through its event id)."""

import dagster as dg

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.events.inbox import enqueue_events


class DigestTriggerConfig(dg.Config):
    timestamp: str = ""  # ISO time of the tick; default: now


@dg.op(description="Send the cron/daily-digest event (idempotent per date through its event id).")
def send_daily_digest_event(context: dg.OpExecutionContext, config: DigestTriggerConfig,
                            database: DatabaseResource) -> str:
    timestamp = config.timestamp or utcnow().isoformat()
    with session_scope(database.get_engine()) as session:
        event_id = enqueue_events(session, [{"name": "cron/daily-digest", "id": f"daily-digest:{timestamp[:10]}",
                                             "data": {"timestamp": timestamp}}])[0]
    context.log.info(f"sent cron/daily-digest {event_id} for {timestamp}")
    return event_id


@dg.job(description="Trigger the daily digest: sends the cron/daily-digest event.", tags={"jobsearch/domain": "digest"})
def daily_digest_trigger_job() -> None:
    send_daily_digest_event()
