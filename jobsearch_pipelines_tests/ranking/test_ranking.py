"""Ranking: hard filters exclude, preferences move jobs, feedback events change the next ranking, incremental."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

import dagster as dg
import pytest
from sqlalchemy import Engine, select, update

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Job, JobRanking, RankingState, utcnow
from jobsearch_pipelines.defs.events.user_functions import USER_FUNCTIONS
from jobsearch_pipelines.defs.ranking.assets import job_rankings
from jobsearch_pipelines.defs.ranking.functions import RERANK
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.events.inbox import send_event
from jobsearch_pipelines.lib.flow_control.config import Debounce, FlowControl
from jobsearch_pipelines.lib.ranking.store import RankingSettings, refresh_rankings, rerank_user, user_rankings
from jobsearch_pipelines_tests.events.helpers import Harness, function_defs
from jobsearch_pipelines_tests.ranking.builders import add_company, add_job, add_user

ALL = RankingSettings(min_score=0.0)


def ranked_ids(engine: Engine, user_id: str) -> list[int]:
    with session_scope(engine) as session:
        return [r.job_id for r in user_rankings(session, user_id, limit=1000)]


def test_hard_filters_exclude_and_unknowns_pass(engine: Engine) -> None:
    with session_scope(engine) as s:
        add_user(s, "ada", prefs={"excluded_company_types": ["STAFFING"], "disliked_companies": ["badco"],
                                  "min_salary": 100_000, "preferred_countries": ["DE", "NL"],
                                  "work_arrangement": ["remote"], "tech_stack": ["python"]})
        good, staffing = add_company(s, "goodco"), add_company(s, "staffy", category="STAFFING")
        bad = add_company(s, "badco")
        ok = add_job(s, "Python dev", company=good, countries=["DE"], salary=(110_000, 130_000), skills=["python"])
        no_salary = add_job(s, "Python dev 2", company=good, countries=["NL"], skills=["python"])
        no_country = add_job(s, "Python dev 3", company=good, countries=[], skills=["python"])
        excluded = [
            add_job(s, "Staffing python", company=staffing, countries=["DE"], skills=["python"]),
            add_job(s, "Badco python", company=bad, countries=["DE"], skills=["python"]),
            add_job(s, "Underpaid", company=good, countries=["DE"], salary=(50_000, 70_000), skills=["python"]),
            add_job(s, "US only", company=good, countries=["US"], skills=["python"]),
            add_job(s, "Office", company=good, countries=["DE"], workplace="onsite", skills=["python"]),
        ]
        ids = {ok.id, no_salary.id, no_country.id}
        excluded_ids = {j.id for j in excluded}
        s.execute(update(Job).where(Job.id == excluded[0].id).values(company_name="Staffy"))
    with session_scope(engine) as s:
        refresh_rankings(s, utcnow(), ALL)
    ranked = ranked_ids(engine, "ada")
    assert set(ranked) == ids and not set(ranked) & excluded_ids
    assert ranked[0] == ok.id  # known salary above the floor and an in-country match beat the unknowns
    with session_scope(engine) as s:
        row = s.get(JobRanking, ("ada", no_salary.id))
        texts = [r["text"] for r in row.reasons]
    assert any("Salary not stated" in t for t in texts) and any("python" in t.lower() for t in texts)


def test_preferences_move_jobs_up_and_down(sqlite_engine: Engine) -> None:
    engine = sqlite_engine
    with session_scope(engine) as s:
        add_user(s, "bo", prefs={"tech_stack": ["Python", "Postgres"], "seniority_level": ["senior"]})
        acme = add_company(s, "acme", name="Acme")
        other = add_company(s, "other")
        py_senior = add_job(s, "Senior Python", company=other, seniority="senior", skills=["python", "postgresql"])
        py_mid = add_job(s, "Python Engineer", company=other, seniority="mid", skills=["python", "postgresql"])
        py_junior = add_job(s, "Junior Python", company=other, seniority="junior", skills=["python", "postgresql"])
        java = add_job(s, "Senior Java", company=other, seniority="senior", skills=["java", "spring"])
        acme_java = add_job(s, "Java at Acme", company=acme, seniority="mid", skills=["java", "spring"])
    with session_scope(engine) as s:
        refresh_rankings(s, utcnow(), ALL)
    order = ranked_ids(engine, "bo")
    assert order.index(py_senior.id) < order.index(py_mid.id)
    assert py_junior.id not in order  # two levels below the explicit "senior"
    assert java.id not in order and acme_java.id not in order  # no shared skill, role or text: not relevant
    with session_scope(engine) as s:  # now Acme is a preferred company and Java is the stack: a new profile
        add_user_pref(s, "bo", "preferred_companies", ["acme"])
        add_user_pref(s, "bo", "tech_stack", ["java", "spring"])
    with session_scope(engine) as s:
        report = refresh_rankings(s, utcnow(), ALL)
    assert report.full_users == ["bo"]
    order = ranked_ids(engine, "bo")
    assert set(order) == {java.id, acme_java.id}
    with session_scope(engine) as s:
        scores = {r.job_id: r.score for r in user_rankings(s, "bo", 10)}
    assert scores[acme_java.id] > scores[java.id] - 0.1  # a mid-level role at a preferred company stays close


def add_user_pref(session, user_id: str, field: str, value) -> None:  # type: ignore[no-untyped-def]
    from jobsearch_pipelines.db.schema import UserPreference

    session.add(UserPreference(user_id=user_id, field=field, value=value, confidence=1.0, source="explicit",
                               observed_at=utcnow()))
    session.flush()


def test_feedback_and_application_events_change_the_next_ranking(db_url: str, engine: Engine) -> None:
    with session_scope(engine) as s:
        add_user(s, "cy", prefs={"tech_stack": ["go"]})
        liked_co, disliked_co, applied_co = add_company(s, "liked"), add_company(s, "meh"), add_company(s, "applyco")
        liked = add_job(s, "Go dev", company=liked_co, skills=["go"])
        liked_sibling = add_job(s, "Rust dev", company=liked_co, skills=["rust", "go"])
        neutral = add_job(s, "Rust dev elsewhere", company=add_company(s, "neutral"), skills=["rust", "go"])
        disliked = add_job(s, "Go dev meh", company=disliked_co, skills=["go"])
        disliked_sibling = add_job(s, "Go dev meh 2", company=disliked_co, skills=["go"])
        applied = add_job(s, "Go dev apply", company=applied_co, skills=["go"])
    with session_scope(engine) as s:
        refresh_rankings(s, utcnow(), ALL)
    first = ranked_ids(engine, "cy")
    assert {disliked.id, disliked_sibling.id, applied.id} <= set(first)
    with session_scope(engine) as s:
        first_scores = {r.job_id: r.score for r in user_rankings(s, "cy", 100)}

    send_event(engine, "job/feedback", {"userId": "cy", "jobId": liked.id, "feedback": "like"})
    send_event(engine, "job/feedback", {"userId": "cy", "jobId": disliked.id, "feedback": "dislike"})
    send_event(engine, "job/applied", {"userId": "cy", "jobId": applied.id})
    functions = [fn for fn in USER_FUNCTIONS if fn.event in ("job/feedback", "job/applied")]
    with dg.instance_for_test() as instance:
        harness = Harness(function_defs(db_url, *functions), instance, db_url)
        for fn in functions:
            harness.drain(fn)
    with session_scope(engine) as s:
        report = refresh_rankings(s, utcnow(), ALL)
        second = {r.job_id: r.score for r in user_rankings(s, "cy", 100)}
    assert report.full_users == ["cy"]  # the inferred preferences changed the profile
    assert disliked.id not in second  # the disliked job itself is hidden
    assert second[disliked_sibling.id] < first_scores[disliked_sibling.id]  # its company: inferred, so it weighs
    assert applied.id not in second  # already applied
    assert second[liked_sibling.id] > first_scores[liked_sibling.id]  # liked company moves up
    assert second[liked_sibling.id] > second[neutral.id]


def test_incremental_refresh_scores_only_new_jobs_and_drops_closed(engine: Engine) -> None:
    with session_scope(engine) as s:
        add_user(s, "di", prefs={"tech_stack": ["python"]})
        add_user(s, "ed", prefs={"tech_stack": ["java"]})
        co = add_company(s, "co")
        old = add_job(s, "Python old", company=co, skills=["python"])
        closing = add_job(s, "Java closing", company=co, skills=["java"])
    with session_scope(engine) as s:
        first = refresh_rankings(s, utcnow(), ALL)
    assert sorted(first.full_users) == ["di", "ed"]
    with session_scope(engine) as s:
        new = add_job(s, "Python new", company=co, skills=["python"])
        s.execute(update(Job).where(Job.id == closing.id).values(status="closed"))
    with session_scope(engine) as s:
        second = refresh_rankings(s, utcnow(), ALL)
        state = s.get(RankingState, "di")
        assert state is not None and state.max_job_id == new.id
    assert second.full_users == [] and sorted(second.incremental_users) == ["di", "ed"]
    assert second.jobs_scored_incremental == 1 and second.closed_removed >= 1
    assert new.id in ranked_ids(engine, "di") and old.id in ranked_ids(engine, "di")
    assert closing.id not in ranked_ids(engine, "ed")
    with session_scope(engine) as s:  # a day later everyone is recomputed in full (recency moved)
        third = refresh_rankings(s, utcnow() + timedelta(hours=25), ALL)
    assert sorted(third.full_users) == ["di", "ed"]


def test_limit_and_min_score_bound_the_stored_rows(sqlite_engine: Engine) -> None:
    engine = sqlite_engine
    with session_scope(engine) as s:
        add_user(s, "fi", prefs={"tech_stack": ["python"]})
        co = add_company(s, "co")
        for i in range(12):
            add_job(s, f"Python {i}", company=co, skills=["python"] if i % 2 else ["cobol"])
    with session_scope(engine) as s:
        rerank_user(s, "fi", utcnow(), RankingSettings(limit=5, min_score=0.0))
        assert len(user_rankings(s, "fi", 100)) == 5
        rerank_user(s, "fi", utcnow(), RankingSettings(limit=100, min_score=0.6))
        rows = user_rankings(s, "fi", 100)
        assert len(rows) == 6 and all(r.score >= 0.6 for r in rows)
    with session_scope(engine) as s, pytest.raises(LookupError, match="userId"):
        rerank_user(s, "nobody", utcnow())


def test_job_rankings_asset_materializes(sqlite_url: str, sqlite_engine: Engine) -> None:
    db_url, engine = sqlite_url, sqlite_engine
    with session_scope(engine) as s:
        add_user(s, "gi", prefs={"tech_stack": ["python"]})
        job = add_job(s, "Python", company=add_company(s, "co"), skills=["python"])
    result = dg.materialize([job_rankings], resources={"database": DatabaseResource(url=db_url)})
    assert result.success
    metadata = result.asset_materializations_for_node("job_rankings")[0].metadata
    assert metadata["users_full"].value == 1 and metadata["rows_written"].value == 1
    assert ranked_ids(engine, "gi") == [job.id]


def test_rerank_event_is_debounced_per_user_and_recomputes(sqlite_url: str, sqlite_engine: Engine) -> None:
    db_url, engine = sqlite_url, sqlite_engine
    assert RERANK.flow_control.debounce is not None and RERANK.flow_control.debounce.key == "event.data.userId"
    fast = replace(RERANK, flow_control=FlowControl(debounce=Debounce(period="3s", key="event.data.userId")))
    with session_scope(engine) as s:
        add_user(s, "ho", prefs={"tech_stack": ["python"]})
        job = add_job(s, "Python", company=add_company(s, "co"), skills=["python"])
    with dg.instance_for_test() as instance:
        harness = Harness(function_defs(db_url, fast), instance, db_url)
        started = time.monotonic()
        for _ in range(3):
            send_event(engine, "jobs/rerank", {"userId": "ho"})
        requests = harness.tick(fast)
        if time.monotonic() - started < 2.5:
            assert requests == []  # still inside the quiet period
            time.sleep(max(0.0, 3.3 - (time.monotonic() - started)))
            requests = harness.tick(fast)
        assert len(requests) == 1
        harness.execute(fast, requests[0])
    from jobsearch_pipelines_tests.events.helpers import statuses

    assert sorted(statuses(engine, "jobs/rerank").values()) == ["processed", "skipped", "skipped"]
    assert ranked_ids(engine, "ho") == [job.id]
    with session_scope(engine) as s:
        assert s.scalar(select(RankingState.user_id).where(RankingState.user_id == "ho")) == "ho"


def test_incremental_refresh_keeps_the_top_limit(sqlite_engine: Engine) -> None:
    settings = RankingSettings(limit=3, min_score=0.0)
    with session_scope(sqlite_engine) as s:
        add_user(s, "jo", prefs={"tech_stack": ["python", "django"]})
        co = add_company(s, "co")
        old = [add_job(s, f"Python {i}", company=co, skills=["python", "java", "c-language", "cobol"][: i + 2],
                       first_seen=utcnow() - timedelta(days=2)) for i in range(3)]
    with session_scope(sqlite_engine) as s:
        refresh_rankings(s, utcnow(), settings)
    worst = ranked_ids(sqlite_engine, "jo")[-1]
    with session_scope(sqlite_engine) as s:
        best = add_job(s, "Python + Django", company=co, skills=["python", "django"])
        poor = add_job(s, "COBOL", company=co, skills=["cobol"], first_seen=utcnow() - timedelta(days=20))
    with session_scope(sqlite_engine) as s:
        report = refresh_rankings(s, utcnow(), settings)
    ranked = ranked_ids(sqlite_engine, "jo")
    assert report.incremental_users == ["jo"] and report.rows_written == 1
    assert len(ranked) == 3 and ranked[0] == best.id and worst not in ranked and poor.id not in ranked
    assert set(ranked) < {best.id, *(j.id for j in old)}


def test_preference_update_event_reranks_the_user_through_jobs_rerank(sqlite_url: str, sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine) as s:
        add_user(s, "ki", prefs={"tech_stack": ["python"]})
        co = add_company(s, "co")
        python = add_job(s, "Python", company=co, skills=["python"])
        rust = add_job(s, "Rust", company=co, skills=["rust"])
        rerank_user(s, "ki", utcnow(), ALL)
    assert ranked_ids(sqlite_engine, "ki")[0] == python.id
    update_fn = next(fn for fn in USER_FUNCTIONS if fn.event == "preference/updated")
    rerank_now = replace(RERANK, flow_control=FlowControl())  # the same function without the 30 s debounce wait
    send_event(sqlite_engine, "preference/updated", {"userId": "ki", "field": "tech_stack", "value": ["rust"]})
    with dg.instance_for_test() as instance:
        harness = Harness(function_defs(sqlite_url, update_fn, rerank_now), instance, sqlite_url)
        harness.drain(update_fn)
        assert harness.drain(rerank_now) == 1
    assert ranked_ids(sqlite_engine, "ki")[0] == rust.id
