"""``rank_users_in_shards``: job_rankings fanned out over user shards (one step per shard)."""

import dagster as dg
from pydantic import Field
from sqlalchemy import select

from jobsearch_pipelines.db.schema import User, utcnow
from jobsearch_pipelines.defs.fanout import add_up, chunk_outputs
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.ranking.store import RankingSettings, refresh_rankings


class UserShardsConfig(dg.Config):
    users_per_step: int = Field(default=250, ge=1, description="Users ranked by one step.")


@dg.op(out=dg.DynamicOut(list), description="Every user id, in shards (one step each).")
def user_shards(config: UserShardsConfig, database: DatabaseResource) -> object:
    with database.session() as session:
        ids = list(session.scalars(select(User.id).order_by(User.id)))
    yield from chunk_outputs(ids, config.users_per_step, "users")


@dg.op(description="Refresh the rankings of one shard of users.")
def rank_user_shard(context: dg.OpExecutionContext, user_ids: list, database: DatabaseResource) -> dict:
    with database.session() as session:
        report = refresh_rankings(session, utcnow(), RankingSettings(), user_ids=user_ids)
    context.log.info(f"{len(user_ids)} user(s): {report.as_metadata()}")
    return report.as_metadata()


@dg.op(description="Add up the shards' ranking counts.")
def ranking_shards_summary(context: dg.OpExecutionContext, parts: list[dict]) -> dict:
    return add_up(context, parts)


@dg.job(description="job_rankings fanned out: users in shards, one step per shard (spread over the Celery workers "
                    "in that profile); the same rankings as the asset.")
def rank_users_in_shards() -> None:
    ranking_shards_summary(user_shards().map(rank_user_shard).collect())
