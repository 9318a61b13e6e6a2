"""Relevance through the real ranking path (``refresh_rankings`` over the database): the floor, text and role
factors, level, filters that hold only when explicit, staffing read from postings, one place per role."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import UserPreference, utcnow
from jobsearch_pipelines.lib.ranking.store import RankingSettings, refresh_rankings, user_rankings
from jobsearch_pipelines_tests.ranking.builders import add_company, add_job, add_user

ALL = RankingSettings(min_score=0.0)


def rank(engine: Engine, user_id: str) -> dict[int, dict]:
    with session_scope(engine) as s:
        refresh_rankings(s, utcnow(), ALL)
    with session_scope(engine) as s:
        return {r.job_id: {"score": r.score, "reasons": {x["factor"]: x["text"] for x in r.reasons}}
                for r in user_rankings(s, user_id, 50)}


def add_pref(engine: Engine, user_id: str, field: str, value: object, source: str, confidence: float) -> None:
    with session_scope(engine) as s:
        s.add(UserPreference(user_id=user_id, field=field, value=value, confidence=confidence, source=source,
                             observed_at=utcnow() - timedelta(minutes=1)))


def test_a_job_with_no_skill_role_or_text_match_is_never_recommended(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine) as s:
        add_user(s, "py", prefs={"tech_stack": ["Python", "Django"], "preferred_countries": ["DE"]})
        co = add_company(s, "co")
        backend = add_job(s, "Backend Engineer", company=co, countries=["DE"], skills=["python", "django"],
                          description="Build Django services in Python.")
        treasury = add_job(s, "Sr. Treasury Ops Analyst - EMEA", company=co, countries=["DE"], skills=["excel"],
                           description="Own cash positioning and bank reconciliations in Excel.")
        nurse = add_job(s, "Nurse", company=co, countries=["DE"], description="Care for patients on the ward.")
    ranked = rank(sqlite_engine, "py")
    assert backend.id in ranked and treasury.id not in ranked and nurse.id not in ranked


def test_a_profile_with_no_taxonomy_skills_ranks_by_text_and_role(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine) as s:
        add_user(s, "rc", prefs={"tech_stack": ["anti-money laundering", "sanctions screening"],
                                 "target_roles": ["Compliance Analyst"]})
        co = add_company(s, "bank")
        aml = add_job(s, "AML Compliance Analyst", company=co,
                      description="Investigate alerts for anti-money laundering and sanctions screening.")
        kyc = add_job(s, "KYC Analyst", company=co, description="Sanctions screening of new customers.")
        doctor = add_job(s, "Occupational Doctor", company=co, description="Health checks for staff.")
        rv = add_job(s, "RV Technician", company=co, description="Repair recreational vehicles.")
    ranked = rank(sqlite_engine, "rc")
    assert aml.id in ranked and kyc.id in ranked and doctor.id not in ranked and rv.id not in ranked
    assert ranked[aml.id]["score"] > ranked[kyc.id]["score"]
    assert ranked[aml.id]["reasons"]["text"] == "Title matches 'Compliance Analyst'"
    assert ranked[aml.id]["reasons"]["role"] == "'AML Compliance Analyst' is a role you target"


def test_target_roles_put_the_right_role_first(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine) as s:
        add_user(s, "be", prefs={"tech_stack": ["Python"], "target_roles": ["Backend Engineer"]})
        co = add_company(s, "co")
        analyst = add_job(s, "Data Analyst", company=co, skills=["python"])
        pm = add_job(s, "Product Manager", company=co, skills=["python"])
        backend = add_job(s, "Senior Software Engineer, Backend", company=co, skills=["python"])
    ranked = rank(sqlite_engine, "be")
    assert max(ranked, key=lambda j: ranked[j]["score"]) == backend.id
    assert ranked[backend.id]["score"] > ranked[analyst.id]["score"] + 0.1
    assert ranked[pm.id]["reasons"]["role"] == "'Product Manager' is not one of your target roles"


def test_explicit_seniority_excludes_far_levels_inferred_only_weighs(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine) as s:
        add_user(s, "sr", prefs={"tech_stack": ["Swift"], "seniority_level": ["senior"]})
        add_user(s, "inf", prefs={"tech_stack": ["Swift"]})
        co = add_company(s, "co")
        senior = add_job(s, "Senior iOS Engineer", company=co, skills=["swift"])
        junior = add_job(s, "Junior iOS Developer", company=co, skills=["swift"])
        intern = add_job(s, "Werkstudent iOS (m/w/d)", company=co, skills=["swift"], seniority="mid")
    add_pref(sqlite_engine, "inf", "seniority_level", ["senior"], "inferred_application", 0.6)
    ranked = rank(sqlite_engine, "sr")
    assert senior.id in ranked and junior.id not in ranked and intern.id not in ranked  # the title wins
    ranked = rank(sqlite_engine, "inf")
    assert {senior.id, junior.id, intern.id} <= set(ranked)
    assert ranked[senior.id]["score"] > ranked[junior.id]["score"]


def test_default_arrangement_weighs_explicit_filters(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine) as s:
        add_user(s, "dflt", prefs={"tech_stack": ["Go"]})
        add_user(s, "expl", prefs={"tech_stack": ["Go"], "work_arrangement": ["remote"]})
        co = add_company(s, "co")
        remote = add_job(s, "Go Engineer", company=co, workplace="remote", skills=["go"])
        hybrid = add_job(s, "Go Platform Engineer", company=co, workplace="hybrid", skills=["go"], countries=["NL"])
    add_pref(sqlite_engine, "dflt", "work_arrangement", ["remote"], "default", 0.5)
    ranked = rank(sqlite_engine, "dflt")
    assert {remote.id, hybrid.id} <= set(ranked) and ranked[remote.id]["score"] > ranked[hybrid.id]["score"]
    assert hybrid.id not in rank(sqlite_engine, "expl")


def test_staffing_agencies_are_known_from_their_postings(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine) as s:
        add_user(s, "no_agency", prefs={"tech_stack": ["Django"], "excluded_company_types": ["STAFFING"]})
        add_user(s, "any", prefs={"tech_stack": ["Django"]})
        agency = add_company(s, "talentco", category="UNKNOWN")
        direct = add_company(s, "maker", category="UNKNOWN")
        via_agency = add_job(s, "Django Developer", company=agency, skills=["django"],
                             description="On behalf of our client, a fintech in Berlin, we are looking for a Django "
                                         "developer.")
        own = add_job(s, "Django Developer (Payments)", company=direct, skills=["django"],
                      description="Join our payments team and build Django services.")
    ranked = rank(sqlite_engine, "no_agency")
    assert own.id in ranked and via_agency.id not in ranked
    assert ranked[own.id]["reasons"]["company_type"] == "Company type not known"
    ranked = rank(sqlite_engine, "any")
    assert ranked[via_agency.id]["reasons"]["company_type"].startswith("A staffing or recruitment agency")


def test_one_place_per_role_with_its_other_locations(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine) as s:
        add_user(s, "dup", prefs={"tech_stack": ["Kotlin"]})
        co, other = add_company(s, "co"), add_company(s, "other")
        berlin = add_job(s, "Android Engineer (m/w/d) - Berlin", company=co, skills=["kotlin"], countries=["DE"])
        munich = add_job(s, "Android Engineer, Munich", company=co, skills=["kotlin"], countries=["DE"])
        elsewhere = add_job(s, "Android Engineer", company=other, skills=["kotlin"])
        team = add_job(s, "Android Engineer - Payments", company=co, skills=["kotlin"])
    ranked = rank(sqlite_engine, "dup")
    shown = {berlin.id, munich.id} & set(ranked)
    assert len(shown) == 1 and elsewhere.id in ranked and team.id in ranked
    assert ranked[shown.pop()]["reasons"]["duplicates"].startswith("Also posted for DE (2 postings")
