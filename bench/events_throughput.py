"""End-to-end event throughput: send -> inbox -> sensor -> batched Dagster runs -> processed.

Starts a real ``dagster-daemon`` on a temporary DAGSTER_HOME (the project's dagster.yaml) and a temporary
SQLite application database, sends ``--events`` `job/viewed` events at ``--rate`` events/s through
``send_events`` and waits until every event has a final status. Reports sustained events/s (first send to
last processed), send-to-processed latency percentiles, lost and duplicated counts (duplicates counted from
the runs' own "processed" metadata), runs used; then the one-run-per-event baseline on a small sample,
extrapolated to the same event count (marked as such).

Rates reported: offered (events sent / send time), achieved (processed / first send -> last processed: includes
one whole pipeline latency, so it stays below the offered rate even when the system keeps up) and completion
(processed / first -> last processed event: the rate the system finished events once they flowed). CPU is the
whole machine's busy time (/proc/stat: daemon, code server, runs, PostgreSQL, the sender) per 1,000 events. The
ceiling is what "achieved" would be with no latency at all (the events over the time their own sending took).

By default the events are sent while the warm-up event's run is still up (a draining run takes them, as in a
steady stream); ``--cold`` waits until it has ended, so the first events wait for a sensor tick and a new run.

    .venv/bin/python bench/events_throughput.py [--events 10000] [--rate 250] [--users 5000] [--baseline 24]
        [--db sqlite|postgres] [--cold]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import dagster as dg  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from jobsearch_pipelines.cli.progress import progress_bar  # noqa: E402
from jobsearch_pipelines.db import migrate  # noqa: E402
from jobsearch_pipelines.db.engine import make_engine, session_scope  # noqa: E402
from jobsearch_pipelines.db.schema import Event, User  # noqa: E402
from jobsearch_pipelines.lib.events.inbox import send_events  # noqa: E402
from jobsearch_pipelines.lib.events.schemas import JobViewed, register_event_schema  # noqa: E402
from jobsearch_pipelines.lib.instance_config import prepare_dagster_home  # noqa: E402

FINAL = ("processed", "skipped", "dead", "duplicate")
BASELINE_EVENT = "bench/viewed"  # the same handler, one run per event (see events_location.py)
register_event_schema(BASELINE_EVENT, JobViewed)


def create_pg_database() -> tuple[str, object]:
    """A fresh PostgreSQL database for the run (server from $BENCH_PG_ADMIN_URL) and a function dropping it."""
    import uuid

    from sqlalchemy import create_engine, text

    admin_url = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
    name = f"events_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin_url.rsplit("/", 1)[0] + "/" + name, drop


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy since boot (all cores; idle and iowait excluded)."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def wait_final(engine, name: str, timeout: float) -> bool:
    """Wait until every event named ``name`` has a final status (a progress bar on a terminal)."""
    deadline = time.monotonic() + timeout
    with session_scope(engine) as session:
        total = session.scalar(select(func.count()).select_from(Event).where(Event.name == name)) or 0
    done = 0
    with progress_bar(f"waiting for {name}", total=total, unit="events") as progress:
        while time.monotonic() < deadline:
            with session_scope(engine) as session:
                open_events = session.scalar(select(func.count()).select_from(Event).where(
                    Event.name == name, Event.status.not_in(FINAL))) or 0
            progress.advance(total - open_events - done)
            done = total - open_events
            if open_events == 0:
                return True
            time.sleep(0.5)
    return False


def wait_no_run(job_name: str, timeout: float) -> None:
    """Wait until no run of ``job_name`` is up (``--cold``: the first events then wait for a sensor tick and a new
    run, as after a quiet spell)."""
    deadline = time.monotonic() + timeout
    with dg.DagsterInstance.get() as instance:
        while time.monotonic() < deadline:
            if not instance.get_run_records(filters=dg.RunsFilter(job_name=job_name, statuses=[
                    dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]), limit=1):
                return
            time.sleep(0.5)
    raise SystemExit(f"a run of {job_name} is still up after {timeout:g}s")


def send_paced(engine, name: str, count: int, rate: float, users: int, offset: int = 0) -> list[str]:
    """Send ``count`` events at ``rate``/s in chunks of rate/10 (10 sends per second), like a steady stream."""
    chunk = max(1, min(50, int(rate / 10)))
    interval = chunk / rate
    ids: list[str] = []
    start = time.monotonic()
    for sent in range(0, count, chunk):
        events = [{"name": name, "data": {"userId": f"user_{(offset + i) % users}", "jobId": offset + i + 1,
                                          "duration": 15 + (i % 50)}}
                  for i in range(sent, min(sent + chunk, count))]
        ids += send_events(engine, events)
        delay = start + (sent // chunk + 1) * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    return ids


def measure(engine, name: str, ids: list[str]) -> dict[str, float]:
    wanted = set(ids)
    with session_scope(engine) as session:
        rows = [r for r in session.execute(select(Event.id, Event.received_at, Event.processed_at, Event.status,
                                                  Event.run_id).where(Event.name == name)).all() if r[0] in wanted]
    processed = sorted((r for r in rows if r[3] == "processed"), key=lambda r: r[1])
    latencies = [(r[2] - r[1]).total_seconds() for r in processed]
    quarter = max(1, len(latencies) // 4)
    first_sent: datetime = min(r[1] for r in rows)
    last_sent: datetime = max(r[1] for r in rows)
    first_done: datetime = min(r[2] for r in processed)
    last_done: datetime = max(r[2] for r in processed)
    span = (last_done - first_sent).total_seconds()
    completing = (last_done - first_done).total_seconds()
    return {
        "events": len(ids), "processed": len(processed), "lost": len(ids) - sum(1 for r in rows if r[3] in FINAL),
        "events_per_s": len(processed) / span if span else 0.0, "span_s": span,
        # what "achieved" could be with no latency at all: the events over the time their sending took
        "ceiling_per_s": len(processed) / sending if (sending := (last_sent - first_sent).total_seconds()) else 0.0,
        "completion_per_s": len(processed) / completing if completing else 0.0,
        "p50_s": statistics.median(latencies), "p95_s": percentile(latencies, 0.95), "max_s": max(latencies),
        # latency of the first and the last quarter of the events sent: equal when the system keeps up with the
        # offered rate, growing when a backlog builds
        "p50_first_quarter_s": statistics.median(latencies[:quarter]),
        "p50_last_quarter_s": statistics.median(latencies[-quarter:]),
        "runs": len({r[4] for r in processed}),
    }


def processed_by_runs(instance: dg.DagsterInstance, job_name: str) -> int:
    """Sum of the 'processed' counts the runs themselves reported (to detect double processing)."""
    total = 0
    for record in instance.get_run_records(filters=dg.RunsFilter(job_name=job_name)):
        for entry in instance.all_logs(record.dagster_run.run_id, of_type=dg.DagsterEventType.STEP_OUTPUT):
            metadata = entry.dagster_event.step_output_data.metadata
            if "processed" in metadata:
                total += int(metadata["processed"].value)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=250.0, help="send rate, events/s")
    parser.add_argument("--baseline", type=int, default=24, help="events in the one-run-per-event sample (0: skip)")
    parser.add_argument("--users", type=int, default=5000, help="distinct users sending (events spread round-robin)")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite",
                        help="application database: a temp SQLite file, or a temp database on $BENCH_PG_ADMIN_URL")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--cold", action="store_true",
                        help="send only once the warm-up's run has ended (default: while it is still draining)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="events_bench_"))
    home = prepare_dagster_home(tmp / "dagster_home", postgres=False)
    db_url, drop_pg = f"sqlite:///{tmp / 'app.db'}", None
    if args.db == "postgres":
        db_url, drop_pg = create_pg_database()
    migrate.upgrade(db_url)
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        session.add_all(User(id=f"user_{i}", email=f"user_{i}@example.org") for i in range(args.users))
    workspace = tmp / "workspace.yaml"
    workspace.write_text(
        "load_from:\n  - python_file:\n"
        f"      relative_path: {ROOT / 'bench' / 'events_location.py'}\n"
        f"      working_directory: {ROOT}\n      location_name: events_bench\n"
    )
    env = {**os.environ, "DAGSTER_HOME": str(home), "JOBSEARCH_DATABASE_URL": db_url,
           "JOBSEARCH_DATA_DIR": str(tmp / "data"), "DAGSTER_DISABLE_TELEMETRY": "1"}
    log = (tmp / "daemon.log").open("wb")
    daemon = subprocess.Popen([str(Path(sys.executable).parent / "dagster-daemon"), "run", "-w", str(workspace)],
                              env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        print(f"daemon started (pid {daemon.pid}); warming up ...", flush=True)
        send_events(engine, [{"name": "job/viewed", "data": {"userId": "user_0", "jobId": 1, "duration": 20}}])
        if not wait_final(engine, "job/viewed", 240):
            raise SystemExit(f"warm-up event not processed; see {tmp / 'daemon.log'}")
        if args.cold:
            wait_no_run("on_job_viewed", 180)
        print(f"sending {args.events} events at {args.rate:g}/s ...", flush=True)
        t0, busy0 = time.monotonic(), machine_busy_seconds()
        ids = send_paced(engine, "job/viewed", args.events, args.rate, args.users, offset=1)
        send_s = time.monotonic() - t0
        finished = wait_final(engine, "job/viewed", args.timeout)
        busy = machine_busy_seconds() - busy0
        batched = measure(engine, "job/viewed", ids)
        batched["offered_per_s"] = args.events / send_s
        batched["cpu_s_per_1000"] = busy / args.events * 1000
        with dg.DagsterInstance.get() as instance:
            reported = processed_by_runs(instance, "on_job_viewed") - 1  # minus the warm-up event
        batched["duplicated"] = max(reported - batched["processed"], 0)
        batched["send_s"] = send_s
        print(f"batched: {batched}", flush=True)
        baseline = None
        if args.baseline:
            print(f"baseline: {args.baseline} events, one run each ...", flush=True)
            sample = send_events(engine, [{"name": BASELINE_EVENT, "data": {"userId": f"user_{i}", "jobId": i + 1,
                                                                            "duration": 20}}
                                          for i in range(args.baseline)])
            wait_final(engine, BASELINE_EVENT, args.timeout)
            baseline = measure(engine, BASELINE_EVENT, sample)
    finally:
        os.killpg(daemon.pid, signal.SIGINT)
        try:
            daemon.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
        log.close()
        engine.dispose()
        if drop_pg:
            drop_pg()

    print()
    print(f"application database: {args.db}; {args.users} users; send rate target {args.rate:g}/s; "
          f"{'cold (no run up when sending started)' if args.cold else 'the warm-up run still draining'}")
    print(f"{'path':34} {'events':>7} {'offered/s':>9} {'achieved/s':>10} {'completion/s':>12} {'p50 s':>6} "
          f"{'p95 s':>6} {'max s':>6} {'CPU s/1k':>8} {'runs':>5} {'lost':>5} {'dup':>4}")
    print(f"{'micro-batched (on_job_viewed)':34} {batched['processed']:>7} {batched['offered_per_s']:>9.1f} "
          f"{batched['events_per_s']:>10.1f} {batched['completion_per_s']:>12.1f} {batched['p50_s']:>6.1f} "
          f"{batched['p95_s']:>6.1f} {batched['max_s']:>6.1f} {batched['cpu_s_per_1000']:>8.2f} {batched['runs']:>5} "
          f"{batched['lost']:>5} {batched['duplicated']:>4}")
    if baseline:
        rate = baseline["events_per_s"]
        print(f"{'one run per event (measured)':34} {baseline['processed']:>7} {rate:>9.2f} "
              f"{baseline['p50_s']:>7.1f} {baseline['p95_s']:>7.1f} {baseline['max_s']:>7.1f} {baseline['runs']:>5} "
              f"{baseline['lost']:>5} {'-':>4}")
        minutes = args.events / rate / 60
        print(f"{'one run per event (extrapolated)':34} {args.events:>7} {rate:>9.2f}   -> {minutes:.0f} min for"
              f" {args.events} events (extrapolated from {baseline['processed']}, not measured)")
        print(f"speed-up of micro-batching: x{batched['events_per_s'] / rate:.0f}")
    print(f"\nsend phase {batched['send_s']:.1f}s at target {args.rate:g}/s; span first send -> last processed "
          f"{batched['span_s']:.1f}s; all final: {finished}; "
          f"avg events/run {batched['processed'] / max(batched['runs'], 1):.0f}")
    print(f"p50 latency, first quarter of the events sent: {batched['p50_first_quarter_s']:.1f} s; last quarter: "
          f"{batched['p50_last_quarter_s']:.1f} s (a backlog would make the last quarter wait longer)")
    keeps_up = batched["p50_last_quarter_s"] <= batched["p50_first_quarter_s"] + 2.0
    print(f"targets: keeps up with the offered rate (no growing backlog): {'OK' if keeps_up else 'MISSED'}; "
          f"achieved >= 1000/s: {'OK' if batched['events_per_s'] >= 1000 else 'MISSED'} "
          f"({batched['events_per_s']:.1f}/s; with no latency at all at most {batched['ceiling_per_s']:.1f}/s, the "
          f"events over their own send time); p50 < 10 s: "
          f"{'OK' if batched['p50_s'] < 10 else 'MISSED'}; lost 0 / dup 0: "
          f"{'OK' if batched['lost'] == 0 and batched['duplicated'] == 0 else 'MISSED'}")


if __name__ == "__main__":
    main()
