"""The ``jobs/rerank`` handler: recompute one user's ranking (debounced per user by its event function)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import User, utcnow
from jobsearch_pipelines.lib.events.functions import EventRecord, Outcome
from jobsearch_pipelines.lib.events.schemas import parse_event_data
from jobsearch_pipelines.lib.ranking.store import rerank_user


def handle_rerank(session: Session, event: EventRecord) -> Outcome:
    parsed = parse_event_data(event.name, event.data)
    user_id = parsed.userId  # type: ignore[attr-defined]
    if session.get(User, user_id) is None:
        return Outcome.skipped(f"no user {user_id!r}")
    rows = rerank_user(session, user_id, utcnow())
    return Outcome.processed({"userId": user_id, "rankedJobs": rows})
