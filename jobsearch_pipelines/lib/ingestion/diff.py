"""Diff a board's fresh snapshot against its stored jobs: what to insert, update, leave alone and close."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from jobsearch_pipelines.lib.ingestion.models import Posting


class StoredJob(NamedTuple):
    id: int
    external_id: str
    content_hash: str
    status: str
    source_hash: str | None = None  # of the raw posting it was parsed from


@dataclass
class BoardPlan:
    new: list[Posting] = field(default_factory=list)
    changed: list[Posting] = field(default_factory=list)  # content hash differs (includes reopened ones)
    reopened: list[Posting] = field(default_factory=list)  # was closed, is back (changed or not)
    unchanged: int = 0
    close_ids: list[int] = field(default_factory=list)

    @property
    def writes(self) -> list[Posting]:
        """Postings that need a row written: new, changed or reopened (each once)."""
        seen = {id(p) for p in self.new}
        out = list(self.new)
        for posting in (*self.changed, *self.reopened):
            if id(posting) not in seen:
                seen.add(id(posting))
                out.append(posting)
        return out


def plan_board(stored: Iterable[StoredJob], postings: Sequence[Posting],
               unchanged_ids: Iterable[str] = ()) -> BoardPlan:
    """Only for a SUCCESSFULLY fetched board: open jobs absent from ``postings`` and ``unchanged_ids`` (postings
    whose raw form matched the stored job, so they were not parsed again) are to be closed."""
    by_external = {job.external_id: job for job in stored}
    plan = BoardPlan()
    present: set[str] = set(unchanged_ids)
    plan.unchanged = sum(1 for ext in present if ext in by_external)
    for posting in postings:
        present.add(posting.external_id)
        job = by_external.get(posting.external_id)
        if job is None:
            plan.new.append(posting)
            continue
        if job.status != "open":
            plan.reopened.append(posting)
        if job.content_hash != posting.content_hash:
            plan.changed.append(posting)
        elif job.status == "open":
            plan.unchanged += 1
    plan.close_ids = [job.id for ext, job in by_external.items() if job.status == "open" and ext not in present]
    return plan
