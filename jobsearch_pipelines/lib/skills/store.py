"""Database side of skill extraction: taxonomy tables, the embedding cache, pending jobs, results and the cache.

All writes of one job's result (job_skills rows + its job_skill_extractions marker) happen in one transaction,
so a job is either fully extracted or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Engine, and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.errors import is_unique_violation
from jobsearch_pipelines.db.schema import (
    Embedding,
    Job,
    JobSkill,
    JobSkillCandidate,
    JobSkillExtraction,
    Skill,
    SkillAlias,
    SkillExtractionCache,
    utcnow,
)
from jobsearch_pipelines.lib.skills.models import ExtractedSkill, ExtractionResult
from jobsearch_pipelines.lib.skills.taxonomy import Taxonomy, default_taxonomy

MAX_ATTEMPTS = 3  # a job failing this many times in a row is marked dead (not retried until its text changes)


@dataclass(frozen=True)
class TaxonomyLoad:
    skills_created: int
    skills_updated: int
    aliases_added: int
    aliases_removed: int


def load_taxonomy_into_db(engine: Engine, taxonomy: Taxonomy | None = None) -> TaxonomyLoad:
    """Upsert the taxonomy into ``skills``/``skill_aliases`` by slug; running it twice changes nothing."""
    tax = taxonomy or default_taxonomy()
    created = updated = added = removed = 0
    with session_scope(engine) as session:
        existing = {s.slug: s for s in session.scalars(select(Skill))}
        for entry in tax.skills:
            row = existing.get(entry.slug)
            wanted_row = (entry.name, entry.category, entry.description, entry.kind, entry.parent)
            if row is None:
                session.add(
                    Skill(
                        name=entry.name,
                        slug=entry.slug,
                        category=entry.category,
                        description=entry.description,
                        kind=entry.kind,
                        parent_slug=entry.parent,
                    )
                )
                created += 1
            elif (row.name, row.category, row.description, row.kind, row.parent_slug) != wanted_row:
                row.name, row.category, row.description, row.kind, row.parent_slug = wanted_row
                updated += 1
        session.flush()
        by_slug = {s.slug: s for s in session.scalars(select(Skill))}
        current: dict[tuple[int, str], SkillAlias] = {
            (a.skill_id, a.alias): a for a in session.scalars(select(SkillAlias))
        }
        wanted: dict[tuple[int, str], bool] = {}
        for entry in tax.skills:
            skill_id = by_slug[entry.slug].id
            for alias in entry.aliases:
                wanted[(skill_id, (alias.exact or alias.text).lower())] = alias.ambiguous
        for key, ambiguous in wanted.items():
            row_alias = current.get(key)
            if row_alias is None:
                session.add(SkillAlias(skill_id=key[0], alias=key[1], ambiguous=ambiguous))
                added += 1
            elif row_alias.ambiguous != ambiguous:
                row_alias.ambiguous = ambiguous
        for key, row_alias in current.items():
            if key not in wanted:
                session.delete(row_alias)
                removed += 1
    return TaxonomyLoad(created, updated, added, removed)


class DbVectorStore:
    """The ``embeddings`` table as the embedding cache: vectors keyed by (model, sha256 of the text)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with Session(self.engine) as session:
            for start in range(0, len(hashes), 500):
                chunk = list(hashes[start : start + 500])
                rows = session.execute(
                    select(Embedding.text_hash, Embedding.vector).where(
                        Embedding.model == model, Embedding.text_hash.in_(chunk)
                    )
                )
                for text_hash, vector in rows:
                    found[text_hash] = np.frombuffer(vector, dtype="<f4").copy()
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        """Store new vectors in one transaction; if a concurrent run stored some meanwhile, insert one by one."""
        rows = [self._row(model, key, vector) for key, vector in items.items()]
        try:
            with session_scope(self.engine) as session:
                session.add_all(rows)
        except IntegrityError as exc:
            if not is_unique_violation(exc):
                raise
            for key, vector in items.items():
                try:
                    with session_scope(self.engine) as session:
                        session.add(self._row(model, key, vector))
                except IntegrityError as row_exc:
                    if not is_unique_violation(row_exc):
                        raise
                    # stored meanwhile by a concurrent run: same text, same vector

    @staticmethod
    def _row(model: str, text_hash: str, vector: np.ndarray) -> Embedding:
        data = np.asarray(vector, dtype="<f4")
        return Embedding(model=model, text_hash=text_hash, dim=int(data.shape[0]), vector=data.tobytes())


@dataclass(frozen=True)
class PendingJob:
    id: int
    title: str
    description: str | None
    content_hash: str


def pending_jobs(
    session: Session, extractor_version: str, *, limit: int | None = None, job_ids: Sequence[int] | None = None
) -> list[PendingJob]:
    """Open jobs without an up-to-date extraction: none yet, another extractor version, changed content, or a
    failed attempt below ``MAX_ATTEMPTS``. Done jobs (even with zero skills) and dead ones are not selected."""
    marker = JobSkillExtraction
    stale = or_(
        marker.job_id.is_(None),
        marker.extractor_version != extractor_version,
        marker.content_hash != Job.content_hash,
        and_(marker.status == "failed", marker.attempts < MAX_ATTEMPTS),
    )
    query = (
        select(Job.id, Job.title, Job.description_html, Job.description_text, Job.content_hash)
        .outerjoin(marker, marker.job_id == Job.id)
        .where(Job.status == "open", stale)
        .order_by(Job.id)
    )
    if job_ids is not None:
        query = query.where(Job.id.in_(list(job_ids)))
    if limit is not None:
        query = query.limit(limit)
    return [
        PendingJob(row.id, row.title, row.description_html or row.description_text, row.content_hash)
        for row in session.execute(query)
    ]


def cached_result(session: Session, text_hash: str, extractor_version: str) -> list[dict[str, Any]] | None:
    row = session.scalar(
        select(SkillExtractionCache.result).where(
            SkillExtractionCache.content_hash == text_hash, SkillExtractionCache.extractor_version == extractor_version
        )
    )
    return list(row) if row is not None else None


def cache_result(session: Session, text_hash: str, extractor_version: str, skills: Sequence[ExtractedSkill]) -> None:
    exists = session.scalar(
        select(SkillExtractionCache.id).where(
            SkillExtractionCache.content_hash == text_hash, SkillExtractionCache.extractor_version == extractor_version
        )
    )
    if exists is None:
        session.add(
            SkillExtractionCache(
                content_hash=text_hash, extractor_version=extractor_version, result=[s.to_dict() for s in skills]
            )
        )


def save_result(session: Session, job_id: int, content_hash: str, text_hash: str, result: ExtractionResult) -> None:
    """Replace the job's skills (taxonomy skills in ``job_skills``, unmapped spans in ``job_skill_candidates``) and
    mark it done (zero skills included), in the caller's transaction."""
    session.execute(delete(JobSkill).where(JobSkill.job_id == job_id))
    session.execute(delete(JobSkillCandidate).where(JobSkillCandidate.job_id == job_id))
    mapped = [s for s in result.skills if s.slug is not None]
    slugs = [s.slug for s in mapped]
    skill_ids = (
        dict(session.execute(select(Skill.slug, Skill.id).where(Skill.slug.in_(slugs))).tuples().all()) if slugs else {}
    )
    now = utcnow()
    for skill in mapped:
        session.add(
            JobSkill(
                job_id=job_id,
                skill_id=skill_ids.get(skill.slug),
                skill_slug=skill.slug,
                skill_name=skill.name,
                level=skill.level,
                confidence=skill.confidence,
                evidence=skill.mentions[0].text if skill.mentions else None,
                mentions=[m.to_dict() for m in skill.mentions],
                extractor_version=result.extractor_version,
                extracted_at=now,
                kind=skill.kind,
            )
        )
    surfaces: set[str] = set()
    for skill in result.skills:
        surface = (skill.surface or skill.name)[:255]
        if skill.slug is not None or surface in surfaces:
            continue
        surfaces.add(surface)
        session.add(
            JobSkillCandidate(
                job_id=job_id,
                surface=surface,
                level=skill.level,
                confidence=skill.confidence,
                mentions=[m.to_dict() for m in skill.mentions],
                extractor_version=result.extractor_version,
                extracted_at=now,
            )
        )
    _upsert_marker(
        session,
        job_id,
        extractor_version=result.extractor_version,
        content_hash=content_hash,
        text_hash=text_hash,
        status="done",
        attempts=0,
        skill_count=len(mapped),
        error=None,
        usage=result.usage,
        extracted_at=now,
    )


def record_failure(session: Session, job_id: int, content_hash: str, extractor_version: str, error: str) -> str:
    """Count a failed attempt; after ``MAX_ATTEMPTS`` in a row the job is ``dead``. Returns the new status."""
    marker = session.get(JobSkillExtraction, job_id)
    same = marker is not None and marker.status in {"failed", "dead"} and marker.content_hash == content_hash
    attempts = (marker.attempts if same and marker is not None else 0) + 1
    status = "dead" if attempts >= MAX_ATTEMPTS else "failed"
    _upsert_marker(
        session,
        job_id,
        extractor_version=extractor_version,
        content_hash=content_hash,
        text_hash=None,
        status=status,
        attempts=attempts,
        skill_count=0,
        error=error[:2000],
        usage=None,
        extracted_at=utcnow(),
    )
    return status


def _upsert_marker(session: Session, job_id: int, **values: Any) -> None:
    marker = session.get(JobSkillExtraction, job_id)
    if marker is None:
        session.add(JobSkillExtraction(job_id=job_id, **values))
    else:
        for key, value in values.items():
            setattr(marker, key, value)


@dataclass(frozen=True)
class Candidate:
    surface: str
    jobs: int
    examples: list[tuple[int, str, str]]  # (job id, title, the mention as written)


def candidate_skills(session: Session, limit: int = 50, examples: int = 3, min_jobs: int = 1) -> list[Candidate]:
    """The most frequent unmapped skill spans over open jobs, with example postings: what the taxonomy lacks."""
    counts = session.execute(
        select(JobSkillCandidate.surface, func.count(func.distinct(JobSkillCandidate.job_id)).label("jobs"))
        .join(Job, Job.id == JobSkillCandidate.job_id)
        .where(Job.status == "open")
        .group_by(JobSkillCandidate.surface)
        .having(func.count(func.distinct(JobSkillCandidate.job_id)) >= min_jobs)
        .order_by(func.count(func.distinct(JobSkillCandidate.job_id)).desc(), JobSkillCandidate.surface)
        .limit(limit)
    ).all()
    out: list[Candidate] = []
    for surface, jobs in counts:
        rows = session.execute(
            select(Job.id, Job.title, JobSkillCandidate.mentions)
            .join(Job, Job.id == JobSkillCandidate.job_id)
            .where(JobSkillCandidate.surface == surface, Job.status == "open")
            .order_by(Job.id)
            .limit(examples)
        ).all()
        out.append(
            Candidate(
                surface,
                int(jobs),
                [(int(job_id), str(title), _first_text(mentions)) for job_id, title, mentions in rows],
            )
        )
    return out


def _first_text(mentions: list[Any] | None) -> str:
    return str(mentions[0].get("text", "")) if mentions else ""
