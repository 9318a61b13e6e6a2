"""The fanned-out jobs (boards in groups, skill chunks, user shards) produce exactly what the asset path does."""

from __future__ import annotations

import dagster as dg
from sqlalchemy import Engine

from jobsearch_pipelines.definitions import defs
from jobsearch_pipelines.defs.ingestion.jobs import ingest_boards_in_groups
from jobsearch_pipelines.defs.ranking.jobs import rank_users_in_shards
from jobsearch_pipelines.defs.skills.jobs import extract_skills_in_chunks
from jobsearch_pipelines.lib.ranking.store import RankingSettings, refresh_rankings
from jobsearch_pipelines_tests.deploy.fanout_world import RUN_CONFIG, outcome, resources, seed


def test_fanned_out_jobs_equal_the_asset_path(sqlite_url: str, pg_url: str, sqlite_engine: Engine) -> None:
    from jobsearch_pipelines.db.engine import make_engine, session_scope
    from jobsearch_pipelines.db.schema import utcnow

    fanned = make_engine(pg_url)
    seed(fanned)
    for job in (ingest_boards_in_groups, extract_skills_in_chunks, rank_users_in_shards):
        config = {"ops": {k: v for k, v in RUN_CONFIG["ops"].items() if k in {n.name for n in job.nodes}}}
        result = job.execute_in_process(run_config=config, resources=resources(pg_url),
                                        instance=dg.DagsterInstance.ephemeral())
        assert result.success
        steps = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_SUCCESS]
        assert len(steps) >= 4  # the list step, several mapped steps, the summary

    seed(sqlite_engine)  # the asset path: hourly ingestion, job_skills, job_rankings
    repo = defs().get_repository_def()
    for name in ("hourly_job_ingestion", "daily_skill_extraction_job"):
        assert repo.get_job(name).execute_in_process(resources=resources(sqlite_url),
                                                     instance=dg.DagsterInstance.ephemeral()).success
    with session_scope(sqlite_engine) as session:
        refresh_rankings(session, utcnow(), RankingSettings())
    expected = outcome(sqlite_engine)
    assert len(expected["jobs"]) >= 50 and expected["skills"] and expected["rankings"]
    got = outcome(fanned)
    assert got["jobs"] == expected["jobs"] and got["skills"] == expected["skills"]
    assert [r[:2] for r in got["rankings"]] == [r[:2] for r in expected["rankings"]]
    fanned.dispose()
