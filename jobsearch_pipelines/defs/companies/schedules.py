"""Weekly domain-mode run on new candidates (the original's stubbed Sunday 03:00 cron, done for real)."""


import dagster as dg

from jobsearch_pipelines.defs.companies import jobs
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.companies.service import candidate_domains

WEEKLY_RUN_CONFIG = {"ops": {"consultancy_discovery": {"config": {
    "domains": [], "include_known_companies": True, "only_new": True,
}}}}


@dg.schedule(cron_schedule="0 3 * * 0", execution_timezone="UTC", job=jobs.discover_consultancies,
             default_status=dg.DefaultScheduleStatus.RUNNING,
             description="Sundays 03:00 UTC: discover_consultancies on companies never seen in Common Crawl and on "
                         "domains whose last harvest failed; skipped when there is nothing new.")
def weekly_company_discovery(context: dg.ScheduleEvaluationContext,
                             database: DatabaseResource) -> dg.RunRequest | dg.SkipReason:
    domains = candidate_domains(database.get_engine(), [], include_known=True, only_new=True)
    if not domains:
        return dg.SkipReason("no new candidate domains")
    return dg.RunRequest(run_config=WEEKLY_RUN_CONFIG,
                         tags={"jobsearch/candidates": str(len(domains))})
