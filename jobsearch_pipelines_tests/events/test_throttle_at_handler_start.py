"""The throttle holds where the work happens: two runs that start together (the run queue let them) still start
their handlers one throttle period apart per key, through the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time

from sqlalchemy import Engine, select, update

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Event, utcnow
from jobsearch_pipelines.lib.events.functions import EventFunction, EventRecord, Outcome
from jobsearch_pipelines.lib.events.inbox import send_event
from jobsearch_pipelines.lib.events.processing import process_events
from jobsearch_pipelines.lib.flow_control.config import FlowControl, Throttle
from jobsearch_pipelines.lib.flow_control.event_schemas import EMAIL_NOTIFICATION

PERIOD = 1.5


def test_handlers_of_one_key_start_a_throttle_period_apart_across_runs(engine: Engine) -> None:
    starts: dict[str, float] = {}

    def handler(session, record: EventRecord) -> Outcome:  # type: ignore[no-untyped-def]
        starts[record.id] = time.monotonic()
        return Outcome("processed")

    fn = EventFunction("throttled_mail", EMAIL_NOTIFICATION, handler, order_key=None,
                       flow_control=FlowControl(throttle=Throttle(1, f"{PERIOD}s", key="event.data.organizationId")))
    ids = [send_event(engine, EMAIL_NOTIFICATION, {"organizationId": org, "message": "hi", "recipient": "a@b.org"})
           for org in ("acme", "acme", "globex")]
    records = []
    with session_scope(engine) as session:
        for i, event_id in enumerate(ids):  # three admitted events, each claimed by its own run
            session.execute(update(Event).where(Event.id == event_id).values(status="processing", run_id=f"r{i}"))
            row = session.scalars(select(Event).where(Event.id == event_id)).one()
            records.append(EventRecord(event_id, row.seq, row.name, dict(row.data), row.ts, 1))
    results: dict[int, list] = {}

    def run(i: int) -> None:
        results[i] = process_events(engine, fn, [records[i]], f"r{i}", utcnow)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(r[0].status == "processed" for r in results.values())
    acme = sorted([starts[ids[0]], starts[ids[1]]])
    assert acme[1] - acme[0] >= PERIOD - 0.05  # one acme handler waited for the other's slot
    assert abs(starts[ids[2]] - min(acme)) < PERIOD  # another organisation is not held back
