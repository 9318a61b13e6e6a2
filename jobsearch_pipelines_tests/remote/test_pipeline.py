"""End to end: real-shaped payloads of each ATS over HTTP -> ``hourly_job_ingestion`` -> ``job_remote_eligibility``
(SQLite and PostgreSQL), the asset check, re-classification only on content change, the one-job job."""

from __future__ import annotations

import copy
from typing import Any

import dagster as dg
from sqlalchemy import select, update

from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import Job, JobRemoteEligibility
from jobsearch_pipelines.defs.ingestion import assets as ingestion_assets
from jobsearch_pipelines.defs.ingestion import jobs as ingestion_jobs
from jobsearch_pipelines.defs.ingestion import resources as ingestion_resources
from jobsearch_pipelines.defs.remote import assets, checks, jobs
from jobsearch_pipelines.defs.remote.resources import RemoteClassifierResource
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.ingestion.registry import seed_boards
from jobsearch_pipelines_tests.ingestion.ats_server import AtsServer
from jobsearch_pipelines_tests.remote.payloads import EXPECTED, PAYLOADS


def _ingest(db_url: str, server: AtsServer) -> None:
    defs = dg.Definitions(
        assets=[ingestion_assets.raw_board_snapshots, ingestion_assets.normalize_and_store_postings],
        jobs=[ingestion_jobs.hourly_job_ingestion],
        resources={"database": DatabaseResource(url=db_url),
                   "ats": ingestion_resources.AtsResource(**server.resource_kwargs(), backoff_base_seconds=0.0,
                                                          max_attempts=2, timeout_seconds=5.0)})
    result = defs.resolve_job_def("hourly_job_ingestion").execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success


def _classify(db_url: str) -> dict[str, Any]:
    result = dg.materialize([assets.job_remote_eligibility, checks.remote_jobs_have_scope],
                            resources={"database": DatabaseResource(url=db_url),
                                       "remote_classifier": RemoteClassifierResource(classifier="local")},
                            instance=dg.DagsterInstance.ephemeral())
    assert result.success
    [mat] = result.asset_materializations_for_node("job_remote_eligibility")
    [check] = result.get_asset_check_evaluations()
    return {**{k: v.value for k, v in mat.metadata.items()}, "check": check}


def _rows(db_url: str) -> dict[tuple[str, str], JobRemoteEligibility]:
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        rows = session.execute(select(Job.source, Job.external_id, JobRemoteEligibility)
                               .join(JobRemoteEligibility, JobRemoteEligibility.job_id == Job.id)).all()
    engine.dispose()
    return {(source, ext): row for source, ext, row in rows}


def test_each_vendor_end_to_end(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        seed_boards(session)
    server = AtsServer()
    server.payloads.update(copy.deepcopy(PAYLOADS))
    with server.running():
        _ingest(db_url, server)
        with session_scope(engine) as session:  # the vendors' own fields are kept for the classifier
            fields = dict(session.execute(select(Job.external_id, Job.vendor_fields)).tuples().all())
        assert fields["a1b2c3d4-0000-4000-8000-000000000001"]["workplaceType"] == "Remote"
        assert fields["a1b2c3d4-0000-4000-8000-000000000001"]["secondaryLocations"][0]["location"] == "Berlin"
        assert fields["4013001"]["offices"] == [{"name": "Remote", "location": "EMEA"}]
        assert fields["5b0c0000-0000-4000-8000-000000000001"] == {
            "workplaceType": "remote", "country": "PT", "categories": {"location": "Lisbon",
                                                                        "allLocations": ["Lisbon"]}}
        assert fields["744000099100001"]["location"]["remote"] is True
        assert fields["1481002"]["hybrid"] is True

        meta = _classify(db_url)
        rows = _rows(db_url)
        for key, (is_eu, workplace) in EXPECTED.items():
            row = rows[key]
            assert (row.is_remote_eu, row.workplace_type) == (is_eu, workplace), (key, row.remote_eu_reason)
            assert row.remote_eu_reason and row.remote_eu_confidence in ("high", "medium", "low")
            assert row.classifier == row.classified_by == "remote-local-1" and row.status == "done"
        assert rows[("greenhouse", "4013001")].remote_scope == ["EMEA"]
        assert rows[("recruitee", "1481003")].timezone_min == -1.0
        assert "'Remote within Switzerland.'" in rows[("smartrecruiters", "744000099100002")].remote_eu_reason
        assert meta["classified"] == len(rows) and meta["failed"] == 0 and meta["classifier"] == "remote-local-1"
        assert meta["open_remote_eu_jobs"] >= sum(1 for v, _ in EXPECTED.values() if v)
        assert len(meta["preview"].splitlines()) == 2 + min(20, len(rows))
        assert meta["check"].passed and meta["check"].check_name == "remote_jobs_have_scope"

        # nothing changed: nothing is classified again
        assert _classify(db_url)["classified"] == 0

        # one posting changes on the board: only it is classified again
        changed = server.payloads[("greenhouse", "harborlight")]["jobs"][1]
        changed.update(location={"name": "Remote - Germany"}, content="Work from anywhere in Germany.",
                       offices=[{"id": 1, "name": "Remote - Germany", "location": None}])
        _ingest(db_url, server)
        assert _classify(db_url)["classified"] == 1
        row = _rows(db_url)[("greenhouse", "4013002")]
        assert row.is_remote_eu and row.remote_scope == ["DE"]
    engine.dispose()


def test_check_warns_when_remote_jobs_have_no_scope(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        for i in range(4):
            session.add(Job(source="greenhouse", board_token="t", external_id=str(i), title="Engineer",
                            locations=["Remote"], content_hash=f"h{i}", status="open", url="https://x/1"))
    meta = _classify(sqlite_url)
    assert meta["remote_with_empty_scope"] == 4 and meta["remote_empty_scope_share"] == 1.0
    assert not meta["check"].passed and meta["check"].severity == dg.AssetCheckSeverity.WARN
    engine.dispose()


def test_one_job_job_classifies_again_and_rejects_unknown_ids(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        job = Job(source="lever", board_token="t", external_id="x", title="Engineer", locations=["Remote - Spain"],
                  content_hash="h", status="open", url="https://x/1")
        session.add(job)
        session.flush()
        job_id = job.id
    defs = dg.Definitions(jobs=[jobs.classify_job_remote], resources={
        "database": DatabaseResource(url=sqlite_url),
        "remote_classifier": RemoteClassifierResource(classifier="local")})
    job_def = defs.resolve_job_def("classify_job_remote")
    result = job_def.execute_in_process(run_config={"ops": {"classify_job_remote_op": {"config": {"job_id": job_id}}}},
                                        instance=dg.DagsterInstance.ephemeral())
    assert result.success and result.output_for_node("classify_job_remote_op")["is_remote_eu"] is True
    with session_scope(engine) as session:
        session.execute(update(Job).where(Job.id == job_id).values(locations=["Remote - Canada"]))
    result = job_def.execute_in_process(run_config={"ops": {"classify_job_remote_op": {"config": {"job_id": job_id}}}},
                                        instance=dg.DagsterInstance.ephemeral())
    assert result.output_for_node("classify_job_remote_op")["is_remote_eu"] is False
    with session_scope(engine) as session:
        assert session.get(JobRemoteEligibility, job_id).remote_scope == ["CA"]
    bad = job_def.execute_in_process(run_config={"ops": {"classify_job_remote_op": {"config": {"job_id": 999}}}},
                                     instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    assert not bad.success
    error = bad.get_step_failure_events()[0].step_failure_data.error
    assert error is not None and "job_id: no job 999" in error.message
    engine.dispose()
