"""``jobs/rerank``: recompute one user's ranking, debounced per user (a burst of preference changes -> one run)."""

from __future__ import annotations

import dagster as dg

from jobsearch_pipelines.defs.events.factory import event_function_defs
from jobsearch_pipelines.lib.events.functions import EventFunction
from jobsearch_pipelines.lib.flow_control.config import Debounce, FlowControl
from jobsearch_pipelines.lib.ranking.handlers import handle_rerank

RERANK = EventFunction(
    "rerank_user_jobs", "jobs/rerank", handle_rerank,
    flow_control=FlowControl(debounce=Debounce(period="30s", key="event.data.userId", timeout="5m")),
    batch_size=20,
    description="Recompute one user's job ranking after their preferences changed (debounced 30 s per user).",
)


@dg.definitions
def defs() -> dg.Definitions:
    return event_function_defs(RERANK)
