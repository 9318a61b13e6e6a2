"""GCRA: Inngest's documented examples, exact window bounds for random streams, the in-process limiter."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobsearch_pipelines.lib.flow_control.gcra import GcraLimiter, RateLimitExceeded, gcra, interval_us, tokens_left

S = 1_000_000  # microseconds per second


def _run(times_us: list[int], interval: Fraction, capacity: int) -> list[int]:
    tat, admitted = None, []
    for t in times_us:
        decision = gcra(tat, t, interval, capacity)
        if decision.allowed:
            tat = decision.tat
            admitted.append(t)
    return admitted


def test_rate_limit_10_per_hour_admits_2_then_one_per_6_minutes() -> None:
    interval = interval_us(10, timedelta(hours=1))  # Inngest: burst floor(10/10) = 1 -> capacity 2
    assert _run([0] * 5, interval, 2) == [0, 0]
    times = [0, 0, 0, 359 * S, 360 * S, 361 * S, 720 * S]
    assert _run(times, interval, 2) == [0, 0, 360 * S, 720 * S]


def test_throttle_limit_2_period_6s_burst_1_starts_3_then_one_per_3s() -> None:
    interval = interval_us(2, timedelta(seconds=6))
    assert _run([0] * 5, interval, 3) == [0, 0, 0]
    assert _run([0, 0, 0, 0, 3 * S, 3 * S, 6 * S], interval, 3) == [0, 0, 0, 3 * S, 6 * S]


def test_denied_reports_retry_after_and_tokens() -> None:
    interval = interval_us(1, timedelta(seconds=10))
    first = gcra(None, 0, interval, 1)
    assert first.allowed and first.remaining == 0
    denied = gcra(first.tat, 4 * S, interval, 1)
    assert not denied.allowed and denied.retry_after_us == 6 * S and denied.tat == first.tat
    assert tokens_left(first.tat, 10 * S, interval, 1) == 1
    assert tokens_left(None, 0, interval, 3) == 3


@settings(max_examples=300, deadline=None)
@given(limit=st.integers(1, 50), period_s=st.integers(1, 3600), capacity=st.integers(1, 10),
       gaps=st.lists(st.integers(0, 5 * S), min_size=1, max_size=80))
def test_never_more_than_capacity_plus_rate_in_any_window(limit: int, period_s: int, capacity: int,
                                                          gaps: list[int]) -> None:
    interval = interval_us(limit, timedelta(seconds=period_s))
    times, t = [], 0
    for gap in gaps:
        t += gap
        times.append(t)
    admitted = _run(times, interval, capacity)
    for i, start in enumerate(admitted):
        for j in range(i, len(admitted)):
            window = admitted[j] - start
            assert j - i + 1 <= capacity + int(Fraction(window) / interval), (admitted, i, j)


@settings(max_examples=200, deadline=None)
@given(limit=st.integers(1, 50), period_s=st.integers(1, 600), extra=st.lists(st.integers(0, 10 * S), max_size=40))
def test_events_spaced_at_least_one_interval_are_all_admitted(limit: int, period_s: int, extra: list[int]) -> None:
    interval = interval_us(limit, timedelta(seconds=period_s))
    step = -(-interval.numerator // interval.denominator)  # ceil
    times, t = [], 0
    for gap in extra:
        t += step + gap
        times.append(t)
    assert _run(times, interval, 1) == times


def test_in_process_limiter_waits_with_injected_clock() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = GcraLimiter(60, "1m", clock=lambda: now[0], sleep=sleep)  # burst 6 -> 7 back to back
    assert limiter.remaining() == 7
    assert all(limiter.try_acquire() for _ in range(7))
    assert not limiter.try_acquire()
    assert limiter.retry_after() == pytest.approx(1.0)
    assert limiter.acquire() == pytest.approx(1.0)
    assert slept == [pytest.approx(1.0)]
    with pytest.raises(RateLimitExceeded) as info:
        limiter.acquire(timeout=0.5)
    assert info.value.retry_after == pytest.approx(1.0)
    now[0] += 100
    assert limiter.remaining() == 7


def test_limiter_validates_arguments() -> None:
    with pytest.raises(ValueError, match="limit"):
        GcraLimiter(0, "1m")
    with pytest.raises(ValueError, match="period"):
        GcraLimiter(5, "soon")
    with pytest.raises(ValueError, match="burst"):
        GcraLimiter(5, "1m", burst=-1)


def test_shared_limiter_holds_across_processes(db_url: str) -> None:
    """Four threads with their own engines share one budget through the database (SQLite and PostgreSQL)."""
    import threading
    from datetime import UTC, datetime

    from jobsearch_pipelines.db.engine import make_engine
    from jobsearch_pipelines.lib.flow_control.shared_limiter import SharedGcraLimiter

    frozen = datetime(2026, 1, 1, tzinfo=UTC)
    allowed: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        engine = make_engine(db_url)
        limiter = SharedGcraLimiter(engine, "llm", 50, "1m", clock=lambda: frozen)  # burst 5 -> 6 at once
        try:
            for _ in range(5):
                result = limiter.try_acquire()
                with lock:
                    allowed.append(result)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 6 and len(allowed) == 20
    engine = make_engine(db_url)
    later = SharedGcraLimiter(engine, "llm", 50, "1m", clock=lambda: frozen + timedelta(seconds=1.2))
    assert later.remaining() == 1 and later.try_acquire() and not later.try_acquire()
    engine.dispose()
