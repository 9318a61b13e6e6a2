"""The five user functions end to end: events sent by Python, processed by sensor-requested runs, effects in the DB."""

from __future__ import annotations

from collections.abc import Iterator

import dagster as dg
import pytest
from sqlalchemy import Engine, func, select

from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import (
    Company,
    Event,
    Job,
    JobApplication,
    JobFeedback,
    JobSkill,
    JobView,
    User,
    UserPreference,
    UserSettings,
    utcnow,
)
from jobsearch_pipelines.defs.events.user_functions import USER_FUNCTIONS
from jobsearch_pipelines.lib.events.inbox import send_event
from jobsearch_pipelines.lib.preferences.merge import merged_preference_details, merged_preferences
from jobsearch_pipelines_tests.events.helpers import Harness, function_defs, statuses

FN = {fn.event: fn for fn in USER_FUNCTIONS}


@pytest.fixture
def world(db_url: str) -> Iterator[tuple[Harness, Engine]]:
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        acme = Company(key="acme", name="Acme", category="PRODUCT")
        staffco = Company(key="staffco", name="StaffCo", category="STAFFING")
        session.add_all([acme, staffco])
        session.flush()
        for job_id, company, seniority in ((101, acme, "Senior"), (102, staffco, None), (103, acme, None)):
            session.add(Job(id=job_id, source="ashby", board_token=company.key, external_id=str(job_id),
                            company_id=company.id, company_name=company.name, title=f"Engineer {job_id}",
                            content_hash=f"h{job_id}", seniority=seniority))
        session.flush()
        session.add(JobSkill(job_id=101, skill_slug="python", skill_name="Python", level="required",
                             confidence=0.9, extractor_version="t"))
    with dg.instance_for_test() as instance:
        yield Harness(function_defs(db_url, *USER_FUNCTIONS), instance, db_url), engine
    engine.dispose()


def run_all(harness: Harness) -> None:
    for fn in USER_FUNCTIONS:
        harness.drain(fn)


def test_user_journey(world: tuple[Harness, Engine]) -> None:
    harness, engine = world
    # Applying before registering: the event fails (unknown user) and is retried later, never lost.
    early = send_event(engine, "job/applied", {"userId": "user_1", "jobId": 101, "companyId": 1,
                                               "timestamp": "2026-11-20T10:00:00Z"})
    harness.drain(FN["job/applied"])
    assert statuses(engine)[early] == "failed"

    reg = send_event(engine, "user/registered", {"userId": "user_1", "email": "Ann@Example.ORG", "name": "Ann"})
    again = send_event(engine, "user/registered", {"userId": "user_1", "email": "ann@example.org", "name": "Ann B"})
    run_all(harness)
    with session_scope(engine) as session:
        user = session.get(User, "user_1")
        assert user is not None and user.email == "ann@example.org" and user.name == "Ann B"  # updated
        assert session.get(UserSettings, "user_1") is not None
        defaults = session.scalars(select(UserPreference).where(UserPreference.source == "default")).all()
        assert [(d.field, d.value, d.confidence) for d in defaults] == [("work_arrangement", ["remote"], 0.5)]
        welcome = session.scalars(select(Event).where(Event.name == "notification/email")).all()
        assert len(welcome) == 1 and welcome[0].client_id == "welcome:user_1"
        assert welcome[0].data == {"userId": "user_1", "email": "Ann@example.org", "type": "welcome",
                                   "data": {"name": "Ann"}}
        assert welcome[0].status == "pending"  # the notifications function handles it
    assert statuses(engine)[reg] == "processed" and statuses(engine)[again] == "processed"

    # Make the early application due again: now the user exists and it is recorded.
    with session_scope(engine) as session:
        session.get(Event, session.scalar(select(Event.seq).where(Event.id == early))).next_attempt_at = utcnow()
    harness.drain(FN["job/applied"])
    dup_apply = send_event(engine, "job/applied", {"userId": "user_1", "jobId": 101})
    short = send_event(engine, "job/viewed", {"userId": "user_1", "jobId": 103, "duration": 4})
    views = [send_event(engine, "job/viewed", {"userId": "user_1", "jobId": 103, "duration": 30}) for _ in range(3)]
    like = send_event(engine, "job/feedback", {"userId": "user_1", "jobId": 101, "feedback": "like"})
    dislike = send_event(engine, "job/feedback", {"userId": "user_1", "jobId": 102, "feedback": "dislike"})
    pref = send_event(engine, "preference/updated", {"userId": "user_1", "field": "preferred_countries",
                                                     "value": ["de", "NL"]})
    run_all(harness)
    state = statuses(engine)
    assert state[early] == "processed" and state[dup_apply] == "processed"
    assert state[short] == "skipped" and all(state[v] == "processed" for v in views)
    assert state[like] == state[dislike] == state[pref] == "processed"
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(JobApplication)) == 1
        assert session.scalar(select(func.count()).select_from(JobView)) == 3
        short_row = session.scalar(select(Event).where(Event.id == short))
        assert short_row.skip_reason == "view too short: 4s < 10s"
        feedback = dict(session.execute(select(JobFeedback.job_id, JobFeedback.feedback)).tuples().all())
        assert feedback == {101: "like", 102: "dislike"}
        view_rows = session.scalars(select(UserPreference).where(UserPreference.source == "inferred_view")).all()
        assert len(view_rows) == 1 and view_rows[0].confidence == pytest.approx(0.7)  # 3 views, capped
        rerank = session.scalars(select(Event).where(Event.name == "jobs/rerank")).all()
        # the application, the like, the dislike and the preference each ask for one (debounced per user);
        # the duplicate application and the views do not
        assert [r.data for r in rerank] == [{"userId": "user_1"}] * 4
        merged = merged_preferences(session, "user_1", utcnow())
        details = merged_preference_details(session, "user_1", utcnow())
    assert merged["preferred_countries"] == ["DE", "NL"] and details["preferred_countries"].explicit
    assert merged["preferred_companies"] == ["acme"]
    assert details["preferred_companies"].confidence > 0.95  # application 0.9 + like 0.8 + views
    assert merged["disliked_companies"] == ["staffco"]
    assert sorted(merged["excluded_company_types"]) == ["AGENCY", "STAFFING"]
    assert merged["work_arrangement"] == ["remote"]
    assert merged["seniority_level"] == ["senior"] and merged["preferred_skills"] == ["Python"]
