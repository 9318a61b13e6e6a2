"""The ``jobs/new-batch`` event of an ingestion run: ``{jobIds, source}``.

One event per run; ``source`` is the ATS when all new jobs come from one, else ``"mixed"``. The events schema
caps ``jobIds`` at 10,000, so a run with more new jobs (a first import) sends one event per 10,000 ids. Each
event carries a client id derived from the run id, so a retried step never sends the same batch twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

EVENT_NAME = "jobs/new-batch"
MAX_IDS_PER_EVENT = 10_000


def new_batch_events(job_ids: Sequence[int], source: str, run_id: str | None) -> list[dict[str, Any]]:
    """The events announcing ``job_ids`` (none when there are no new jobs)."""
    ids = sorted(set(job_ids))
    events = []
    for index, start in enumerate(range(0, len(ids), MAX_IDS_PER_EVENT)):
        event: dict[str, Any] = {"name": EVENT_NAME,
                                 "data": {"jobIds": ids[start:start + MAX_IDS_PER_EVENT], "source": source}}
        if run_id:
            event["id"] = f"ingestion:{run_id}:{index}"
        events.append(event)
    return events
