"""The email event functions: ``notification/email`` (throttled per recipient), ``jobs/new-batch`` alerts and
``cron/daily-digest``."""

from __future__ import annotations

from datetime import timedelta

import dagster as dg

from jobsearch_pipelines.defs.events.factory import event_function_defs
from jobsearch_pipelines.lib.events.functions import EventFunction
from jobsearch_pipelines.lib.flow_control.config import Concurrency, FlowControl, Throttle
from jobsearch_pipelines.lib.notifications.handlers import (
    handle_daily_digest,
    handle_new_batch,
    handle_notification_email,
)

EMAIL_THROTTLE = Throttle(limit=10, period="1m", burst=0, key="event.data.email")

SEND_EMAIL = EventFunction(
    "send_email_notification", "notification/email", handle_notification_email,
    flow_control=FlowControl(throttle=EMAIL_THROTTLE), batch_size=50, order_key="email", max_attempts=5,
    description="Render the email's templates, queue it in the outbox and send it (at most 10 a minute per "
                "recipient).",
)
NEW_JOBS_ALERT = EventFunction(
    "new_jobs_alert", "jobs/new-batch", handle_new_batch, batch_size=10, order_key=None, max_attempts=8,
    retry_base=timedelta(minutes=1), flow_control=FlowControl(concurrency=Concurrency(1)),
    description="Email each subscribed user the new jobs that pass their filters and score above the threshold.",
)
DAILY_DIGEST = EventFunction(
    "daily_digest", "cron/daily-digest", handle_daily_digest, batch_size=5, order_key=None,
    flow_control=FlowControl(concurrency=Concurrency(1)),
    description="Send every due daily digest: the best new jobs since the user's last digest and why.",
)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions.merge(*(event_function_defs(fn) for fn in (SEND_EMAIL, NEW_JOBS_ALERT, DAILY_DIGEST)))
