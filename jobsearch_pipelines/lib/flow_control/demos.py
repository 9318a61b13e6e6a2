"""The original's six flow-control workflows as event functions that do real, observable work.

``user_processing`` (concurrency 10 per user), ``api_sync`` (rate limit 1000/h), ``email_notification``
(throttle 1 per 10 s per organisation; queues the email in the notifications outbox), ``search_index``
(debounce 5 s per document; re-indexes the document from its latest content), ``order_processing``
(priority ``has(event.data.priority) ? event.data.priority : 50``) and ``comprehensive`` (all combined).
Each records an execution row
(``flow_demo_executions``; search_index writes ``search_documents``), so concurrency, spacing and
payloads can be checked. Unlike the original, keys read ``event.data.*`` of the event we actually store.

Environment: ``JOBSEARCH_FLOW_DEMO_TIME_SCALE`` (default 1) multiplies every demo period (tests use small
periods through the real sensor); ``JOBSEARCH_FLOW_DEMO_WORK_SECONDS`` (default 1, as the original's sleep)
is how long user_processing works per event.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import FlowDemoExecution, Notification, SearchDocument
from jobsearch_pipelines.lib.events.functions import EventFunction, EventRecord, Outcome
from jobsearch_pipelines.lib.flow_control import event_schemas as names
from jobsearch_pipelines.lib.flow_control.config import (
    Concurrency,
    Debounce,
    FlowControl,
    Priority,
    RateLimit,
    Throttle,
    parse_period,
)
from jobsearch_pipelines.lib.flow_control.gate import evaluate_priority

TIME_SCALE_ENV = "JOBSEARCH_FLOW_DEMO_TIME_SCALE"
WORK_SECONDS_ENV = "JOBSEARCH_FLOW_DEMO_WORK_SECONDS"
_WORD = re.compile(r"[\w'-]+", re.UNICODE)
MAX_TERMS = 200


def _float_env(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name}: expected a number, got {raw!r}") from None
    if value < 0 or value != value:
        raise ValueError(f"{name}: must be >= 0, got {raw!r}")
    return value


def scaled(period: str) -> timedelta:
    """A demo period multiplied by ``JOBSEARCH_FLOW_DEMO_TIME_SCALE`` (never below 1 ms)."""
    scale = _float_env(TIME_SCALE_ENV, 1.0)
    return max(parse_period(period) * scale, timedelta(milliseconds=1))


def _now() -> datetime:
    return datetime.now(UTC)


def _record(session: Session, function: str, event: EventRecord, key: str | None, started: datetime,
            detail: dict[str, Any]) -> Outcome:
    row = session.scalars(select(FlowDemoExecution).where(
        FlowDemoExecution.function == function, FlowDemoExecution.event_id == event.id)).first()
    if row is None:
        row = FlowDemoExecution(function=function, event_id=event.id)
        session.add(row)
    row.key, row.payload, row.detail, row.started_at, row.finished_at = key, event.data, detail, started, _now()
    session.flush()
    return Outcome.processed(detail)


# ---------------------------------------------------------------------------------------------- handlers


def process_user(session: Session, event: EventRecord) -> Outcome:
    """Work on a user's data for ``JOBSEARCH_FLOW_DEMO_WORK_SECONDS`` and record the interval."""
    started = _now()
    time.sleep(_float_env(WORK_SECONDS_ENV, 1.0))
    data = event.data.get("data") or {}
    return _record(session, "user_processing", event, str(event.data["userId"]), started,
                   {"userId": event.data["userId"], "processed": True, "fields": sorted(data)[:50]})


def sync_api(session: Session, event: EventRecord) -> Outcome:
    """Record a sync of the endpoint (the n-th sync of that endpoint)."""
    started = _now()
    endpoint = str(event.data["endpoint"])
    previous = session.scalars(select(FlowDemoExecution.id).where(
        FlowDemoExecution.function == "api_sync", FlowDemoExecution.key == endpoint[:255])).all()
    return _record(session, "api_sync", event, endpoint[:255], started,
                   {"endpoint": endpoint, "status": "success", "sync_number": len(previous) + 1})


def send_org_email(session: Session, event: EventRecord) -> Outcome:
    """Queue the organisation's message in the email outbox (sent by the notifications sender) and record it."""
    started = _now()
    data = event.data
    dedupe = f"flow-demo:{event.id}"
    if session.scalars(select(Notification.id).where(Notification.dedupe_key == dedupe)).first() is None:
        session.add(Notification(
            dedupe_key=dedupe, recipient=str(data["recipient"]), kind="org_message",
            subject=f"Message for organisation {data['organizationId']}", body_text=str(data["message"]),
            payload={"organizationId": data["organizationId"]}, status="pending", event_id=event.id))
    return _record(session, "email_notification", event, str(data["organizationId"]), started,
                   {"recipient": data["recipient"], "queued": True, "sent_at": started.isoformat()})


def terms_of(content: str) -> dict[str, int]:
    """Lower-cased word counts of ``content`` (the ``MAX_TERMS`` most frequent)."""
    counts = Counter(word.lower() for word in _WORD.findall(content))
    return dict(counts.most_common(MAX_TERMS))


def index_document(session: Session, event: EventRecord) -> Outcome:
    """(Re-)index a document from the event's content: store content and terms, bump the version."""
    doc_id, content = str(event.data["documentId"]), str(event.data.get("content") or "")
    row = session.get(SearchDocument, doc_id)
    if row is None:
        row = SearchDocument(document_id=doc_id, version=0)
        session.add(row)
    if row.source_ts is not None and event.ts < row.source_ts:
        return Outcome.skipped(f"index already holds a newer version (event ts {row.source_ts})")
    row.content, row.terms, row.version = content, terms_of(content), (row.version or 0) + 1
    row.source_event_id, row.source_ts, row.indexed_at = event.id, event.ts, _now()
    session.flush()
    return Outcome.processed({"documentId": doc_id, "version": row.version, "terms": len(row.terms)})


def _process_with_priority(function: str, fc: FlowControl, key_field: str) -> Callable[[Session, EventRecord], Outcome]:
    def handler(session: Session, event: EventRecord) -> Outcome:
        started = _now()
        priority = evaluate_priority(fc, event)
        return _record(session, function, event, str(event.data.get(key_field)), started,
                       {key_field: event.data.get(key_field), "priority": priority, "processed": True})

    handler.__name__ = f"process_{function}"
    return handler


# ---------------------------------------------------------------------------------------------- functions


DEMO_RETRY_BASE = timedelta(seconds=5)  # a failed demo event is retried after 5 s, 10 s, 20 s ...


def build_demo_functions() -> list[EventFunction]:
    """The six demo functions with their flow control (periods scaled by the environment)."""
    order_fc = FlowControl(priority=Priority("has(event.data.priority) ? event.data.priority : 50"))
    comprehensive_fc = FlowControl(
        concurrency=Concurrency(5, key="event.data.userId"),
        rate_limit=RateLimit(100, scaled("1m")),
        throttle=Throttle(1, scaled("10s"), key="event.data.organizationId"),
        priority=Priority("has(event.data.priority) ? event.data.priority : 0"),
    )
    return [
        EventFunction(
            "user_processing", names.USER_PROCESSING, process_user,
            flow_control=FlowControl(concurrency=Concurrency(10, key="event.data.userId")),
            batch_size=4, order_key=None, retry_base=DEMO_RETRY_BASE,
            description="Process a user's data (1 s of work per event); at most 10 runs at once per userId."),
        EventFunction(
            "api_sync", names.API_SYNC, sync_api,
            flow_control=FlowControl(rate_limit=RateLimit(1000, scaled("1h"))),
            order_key=None, retry_base=DEMO_RETRY_BASE,
            description="Record an API sync; at most 1000 per hour, the rest skipped as rate limited."),
        EventFunction(
            "email_notification", names.EMAIL_NOTIFICATION, send_org_email,
            flow_control=FlowControl(throttle=Throttle(1, scaled("10s"), key="event.data.organizationId")),
            batch_size=1, order_key=None, retry_base=DEMO_RETRY_BASE,
            description="Queue an organisation's email; one start per 10 s per organizationId, none dropped."),
        EventFunction(
            "search_index", names.SEARCH_INDEX, index_document,
            flow_control=FlowControl(debounce=Debounce(scaled("5s"), key="event.data.documentId")),
            order_key=None, retry_base=DEMO_RETRY_BASE,
            description="Re-index a document from its latest content after 5 s without edits (per documentId)."),
        EventFunction(
            "order_processing", names.ORDER_PROCESSING, _process_with_priority("order_processing", order_fc,
                                                                               "orderId"),
            flow_control=order_fc, batch_size=1, order_key=None, retry_base=DEMO_RETRY_BASE,
            description="Process an order; its priority (event.data.priority, default 50) orders queued runs."),
        EventFunction(
            "comprehensive", names.COMPREHENSIVE, _process_with_priority("comprehensive", comprehensive_fc,
                                                                         "userId"),
            flow_control=comprehensive_fc, batch_size=1, order_key=None, retry_base=DEMO_RETRY_BASE,
            description="All controls: 5 per user at once, 100/min, 1 per 10 s per organisation, priority."),
    ]


DEMO_FUNCTIONS = build_demo_functions()
