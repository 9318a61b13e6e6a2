"""Asset ``job_remote_eligibility``: where a hire may live, and remote-EU, for every new or changed job."""

import dagster as dg
from sqlalchemy import select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Job, JobRemoteEligibility
from jobsearch_pipelines.defs.metadata import bar_chart, counts_table, table_metadata
from jobsearch_pipelines.defs.remote.resources import RemoteClassifierResource
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.remote.service import classify_pending
from jobsearch_pipelines.lib.remote.store import eligibility_counts

PREVIEW_ROWS = 20


@dg.asset(
    group_name="ingestion",
    deps=["jobs"],
    automation_condition=dg.AutomationCondition.eager(),
    description=(
        "Remote eligibility of open jobs whose content changed since they were classified: work arrangement, "
        "remote scope (ISO countries and regions such as EU, EMEA, DACH), time-zone window, is_remote_eu with "
        "confidence and a reason quoting the evidence. LLM (answers kept only with verifiable evidence) when "
        "configured, else the local rules."
    ),
)
def job_remote_eligibility(context: dg.AssetExecutionContext, database: DatabaseResource,
                           remote_classifier: RemoteClassifierResource) -> dg.MaterializeResult:
    engine = database.get_engine()
    classifier = remote_classifier.build()
    context.log.info(f"classifying with {classifier.version}")
    stats = classify_pending(engine, classifier, on_progress=lambda s: context.log.info(f"progress: {s.as_dict()}"))
    if stats.failed:
        context.log.warning(f"{stats.failed} job(s) failed (recorded on job_remote_eligibility, retried next run)")
    with session_scope(engine) as session:
        counts = eligibility_counts(session)
        preview = session.execute(
            select(Job.id, Job.title, Job.locations, JobRemoteEligibility.workplace_type,
                   JobRemoteEligibility.remote_scope, JobRemoteEligibility.is_remote_eu,
                   JobRemoteEligibility.remote_eu_confidence, JobRemoteEligibility.remote_eu_reason)
            .join(JobRemoteEligibility, JobRemoteEligibility.job_id == Job.id)
            .where(Job.status == "open").order_by(Job.id.desc()).limit(PREVIEW_ROWS)).all()
    remote = counts["remote"]
    top_scope = dict(sorted(counts["scope_codes"].items(), key=lambda kv: -kv[1])[:20])
    metadata: dict[str, dg.RawMetadataValue] = {
        **stats.as_dict(),
        **table_metadata(JobRemoteEligibility.__table__, counts["classified"]),
        "classifier": classifier.version,
        "open_remote_jobs": remote,
        "open_remote_eu_jobs": counts["remote_eu"],
        "remote_with_empty_scope": counts["remote_empty_scope"],
        "remote_empty_scope_share": round(counts["remote_empty_scope"] / remote, 4) if remote else 0.0,
        "by_workplace": counts_table(counts["by_workplace"], "workplace_type", "open_jobs"),
        "remote_eu_confidence": counts_table(counts["remote_eu_confidence"], "confidence", "open_jobs"),
        "top_remote_scope": counts_table(top_scope, "scope_code", "remote_jobs"),
        "chart_remote_scope": bar_chart("Where remote jobs may hire (open jobs)", list(top_scope),
                                        {"remote jobs": list(top_scope.values())}, horizontal=True),
        "preview": dg.MetadataValue.md(_preview(preview)),
    }
    llm_stats = getattr(classifier, "stats", None)
    if llm_stats is not None:
        metadata.update(llm_calls=llm_stats.calls, llm_answers_kept=llm_stats.kept,
                        llm_answers_rejected=len(llm_stats.rejected),
                        total_tokens=llm_stats.prompt_tokens + llm_stats.completion_tokens)
    return dg.MaterializeResult(metadata=metadata)


def _cell(value: object) -> str:
    return str(value).replace("|", "/").replace("\n", " ")[:140]


def _preview(rows: list) -> str:
    lines = ["| job | title | locations | workplace | scope | remote EU | confidence | reason |",
             "|---|---|---|---|---|---|---|---|"]
    for job_id, title, locations, workplace, scope, is_eu, confidence, reason in rows:
        lines.append(f"| {job_id} | {_cell(title)} | {_cell('; '.join(locations or []))} | {workplace or ''} | "
                     f"{_cell(', '.join(scope or []))} | {'yes' if is_eu else 'no'} | {confidence or ''} | "
                     f"{_cell(reason)} |")
    return "\n".join(lines)
