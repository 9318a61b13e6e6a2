"""The five user event functions (registration, application, view, feedback, preference update) as sensors + jobs.

Their handlers only touch the application database, so several events commit per transaction
(``events_per_transaction``); `job/viewed` is the high-volume one and gets the biggest batches. Views,
applications, feedback and preference updates are handled set-based (``batch_handler``: bulk reads and
inserts per transaction).
"""

from __future__ import annotations

from datetime import timedelta

import dagster as dg

from jobsearch_pipelines.defs.events.factory import event_function_defs
from jobsearch_pipelines.lib.events.functions import EventFunction
from jobsearch_pipelines.lib.events.user_functions import (
    handle_job_applied,
    handle_job_applied_batch,
    handle_job_feedback,
    handle_job_feedback_batch,
    handle_job_viewed,
    handle_job_viewed_batch,
    handle_preference_updated,
    handle_preference_updated_batch,
    handle_user_registered,
    prefetch_users_and_jobs,
)

# A run stays up for a minute while events keep coming (``drain_for``): a steady stream skips the sensor tick and
# the start-up of a new run (p50 6 s -> 0.03 s in bench/events_throughput.py).
_DRAIN = timedelta(seconds=60)
_DB_ONLY = {"batch_size": 200, "events_per_transaction": 100, "prefetch": prefetch_users_and_jobs,
            "drain_for": _DRAIN}

USER_FUNCTIONS = (
    EventFunction("on_user_registered", "user/registered", handle_user_registered, **_DB_ONLY,
                  description="Create or update the user and settings, default preference, welcome email."),
    EventFunction("on_job_applied", "job/applied", handle_job_applied, **_DB_ONLY,
                  batch_handler=handle_job_applied_batch,
                  description="Record the application and infer company preferences."),
    EventFunction("on_job_viewed", "job/viewed", handle_job_viewed, batch_size=10000, events_per_transaction=500,
                  drain_for=_DRAIN,
                  prefetch=prefetch_users_and_jobs, batch_handler=handle_job_viewed_batch,
                  description="Record views of 10 s or more; repeated views strengthen interest."),
    EventFunction("on_job_feedback", "job/feedback", handle_job_feedback, **_DB_ONLY,
                  batch_handler=handle_job_feedback_batch,
                  description="Record like/dislike and infer preferences."),
    EventFunction("on_preference_updated", "preference/updated", handle_preference_updated, **_DB_ONLY,
                  batch_handler=handle_preference_updated_batch,
                  description="Store an explicit preference and request re-ranking (jobs/rerank)."),
)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions.merge(*(event_function_defs(fn) for fn in USER_FUNCTIONS))
