"""Jobs of the companies domain: domain-mode discovery and bulk WARC scans."""


import dagster as dg

from jobsearch_pipelines.defs.companies import assets

discover_consultancies = dg.define_asset_job(
    "discover_consultancies", selection=[assets.consultancy_discovery],
    description="Domain mode: check domains (config) and known companies against Common Crawl.",
    tags={"jobsearch/domain": "companies"},
)

scan_warc_files = dg.define_asset_job(
    "scan_warc_files", selection=[assets.warc_company_scan], partitions_def=assets.warc_files,
    description="Bulk mode: one run per WARC file (dynamic partition); backfill a crawl segment in parallel.",
    tags={"jobsearch/domain": "companies"},
)
