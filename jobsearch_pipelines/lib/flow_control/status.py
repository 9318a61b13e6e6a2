"""What flow control is doing now, per function and key: runs, tokens left, throttled and debounced events.

Read from the state tables (``flow_buckets``, ``flow_event_states``, ``flow_debounces``) plus the run counts
the caller got from the Dagster instance (runs carrying ``jobsearch/concurrency.<function>`` tags).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import FlowBucket, FlowDebounce
from jobsearch_pipelines.lib.flow_control.gate import waiting_counts
from jobsearch_pipelines.lib.flow_control.gcra import to_us, tokens_left

__all__ = ["KeyStatus", "flow_status"]


@dataclass
class KeyStatus:
    function: str
    key: str  # "" = the function's single (unkeyed) bucket or queue
    running: int | None = None  # runs with this concurrency key that are starting/running
    queued_runs: int | None = None  # runs with this key waiting in the Dagster run queue
    concurrency_limit: int | None = None
    rate_limit_tokens: int | None = None
    rate_limit_capacity: int | None = None
    throttle_tokens: int | None = None
    throttle_capacity: int | None = None
    throttled: int = 0  # events queued by the throttle (FIFO)
    debounced: int = 0  # events pending in an open debounce
    batching: int = 0  # events waiting for their batch to fill or time out
    debounce_fires_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["debounce_fires_at"] = self.debounce_fires_at.isoformat() if self.debounce_fires_at else None
        return out


def flow_status(session: Session, functions: Iterable[Any], now: datetime,
                runs: Mapping[tuple[str, str], tuple[int, int]] | None = None,
                function: str | None = None) -> list[KeyStatus]:
    """One row per (function, key) with state, plus one per function with flow control and no state yet.

    ``runs`` maps (function, concurrency key) to (running, queued) run counts from the Dagster instance.
    """
    by_name = {fn.name: fn for fn in functions if function is None or fn.name == function}
    rows: dict[tuple[str, str], KeyStatus] = {}

    def row(fn_name: str, key: str) -> KeyStatus:
        if (fn_name, key) not in rows:
            rows[(fn_name, key)] = KeyStatus(fn_name, key)
        return rows[(fn_name, key)]

    query = select(FlowBucket)
    if function is not None:
        query = query.where(FlowBucket.function == function)
    for bucket in session.scalars(query):
        tokens = tokens_left(Fraction(bucket.tat), to_us(now), Fraction(bucket.interval_us), bucket.capacity)
        entry = row(bucket.function, bucket.key)
        if bucket.kind == "rate_limit":
            entry.rate_limit_tokens, entry.rate_limit_capacity = tokens, bucket.capacity
        else:
            entry.throttle_tokens, entry.throttle_capacity = tokens, bucket.capacity
    for (fn_name, stage, key), count in waiting_counts(session, function).items():
        entry = row(fn_name, key)
        if stage == "throttle":
            entry.throttled += count
        elif stage == "debounce":
            entry.debounced += count
        elif stage == "batch":
            entry.batching += count
    query_d = select(FlowDebounce)
    if function is not None:
        query_d = query_d.where(FlowDebounce.function == function)
    for debounce in session.scalars(query_d):
        row(debounce.function, debounce.key).debounce_fires_at = debounce.deadline_at
    for (fn_name, key), (running, queued) in (runs or {}).items():
        if function is None or fn_name == function:
            entry = row(fn_name, key)
            entry.running, entry.queued_runs = running, queued
    for name, fn in by_name.items():
        fc = fn.flow_control
        if fc.is_empty:
            continue
        keyed = [k for (f, k) in rows if f == name]
        if not keyed:
            row(name, "")
        for key in [k for (f, k) in rows if f == name]:
            entry = rows[(name, key)]
            if fc.concurrency is not None:
                entry.concurrency_limit = fc.concurrency.limit
                if runs is not None and entry.running is None:
                    entry.running, entry.queued_runs = 0, 0
            if fc.rate_limit is not None and entry.rate_limit_capacity is None and not fc.rate_limit.key:
                entry.rate_limit_tokens = entry.rate_limit_capacity = fc.rate_limit.burst + 1
            if fc.throttle is not None and entry.throttle_capacity is None and not fc.throttle.key:
                entry.throttle_tokens = entry.throttle_capacity = fc.throttle.limit + fc.throttle.burst
    return [rows[k] for k in sorted(rows)]
