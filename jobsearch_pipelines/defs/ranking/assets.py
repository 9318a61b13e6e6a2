"""``job_rankings``: every user's ranked jobs with reasons (incremental: new jobs only unless a profile changed)."""


from datetime import timedelta

import dagster as dg

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.defs.operations.freshness import FRESHNESS_POLICIES
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.ranking.store import RankingSettings, refresh_rankings


class RankingConfig(dg.Config):
    limit_per_user: int = 100
    min_score: float = 0.3
    full_refresh: bool = False  # recompute every user over every open job


@dg.asset(
    group_name="ranking",
    deps=["jobs", "job_skills"],
    freshness_policy=FRESHNESS_POLICIES["job_rankings"],
    description="Per-user job ranking: hard filters, weighted score and reasons (see docs/ranking_notifications.md).",
    kinds={"python", "pandas"},
)
def job_rankings(context: dg.AssetExecutionContext, config: RankingConfig,
                 database: DatabaseResource) -> dg.MaterializeResult:
    settings = RankingSettings(limit=config.limit_per_user, min_score=config.min_score,
                               full_every=timedelta(0) if config.full_refresh else RankingSettings.full_every)
    with session_scope(database.get_engine()) as session:
        report = refresh_rankings(session, utcnow(), settings)
    context.log.info(f"rankings: {report.as_metadata()}")
    return dg.MaterializeResult(metadata=report.as_metadata())
