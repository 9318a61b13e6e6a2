"""Jobs of the email domain: ``daily_digest_trigger_job`` (sends the ``cron/daily-digest`` event, idempotent per
date) and ``deliver_outbox`` (sends the due emails of the outbox)."""

import dagster as dg

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.defs.notifications.resources import MailerResource
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.events.inbox import enqueue_events
from jobsearch_pipelines.lib.notifications.outbox import deliver_due


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


@dg.op(description="Send every due email of the outbox (pending, or failed with its retry time reached).")
def deliver_due_emails(context: dg.OpExecutionContext, database: DatabaseResource, mailer: MailerResource) -> None:
    settings = mailer.settings()
    report = deliver_due(database.get_engine(), settings.make_transport(), settings.sender)
    context.log.info(f"outbox: {report.as_dict()}")
    context.add_output_metadata(report.as_dict())


@dg.job(description="Deliver the due emails of the outbox.", tags={"jobsearch/domain": "email"})
def deliver_outbox() -> None:
    deliver_due_emails()
