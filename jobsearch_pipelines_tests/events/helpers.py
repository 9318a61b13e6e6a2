"""Test helpers: evaluate an event function's sensor and execute the runs it requests, in process."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import dagster as dg
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Event
from jobsearch_pipelines.defs.events.factory import event_function_defs
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.events.functions import EventFunction, EventRecord, Outcome
from jobsearch_pipelines.lib.events.schemas import register_event_schema


class PingData(BaseModel):
    model_config = ConfigDict(extra="allow")
    userId: str
    n: int = 0


def unique_event(prefix: str = "test/ping") -> str:
    """A fresh event name with a permissive schema (each test function owns its event)."""
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    register_event_schema(name, PingData)
    return name


def function_defs(db_url: str, *functions: EventFunction) -> dg.Definitions:
    return dg.Definitions.merge(*(event_function_defs(fn) for fn in functions),
                                dg.Definitions(resources={"database": DatabaseResource(url=db_url)}))


class Harness:
    """Tick a sensor and run its requests like the daemon would, but in this process."""

    def __init__(self, defs: dg.Definitions, instance: dg.DagsterInstance, db_url: str) -> None:
        self.defs, self.instance, self.db_url = defs, instance, db_url
        self.cursors: dict[str, str | None] = {}

    def tick(self, fn: EventFunction) -> list[dg.RunRequest]:
        sensor = self.defs.get_sensor_def(f"{fn.name}_sensor")
        context = dg.build_sensor_context(instance=self.instance, cursor=self.cursors.get(fn.name),
                                          resources={"database": DatabaseResource(url=self.db_url)},
                                          definitions=self.defs)
        data = sensor.evaluate_tick(context)
        self.cursors[fn.name] = data.cursor or self.cursors.get(fn.name)
        return list(data.run_requests or [])

    def execute(self, fn: EventFunction, request: dg.RunRequest,
                raise_on_error: bool = True) -> dg.ExecuteInProcessResult:
        job = self.defs.resolve_job_def(fn.name)
        return job.execute_in_process(run_config=request.run_config, tags=request.tags, instance=self.instance,
                                      raise_on_error=raise_on_error)

    def drain(self, fn: EventFunction, max_ticks: int = 20) -> int:
        """Tick and execute until the sensor requests nothing; returns the number of runs executed."""
        runs = 0
        for _ in range(max_ticks):
            requests = self.tick(fn)
            if not requests:
                return runs
            for request in requests:
                self.execute(fn, request)
                runs += 1
        raise AssertionError(f"{fn.name} still requesting runs after {max_ticks} ticks")


def statuses(engine: Engine, name: str | None = None) -> dict[str, str]:
    """Event id -> status (of events named ``name``)."""
    with session_scope(engine) as session:
        query = select(Event.id, Event.status).order_by(Event.seq)
        if name:
            query = query.where(Event.name == name)
        return dict(session.execute(query).tuples().all())


def recording_handler(seen: list[tuple[str, int]], fail: Callable[[EventRecord], Any] | None = None
                      ) -> Callable[..., Outcome]:
    """A handler that appends (event id, n) to ``seen`` and can raise through ``fail``."""

    def handler(session: Any, event: EventRecord) -> Outcome:
        if fail is not None:
            fail(event)
        seen.append((event.id, int(event.data.get("n", 0))))
        return Outcome.processed({"n": event.data.get("n")})

    return handler
