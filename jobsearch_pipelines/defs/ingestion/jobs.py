"""``hourly_job_ingestion``: the three ingestion assets and their checks."""


import dagster as dg

from jobsearch_pipelines.defs.ingestion.assets import normalize_and_store_postings, raw_board_snapshots
from jobsearch_pipelines.defs.scheduling import SINGLETON_TAG

hourly_job_ingestion = dg.define_asset_job(
    "hourly_job_ingestion",
    selection=dg.AssetSelection.assets(raw_board_snapshots, normalize_and_store_postings),
    description="Fetch every active ATS board, normalise the postings and upsert them into `jobs` "
                "(new/changed/closed detection); emits one jobs/new-batch event.",
    tags={SINGLETON_TAG: "hourly_job_ingestion"},
    executor_def=dg.in_process_executor,
)
