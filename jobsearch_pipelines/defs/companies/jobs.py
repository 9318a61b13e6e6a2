"""Jobs of the companies domain: domain-mode discovery and bulk WARC scans."""


import hashlib
from dataclasses import asdict

import dagster as dg
from sqlalchemy import select

from jobsearch_pipelines.db.schema import WarcScan
from jobsearch_pipelines.defs.companies import assets
from jobsearch_pipelines.defs.companies.resources import CommonCrawlResource
from jobsearch_pipelines.defs.fanout import add_up
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.celery_settings import QUEUE_TAG, WARC_QUEUE
from jobsearch_pipelines.lib.companies.service import run_warc_scan

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


@dg.op(out=dg.DynamicOut(str), description="Every WARC file registered in warc_scans and still pending, one output "
                                            "each (keyed by a hash of its path).")
def pending_warc_files(database: DatabaseResource) -> object:
    with database.session() as session:
        paths = list(session.scalars(select(WarcScan.warc_path).where(WarcScan.status == "pending")
                                     .order_by(WarcScan.id)))
    for path in paths:
        yield dg.DynamicOutput(path, mapping_key="warc_" + hashlib.sha1(path.encode()).hexdigest()[:12])


@dg.op(tags={QUEUE_TAG: WARC_QUEUE}, description="Scan one WARC file (the `warc` queue in the Celery profile).")
def scan_warc_file(context: dg.OpExecutionContext, path: str, database: DatabaseResource,
                   commoncrawl: CommonCrawlResource) -> dict:
    with commoncrawl.client() as client:
        report = run_warc_scan(database.get_engine(), path, client, run_id=context.run_id)
    context.log.info(f"{path}: {report.pages_parsed} pages, {report.companies} companies")
    return {k: v for k, v in asdict(report).items() if isinstance(v, int)}


@dg.op(description="Add up the scans of the run.")
def warc_scans_summary(context: dg.OpExecutionContext, reports: list[dict]) -> dict:
    return add_up(context, reports)


@dg.job(description="Bulk mode in one run: one step per pending WARC file, spread over the Celery workers in that "
                    "profile (the per-file partitions of scan_warc_files do the same one run per file).",
        tags={"jobsearch/domain": "companies"})
def scan_pending_warc_files() -> None:
    warc_scans_summary(pending_warc_files().map(scan_warc_file).collect())
