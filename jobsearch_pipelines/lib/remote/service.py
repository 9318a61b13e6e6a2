"""Classify the pending jobs in batches (one transaction per batch), or one job on demand."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import Engine, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Job
from jobsearch_pipelines.lib.remote.classify import Eligibility
from jobsearch_pipelines.lib.remote.models import RemoteClassifier
from jobsearch_pipelines.lib.remote.store import pending_jobs, posting_of, record_failure, save_result

BATCH = 500


@dataclass
class ClassifyStats:
    classified: int = 0
    remote_eu: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def classify_pending(engine: Engine, classifier: RemoteClassifier, *, job_ids: Sequence[int] | None = None,
                     batch: int = BATCH, on_progress: Callable[[ClassifyStats], None] | None = None) -> ClassifyStats:
    """Classify every open job whose row is missing or stale; a failing job is recorded and the rest go on."""
    stats = ClassifyStats()
    after = 0
    while True:
        with session_scope(engine) as session:
            jobs = pending_jobs(session, classifier.version, limit=batch, job_ids=job_ids, after_id=after)
            if not jobs:
                return stats
            for job in jobs:
                try:
                    result = classifier.classify(job.posting)
                except Exception as exc:  # one bad posting never stops the run; it is retried next time
                    record_failure(session, job.id, job.content_hash, classifier.version,
                                   f"{type(exc).__name__}: {exc}")
                    stats.failed += 1
                    continue
                save_result(session, job.id, job.content_hash, classifier.version, result)
                stats.classified += 1
                stats.remote_eu += bool(result.is_remote_eu)
            after = jobs[-1].id
        if on_progress is not None:
            on_progress(stats)


def classify_job(engine: Engine, classifier: RemoteClassifier, job_id: int) -> Eligibility:
    """Classify one job now (whatever its stored row says) and store the answer."""
    with session_scope(engine) as session:
        job = session.scalar(select(Job).where(Job.id == job_id))
        if job is None:
            raise ValueError(f"job_id: no job {job_id}")
        result = classifier.classify(posting_of(job))
        save_result(session, job.id, job.content_hash, classifier.version, result)
        return result
