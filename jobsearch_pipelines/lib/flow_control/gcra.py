"""GCRA (generic cell rate algorithm): the limiter behind rate limit and throttle, exact and pure.

State is one number, the theoretical arrival time (TAT). With emission interval ``T = period / limit`` and
``capacity`` requests allowed back to back, a request at ``t`` is allowed iff ``max(TAT, t) - t <= T *
(capacity - 1)``; allowing sets ``TAT = max(TAT, t) + T``. Times are integer microseconds and ``T`` a
``Fraction``, so limits hold exactly (no float drift at window edges).

``GcraLimiter`` wraps it for in-process use (e.g. LLM calls): thread-safe, injectable clock and sleep.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

__all__ = ["GcraDecision", "GcraLimiter", "RateLimitExceeded", "gcra", "interval_us", "to_us", "tokens_left"]


def to_us(moment: datetime | float) -> int:
    """A datetime (aware) or seconds since the epoch -> integer microseconds."""
    if isinstance(moment, datetime):
        delta = moment - datetime(1970, 1, 1, tzinfo=moment.tzinfo)
        return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    return round(moment * 1_000_000)


def interval_us(limit: int, period: timedelta) -> Fraction:
    """The emission interval ``period / limit`` in microseconds."""
    return Fraction(to_us_delta(period), limit)


def to_us_delta(period: timedelta) -> int:
    return (period.days * 86400 + period.seconds) * 1_000_000 + period.microseconds


@dataclass(frozen=True)
class GcraDecision:
    allowed: bool
    tat: Fraction  # the new TAT (unchanged when denied)
    retry_after_us: Fraction  # how long until a request would be allowed (0 when allowed)
    remaining: int  # requests still allowed at this instant after this decision


def tokens_left(tat: Fraction | None, now_us: int, interval: Fraction, capacity: int) -> int:
    """How many requests would be allowed back to back at ``now_us``."""
    if tat is None or tat <= now_us:
        return capacity
    tolerance = interval * (capacity - 1)
    used = tat - now_us
    if used > tolerance:
        return 0
    return int((tolerance - used) // interval) + 1


def gcra(tat: Fraction | None, now_us: int, interval: Fraction, capacity: int) -> GcraDecision:
    """Decide one request at ``now_us`` given the stored ``tat`` (None = never used)."""
    if capacity < 1:
        raise ValueError("capacity must be >= 1")
    tolerance = interval * (capacity - 1)
    base = max(tat, Fraction(now_us)) if tat is not None else Fraction(now_us)
    if base - now_us > tolerance:
        return GcraDecision(False, tat if tat is not None else base, base - tolerance - now_us, 0)
    new_tat = base + interval
    return GcraDecision(True, new_tat, Fraction(0), tokens_left(new_tat, now_us, interval, capacity))


class RateLimitExceeded(RuntimeError):
    """``GcraLimiter.acquire`` could not get a slot within its timeout."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"rate limit exceeded; retry in {retry_after:.3f}s")


class GcraLimiter:
    """At most ``limit`` per ``period`` in steady state, ``burst + 1`` back to back (default burst: limit // 10).

    ``try_acquire()`` answers now; ``acquire(timeout)`` waits (with the injected ``sleep``) until allowed.
    """

    def __init__(self, limit: int, period: timedelta | float | str, burst: int | None = None, *,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        from jobsearch_pipelines.lib.flow_control.config import parse_period

        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit: must be an integer >= 1, got {limit!r}")
        if burst is not None and (not isinstance(burst, int) or burst < 0):
            raise ValueError(f"burst: must be an integer >= 0, got {burst!r}")
        self.limit = limit
        self.period = parse_period(period, "period")
        self.burst = limit // 10 if burst is None else burst
        self.capacity = self.burst + 1
        self.interval = interval_us(limit, self.period)
        self._clock, self._sleep = clock, sleep
        self._tat: Fraction | None = None
        self._lock = threading.Lock()

    def _now(self) -> int:
        return to_us(self._clock())

    def try_acquire(self) -> bool:
        """Take a slot if one is free now."""
        return self._try()[0]

    def _try(self) -> tuple[bool, float]:
        with self._lock:
            decision = gcra(self._tat, self._now(), self.interval, self.capacity)
            if decision.allowed:
                self._tat = decision.tat
            return decision.allowed, float(decision.retry_after_us) / 1e6

    def acquire(self, timeout: float | None = None) -> float:
        """Wait until a slot is free and take it; returns the seconds waited. ``RateLimitExceeded`` on timeout."""
        return wait_for_slot(self._try, self._sleep, timeout)

    def remaining(self) -> int:
        """Slots that could be taken back to back right now."""
        with self._lock:
            return tokens_left(self._tat, self._now(), self.interval, self.capacity)

    def retry_after(self) -> float:
        """Seconds until the next slot is free (0 if one is free now)."""
        with self._lock:
            now = self._now()
            if self._tat is None:
                return 0.0
            wait = self._tat - self.interval * (self.capacity - 1) - now
            return max(float(wait) / 1e6, 0.0)


def wait_for_slot(decide: Callable[[], tuple[bool, float]], sleep: Callable[[float], None],
                  timeout: float | None) -> float:
    """Call ``decide`` (-> allowed, seconds to retry after) until allowed; returns the seconds waited.

    Shared by the in-process and the database-backed limiter. ``RateLimitExceeded`` when ``timeout`` would pass.
    """
    waited = 0.0
    while True:
        allowed, retry_after = decide()
        if allowed:
            return waited
        if timeout is not None and waited + retry_after > timeout:
            raise RateLimitExceeded(retry_after)
        sleep(retry_after)
        waited += retry_after
