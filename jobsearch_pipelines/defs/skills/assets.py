"""Asset ``job_skills``: skills of every new or changed job, right after ``jobs`` is materialised."""

import dagster as dg
from sqlalchemy import Engine, func, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Job, JobSkill
from jobsearch_pipelines.defs.metadata import bar_chart, counts_table, table_metadata
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
    rows, top = _demand(engine)
    metadata: dict[str, dg.RawMetadataValue] = {
        **stats.as_dict(),
        **table_metadata(JobSkill.__table__, rows),
        "extractor_version": extractor.version,
        "taxonomy_skills_created": taxonomy.skills_created,
        "total_tokens": stats.prompt_tokens + stats.completion_tokens,
        "top_skills": counts_table(top, "skill", "open_jobs"),
        "chart_top_skills": bar_chart("The 20 most demanded skills (open jobs)", list(top),
                                      {"open jobs": list(top.values())}, horizontal=True),
    }
    return dg.MaterializeResult(metadata=metadata)


def _demand(engine: Engine, limit: int = 20) -> tuple[int, dict[str, int]]:
    """Rows of ``job_skills`` and the ``limit`` skills asked for by the most open jobs."""
    with session_scope(engine) as session:
        rows = session.scalar(select(func.count()).select_from(JobSkill)) or 0
        top = session.execute(
            select(JobSkill.skill_name, func.count(func.distinct(JobSkill.job_id)).label("n"))
            .join(Job, Job.id == JobSkill.job_id).where(Job.status == "open")
            .group_by(JobSkill.skill_name).order_by(func.count(func.distinct(JobSkill.job_id)).desc(),
                                                    JobSkill.skill_name).limit(limit)
        ).tuples().all()
    return rows, {str(name): int(n) for name, n in top}
