"""``hourly_job_ingestion`` (the three ingestion assets and their checks) and ``ingest_boards_in_groups`` (the
same work fanned out: boards in groups, one step per group)."""


import dagster as dg
from pydantic import Field

from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.defs.fanout import add_up, chunk_outputs
from jobsearch_pipelines.defs.ingestion.assets import normalize_and_store_postings, raw_board_snapshots
from jobsearch_pipelines.defs.ingestion.resources import AtsResource
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.defs.scheduling import SINGLETON_TAG
from jobsearch_pipelines.lib.ingestion.boards import fetch_boards
from jobsearch_pipelines.lib.ingestion.registry import active_boards
from jobsearch_pipelines.lib.ingestion.store import normalize_and_store

hourly_job_ingestion = dg.define_asset_job(
    "hourly_job_ingestion",
    selection=dg.AssetSelection.assets(raw_board_snapshots, normalize_and_store_postings),
    description="Fetch every active ATS board, normalise the postings and upsert them into `jobs` "
                "(new/changed/closed detection); emits one jobs/new-batch event.",
    tags={SINGLETON_TAG: "hourly_job_ingestion"},
    executor_def=dg.in_process_executor,
)


class BoardGroupsConfig(dg.Config):
    boards_per_step: int = Field(default=25, ge=1, description="Boards fetched and stored by one step.")


@dg.op(out=dg.DynamicOut(list), description="Every active board (vendor:token), in groups (one step each).")
def board_groups(config: BoardGroupsConfig, database: DatabaseResource) -> object:
    with database.session() as session:
        keys = [board.key for board in active_boards(session)]
    yield from chunk_outputs(keys, config.boards_per_step, "boards")


@dg.op(description="Fetch, normalise and store one group of boards (its own jobs/new-batch event).")
def ingest_board_group(context: dg.OpExecutionContext, boards: list, database: DatabaseResource,
                       ats: AtsResource) -> dict:
    with database.session() as session:
        refs = active_boards(session, boards)
    with ats.transport() as transport:
        snapshots = fetch_boards(refs, transport, ats.settings())
    step = context.get_mapping_key() or "0"
    report, _ = normalize_and_store(database.get_engine(), snapshots, utcnow(), f"{context.run_id}:{step}")
    context.log.info(f"{len(boards)} board(s): {report.totals()}")
    return report.totals()


@dg.op(description="Add up the groups' counts.")
def board_groups_summary(context: dg.OpExecutionContext, parts: list[dict]) -> dict:
    return add_up(context, parts)


@dg.job(description="Ingestion fanned out: active boards in groups, one step per group (spread over the Celery "
                    "workers in that profile); the same jobs as hourly_job_ingestion.",
        tags={SINGLETON_TAG: "hourly_job_ingestion"})
def ingest_boards_in_groups() -> None:
    board_groups_summary(board_groups().map(ingest_board_group).collect())
