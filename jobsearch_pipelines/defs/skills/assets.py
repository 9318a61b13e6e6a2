"""Asset ``job_skills``: skills of every new or changed job, right after ``jobs`` is materialised."""

import dagster as dg

from jobsearch_pipelines.defs.operations.freshness import FRESHNESS_POLICIES
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.defs.skills.resources import SkillExtractionResource
from jobsearch_pipelines.lib.skills.service import extract_pending
from jobsearch_pipelines.lib.skills.store import load_taxonomy_into_db


@dg.asset(
    group_name="skills",
    deps=["jobs"],
    freshness_policy=FRESHNESS_POLICIES["job_skills"],
    automation_condition=dg.AutomationCondition.eager(),
    description=(
        "Skills (canonical name, level, confidence, mentions) of open jobs whose text or extractor version changed "
        "since their last extraction; jobs with zero skills are recorded as done. LLM when configured, else local."
    ),
)
def job_skills(
    context: dg.AssetExecutionContext, database: DatabaseResource, skill_extraction: SkillExtractionResource
) -> dg.MaterializeResult:
    engine = database.get_engine()
    taxonomy = load_taxonomy_into_db(engine)
    extractor = skill_extraction.build(engine)
    context.log.info(f"extracting with {extractor.version}")
    stats = extract_pending(engine, extractor, on_progress=lambda s: context.log.info(f"progress: {s.as_dict()}"))
    if stats.failed:
        context.log.warning(f"{stats.failed} job(s) failed (recorded on job_skill_extractions, retried next run)")
    if stats.llm_calls:  # token usage also as run tags, visible and filterable on the run
        context.instance.add_run_tags(
            context.run_id,
            {
                "skills/llm_calls": str(stats.llm_calls),
                "skills/prompt_tokens": str(stats.prompt_tokens),
                "skills/completion_tokens": str(stats.completion_tokens),
            },
        )
    metadata: dict[str, dg.RawMetadataValue] = {
        **stats.as_dict(),
        "extractor_version": extractor.version,
        "taxonomy_skills_created": taxonomy.skills_created,
        "total_tokens": stats.prompt_tokens + stats.completion_tokens,
    }
    return dg.MaterializeResult(metadata=metadata)
