"""Score every job of a ``JobFrame`` for one user: hard filters, then a weighted mean of factor scores.

Hard filters (a job failing one is never recommended): hidden jobs (disliked or applied), excluded company
types, disliked companies (strong dislikes), minimum salary when the job states one, preferred countries when
the job names its countries, work arrangement when the job states it. Unknown facts pass, flagged in the reasons.

Soft factors, each in [0, 1], averaged with ``WEIGHTS`` over the factors the user has a preference for (recency
always counts), so a user with only skills is ranked by skills and freshness:
skills (coverage of the job's weighted skills and of the user's), location (countries, time zones, arrangement),
seniority (distance in levels), salary (how far above the user's floor towards their target), company
(preferred +, weakly disliked -), contract type, recency (half-life ``RECENCY_HALF_LIFE_DAYS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from jobsearch_pipelines.lib.ranking.frame import SENIORITY_ORDER, JobFrame
from jobsearch_pipelines.lib.ranking.profile import DISLIKE_EXCLUDES_AT, UserProfile
from jobsearch_pipelines.lib.ranking.timezones import countries_near

WEIGHTS: dict[str, float] = {
    "skills": 0.40, "location": 0.15, "seniority": 0.10, "salary": 0.10, "company": 0.10, "contract": 0.05,
    "recency": 0.10,
}
UNKNOWN_SKILLS_SCORE = 0.25  # a job without extracted skills, for a user who has skills
UNKNOWN_SALARY_SCORE = 0.4


@dataclass
class UserScores:
    """One user's scores over a frame: ``passed`` hard filters, ``score`` in [0, 1], factors for the reasons."""

    profile: UserProfile
    passed: np.ndarray
    score: np.ndarray
    factors: dict[str, np.ndarray]
    excluded_by: dict[str, np.ndarray]
    skill_cols: list[tuple[str, int, float]]


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
    excluded: dict[str, np.ndarray] = {}
    if profile.hidden_jobs:
        excluded["hidden"] = np.isin(frame.job_ids, np.fromiter(profile.hidden_jobs, dtype=np.int64))
    if profile.excluded_company_types:
        excluded["company_type"] = frame.is_in("category", profile.excluded_company_types)
    strong = [c for c, w in profile.disliked_companies.items() if w >= DISLIKE_EXCLUDES_AT]
    if strong:
        excluded["company"] = _mask(n, frame.rows_of_companies(strong))
    if profile.min_salary is not None:
        excluded["salary"] = frame.salary_top < profile.min_salary  # NaN (unknown) compares False: passes
    in_country = None
    if profile.countries:
        in_country = _mask(n, frame.rows_in_countries(profile.countries))
        excluded["country"] = frame.has_country & ~in_country
    known_place = frame.known("workplace")
    if profile.arrangements:
        excluded["arrangement"] = known_place & ~frame.is_in("workplace", profile.arrangements)
    passed = np.ones(n, dtype=bool)
    for mask in excluded.values():
        passed &= ~mask

    factors: dict[str, np.ndarray] = {}
    skill_cols = [(slug, frame.skill_columns[slug], w) for slug, w in profile.skills.items()
                  if slug in frame.skill_columns]
    if profile.skills:
        if skill_cols:
            sub = frame.skill_matrix[:, [c for _, c, _ in skill_cols]]
            user_w = np.array([w for _, _, w in skill_cols], dtype=np.float32)
            with np.errstate(divide="ignore", invalid="ignore"):
                job_cov = np.where(frame.skill_total > 0, (sub @ user_w) / frame.skill_total, 0.0)
            hits = (sub > 0).astype(np.float32) @ user_w
            user_cov = np.minimum(hits / min(sum(profile.skills.values()), 3.0), 1.0)
            skill = 0.5 * np.clip(job_cov, 0, 1) + 0.5 * user_cov
        else:
            skill = np.zeros(n)
        factors["skills"] = np.where(frame.skill_total > 0, skill, UNKNOWN_SKILLS_SCORE)

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

    wanted_levels = [SENIORITY_ORDER[s] for s in profile.seniority if s in SENIORITY_ORDER]
    if wanted_levels:
        distance = np.min(np.abs(frame.seniority[:, None] - np.array(wanted_levels)[None, :]), axis=1)
        factors["seniority"] = np.where(frame.seniority < 0, 0.5, np.select([distance == 0, distance == 1],
                                                                             [1.0, 0.5], 0.0))

    if profile.min_salary is not None or profile.max_salary is not None:
        floor = profile.min_salary or 0.0
        target = profile.max_salary if profile.max_salary and profile.max_salary > floor else max(floor * 1.3, 1.0)
        with np.errstate(invalid="ignore"):
            salary = np.clip(0.5 + 0.5 * (frame.salary_top - floor) / max(target - floor, 1.0), 0.0, 1.0)
        factors["salary"] = np.where(np.isnan(frame.salary_top), UNKNOWN_SALARY_SCORE, salary)

    weak = {c: w for c, w in profile.disliked_companies.items() if w < DISLIKE_EXCLUDES_AT}
    if profile.preferred_companies or weak:
        company = np.full(n, 0.5)
        for name, weight in profile.preferred_companies.items():
            rows = frame.rows_of_companies([name])
            company[rows] = np.maximum(company[rows], 0.5 + 0.5 * weight)
        for name, weight in weak.items():
            rows = frame.rows_of_companies([name])
            company[rows] = np.minimum(company[rows], 0.5 - 0.5 * weight)
        factors["company"] = company

    if profile.contract_types:
        known = frame.known("employment")
        factors["contract"] = np.where(known, frame.is_in("employment", profile.contract_types), 0.5)

    factors["recency"] = frame.recency

    total = sum(weights[name] for name in factors)
    score = np.zeros(n, dtype=np.float64)
    for name, values in factors.items():
        score += (weights[name] / total) * values
    return UserScores(profile, passed, np.round(score, 4, out=score), factors, excluded, skill_cols)


def top_rows(scores: UserScores, limit: int, min_score: float = 0.0, rows: np.ndarray | None = None) -> np.ndarray:
    """Positions of the best passing jobs (score >= ``min_score``), best first, ties by newest job id."""
    candidates = np.flatnonzero(scores.passed & (scores.score >= min_score))
    if rows is not None:
        candidates = np.intersect1d(candidates, rows)
    if len(candidates) > limit:
        part = np.argpartition(-scores.score[candidates], limit - 1)[:limit]
        candidates = candidates[part]
    return candidates[np.lexsort((-candidates, -scores.score[candidates]))]
