"""Preference merging rules (pure) and the ``merged_preferences`` read path on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import User
from jobsearch_pipelines.lib.preferences.inference import record_preference
from jobsearch_pipelines.lib.preferences.merge import HALF_LIFE, Observation, merge_observations, merged_preferences

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


def obs(field: str, value: object, confidence: float, source: str, days_ago: float = 0, id: int = 0) -> Observation:
    return Observation(field, value, confidence, source, NOW - timedelta(days=days_ago), id)


def test_list_fields_are_weighted_unions_and_repeats_strengthen() -> None:
    merged = merge_observations([
        obs("preferred_companies", ["acme"], 0.9, "inferred_application"),
        obs("preferred_companies", ["globex"], 0.4, "inferred_view"),
        obs("preferred_companies", ["globex"], 0.4, "inferred_view"),
        obs("preferred_companies", ["initech"], 0.2, "inferred_view"),  # too weak alone
    ], NOW)
    field = merged["preferred_companies"]
    assert field.value == ["acme", "globex"]
    assert field.items["globex"] == pytest.approx(1 - 0.6 * 0.6)
    assert field.confidence == pytest.approx(0.9) and field.source == "inferred_application"


def test_explicit_wins_and_newest_explicit_is_the_value() -> None:
    merged = merge_observations([
        obs("preferred_countries", ["DE"], 1.0, "explicit", days_ago=10, id=1),
        obs("preferred_countries", ["NL", "PT"], 1.0, "explicit", days_ago=1, id=2),
        obs("preferred_countries", ["US"], 0.9, "inferred_application"),
        obs("min_salary", 50000.0, 0.9, "inferred_feedback"),
        obs("min_salary", 70000.0, 1.0, "explicit", days_ago=400),  # explicit settings do not decay
    ], NOW)
    assert merged["preferred_countries"].value == ["NL", "PT"] and merged["preferred_countries"].explicit
    assert merged["min_salary"].value == 70000.0


def test_inferred_confidence_decays_with_age_but_the_default_does_not() -> None:
    fresh = merge_observations([obs("tech_stack", ["go"], 0.8, "inferred_feedback")], NOW)
    old = merge_observations([obs("tech_stack", ["go"], 0.8, "inferred_feedback", days_ago=30)], NOW)
    ancient = merge_observations([obs("tech_stack", ["go"], 0.8, "inferred_feedback", days_ago=120)], NOW)
    assert fresh["tech_stack"].confidence == pytest.approx(0.8)
    assert old["tech_stack"].confidence == pytest.approx(0.4)  # one half-life
    assert timedelta(days=30) == HALF_LIFE and "tech_stack" not in ancient
    default = merge_observations([obs("work_arrangement", ["remote"], 0.5, "default", days_ago=365)], NOW)
    assert default["work_arrangement"].value == ["remote"]


def test_preferred_and_disliked_company_conflict_resolves_to_newest_or_explicit() -> None:
    merged = merge_observations([
        obs("preferred_companies", ["acme", "globex"], 0.9, "inferred_application", days_ago=5),
        obs("disliked_companies", ["ACME"], 0.8, "inferred_feedback", days_ago=1),  # newer: acme is disliked now
        obs("disliked_companies", ["globex"], 0.8, "inferred_feedback", days_ago=9),  # older than the application
    ], NOW)
    assert merged["preferred_companies"].value == ["globex"]
    assert merged["disliked_companies"].value == ["ACME"]
    explicit = merge_observations([
        obs("preferred_companies", ["acme"], 1.0, "explicit", days_ago=30),
        obs("disliked_companies", ["acme"], 0.8, "inferred_feedback"),
    ], NOW)
    assert explicit["preferred_companies"].value == ["acme"] and "disliked_companies" not in explicit


def test_merged_preferences_reads_the_database(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(User(id="u1", email="u1@example.org"))
        session.flush()
        record_preference(session, "u1", "work_arrangement", "fully_remote", confidence=0.5, source="default",
                          observed_at=NOW - timedelta(days=3))
        record_preference(session, "u1", "preferred_companies", ["acme"], confidence=0.9,
                          source="inferred_application", observed_at=NOW - timedelta(days=1))
        record_preference(session, "u1", "max_salary", 120000, confidence=1.0, source="explicit", observed_at=NOW)
    with session_scope(engine) as session:
        assert merged_preferences(session, "u1", NOW) == {
            "work_arrangement": ["remote"], "preferred_companies": ["acme"], "max_salary": 120000.0,
        }
        assert merged_preferences(session, "nobody", NOW) == {}
