"""job_skills asset, daily schedule and single-job run on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import dagster as dg
import pytest
from sqlalchemy import Engine, func, select, update

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import (
    Embedding,
    Job,
    JobSkill,
    JobSkillExtraction,
    Skill,
    SkillAlias,
    SkillExtractionCache,
)
from jobsearch_pipelines.definitions import defs as load_defs
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.defs.skills.assets import job_skills
from jobsearch_pipelines.defs.skills.resources import SkillExtractionResource
from jobsearch_pipelines.lib.skills.factory import ExtractorSettings
from jobsearch_pipelines.lib.skills.local import LocalExtractor
from jobsearch_pipelines.lib.skills.service import extract_pending
from jobsearch_pipelines.lib.skills.store import MAX_ATTEMPTS, load_taxonomy_into_db
from jobsearch_pipelines.lib.skills.taxonomy import default_taxonomy
from jobsearch_pipelines_tests.skills.fake_openai import chat_reply, fake_openai_server

GO_JOB = ("Go Engineer", "<h3>Requirements</h3><ul><li>Experience with Go and PostgreSQL</li></ul>")
NO_SKILLS_JOB = ("Office Manager", "<p>Keep our office running and welcome visitors.</p>")


def _materialize(
    url: str, extraction: SkillExtractionResource | None = None, instance: dg.DagsterInstance | None = None
) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [job_skills],
        resources={"database": DatabaseResource(url=url), "skill_extraction": extraction or SkillExtractionResource()},
        instance=instance,
    )


def _count(engine: Engine, model: type) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _metadata(result: dg.ExecuteInProcessResult) -> dict[str, object]:
    (materialization,) = result.asset_materializations_for_node("job_skills")
    return {k: v.value for k, v in materialization.metadata.items()}


def test_asset_extracts_new_jobs_records_zero_skill_jobs_and_skips_unchanged(
    db_url: str, engine: Engine, insert_job: Callable[..., int]
) -> None:
    go_id = insert_job(engine, *GO_JOB)
    empty_id = insert_job(engine, *NO_SKILLS_JOB)
    first = _materialize(db_url)
    assert first.success
    assert _metadata(first)["selected"] == 2 and _metadata(first)["zero_skills"] == 1
    with session_scope(engine) as session:
        rows = {r.skill_slug: r for r in session.scalars(select(JobSkill).where(JobSkill.job_id == go_id))}
        assert set(rows) == {"go", "postgresql"}
        assert rows["go"].skill_id is not None and rows["go"].level == "required"
        assert rows["go"].mentions and rows["go"].mentions[0]["text"] == "Go"
        marker = session.get(JobSkillExtraction, empty_id)
        assert marker is not None and marker.status == "done" and marker.skill_count == 0
    assert _count(engine, Skill) == len(default_taxonomy())

    second = _materialize(db_url)
    assert _metadata(second)["selected"] == 0  # zero-skill job is not redone

    with session_scope(engine) as session:  # the job changes: re-extracted
        session.execute(
            update(Job).where(Job.id == go_id).values(description_html="<p>Rust and Kafka</p>", content_hash="changed")
        )
    third = _metadata(_materialize(db_url))
    assert third["selected"] == 1 and third["from_cache"] == 0
    with session_scope(engine) as session:
        slugs = set(session.scalars(select(JobSkill.skill_slug).where(JobSkill.job_id == go_id)))
    assert slugs == {"go", "rust", "kafka"}  # Go from the title "Go Engineer"


def test_llm_asset_records_usage_and_a_rerun_makes_zero_llm_or_embedding_calls(
    sqlite_url: str, sqlite_engine: Engine, insert_job: Callable[..., int]
) -> None:
    go_id = insert_job(sqlite_engine, *GO_JOB)
    insert_job(sqlite_engine, *NO_SKILLS_JOB)
    with fake_openai_server() as server:
        server.default_chat = lambda payload: chat_reply(
            [{"tag": "go", "level": "required", "confidence": 0.9, "evidence": "Experience with Go"}]
            if "Experience with Go" in payload["messages"][1]["content"]
            else []
        )
        extraction = SkillExtractionResource(
            llm_base_url=server.base_url,
            llm_model="test-model",
            embeddings_provider="openai",
            embeddings_model="text-embedding-test",
        )
        instance = dg.DagsterInstance.ephemeral()
        first = _materialize(sqlite_url, extraction, instance)
        meta = _metadata(first)
        assert meta["llm_calls"] == 2 and meta["prompt_tokens"] == 240 and meta["total_tokens"] == 320
        run = instance.get_run_by_id(first.run_id)
        assert run is not None
        assert run.tags["skills/prompt_tokens"] == "240" and run.tags["skills/completion_tokens"] == "80"
        chat_calls, embedding_calls = server.count("/chat/completions"), server.count("/embeddings")
        assert embedding_calls > 0
        stored_vectors = _count(sqlite_engine, Embedding)
        assert stored_vectors >= len(default_taxonomy())

        rerun = _metadata(_materialize(sqlite_url, extraction))
        assert rerun["selected"] == 0 and rerun["llm_calls"] == 0
        assert server.count("/chat/completions") == chat_calls
        assert server.count("/embeddings") == embedding_calls

        # A changed row with the same text is served from the cache: still no call.
        with session_scope(sqlite_engine) as session:
            session.execute(update(Job).where(Job.id == go_id).values(content_hash="row-changed"))
        cached = _metadata(_materialize(sqlite_url, extraction))
        assert cached["selected"] == 1 and cached["from_cache"] == 1
        assert server.count("/chat/completions") == chat_calls
        assert server.count("/embeddings") == embedding_calls
    assert _count(sqlite_engine, Embedding) == stored_vectors
    with session_scope(sqlite_engine) as session:
        marker = session.get(JobSkillExtraction, go_id)
        assert marker is not None and marker.extractor_version.startswith("llm-v2:test-model")
        assert set(session.scalars(select(JobSkill.skill_slug).where(JobSkill.job_id == go_id))) == {"go"}
        assert session.scalar(select(func.count()).select_from(SkillExtractionCache)) == 2


def test_failures_are_recorded_retried_then_dead(sqlite_engine: Engine, insert_job: Callable[..., int]) -> None:
    job_id = insert_job(sqlite_engine, *GO_JOB)

    class Broken:
        version = "broken-v1"

        def extract(self, title: str | None, description: str | None) -> object:
            raise RuntimeError("model exploded")

    for attempt in range(1, MAX_ATTEMPTS + 1):
        stats = extract_pending(sqlite_engine, Broken())  # type: ignore[arg-type]
        assert stats.failed == 1
        with session_scope(sqlite_engine) as session:
            marker = session.get(JobSkillExtraction, job_id)
            assert marker is not None and marker.attempts == attempt
            assert marker.error == "RuntimeError: model exploded"
    assert marker.status == "dead"
    assert extract_pending(sqlite_engine, Broken()).selected == 0  # type: ignore[arg-type]
    assert extract_pending(sqlite_engine, LocalExtractor()).extracted == 1  # another version retries it


def test_taxonomy_load_is_idempotent(engine: Engine) -> None:
    first = load_taxonomy_into_db(engine)
    assert first.skills_created == len(default_taxonomy()) and first.aliases_added > 1000
    second = load_taxonomy_into_db(engine)
    assert (second.skills_created, second.skills_updated, second.aliases_added, second.aliases_removed) == (0, 0, 0, 0)
    with session_scope(engine) as session:
        go = session.scalar(select(Skill).where(Skill.slug == "go"))
        assert go is not None and go.category == "Programming Languages"
        aliases = dict(
            session.execute(select(SkillAlias.alias, SkillAlias.ambiguous).where(SkillAlias.skill_id == go.id))
            .tuples()
            .all()
        )
    assert aliases == {"go": True, "golang": False, "go lang": False}


def test_single_job_run_in_process(sqlite_url: str, sqlite_engine: Engine, insert_job: Callable[..., int]) -> None:
    job_id = insert_job(sqlite_engine, *NO_SKILLS_JOB)
    definitions = load_defs()
    job = definitions.resolve_job_def("extract_job_skills")
    result = job.execute_in_process(
        run_config={
            "ops": {
                "extract_job_skills_op": {
                    "config": {
                        "job_id": job_id,
                        "title": "Data Engineer",
                        "description": "<p>Spark, dbt and Snowflake.</p>",
                    }
                }
            }
        },
        resources={"database": DatabaseResource(url=sqlite_url), "skill_extraction": SkillExtractionResource()},
    )
    assert result.success
    output = result.output_for_node("extract_job_skills_op")
    assert output["ok"] is True and output["count"] == 3
    with session_scope(sqlite_engine) as session:
        assert set(session.scalars(select(JobSkill.skill_slug).where(JobSkill.job_id == job_id))) == {
            "spark",
            "dbt",
            "snowflake",
        }
    missing = job.execute_in_process(
        run_config={"ops": {"extract_job_skills_op": {"config": {"jobId": 999_999}}}},
        resources={"database": DatabaseResource(url=sqlite_url), "skill_extraction": SkillExtractionResource()},
        raise_on_error=False,
    )
    assert not missing.success
    assert "job_id: no job with id 999999" in str(missing.all_events)  # the deprecated key still works


def test_definitions_wire_the_asset_schedule_and_jobs() -> None:
    definitions = load_defs()
    dg.Definitions.validate_loadable(definitions)
    graph = definitions.resolve_asset_graph()
    node = graph.get(dg.AssetKey("job_skills"))
    assert dg.AssetKey("jobs") in node.parent_keys
    assert node.automation_condition is not None
    schedule = definitions.resolve_schedule_def("daily_skill_extraction")
    assert schedule.cron_schedule == "0 2 * * *" and schedule.execution_timezone == "UTC"
    assert schedule.job_name == "daily_skill_extraction_job"
    tick = schedule.evaluate_tick(
        dg.build_schedule_context(scheduled_execution_time=datetime(2026, 1, 1, 2, tzinfo=UTC))
    )
    assert len(tick.run_requests or []) == 1
    config_fields = definitions.resolve_job_def("extract_job_skills").get_config_schema_snapshot()
    assert config_fields is not None


def test_resource_settings_validate_clearly() -> None:
    with pytest.raises(ValueError, match="extractor: expected one of"):
        ExtractorSettings(extractor="gpt").validate()
    with pytest.raises(ValueError, match="extractor: 'llm' needs"):
        ExtractorSettings(extractor="llm").validate()
    assert isinstance(SkillExtractionResource().build(None), LocalExtractor)  # type: ignore[arg-type]


def test_resource_reads_the_environment_through_envvar(monkeypatch: pytest.MonkeyPatch) -> None:
    from jobsearch_pipelines.defs.skills.resources import skill_extraction_resource
    from jobsearch_pipelines.lib.skills.llm import LlmExtractor

    for name in ("JOBSEARCH_LLM_BASE_URL", "JOBSEARCH_LLM_MODEL", "JOBSEARCH_LLM_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    assert skill_extraction_resource().llm_model is None
    monkeypatch.setenv("JOBSEARCH_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("JOBSEARCH_LLM_MODEL", "env-model")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    resource = skill_extraction_resource()
    assert isinstance(resource.llm_model, dg.EnvVar) and resource.llm_model.env_var_name == "JOBSEARCH_LLM_MODEL"
    assert isinstance(resource.llm_api_key, dg.EnvVar) and resource.llm_api_key.env_var_name == "OPENAI_API_KEY"

    @dg.asset
    def probe(skill_extraction: SkillExtractionResource) -> str:
        extractor = skill_extraction.build(None)  # type: ignore[arg-type]
        assert isinstance(extractor, LlmExtractor)
        return extractor.version

    result = dg.materialize([probe], resources={"skill_extraction": resource})
    assert result.output_for_node("probe").startswith("llm-v2:env-model:")
