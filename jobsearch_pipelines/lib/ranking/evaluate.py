"""Offline evaluation of rankings against graded judgments: precision@k, NDCG@k and hard violations per profile.

Judgments are JSON Lines, ``{"user", "job", "grade", "violation"?}``: ``job`` is the stable key
``<source>:<board token>:<external id>`` (the same posting in any database), ``grade`` 0-3 by the rubric in
``docs/ranking_notifications.md`` (3 ideal, 2 relevant, 1 marginal, 0 wrong), ``violation`` a short reason when
showing the job breaks the profile's explicit settings (wrong country, a junior role for a senior, an excluded
company type). A job in the top k that was not judged counts as not relevant (grade 0) and is reported.

The run itself (``evaluate_rankings``) goes through the product path: postings ingested by the ingestion code,
skills extracted and remote eligibility classified by the local models, users imported as explicit settings,
``rank_users_full`` (what ``refresh_rankings`` and the ``jobs/rerank`` function run for a changed profile)
writing ``job_rankings``, read back with ``user_rankings``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Job
from jobsearch_pipelines.lib.ingestion.models import BoardRef, RawSnapshot
from jobsearch_pipelines.lib.ingestion.store import normalize_and_store
from jobsearch_pipelines.lib.ranking.profile import load_profiles
from jobsearch_pipelines.lib.ranking.store import RankingSettings, rank_users_full, user_rankings
from jobsearch_pipelines.lib.remote.factory import build_classifier
from jobsearch_pipelines.lib.remote.factory import settings_from_env as remote_settings
from jobsearch_pipelines.lib.remote.service import classify_pending
from jobsearch_pipelines.lib.skills.factory import build_extractor
from jobsearch_pipelines.lib.skills.factory import settings_from_env as skill_settings
from jobsearch_pipelines.lib.skills.service import extract_pending
from jobsearch_pipelines.lib.users.importing import UserRecord, import_users

RELEVANT_GRADE = 2


@dataclass(frozen=True)
class Judgment:
    user: str
    job: str
    grade: int
    violation: str | None = None


@dataclass
class ProfileScore:
    user: str
    precision: float
    ndcg: float
    violations: list[str] = field(default_factory=list)
    unjudged: int = 0
    shown: list[str] = field(default_factory=list)
    ceiling: float = 1.0  # the best precision@k possible: judged relevant jobs / k, at most 1


def parse_judgments(text: str, name: str = "judgments") -> list[Judgment]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{name}:{number}: not JSON ({exc.msg})") from exc
        for key in ("user", "job"):
            if not isinstance(row.get(key), str) or not row[key]:
                raise ValueError(f"{name}:{number}: {key}: expected a non-empty string")
        grade = row.get("grade")
        if not isinstance(grade, int) or isinstance(grade, bool) or not 0 <= grade <= 3:
            raise ValueError(f"{name}:{number}: grade: expected an integer 0-3")
        out.append(Judgment(row["user"], row["job"], grade, row.get("violation") or None))
    return out


def score_profile(user: str, shown: Sequence[str], judged: Mapping[str, Judgment], k: int = 10) -> ProfileScore:
    """Precision@k (grade >= 2), NDCG@k (gain 2^grade - 1, ideal from every judged job) and violations shown."""
    top = list(shown[:k])
    grades = [judged[j].grade if j in judged else 0 for j in top]
    precision = sum(g >= RELEVANT_GRADE for g in grades) / k
    dcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))
    ideal = sorted((j.grade for j in judged.values()), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    violations = [f"{j}: {judged[j].violation}" for j in top if j in judged and judged[j].violation]
    relevant = sum(j.grade >= RELEVANT_GRADE for j in judged.values())
    return ProfileScore(user, precision, dcg / idcg if idcg else 0.0, violations,
                        sum(j not in judged for j in top), top, min(relevant, k) / k)


def job_key(source: str, board_token: str, external_id: str) -> str:
    return f"{source}:{board_token}:{external_id}"


def ingest_snapshot_folder(engine: Engine, folder: Path, now: datetime) -> int:
    """Store every ``<vendor>/<token>.json`` board response in ``folder`` through the ingestion code, then extract
    skills and classify remote eligibility with the local models; returns the number of boards."""
    raws = []
    for path in sorted(folder.glob("*/*.json")):
        raws.append(RawSnapshot(BoardRef(path.parent.name, path.stem), ok=True,
                                pages=[json.loads(path.read_text(encoding="utf-8"))]))
    if not raws:
        raise ValueError(f"postings: no <vendor>/<token>.json files in {folder}")
    normalize_and_store(engine, raws, now)
    extract_pending(engine, build_extractor(skill_settings("local"), engine))
    classify_pending(engine, build_classifier(remote_settings("local")))
    return len(raws)


def evaluate_rankings(engine: Engine, users: Sequence[UserRecord], judgments: Sequence[Judgment], now: datetime,
                      k: int = 10) -> list[ProfileScore]:
    """Import ``users``, rank them with ``refresh_rankings`` and score each user's top ``k`` against judgments."""
    ids = [u.registration.user_id for u in users]
    with session_scope(engine) as session:
        import_users(session, list(users), now)
    with session_scope(engine) as session:  # in full, as the `jobs/rerank` function does after a settings change
        profiles = load_profiles(session, ids, now)
        rank_users_full(session, [profiles[i] for i in ids], now, RankingSettings())
    by_user: dict[str, dict[str, Judgment]] = {}
    for judgment in judgments:
        by_user.setdefault(judgment.user, {})[judgment.job] = judgment
    out = []
    with session_scope(engine) as session:
        for user in ids:
            rows = user_rankings(session, user, k)
            jobs = {j.id: job_key(j.source, j.board_token, j.external_id) for j in session.scalars(
                select(Job).where(Job.id.in_([r.job_id for r in rows])))}
            out.append(score_profile(user, [jobs[r.job_id] for r in rows], by_user.get(user, {}), k))
    return out


def summary_table(scores: Sequence[ProfileScore], k: int = 10) -> str:
    lines = [f"{'profile':28} {'P@' + str(k):>6} {'(best)':>6} {'NDCG@' + str(k):>8} {'violations':>10} "
             f"{'unjudged':>8}"]
    for s in scores:
        lines.append(f"{s.user:28} {s.precision:6.2f} {s.ceiling:6.2f} {s.ndcg:8.3f} {len(s.violations):10d} "
                     f"{s.unjudged:8d}")
    if scores:
        mean_p = sum(s.precision for s in scores) / len(scores)
        mean_c = sum(s.ceiling for s in scores) / len(scores)
        mean_n = sum(s.ndcg for s in scores) / len(scores)
        lines.append(f"{'mean':28} {mean_p:6.2f} {mean_c:6.2f} {mean_n:8.3f} "
                     f"{sum(len(s.violations) for s in scores):10d} {sum(s.unjudged for s in scores):8d}")
    for s in scores:
        lines += [f"  {s.user}: {v}" for v in s.violations]
    return "\n".join(lines)


def as_json(scores: Sequence[ProfileScore]) -> list[dict[str, Any]]:
    return [{"user": s.user, "precision_at_k": s.precision, "ndcg_at_k": s.ndcg, "violations": s.violations,
             "unjudged": s.unjudged, "precision_ceiling": s.ceiling, "shown": s.shown} for s in scores]
