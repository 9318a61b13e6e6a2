"""What every schedule shares: the run key of a tick (one run per tick, even if the daemon evaluates it twice)
and the tag that ``dagster.yaml`` limits to one run at a time per value."""

from __future__ import annotations

from typing import Any

import dagster as dg

SINGLETON_TAG = "jobsearch/singleton"  # dagster.yaml limits each value to one run at a time


def tick_request(context: dg.ScheduleEvaluationContext, name: str, run_config: dict[str, Any] | None = None,
                 tags: dict[str, str] | None = None) -> dg.RunRequest:
    """The run of schedule ``name`` for this tick, keyed by the tick's time."""
    tick = context.scheduled_execution_time.isoformat() if context.scheduled_execution_time else "manual"
    return dg.RunRequest(run_key=f"{name}:{tick}", run_config=run_config or {},
                         tags={"jobsearch/scheduled_for": tick, **(tags or {})})
