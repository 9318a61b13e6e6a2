"""The main job: the whole user-facing pipeline in one run, as `make dev` shows it.

ingest boards -> normalise -> upsert jobs -> extract skills -> rank per user -> send due digests. Each step is an
asset of its own domain; this job only selects them in order.
"""

import dagster as dg

MAIN_PIPELINE_ASSETS = (
    "raw_board_snapshots",
    "normalized_postings",
    "jobs",
    "job_skills",
    "job_rankings",
    "digest_emails",
)

job_search_pipeline = dg.define_asset_job(
    "job_search_pipeline",
    selection=dg.AssetSelection.assets(*MAIN_PIPELINE_ASSETS),
    description="Ingest the ATS boards, extract skills, rank the jobs for every user and send the due digests.",
    tags={"jobsearch/singleton": "job_search_pipeline"},
    executor_def=dg.in_process_executor,
)
