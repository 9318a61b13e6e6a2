"""Jobs of the skills domain: the daily catch-up over ``job_skills`` and the single-job extraction."""

import dagster as dg
from pydantic import Field

from jobsearch_pipelines.defs.config_keys import ConfigWithDeprecatedKeys
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.defs.skills.assets import job_skills
from jobsearch_pipelines.defs.skills.resources import SkillExtractionResource
from jobsearch_pipelines.lib.skills.service import extract_single_job
from jobsearch_pipelines.lib.skills.store import load_taxonomy_into_db

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
