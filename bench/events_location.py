"""The code location the event benchmark runs: the real `job/viewed` function (factory, sensor, job, handler).

Loaded by a `dagster-daemon` that ``bench/events_throughput.py`` starts; it holds only what the benchmark
needs so the timing is not mixed with other domains' sensors. ``bench/viewed`` is the same function with one
run per event (the Inngest-style baseline).
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import dagster as dg

from jobsearch_pipelines.defs.events.factory import event_function_defs
from jobsearch_pipelines.defs.events.user_functions import USER_FUNCTIONS
from jobsearch_pipelines.defs.resources import database_resource
from jobsearch_pipelines.lib.events.schemas import JobViewed, register_event_schema

BASELINE_EVENT = "bench/viewed"
register_event_schema(BASELINE_EVENT, JobViewed)

VIEWED = next(fn for fn in USER_FUNCTIONS if fn.event == "job/viewed")
ONE_PER_RUN = dataclasses.replace(VIEWED, name="bench_one_run_per_event", event=BASELINE_EVENT, batch_size=1,
                                  events_per_transaction=1, max_runs_per_tick=25, order_key=None,
                                  drain_for=timedelta(0))

defs = dg.Definitions.merge(
    event_function_defs(VIEWED),
    event_function_defs(ONE_PER_RUN),
    dg.Definitions(resources={"database": database_resource()}),
)
