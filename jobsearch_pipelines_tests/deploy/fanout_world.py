"""A small world for the fanned-out jobs: the demo boards and users in a database, and what to compare."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Job, JobRanking, JobSkill, utcnow
from jobsearch_pipelines.defs.ingestion.resources import AtsResource
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.defs.skills.resources import SkillExtractionResource
from jobsearch_pipelines.lib.demo.users import load_demo_users
from jobsearch_pipelines.lib.ingestion.registry import seed_boards

RUN_CONFIG = {"ops": {"board_groups": {"config": {"boards_per_step": 3}},
                      "pending_skill_chunks": {"config": {"jobs_per_step": 25}},
                      "user_shards": {"config": {"users_per_step": 1}}}}


def seed(engine: Engine) -> None:
    with session_scope(engine) as session:
        seed_boards(session)
        load_demo_users(session, utcnow())


def resources(db_url: str) -> dict[str, Any]:
    return {"database": DatabaseResource(url=db_url), "ats": AtsResource(mode="snapshot"),
            "skill_extraction": SkillExtractionResource(extractor="local")}


def outcome(engine: Engine) -> dict[str, Any]:
    """What the jobs produced, independent of ids and times: jobs, their skills, each user's ranked jobs."""
    with session_scope(engine) as session:
        jobs = {j.id: (j.source, j.board_token, j.external_id) for j in session.scalars(select(Job))}
        skills = sorted((jobs[s.job_id], s.skill_slug, s.level) for s in session.scalars(select(JobSkill)))
        rankings = sorted((r.user_id, jobs[r.job_id], round(r.score, 6)) for r in session.scalars(select(JobRanking)))
    return {"jobs": sorted(jobs.values()), "skills": skills, "rankings": rankings}
