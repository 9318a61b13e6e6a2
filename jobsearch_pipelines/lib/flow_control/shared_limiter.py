"""A GCRA limiter shared by every process through the application database (e.g. one LLM budget for all runs).

``GcraLimiter`` limits one process; several Dagster runs in parallel each have their own. This one keeps the
TAT in ``flow_buckets`` (function ``limiter:<name>``), decided in a short locked transaction, so N processes
together stay within ``limit`` per ``period``. Same interface: ``try_acquire``, ``acquire``, ``remaining``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from fractions import Fraction

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, OperationalError

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import FlowBucket
from jobsearch_pipelines.lib.flow_control.config import parse_period
from jobsearch_pipelines.lib.flow_control.gcra import gcra, interval_us, to_us, tokens_left, wait_for_slot
from jobsearch_pipelines.lib.flow_control.locking import write_lock

__all__ = ["SharedGcraLimiter"]


class SharedGcraLimiter:
    """At most ``limit`` per ``period`` across processes, ``burst + 1`` back to back (default burst limit // 10)."""

    def __init__(self, engine: Engine, name: str, limit: int, period: timedelta | float | str,
                 burst: int | None = None, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit: must be an integer >= 1, got {limit!r}")
        if burst is not None and (not isinstance(burst, int) or burst < 0):
            raise ValueError(f"burst: must be an integer >= 0, got {burst!r}")
        if not name or len(name) > 100:
            raise ValueError(f"name: must be 1-100 characters, got {name!r}")
        self.engine, self.name = engine, name
        self.capacity = (limit // 10 if burst is None else burst) + 1
        self.interval = interval_us(limit, parse_period(period, "period"))
        self._clock, self._sleep = clock, sleep

    def _decide(self) -> tuple[bool, float]:
        for attempt in range(5):
            try:
                with session_scope(self.engine) as session:
                    write_lock(session)
                    now = self._clock()
                    row = session.scalars(select(FlowBucket).where(
                        FlowBucket.function == f"limiter:{self.name}", FlowBucket.kind == "limiter",
                        FlowBucket.key == "").with_for_update()).first()
                    decision = gcra(Fraction(row.tat) if row else None, to_us(now), self.interval, self.capacity)
                    if decision.allowed:
                        if row is None:
                            session.add(FlowBucket(function=f"limiter:{self.name}", kind="limiter", key="",
                                                   tat=str(decision.tat), interval_us=str(self.interval),
                                                   capacity=self.capacity, updated_at=now))
                        else:
                            row.tat, row.updated_at = str(decision.tat), now
                    return decision.allowed, float(decision.retry_after_us) / 1e6
            except (IntegrityError, OperationalError):  # a concurrent first use / SQLite writer conflict
                if attempt == 4:
                    raise
                self._sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def try_acquire(self) -> bool:
        return self._decide()[0]

    def try_acquire_or_wait_time(self) -> tuple[bool, float]:
        """Take a slot if one is free now: (True, 0), else (False, seconds until one is)."""
        return self._decide()

    def acquire(self, timeout: float | None = None) -> float:
        """Wait until allowed and take the slot; returns seconds waited; ``RateLimitExceeded`` past ``timeout``."""
        return wait_for_slot(self._decide, self._sleep, timeout)

    def remaining(self) -> int:
        with session_scope(self.engine) as session:
            tat = session.scalars(select(FlowBucket.tat).where(
                FlowBucket.function == f"limiter:{self.name}", FlowBucket.kind == "limiter",
                FlowBucket.key == "")).first()
        return tokens_left(Fraction(tat) if tat else None, to_us(self._clock()), self.interval, self.capacity)
