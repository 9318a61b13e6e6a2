"""What ranking knows about a user: merged preferences plus the jobs they disliked or applied to.

Built from ``lib/preferences/merge.py`` (explicit settings win; inferred items carry decayed confidences), so a
like, dislike or application (which the event functions turn into preference observations) moves the next
ranking. Per-item weights in [0, 1] scale the soft boosts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import JobApplication, JobFeedback, UserPreference
from jobsearch_pipelines.lib.preferences.merge import (
    MergedField,
    Observation,
    merge_observations,
    merged_preference_details,
)
from jobsearch_pipelines.lib.ranking.skills import skill_slug

DISLIKE_EXCLUDES_AT = 0.6  # a disliked company with at least this weight is filtered out, below it demoted


@dataclass(frozen=True)
class UserProfile:
    user_id: str
    skills: dict[str, float] = field(default_factory=dict)  # slug -> weight (tech_stack + preferred_skills)
    countries: frozenset[str] = frozenset()
    timezones: tuple[str, ...] = ()
    arrangements: frozenset[str] = frozenset()
    seniority: tuple[str, ...] = ()
    contract_types: frozenset[str] = frozenset()
    excluded_company_types: frozenset[str] = frozenset()
    preferred_companies: dict[str, float] = field(default_factory=dict)  # lowercase key or name -> weight
    disliked_companies: dict[str, float] = field(default_factory=dict)
    min_salary: float | None = None
    max_salary: float | None = None
    hidden_jobs: frozenset[int] = frozenset()  # disliked or applied: never recommended again
    target_roles: tuple[str, ...] = ()  # role titles wanted, strongest first ("Backend Engineer")
    skill_terms: tuple[str, ...] = ()  # the skills as the user wrote them: words for text relevance
    explicit: frozenset[str] = frozenset()  # fields the user set: only these filter, the rest weigh

    def fingerprint(self) -> str:
        """A stable hash: a changed profile means this user's ranking must be recomputed in full."""
        data = asdict(self)
        blob = json.dumps(data, sort_keys=True, default=lambda v: sorted(v) if isinstance(v, frozenset) else str(v))
        return hashlib.sha256(blob.encode()).hexdigest()[:32]


def _weights(merged: MergedField | None, normalize: Any = str) -> dict[str, float]:
    if merged is None:
        return {}
    items = merged.items or {str(v): merged.confidence for v in (merged.value or [])}
    out: dict[str, float] = {}
    for item, weight in items.items():
        key = normalize(item)
        if key:
            out[key] = max(out.get(key, 0.0), round(float(weight), 4))
    return out


def _values(merged: MergedField | None) -> list[str]:
    if merged is None or merged.value is None:
        return []
    return [str(v) for v in (merged.value if isinstance(merged.value, list) else [merged.value])]


def _number(merged: MergedField | None) -> float | None:
    if merged is None or isinstance(merged.value, bool) or not isinstance(merged.value, int | float):
        return None
    return float(merged.value)


def profile_from_merged(user_id: str, merged: Mapping[str, MergedField],
                        hidden_jobs: Iterable[int] = ()) -> UserProfile:
    """A profile from merged preference fields (pure)."""
    skills: dict[str, float] = {}
    for name in ("tech_stack", "preferred_skills"):
        for slug, weight in _weights(merged.get(name), skill_slug).items():
            skills[slug] = max(skills.get(slug, 0.0), weight)
    terms: list[str] = []
    for name in ("tech_stack", "preferred_skills"):
        terms += [v for v in _values(merged.get(name)) if v not in terms]
    return UserProfile(
        user_id=user_id,
        skills=skills,
        target_roles=tuple(_values(merged.get("target_roles"))),
        skill_terms=tuple(terms),
        explicit=frozenset(name for name, f in merged.items() if f.explicit),
        countries=frozenset(v.upper() for v in _values(merged.get("preferred_countries"))),
        timezones=tuple(_values(merged.get("preferred_timezones"))),
        arrangements=frozenset(v.lower() for v in _values(merged.get("work_arrangement"))),
        seniority=tuple(v.lower() for v in _values(merged.get("seniority_level"))),
        contract_types=frozenset(v.lower() for v in _values(merged.get("contract_type"))),
        excluded_company_types=frozenset(v.upper() for v in _values(merged.get("excluded_company_types"))),
        preferred_companies=_weights(merged.get("preferred_companies"), lambda v: v.strip().lower()),
        disliked_companies=_weights(merged.get("disliked_companies"), lambda v: v.strip().lower()),
        min_salary=_number(merged.get("min_salary")),
        max_salary=_number(merged.get("max_salary")),
        hidden_jobs=frozenset(int(j) for j in hidden_jobs),
    )


def load_profile(session: Session, user_id: str, now: datetime) -> UserProfile:
    """The user's profile at ``now`` from ``user_preferences``, ``job_feedback`` and ``job_applications``."""
    merged = merged_preference_details(session, user_id, now)
    disliked = session.scalars(
        select(JobFeedback.job_id).where(JobFeedback.user_id == user_id, JobFeedback.feedback == "dislike")
    )
    applied = session.scalars(select(JobApplication.job_id).where(JobApplication.user_id == user_id))
    return profile_from_merged(user_id, merged, [*disliked, *applied])


def load_profiles(session: Session, user_ids: Sequence[str], now: datetime) -> dict[str, UserProfile]:
    """Profiles of many users with three queries in all (the same merge as ``load_profile``)."""
    wanted = list(dict.fromkeys(user_ids))
    observations: dict[str, list[Observation]] = {u: [] for u in wanted}
    hidden: dict[str, list[int]] = {u: [] for u in wanted}
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start:start + 1000]
        rows = session.execute(
            select(UserPreference.user_id, UserPreference.field, UserPreference.value, UserPreference.confidence,
                   UserPreference.source, UserPreference.observed_at, UserPreference.id)
            .where(UserPreference.user_id.in_(chunk))
        ).tuples()
        for user_id, field_name, value, confidence, source, observed_at, row_id in rows:
            observations[user_id].append(Observation(field_name, value, confidence, source, observed_at, row_id))
        disliked = session.execute(select(JobFeedback.user_id, JobFeedback.job_id).where(
            JobFeedback.user_id.in_(chunk), JobFeedback.feedback == "dislike")).tuples()
        applied = session.execute(select(JobApplication.user_id, JobApplication.job_id).where(
            JobApplication.user_id.in_(chunk))).tuples()
        for user_id, job_id in [*disliked, *applied]:
            hidden[user_id].append(job_id)
    return {u: profile_from_merged(u, merge_observations(observations[u], now), hidden[u]) for u in wanted}
