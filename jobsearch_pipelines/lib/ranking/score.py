"""Score every job of a ``JobFrame`` for one user: hard filters, a relevance floor, then a weighted mean of factors.

Hard filters (a job failing one is never recommended) come only from what the user set explicitly (``explicit``
fields of the profile); inferred and default preferences weigh in the factors instead. They are: hidden jobs
(disliked or applied), excluded company types (the company's, or "staffing" read from the posting), disliked
companies, minimum salary when the job states one, preferred countries when the job names where a hire may live,
work arrangement when the job states it, and seniority two or more levels away from every level wanted (a
"Werkstudent" or "Junior" title for a senior). Unknown facts pass, named in the reasons.

Relevance floor: a job is recommended only when it shares a skill with the user, its title names one of the
user's target role families, or its text matches the user's skills and roles (BM25 of their distinctive words,
not "analyst" or "engineer", at least ``TEXT_FLOOR`` of the user's best). However near or fresh, a job with none
of these is not a match. (A profile with no skills and no target roles yet, e.g. just registered, has nothing to
match: place and recency rank for it.)

Soft factors, each in [0, 1], averaged with ``WEIGHTS`` over the factors the user has a preference for (recency
always counts): skills (coverage of the job's weighted skills and of the user's), text (BM25 of skills and target
roles over title x3 + description), role (title's role family and the user's target roles), location (countries,
time zones, arrangement), seniority (distance in levels), salary (how far above the user's floor towards their
target), company (preferred +, disliked or excluded type -), contract type, recency (half-life
``RECENCY_HALF_LIFE_DAYS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from jobsearch_pipelines.lib.ranking.frame import SENIORITY_ORDER, JobFrame
from jobsearch_pipelines.lib.ranking.profile import DISLIKE_EXCLUDES_AT, UserProfile
from jobsearch_pipelines.lib.ranking.roles import RELATED_FAMILIES, title_families
from jobsearch_pipelines.lib.ranking.text import TEXT_FLOOR
from jobsearch_pipelines.lib.ranking.timezones import countries_near

WEIGHTS: dict[str, float] = {
    "skills": 0.30, "text": 0.20, "role": 0.15, "location": 0.10, "seniority": 0.08, "salary": 0.05,
    "company": 0.05, "contract": 0.02, "recency": 0.05,
}
UNKNOWN_SKILLS_SCORE = 0.25  # a job without extracted skills, for a user who has skills
UNKNOWN_SALARY_SCORE = 0.4
INFERRED_TYPE_PENALTY = 0.7  # an inferred company-type exclusion: company factor 0.5 -> 0.15
SENIORITY_EXCLUDES_AT = 2  # levels away from every wanted level (explicit seniority only)


@dataclass
class UserScores:
    """One user's scores over a frame: ``passed`` hard filters, ``score`` in [0, 1], factors for the reasons."""

    profile: UserProfile
    passed: np.ndarray
    score: np.ndarray
    factors: dict[str, np.ndarray]
    excluded_by: dict[str, np.ndarray]
    skill_cols: list[tuple[str, int, float]]
    groups: np.ndarray | None = None  # near-duplicate group per job (``JobFrame.duplicate_group``)


@dataclass(frozen=True)
class Match:
    job_id: int
    score: float
    reasons: list[dict[str, Any]]


def _mask(n: int, rows: np.ndarray) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    return mask


def score_user(frame: JobFrame, profile: UserProfile, weights: dict[str, float] | None = None) -> UserScores:
    """Filters and factor scores of every job in ``frame`` for ``profile`` (vectorised)."""
    weights = weights or WEIGHTS
    n = len(frame)
    explicit = profile.explicit
    excluded: dict[str, np.ndarray] = {}
    if profile.hidden_jobs:
        excluded["hidden"] = np.isin(frame.job_ids, np.fromiter(profile.hidden_jobs, dtype=np.int64))
    if profile.excluded_company_types and "excluded_company_types" in explicit:
        excluded["company_type"] = frame.is_in("category", profile.excluded_company_types)
    strong = [c for c, w in profile.disliked_companies.items() if w >= DISLIKE_EXCLUDES_AT]
    if strong and "disliked_companies" in explicit:
        excluded["company"] = _mask(n, frame.rows_of_companies(strong))
    if profile.min_salary is not None and "min_salary" in explicit:
        excluded["salary"] = frame.salary_top < profile.min_salary  # NaN (unknown) compares False: passes
    in_country = None
    if profile.countries:
        in_country = _mask(n, frame.rows_in_countries(profile.countries))
        if "preferred_countries" in explicit:
            excluded["country"] = frame.has_country & ~in_country
    known_place = frame.known("workplace")
    if profile.arrangements and "work_arrangement" in explicit:
        excluded["arrangement"] = known_place & ~frame.is_in("workplace", profile.arrangements)
    wanted_levels = [SENIORITY_ORDER[s] for s in profile.seniority if s in SENIORITY_ORDER]
    distance = None
    if wanted_levels:
        distance = np.min(np.abs(frame.seniority[:, None] - np.array(wanted_levels)[None, :]), axis=1)
        if "seniority_level" in explicit:
            excluded["seniority"] = (frame.seniority >= 0) & (distance >= SENIORITY_EXCLUDES_AT)

    families = _wanted_families(profile)
    role_hit = frame.rows_in_families(families) if families else np.zeros(n, dtype=bool)
    words = [*profile.skill_terms, *profile.target_roles]
    text = frame.text_index.scores(words) if words else np.zeros(n)
    text_hit = frame.text_index.scores(words, distinctive=True) >= TEXT_FLOOR if words else np.zeros(n, dtype=bool)
    skill_hit = np.zeros(n, dtype=bool)
    skill_cols = [(slug, frame.skill_columns[slug], w) for slug, w in profile.skills.items()
                  if slug in frame.skill_columns]
    if skill_cols:
        sub = frame.skill_values([c for _, c, _ in skill_cols])
        skill_hit = (sub > 0).any(axis=1)
    if profile.skills or profile.skill_terms or families:  # a profile with nothing to match keeps every job
        excluded["not_relevant"] = ~(skill_hit | role_hit | text_hit)

    passed = np.ones(n, dtype=bool)
    for mask in excluded.values():
        passed &= ~mask

    factors: dict[str, np.ndarray] = {}
    if profile.skills:
        if skill_cols:
            user_w = np.array([w for _, _, w in skill_cols], dtype=np.float32)
            with np.errstate(divide="ignore", invalid="ignore"):
                job_cov = np.where(frame.skill_total > 0, (sub @ user_w) / frame.skill_total, 0.0)
            hits = (sub > 0).astype(np.float32) @ user_w
            user_cov = np.minimum(hits / min(sum(profile.skills.values()), 3.0), 1.0)
            skill = 0.5 * np.clip(job_cov, 0, 1) + 0.5 * user_cov
        else:
            skill = np.zeros(n)
        factors["skills"] = np.where(frame.skill_total > 0, skill, UNKNOWN_SKILLS_SCORE)
    if profile.skill_terms or profile.target_roles:
        factors["text"] = text
    if families:
        has_family = frame.families.any(axis=1) if frame.families is not None else np.zeros(n, dtype=bool)
        factors["role"] = np.where(role_hit, 1.0, np.where(has_family, 0.0, 0.4))

    location_parts = []
    if in_country is not None:
        location_parts.append(np.where(frame.has_country, in_country, 0.6))
    if profile.timezones:
        near = countries_near(profile.timezones, frame.now)
        if near:
            location_parts.append(np.where(frame.has_country, _mask(n, frame.rows_in_countries(near)), 0.5))
    if profile.arrangements:
        location_parts.append(np.where(known_place, frame.is_in("workplace", profile.arrangements), 0.5))
    if location_parts:
        factors["location"] = np.mean(np.vstack(location_parts).astype(np.float64), axis=0)

    if distance is not None:
        factors["seniority"] = np.where(frame.seniority < 0, 0.5, np.select([distance == 0, distance == 1],
                                                                             [1.0, 0.5], 0.0))

    if profile.min_salary is not None or profile.max_salary is not None:
        floor = profile.min_salary or 0.0
        target = profile.max_salary if profile.max_salary and profile.max_salary > floor else max(floor * 1.3, 1.0)
        with np.errstate(invalid="ignore"):
            salary = np.clip(0.5 + 0.5 * (frame.salary_top - floor) / max(target - floor, 1.0), 0.0, 1.0)
        factors["salary"] = np.where(np.isnan(frame.salary_top), UNKNOWN_SALARY_SCORE, salary)

    disliked = profile.disliked_companies if "disliked_companies" not in explicit else \
        {c: w for c, w in profile.disliked_companies.items() if w < DISLIKE_EXCLUDES_AT}
    soft_types = profile.excluded_company_types if "excluded_company_types" not in explicit else frozenset()
    if profile.preferred_companies or disliked or soft_types:
        company = np.full(n, 0.5)
        for name, weight in profile.preferred_companies.items():
            rows = frame.rows_of_companies([name])
            company[rows] = np.maximum(company[rows], 0.5 + 0.5 * weight)
        for name, weight in disliked.items():
            rows = frame.rows_of_companies([name])
            company[rows] = np.minimum(company[rows], 0.5 - 0.5 * weight)
        if soft_types:
            company = np.where(frame.is_in("category", soft_types),
                               np.minimum(company, 0.5 - 0.5 * INFERRED_TYPE_PENALTY), company)
        factors["company"] = company

    if profile.contract_types:
        known = frame.known("employment")
        factors["contract"] = np.where(known, frame.is_in("employment", profile.contract_types), 0.5)

    factors["recency"] = frame.recency

    total = sum(weights[name] for name in factors)
    score = np.zeros(n, dtype=np.float64)
    for name, values in factors.items():
        score += (weights[name] / total) * values
    return UserScores(profile, passed, np.round(score, 4, out=score), factors, excluded, skill_cols,
                      frame.duplicate_group)


def _wanted_families(profile: UserProfile) -> frozenset[str]:
    """Role families of the user's target roles ("Backend Engineer" -> backend; with related ones)."""
    wanted: set[str] = set()
    for role in profile.target_roles:
        wanted |= title_families(role)
    for family in list(wanted):
        wanted |= RELATED_FAMILIES.get(family, frozenset())
    return frozenset(wanted)


def top_rows(scores: UserScores, limit: int, min_score: float = 0.0, rows: np.ndarray | None = None) -> np.ndarray:
    """Positions of the best passing jobs (score >= ``min_score``), best first, ties by newest job id; one per
    near-duplicate group (the best-scoring posting of a role stands for its re-posts and other cities)."""
    candidates = np.flatnonzero(scores.passed & (scores.score >= min_score))
    if rows is not None:
        candidates = np.intersect1d(candidates, rows)
    take = max(limit, 1)
    while True:
        chosen = candidates
        if len(candidates) > take:
            part = np.argpartition(-scores.score[candidates], take - 1)[:take]
            chosen = candidates[part]
        chosen = chosen[np.lexsort((-chosen, -scores.score[chosen]))]
        if scores.groups is not None:
            _, first = np.unique(scores.groups[chosen], return_index=True)
            chosen = chosen[np.sort(first)]
        if len(chosen) >= limit or take >= len(candidates):
            return chosen[:limit]
        take *= 4


def duplicates_of(scores: UserScores, rows: np.ndarray) -> dict[int, np.ndarray]:
    """For each of ``rows``, the other passing jobs of its near-duplicate group (re-posts, other cities)."""
    if scores.groups is None or not len(rows):
        return {}
    members = np.flatnonzero(np.isin(scores.groups, scores.groups[rows]) & scores.passed)
    out: dict[int, np.ndarray] = {}
    for row in rows.tolist():
        same = members[(scores.groups[members] == scores.groups[row]) & (members != row)]
        if len(same):
            out[row] = same
    return out
