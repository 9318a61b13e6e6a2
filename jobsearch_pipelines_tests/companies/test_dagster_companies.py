"""The Dagster wrappers: domain-mode job in process, a bulk partition on a local WARC, the sensor, the schedule."""

from __future__ import annotations

import logging
from pathlib import Path

import dagster as dg
from sqlalchemy import select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.engine import make_engine
from jobsearch_pipelines.db.schema import AtsBoard, Company, CompanyPageSkip, WarcScan
from jobsearch_pipelines.definitions import defs
from jobsearch_pipelines.defs.companies.assets import warc_company_scan, warc_files
from jobsearch_pipelines.defs.companies.resources import CommonCrawlResource
from jobsearch_pipelines.defs.companies.schedules import weekly_company_discovery
from jobsearch_pipelines.defs.companies.sensors import warc_files_sensor
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines_tests.companies.world import MAX_UNCOMPRESSED, NEW_FILE, World


def _resources(db_url: str, world: World) -> dict[str, object]:
    return {"database": DatabaseResource(url=db_url),
            "commoncrawl": CommonCrawlResource(index_url=world.standin.base_url, data_url=world.standin.base_url,
                                               index_interval_seconds=0, max_uncompressed_bytes=MAX_UNCOMPRESSED)}


def test_discover_consultancies_job_runs_in_process(sqlite_url: str, world: World) -> None:
    engine = make_engine(sqlite_url)
    with Session(engine) as session:  # known from job postings, never seen in Common Crawl
        session.add(Company(key="ledgerly", name="Ledgerly", website="https://ledgerly.com"))
        session.commit()
    job = defs().resolve_job_def("discover_consultancies")  # type: ignore[operator]
    config = {"domains": ["northwind-digital.co.uk", "apextalent.co.uk"], "recent_crawls": 6,
              "max_pages_per_domain": 6, "concurrency": 6, "min_score": 0.65}
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(run_config={"ops": {"consultancy_discovery": {"config": config}}},
                                        resources=_resources(sqlite_url, world), instance=instance)
    assert result.success
    materialization = result.asset_materializations_for_node("consultancy_discovery")[0]
    meta = {k: v.value for k, v in materialization.metadata.items()}
    assert meta["consultancies"] == ["northwind-digital.co.uk"]
    assert meta["categories"] == {"northwind-digital.co.uk": "CONSULTANCY", "apextalent.co.uk": "STAFFING",
                                  "ledgerly.com": "PRODUCT"}
    assert meta["dagster/row_count"] >= 3 and meta["dagster/table_name"] == "companies"
    assert meta["chart_consultancy_scores"].startswith("![Consultancy scores of known companies](data:image/png")
    with Session(engine) as session:
        companies = {c.canonical_domain: c for c in session.scalars(select(Company))}
        assert companies["ledgerly.com"].key == "ledgerly"  # the known company was enriched, not duplicated
        assert {(b.vendor, b.token) for b in session.scalars(select(AtsBoard))} == {
            ("greenhouse", "northwinddigital"), ("lever", "ledgerly")}


def test_bad_config_fails_naming_the_field(sqlite_url: str, world: World) -> None:
    job = defs().resolve_job_def("discover_consultancies")  # type: ignore[operator]
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(
            run_config={"ops": {"consultancy_discovery": {"config": {"domains": ["x.com"], "recent_crawls": 99}}}},
            resources=_resources(sqlite_url, world), instance=instance, raise_on_error=False)
    assert not result.success
    failure = result.failure_data_for_node("consultancy_discovery")
    assert failure is not None and "recent_crawls" in str(failure.error)


def test_deprecated_camel_case_keys_still_work_with_a_warning(sqlite_url: str, world: World) -> None:
    job = defs().resolve_job_def("discover_consultancies")  # type: ignore[operator]
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(
            run_config={"ops": {"consultancy_discovery": {"config": {"domains": ["x.com"], "recentCrawls": 99}}}},
            resources=_resources(sqlite_url, world), instance=instance, raise_on_error=False)
        warnings = [e.message for e in instance.all_logs(result.run_id) if e.level == logging.WARNING]
    assert any("'recentCrawls' is deprecated: use 'recent_crawls'" in (w or "") for w in warnings)
    failure = result.failure_data_for_node("consultancy_discovery")
    assert failure is not None and "recent_crawls: must be between 1 and 24, got 99" in str(failure.error)


def test_bulk_partition_scans_a_local_warc(sqlite_url: str, world: World, tmp_path: Path) -> None:
    path = tmp_path / "segment-00042.warc.gz"
    path.write_bytes(world.new_warc)
    key = str(path)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(warc_files.name, [key])
        result = dg.materialize([warc_company_scan], partition_key=key, instance=instance,
                                resources=_resources(sqlite_url, world))
    assert result.success
    meta = {k: v.value for k, v in result.asset_materializations_for_node("warc_company_scan")[0].metadata.items()}
    # octet-services.fr/fr/ links Workable but is a consultancy too; ledgerly/shipgrid are kept for their boards
    assert meta["consultancies"] == ["harborsystems.com", "kaiser-partner.de", "northwind-digital.co.uk",
                                     "octet-services.fr", "sierraasesores.es"]
    assert meta["skip_reasons"]["http_status"] == 3  # the 301, the 404 and the mislabelled 404
    assert meta["skip_reasons"]["not_html"] == 1 and meta["skip_reasons"]["too_large"] == 1
    assert meta["skip_reasons"]["unreadable"] == 1  # the corrupt member ends the readable part of the file
    engine = make_engine(sqlite_url)
    with Session(engine) as session:
        scan = session.scalar(select(WarcScan).where(WarcScan.warc_path == key))
        assert scan is not None and scan.status == "done" and scan.attempts == 1
        assert scan.pages_parsed == meta["pages_parsed"] and scan.companies_found == 7 and scan.boards_found == 6
        northwind = session.scalar(select(Company).where(Company.canonical_domain == "northwind-digital.co.uk"))
        assert northwind is not None and northwind.category == "CONSULTANCY"
        board = session.scalar(select(AtsBoard).where(AtsBoard.token == "ledgerly"))
        assert board is not None and board.origin == "discovery" and board.warc_filename == key
        skips = session.scalars(select(CompanyPageSkip).where(CompanyPageSkip.warc_scan_id == scan.id)).all()
        assert {s.reason for s in skips} == {"too_large", "unreadable"}  # routine skips are only counted
        too_large = next(s for s in skips if s.reason == "too_large")
        assert too_large.source_url == "https://harborsystems.com/services" and too_large.warc_offset


def test_bulk_partition_streams_a_warc_url(sqlite_url: str, world: World) -> None:
    url = f"{world.standin.base_url}/{NEW_FILE}"
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(warc_files.name, [url])
        result = dg.materialize([warc_company_scan], partition_key=url, instance=instance,
                                resources=_resources(sqlite_url, world))
    assert result.success
    meta = {k: v.value for k, v in result.asset_materializations_for_node("warc_company_scan")[0].metadata.items()}
    assert "northwind-digital.co.uk" in meta["consultancies"]
    assert world.standin.count(NEW_FILE) >= 1
    assert all("Range" in headers for _, target, headers in world.standin.requests if NEW_FILE in target)


def test_missing_warc_fails_without_retry(sqlite_url: str, world: World, tmp_path: Path) -> None:
    key = str(tmp_path / "missing.warc.gz")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(warc_files.name, [key])
        result = dg.materialize([warc_company_scan], partition_key=key, instance=instance,
                                resources=_resources(sqlite_url, world), raise_on_error=False)
    assert not result.success
    with Session(make_engine(sqlite_url)) as session:
        scan = session.scalar(select(WarcScan).where(WarcScan.warc_path == key))
        assert scan is not None and scan.status == "failed" and "no such file" in (scan.last_error or "")


def test_sensor_adds_partitions_for_pending_warc_files(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with Session(engine) as session:
        session.add_all([WarcScan(warc_path="/data/a.warc.gz", status="pending"),
                         WarcScan(warc_path="https://data.commoncrawl.org/crawl-data/x.warc.gz", status="pending"),
                         WarcScan(warc_path="/data/done.warc.gz", status="done")])
        session.commit()
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(warc_files.name, ["/data/a.warc.gz"])
        context = dg.build_sensor_context(instance=instance, resources={"database": DatabaseResource(url=sqlite_url)})
        result = warc_files_sensor(context)
    assert isinstance(result, dg.SensorResult)
    assert [r.partition_key for r in result.run_requests or []] == [
        "/data/a.warc.gz", "https://data.commoncrawl.org/crawl-data/x.warc.gz"]
    assert [r.run_key for r in result.run_requests or []] == [
        "warc:/data/a.warc.gz:0", "warc:https://data.commoncrawl.org/crawl-data/x.warc.gz:0"]
    (request,) = result.dynamic_partitions_requests or []
    assert list(request.partition_keys or []) == ["https://data.commoncrawl.org/crawl-data/x.warc.gz"]


def test_weekly_schedule_runs_on_new_candidates_only(sqlite_url: str) -> None:
    resources = {"database": DatabaseResource(url=sqlite_url)}
    assert weekly_company_discovery.cron_schedule == "0 3 * * 0"
    assert weekly_company_discovery.execution_timezone == "UTC"
    with dg.build_schedule_context(resources=resources) as context:
        assert isinstance(weekly_company_discovery(context), dg.SkipReason)
    engine = make_engine(sqlite_url)
    with Session(engine) as session:
        session.add(Company(key="acme", name="Acme", website="https://www.acme-consulting.eu/careers"))
        session.add(Company(key="seen", name="Seen", canonical_domain="seen.example.com",
                            last_seen_crawl_id="CC-MAIN-2026-30"))
        session.commit()
    with dg.build_schedule_context(resources=resources) as context:
        request = weekly_company_discovery(context)
    assert isinstance(request, dg.RunRequest)
    assert request.run_config["ops"]["consultancy_discovery"]["config"]["only_new"] is True
    assert request.tags["jobsearch/candidates"] == "1"
