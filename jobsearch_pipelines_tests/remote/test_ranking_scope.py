"""Ranking and the digest read the remote scope: countries match through regions and time-zone windows, and the
digest says why a job is open to the user."""

from __future__ import annotations

from sqlalchemy import Engine, update

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Job, utcnow
from jobsearch_pipelines.lib.notifications.digests import preview_digest
from jobsearch_pipelines.lib.ranking.store import RankingSettings, refresh_rankings, user_rankings
from jobsearch_pipelines.lib.remote.models import LocalRemoteClassifier
from jobsearch_pipelines.lib.remote.service import classify_pending
from jobsearch_pipelines_tests.ranking.builders import add_company, add_job, add_user

POSTINGS = {  # title -> (location, description)
    "Europe": ("Remote - Europe", ""),
    "EMEA": ("Remote - EMEA", ""),
    "EU": ("Remote - Europe", "Open to anyone in the EU."),
    "Worldwide": ("Remote - Worldwide", ""),
    "CET": ("Remote", "You must be within ±2 h of CET."),
    "US only": ("Remote (US only)", ""),
    "UK": ("Remote - UK", ""),
    "LATAM": ("Remote - LATAM", ""),
    "Hybrid Berlin": ("Remote - Germany", "Hybrid role: 3 days a week in our Berlin office."),
    "Unclassified Berlin": (None, ""),
}


def _setup(engine: Engine) -> dict[str, int]:
    ids = {}
    with session_scope(engine) as s:
        company = add_company(s, "acme", name="Acme")
        for name, (location, description) in POSTINGS.items():
            job = add_job(s, f"Python Engineer {name}", company=company, countries=[] if location else ["DE"],
                          skills=["python"])
            s.execute(update(Job).where(Job.id == job.id).values(
                locations=[location] if location else ["Berlin, Germany"], description_text=description or None))
            ids[name] = job.id
        for user, country in (("de", "DE"), ("uk", "GB"), ("us", "US")):
            add_user(s, user, prefs={"preferred_countries": [country], "tech_stack": ["python"]})
    stats = classify_pending(engine, LocalRemoteClassifier(), job_ids=[v for k, v in ids.items()
                                                                        if not k.startswith("Unclassified")])
    assert stats.classified == len(ids) - 1
    with session_scope(engine) as s:
        refresh_rankings(s, utcnow(), RankingSettings(min_score=0.0))
    return ids


def _ranked(engine: Engine, user: str, ids: dict[str, int]) -> set[str]:
    names = {v: k for k, v in ids.items()}
    with session_scope(engine) as s:
        return {names[r.job_id] for r in user_rankings(s, user, limit=100)}


def test_countries_match_through_the_remote_scope(engine: Engine) -> None:
    ids = _setup(engine)
    assert _ranked(engine, "de", ids) == {"Europe", "EMEA", "EU", "Worldwide", "CET", "Hybrid Berlin",
                                          "Unclassified Berlin"}
    assert _ranked(engine, "uk", ids) == {"Europe", "EMEA", "Worldwide", "CET", "UK"}
    assert _ranked(engine, "us", ids) == {"Worldwide", "US only"}


def test_reasons_and_the_digest_say_why(sqlite_engine: Engine) -> None:
    ids = _setup(sqlite_engine)
    with session_scope(sqlite_engine) as s:
        rows = {r.job_id: r for r in user_rankings(s, "de", limit=100)}
        texts = {name: next(x["text"] for x in rows[job_id].reasons if x["factor"] == "location")
                 for name, job_id in ids.items() if job_id in rows}
        preview = preview_digest(s, "de", utcnow())
    assert texts["EU"] == "Remote within the EU — 'Open to anyone in the EU.' (open to you in DE)"
    assert texts["EMEA"] == "Remote within EMEA — 'Remote - EMEA' (open to you in DE)"
    assert texts["CET"] == "Remote within UTC-1 to UTC+3 — 'within ±2 h of CET' (open to you in DE)"
    assert texts["Hybrid Berlin"].startswith("Hybrid · ")
    assert preview.email is not None
    assert "Remote within the EU — 'Open to anyone in the EU.' (open to you in DE)" in preview.email.text
