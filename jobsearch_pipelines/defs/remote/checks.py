"""Asset check on ``job_remote_eligibility``: remote jobs should say where a hire may live."""

from __future__ import annotations

import dagster as dg

from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.remote.store import eligibility_counts

MAX_EMPTY_SCOPE_SHARE = 0.25


@dg.asset_check(asset="job_remote_eligibility",
                description=f"At most {MAX_EMPTY_SCOPE_SHARE:.0%} of open remote jobs have an empty remote scope "
                            "(no country, region or time-zone window found): a rising share means postings the "
                            "classifier cannot read.")
def remote_jobs_have_scope(database: DatabaseResource) -> dg.AssetCheckResult:
    with database.session() as session:
        counts = eligibility_counts(session)
    remote, empty = counts["remote"], counts["remote_empty_scope"]
    share = empty / remote if remote else 0.0
    return dg.AssetCheckResult(
        passed=share <= MAX_EMPTY_SCOPE_SHARE, severity=dg.AssetCheckSeverity.WARN,
        metadata={"remote_jobs": remote, "empty_scope": empty, "empty_scope_share": round(share, 4),
                  "max_share": MAX_EMPTY_SCOPE_SHARE, "failed_rows": counts["failed"]})
