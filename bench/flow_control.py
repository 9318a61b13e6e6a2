"""Gate throughput: events/s that ``gate.admit`` decides per flow-control kind, against no flow control.

A sensor offers its due events in ticks; this replays N events (default 5,000, 50 keys) arriving 10 ms apart,
offered 200 per tick on a fresh SQLite database, with the clock advancing 2 s per tick, until every event is
decided. Ratios are against the stateless baseline (concurrency + priority only: no database work) in the
same run. Run: ``.venv/bin/python bench/flow_control.py [--events N]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from jobsearch_pipelines.cli.progress import progress_bar
from jobsearch_pipelines.db import migrate
from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.lib.flow_control import gate
from jobsearch_pipelines.lib.flow_control.config import (
    Batch,
    Concurrency,
    Debounce,
    FlowControl,
    Priority,
    RateLimit,
    Throttle,
)
from jobsearch_pipelines.lib.flow_control.expr import parse

T0 = datetime(2026, 1, 1, tzinfo=UTC)
CONFIGS = {
    "baseline: concurrency + priority": FlowControl(concurrency=Concurrency(5, key="event.data.k"),
                                                    priority=Priority("event.data.p ?? 0")),
    "rate limit 100/s per key": FlowControl(rate_limit=RateLimit(100, "1s", key="event.data.k")),
    "throttle 50/s per key": FlowControl(throttle=Throttle(50, "1s", key="event.data.k")),
    "debounce 1s per key": FlowControl(debounce=Debounce("1s", key="event.data.k")),
    "batch 20 / 5s per key": FlowControl(batch=Batch(20, "5s", key="event.data.k")),
    "rate limit + throttle + priority": FlowControl(rate_limit=RateLimit(1000, "1s"),
                                                    throttle=Throttle(50, "1s", key="event.data.k"),
                                                    priority=Priority("event.data.p ?? 0")),
}


@dataclass
class Ev:
    id: str
    seq: int
    data: dict[str, Any]
    ts: int
    received_at: datetime


def run(fc: FlowControl, events: list[Ev], per_tick: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        open_ids = {e.id for e in events}
        now, ticks = T0, 0
        started = time.perf_counter()
        while open_ids and ticks < 10_000:
            offered = [e for e in events if e.id in open_ids and e.received_at <= now][:per_tick]
            with session_scope(engine) as session:
                admission = gate.admit(session, "bench", fc, offered, now)
            for admitted in admission.ready:
                open_ids.discard(admitted.event.id)
            for event, _ in admission.skipped:
                open_ids.discard(event.id)
            now += timedelta(seconds=2)
            ticks += 1
        elapsed = time.perf_counter() - started
        engine.dispose()
        return elapsed, ticks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--keys", type=int, default=50)
    parser.add_argument("--per-tick", type=int, default=200)
    args = parser.parse_args()
    events = [Ev(f"e{i:06d}", i + 1, {"k": f"key{i % args.keys}", "p": i % 7},
                 int((T0 + timedelta(milliseconds=10 * i)).timestamp() * 1000), T0 + timedelta(milliseconds=10 * i))
              for i in range(args.events)]
    rows = []
    with progress_bar("flow-control configs", total=len(CONFIGS), unit="configs") as progress:
        for name, fc in CONFIGS.items():
            elapsed, ticks = run(fc, events, args.per_tick)
            rows.append((name, args.events / elapsed, ticks, elapsed))
            progress.advance()
    base = rows[0][1]
    print(f"{args.events} events, {args.keys} keys, {args.per_tick} offered per tick (SQLite)\n")
    print(f"{'config':36} {'events/s':>10} {'ticks':>6} {'seconds':>8} {'vs baseline':>12}")
    for name, rate, ticks, elapsed in rows:
        print(f"{name:36} {rate:10.0f} {ticks:6d} {elapsed:8.2f} {rate / base:11.2f}x")
    key_expressions(events)


def key_expressions(events: list[Ev]) -> None:
    """What the plain-path shortcut of ``expr`` buys: a key read directly vs through the CEL interpreter."""
    direct = parse("event.data.k")
    through_cel = parse("event.data.k + ''")  # the same key, as a CEL program
    timings = []
    for expression in (direct, through_cel):
        started = time.perf_counter()
        for event in events:
            expression.evaluate(event)
        timings.append((time.perf_counter() - started) / len(events) * 1e6)
    print(f"\nkey expression per event: plain path {timings[0]:.1f} us, through CEL {timings[1]:.1f} us "
          f"({timings[1] / timings[0]:.0f}x)")


if __name__ == "__main__":
    main()
