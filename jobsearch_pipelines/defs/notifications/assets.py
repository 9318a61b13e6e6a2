"""``digest_emails``: build and send the due daily digests after the rankings are fresh (the ``make dev`` path)."""


from pathlib import Path

import dagster as dg

from jobsearch_pipelines.db.engine import data_dir, session_scope
from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.defs.notifications.resources import MailerResource
from jobsearch_pipelines.defs.operations.freshness import FRESHNESS_POLICIES
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.notifications.digests import queue_due_digests
from jobsearch_pipelines.lib.notifications.outbox import DeliveryReport, deliver


@dg.asset(
    group_name="notifications",
    deps=["job_rankings"],
    freshness_policy=FRESHNESS_POLICIES["digest_emails"],
    description="Queue every due daily digest in the outbox (once per user and local date) and send it.",
    kinds={"python", "email"},
)
def digest_emails(context: dg.AssetExecutionContext, database: DatabaseResource,
                  mailer: MailerResource) -> dg.MaterializeResult:
    engine = database.get_engine()
    with session_scope(engine) as session:
        ids = queue_due_digests(session, utcnow(), event_id=f"run:{context.run_id}")
    settings = mailer.settings()
    transport = settings.make_transport()
    report = DeliveryReport()
    for notification_id in ids:
        report.add(deliver(engine, notification_id, transport, settings.sender))
    if report.failed or report.bounced or report.dead:
        context.log.warning(f"digest delivery problems: {report.as_dict()} (failed ones are retried by the outbox)")
    if settings.transport == "file":
        where = str(Path(settings.outbox_dir) if settings.outbox_dir else data_dir() / "outbox")
    else:
        where = f"smtp://{settings.host}:{settings.port}"
    return dg.MaterializeResult(metadata={"digests_queued": len(ids), **report.as_dict(),
                                          "transport": settings.transport, "destination": where})
