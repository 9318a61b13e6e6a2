"""The outbox sweeper: a sensor that requests ``deliver_outbox`` runs while emails are due (new or to retry)."""


import hashlib

import dagster as dg
from sqlalchemy import select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Notification, utcnow
from jobsearch_pipelines.defs.notifications.jobs import deliver_outbox
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.notifications.outbox import due_ids


@dg.sensor(job=deliver_outbox, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Request an outbox delivery run when emails are due (retries with backoff).")
def outbox_sensor(context: dg.SensorEvaluationContext, database: DatabaseResource) -> dg.RunRequest | dg.SkipReason:
    try:
        engine = database.get_engine()
    except dg.Failure as exc:
        return dg.SkipReason(f"application database not ready: {exc.description}")
    with session_scope(engine) as session:
        ids = due_ids(session, utcnow(), limit=500)
        if not ids:
            return dg.SkipReason("no email due")
        attempts = session.execute(select(Notification.id, Notification.attempts).where(Notification.id.in_(ids)))
        fingerprint = hashlib.sha256(repr(sorted(attempts.tuples())).encode()).hexdigest()[:16]
    return dg.RunRequest(run_key=f"outbox:{fingerprint}", tags={"jobsearch/outbox_due": str(len(ids))})
