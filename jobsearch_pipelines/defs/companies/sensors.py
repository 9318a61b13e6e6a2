"""Bulk mode: turn WARC files registered in ``warc_scans`` (``jobsearch companies scan add``) into dynamic
partitions and runs of ``scan_warc_files``."""


import dagster as dg
from sqlalchemy import select

from jobsearch_pipelines.db.schema import WarcScan
from jobsearch_pipelines.defs.companies import assets, jobs
from jobsearch_pipelines.defs.resources import DatabaseResource

MAX_REQUESTS_PER_TICK = 200


@dg.sensor(job=jobs.scan_warc_files, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Adds one partition per pending WARC file and requests its scan (run_key per attempt).")
def warc_files_sensor(context: dg.SensorEvaluationContext, database: DatabaseResource) -> dg.SensorResult:
    with database.session() as session:
        pending = list(session.execute(
            select(WarcScan.warc_path, WarcScan.attempts).where(WarcScan.status == "pending")
            .order_by(WarcScan.id).limit(MAX_REQUESTS_PER_TICK)))
    if not pending:
        return dg.SensorResult(skip_reason=dg.SkipReason("no pending WARC files"))
    known = set(context.instance.get_dynamic_partitions(assets.warc_files.name))
    new_keys = [path for path, _ in pending if path not in known]
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=path, run_key=f"warc:{path}:{attempts}")
                      for path, attempts in pending],
        dynamic_partitions_requests=[assets.warc_files.build_add_request(new_keys)] if new_keys else [],
    )
