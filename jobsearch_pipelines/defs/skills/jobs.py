"""Jobs of the skills domain: the daily catch-up over ``job_skills`` and the single-job extraction."""

import dagster as dg
from pydantic import Field

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.defs.config_keys import ConfigWithDeprecatedKeys
from jobsearch_pipelines.defs.fanout import add_up, chunk_outputs
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.defs.skills.assets import job_skills
from jobsearch_pipelines.defs.skills.resources import SkillExtractionResource
from jobsearch_pipelines.lib.skills.service import extract_pending, extract_single_job
from jobsearch_pipelines.lib.skills.store import load_taxonomy_into_db, pending_jobs

daily_skill_extraction_job = dg.define_asset_job(
    "daily_skill_extraction_job",
    selection=[job_skills],
    description="Extract skills for every job still without an up-to-date extraction.",
)


class ExtractJobSkillsConfig(ConfigWithDeprecatedKeys):
    """As the original workflow's input: the job id, and optionally the text to extract from."""

    DEPRECATED_KEYS = {"jobId": "job_id"}

    job_id: int | None = Field(default=None, description="The job to extract skills for (required).")
    title: str | None = None
    description: str | None = None
    jobId: int | None = Field(default=None, description="Deprecated: use job_id.")


@dg.op(description="Extract and store the skills of one job.")
def extract_job_skills_op(
    context: dg.OpExecutionContext,
    config: ExtractJobSkillsConfig,
    database: DatabaseResource,
    skill_extraction: SkillExtractionResource,
) -> dict:
    config = config.resolve_deprecated(context.log)
    if config.job_id is None:
        raise dg.Failure("config.job_id: required (the id of the job to extract)", allow_retries=False)
    engine = database.get_engine()
    load_taxonomy_into_db(engine)
    extractor = skill_extraction.build(engine)
    result, stats = extract_single_job(engine, extractor, config.job_id, config.title, config.description)
    if result is None:
        raise dg.Failure(f"skill extraction failed for job {config.job_id} (see job_skill_extractions.error)")
    context.add_output_metadata(
        {
            "count": len(result.skills),
            "extractor_version": extractor.version,
            "skills": ", ".join(f"{s.name} ({s.level})" for s in result.skills),
            **stats.as_dict(),
        }
    )
    return {"ok": True, "count": len(result.skills), "skills": [s.to_dict() for s in result.skills]}


@dg.job(description="Extract skills for one job (config: job_id, optional title and description).")
def extract_job_skills() -> None:
    extract_job_skills_op()


class SkillChunksConfig(dg.Config):
    jobs_per_step: int = Field(default=200, ge=1, description="Jobs extracted by one step.")


@dg.op(out=dg.DynamicOut(list), description="The jobs without an up-to-date extraction, in chunks (one step each).")
def pending_skill_chunks(config: SkillChunksConfig, database: DatabaseResource,
                         skill_extraction: SkillExtractionResource) -> object:
    engine = database.get_engine()
    load_taxonomy_into_db(engine)
    version = skill_extraction.build(engine).version
    with session_scope(engine) as session:
        ids = [job.id for job in pending_jobs(session, version)]
    yield from chunk_outputs(ids, config.jobs_per_step, "jobs")


@dg.op(description="Extract the skills of one chunk of jobs.")
def extract_skill_chunk(context: dg.OpExecutionContext, job_ids: list, database: DatabaseResource,
                        skill_extraction: SkillExtractionResource) -> dict:
    engine = database.get_engine()
    stats = extract_pending(engine, skill_extraction.build(engine), job_ids=job_ids)
    context.log.info(f"{len(job_ids)} job(s): {stats.as_dict()}")
    return stats.as_dict()


@dg.op(description="Add up the chunks' extraction counts.")
def skill_chunks_summary(context: dg.OpExecutionContext, parts: list[dict]) -> dict:
    return add_up(context, parts)


@dg.job(description="job_skills fanned out: the pending jobs in chunks, one step per chunk (spread over the Celery "
                    "workers in that profile); the same rows as the daily extraction.")
def extract_skills_in_chunks() -> None:
    skill_chunks_summary(pending_skill_chunks().map(extract_skill_chunk).collect())
