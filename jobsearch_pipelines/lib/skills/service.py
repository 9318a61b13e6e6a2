"""Extract skills for jobs in the database: pending selection, cache by text hash, persistence, failures.

Used by the Dagster asset/schedule/job and by the CLI. A re-run over unchanged jobs selects nothing, so it makes
no LLM or embedding call; a job whose row changed but whose text did not is served from
``skill_extraction_cache`` (keyed by the sha256 of the caller's text, which the mention offsets refer to).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Engine, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Job
from jobsearch_pipelines.lib.skills.models import ExtractedSkill, ExtractionResult, SkillExtractor
from jobsearch_pipelines.lib.skills.store import (
    PendingJob,
    cache_result,
    cached_result,
    pending_jobs,
    record_failure,
    save_result,
)
from jobsearch_pipelines.lib.skills.text import source_text, text_hash


@dataclass
class ExtractionStats:
    selected: int = 0
    extracted: int = 0
    from_cache: int = 0
    failed: int = 0
    dead: int = 0
    zero_skills: int = 0
    skills: int = 0
    unmapped: int = 0
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def extract_with_cache(
    engine: Engine, extractor: SkillExtractor, title: str | None, description: str | None
) -> tuple[ExtractionResult, bool]:
    """The extraction of a text, from the cache when this text was extracted by this extractor version before."""
    digest = text_hash(source_text(title, description))
    with session_scope(engine) as session:
        cached = cached_result(session, digest, extractor.version)
    if cached is not None:
        return ExtractionResult([ExtractedSkill.from_dict(s) for s in cached], extractor.version), True
    result = extractor.extract(title, description)
    with session_scope(engine) as session:
        cache_result(session, digest, extractor.version, result.skills)
    return result, False


def process_job(
    engine: Engine, extractor: SkillExtractor, job: PendingJob, stats: ExtractionStats
) -> ExtractionResult | None:
    """Extract one job and persist it; a failure is recorded on the job's marker row (retried, then dead)."""
    digest = text_hash(source_text(job.title, job.description))
    try:
        result, hit = extract_with_cache(engine, extractor, job.title, job.description)
    except Exception as exc:
        with session_scope(engine) as session:
            status = record_failure(
                session, job.id, job.content_hash, extractor.version, f"{type(exc).__name__}: {exc}"
            )
        stats.failed += 1
        stats.dead += status == "dead"
        return None
    with session_scope(engine) as session:
        save_result(session, job.id, job.content_hash, digest, result)
    stats.extracted += 1
    stats.from_cache += hit
    mapped = sum(1 for s in result.skills if s.slug is not None)
    stats.zero_skills += not mapped
    stats.skills += mapped
    stats.unmapped += len(result.skills) - mapped
    if not hit:
        stats.llm_calls += result.llm_calls
        usage = result.usage or {}
        stats.prompt_tokens += int(usage.get("prompt_tokens", 0))
        stats.completion_tokens += int(usage.get("completion_tokens", 0))
    return result


def extract_pending(
    engine: Engine,
    extractor: SkillExtractor,
    *,
    limit: int | None = None,
    job_ids: Sequence[int] | None = None,
    on_progress: Callable[[ExtractionStats], Any] | None = None,
) -> ExtractionStats:
    """Extract every open job without an up-to-date extraction (see ``store.pending_jobs``)."""
    with session_scope(engine) as session:
        jobs = pending_jobs(session, extractor.version, limit=limit, job_ids=job_ids)
    stats = ExtractionStats(selected=len(jobs))
    for index, job in enumerate(jobs, start=1):
        process_job(engine, extractor, job, stats)
        if on_progress and index % 100 == 0:
            on_progress(stats)
    return stats


def extract_single_job(
    engine: Engine, extractor: SkillExtractor, job_id: int, title: str | None = None, description: str | None = None
) -> tuple[ExtractionResult | None, ExtractionStats]:
    """The original's single-job workflow: extract ``job_id`` (text from the arguments, else from the row)."""
    with session_scope(engine) as session:
        job = session.scalar(select(Job).where(Job.id == job_id))
        if job is None:
            raise ValueError(f"job_id: no job with id {job_id}")
        pending = PendingJob(
            job.id,
            title if title is not None else job.title,
            description if description is not None else (job.description_html or job.description_text),
            job.content_hash,
        )
    stats = ExtractionStats(selected=1)
    result = process_job(engine, extractor, pending, stats)
    return result, stats
