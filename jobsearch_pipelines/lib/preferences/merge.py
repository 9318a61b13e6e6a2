"""Merge a user's preference observations into one value per field (read time; rows are never rewritten).

Rules:
* An explicit setting is authoritative: the newest explicit row of a field is its value (explicit rows do not
  decay), and inferred observations of that field are ignored.
* Otherwise list fields are the union of the observed items, each weighted by its observations'
  confidences combined as a noisy-OR (``1 - prod(1 - c)``), so repeated evidence strengthens an item;
  items under ``MIN_WEIGHT`` are dropped and the rest sorted by weight, then recency.
* Inferred confidence decays with age (half-life ``HALF_LIFE``); the platform default does not.
* Number fields take the observation with the highest (decayed) confidence, newest on ties.
* A company both preferred and disliked stays only on the side with the explicit, else the newest, evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import UserPreference
from jobsearch_pipelines.lib.preferences.fields import PREFERENCE_FIELDS

HALF_LIFE = timedelta(days=30)
MIN_WEIGHT = 0.3
NON_DECAYING = ("explicit", "default")
_OPPOSITES = (("preferred_companies", "disliked_companies"),)


@dataclass(frozen=True)
class Observation:
    """One preference row, as the merge sees it."""

    field: str
    value: Any
    confidence: float
    source: str
    observed_at: datetime
    id: int = 0


@dataclass
class MergedField:
    """A field's merged value with its confidence, winning source and (lists) per-item weights."""

    field: str
    value: Any
    confidence: float
    source: str
    explicit: bool = False
    items: dict[str, float] = field(default_factory=dict)
    last_seen: dict[str, datetime] = field(default_factory=dict)


def decayed(obs: Observation, now: datetime, half_life: timedelta = HALF_LIFE) -> float:
    """Confidence after age decay (explicit settings and the default keep theirs)."""
    if obs.source in NON_DECAYING:
        return obs.confidence
    age = max((now - obs.observed_at).total_seconds(), 0.0)
    return obs.confidence * 0.5 ** (age / half_life.total_seconds())


def _items(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [] if value is None else [str(value)]


def merge_observations(observations: Iterable[Observation], now: datetime, *, half_life: timedelta = HALF_LIFE,
                       min_weight: float = MIN_WEIGHT) -> dict[str, MergedField]:
    """The merged fields of one user's observations (pure; see the module docstring for the rules)."""
    by_field: dict[str, list[Observation]] = {}
    for obs in observations:
        if obs.field in PREFERENCE_FIELDS:
            by_field.setdefault(obs.field, []).append(obs)
    merged: dict[str, MergedField] = {}
    for name, rows in by_field.items():
        spec = PREFERENCE_FIELDS[name]
        explicit = [r for r in rows if r.source == "explicit"]
        if explicit:
            latest = max(explicit, key=lambda r: (r.observed_at, r.id))
            items = _items(latest.value) if spec.kind != "number" else []
            merged[name] = MergedField(
                name, latest.value, 1.0 if latest.confidence is None else latest.confidence, "explicit", True,
                items={i: 1.0 for i in items}, last_seen=dict.fromkeys(items, latest.observed_at),
            )
            continue
        if spec.kind == "number":
            best = max(rows, key=lambda r: (decayed(r, now, half_life), r.observed_at, r.id))
            weight = decayed(best, now, half_life)
            if weight >= min_weight:
                merged[name] = MergedField(name, best.value, weight, best.source)
            continue
        keep: dict[str, float] = {}  # item -> product of (1 - c)
        last_seen: dict[str, datetime] = {}
        strongest: dict[str, tuple[float, str]] = {}
        for row in rows:
            weight = decayed(row, now, half_life)
            for item in _items(row.value):
                keep[item] = keep.get(item, 1.0) * (1.0 - min(max(weight, 0.0), 1.0))
                last_seen[item] = max(last_seen.get(item, row.observed_at), row.observed_at)
                if weight > strongest.get(item, (-1.0, ""))[0]:
                    strongest[item] = (weight, row.source)
        weights = {item: 1.0 - rest for item, rest in keep.items() if 1.0 - rest >= min_weight}
        if not weights:
            continue
        ordered = sorted(weights, key=lambda i: (-weights[i], -last_seen[i].timestamp(), i))
        top = ordered[0]
        merged[name] = MergedField(name, ordered, weights[top], strongest[top][1], False,
                                   items={i: weights[i] for i in ordered}, last_seen={i: last_seen[i] for i in ordered})
    for left, right in _OPPOSITES:
        _resolve_conflicts(merged, left, right)
    return merged


def _resolve_conflicts(merged: dict[str, MergedField], left: str, right: str) -> None:
    """Keep an item found in both opposite fields only on the side with explicit, else newer, evidence."""
    a, b = merged.get(left), merged.get(right)
    if a is None or b is None:
        return
    a_keys = {i.lower(): i for i in a.items}
    b_keys = {i.lower(): i for i in b.items}
    for key in set(a_keys) & set(b_keys):
        ia, ib = a_keys[key], b_keys[key]
        if a.explicit != b.explicit:
            loser, item = (b, ib) if a.explicit else (a, ia)
        else:
            loser, item = (b, ib) if a.last_seen[ia] >= b.last_seen[ib] else (a, ia)
        loser.items.pop(item, None)
        loser.last_seen.pop(item, None)
        loser.value = [i for i in loser.value if i != item]
    for name, merged_field in ((left, a), (right, b)):
        if not merged_field.value and not merged_field.explicit:
            merged.pop(name, None)
        elif merged_field.items and not merged_field.explicit:
            merged_field.confidence = max(merged_field.items.values())


def load_observations(session: Session, user_id: str) -> list[Observation]:
    rows = session.scalars(select(UserPreference).where(UserPreference.user_id == user_id))
    return [Observation(r.field, r.value, r.confidence, r.source, r.observed_at, r.id) for r in rows]


def merged_preference_details(session: Session, user_id: str, now: datetime) -> dict[str, MergedField]:
    """Field -> ``MergedField`` (value, confidence, source, item weights) for ``user_id`` at ``now``."""
    return merge_observations(load_observations(session, user_id), now)


def merged_preferences(session: Session, user_id: str, now: datetime) -> dict[str, Any]:
    """Field -> merged value for ``user_id`` at ``now`` (lists strongest first, numbers as float)."""
    return {name: merged.value for name, merged in merged_preference_details(session, user_id, now).items()}
