"""Levels, role families and normalised titles read from real-shaped job titles, each rule both ways."""

from __future__ import annotations

import pytest

from jobsearch_pipelines.lib.ranking.roles import (
    families_match,
    normalised_title,
    role_of_title,
    title_families,
    title_level,
)
from jobsearch_pipelines.lib.ranking.text import TextIndex, phrase_in


@pytest.mark.parametrize(("title", "level"), [
    ("Sr. Treasury Ops Analyst - EMEA", "senior"),
    ("Senior Backend Engineer (Python)", "senior"),
    ("University Grad | Software Engineer", "intern"),
    ("Praktikum Marketing (m/w/d)", "intern"),
    ("Werkstudentin Data Analytics", "intern"),
    ("Duales Studium Informatik 2026", "intern"),
    ("Software Engineering Intern, Summer 2026", "intern"),
    ("Trainee Controlling", "intern"),
    ("Junior iOS Developer", "junior"),
    ("Entry-Level Data Analyst", "junior"),
    ("Staff Software Engineer", "lead"),
    ("Lead Android Engineer", "lead"),
    ("Principal Engineer, Storage", "principal"),
    ("Head of Data", "director"),
    ("Software Engineer III", "senior"),
    ("Software Engineer II", "mid"),
    ("Backend Engineer", None),
    ("Internal Tools Engineer", None),  # "intern" only as a whole word
    ("Product Manager, Leadership Programs", None),
])
def test_title_level(title: str, level: str | None) -> None:
    assert title_level(title) == level


@pytest.mark.parametrize(("title", "families"), [
    ("Senior Backend Engineer (Python)", {"backend"}),
    ("Software Engineer, Backend", {"backend"}),
    ("Full-Stack Developer", {"fullstack"}),
    ("Junior iOS Developer", {"mobile"}),
    ("Analytics Engineer", {"analytics"}),
    ("Software Engineer", {"software"}),
    ("Sales Engineer", {"sales"}),
    ("Support Engineer", {"customer"}),
    ("AML Compliance Analyst", {"risk_compliance"}),
    ("Quantitative Risk Manager", {"risk_compliance"}),
    ("Dermatologist", {"healthcare"}),
    ("RV Technician", {"trades"}),
    ("Engineering Manager, Payments", {"engineering_management"}),
])
def test_title_families(title: str, families: set[str]) -> None:
    assert title_families(title) == families


def test_families_match_directly_and_through_related_families() -> None:
    assert families_match(frozenset({"backend"}), frozenset({"software"}))
    assert families_match(frozenset({"analytics"}), frozenset({"data_engineering"}))
    assert not families_match(frozenset({"backend"}), frozenset({"finance"}))
    assert not families_match(frozenset({"mobile"}), frozenset({"backend"}))


def test_normalised_title_groups_reposts_and_cities_but_not_teams() -> None:
    assert normalised_title("Backend Engineer (m/w/d) – Berlin") == normalised_title("Backend Engineer, Munich")
    assert normalised_title("Backend Engineer - Remote (EU)") == "backend engineer"
    assert normalised_title("Backend Engineer - Payments") != normalised_title("Backend Engineer - Identity")
    assert normalised_title("Senior Backend Engineer") != normalised_title("Backend Engineer")


def test_role_of_title_drops_level_and_place() -> None:
    assert role_of_title("Sr. Backend Engineer (Python) - Berlin") == "Backend Engineer"
    assert role_of_title("Werkstudent") is None


def test_text_index_scores_title_hits_above_passing_mentions() -> None:
    index = TextIndex(["Backend Engineer", "Treasury Analyst", "Nurse"],
                      ["Python, Django and PostgreSQL services.", "Excel; some Python scripting is a plus.",
                       "Care for patients."])
    scores = index.scores(["Python", "Backend Engineer"])
    assert scores[0] == 1.0 and 0 < scores[1] < scores[0] and scores[2] == 0.0
    assert not index.scores(["Haskell"]).any()  # unknown words: no match, no error
    assert phrase_in("Backend Engineer", "Senior Backend Engineer (Python)")
    assert not phrase_in("Backend Engineer", "Backend Engineering Manager")
