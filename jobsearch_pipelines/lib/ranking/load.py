"""Read the jobs to rank (open jobs with company, extracted skills and the start of the description, for text
relevance and staffing cues) into the frames ``JobFrame`` needs.

Plain SQL straight into pandas (no ORM objects): 100,000 jobs and their ~750,000 skills load in seconds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import UTCDateTime
from jobsearch_pipelines.lib.ranking.frame import JOB_COLUMNS, SKILL_COLUMNS, TEXT_COLUMNS, JobFrame
from jobsearch_pipelines.lib.ranking.places import SCOPE_COLUMNS

_CHUNK = 5000
_JOBS_SQL = """
SELECT j.id AS job_id, j.title, j.url, COALESCE(c.key, j.board_token) AS company_key,
       COALESCE(j.company_name, c.name) AS company_name, c.category AS company_category, j.country_codes,
       j.locations, COALESCE(r.workplace_type, j.workplace_type) AS workplace_type, j.employment_type, j.seniority,
       j.salary_min, j.salary_max, j.salary_currency, j.salary_interval, j.first_seen_at,
       r.remote_scope, r.remote_excluded, r.timezone_min, r.timezone_max, r.is_remote_eu, r.remote_eu_confidence,
       r.remote_eu_reason, SUBSTR(j.description_text, 1, 3000) AS description
FROM jobs j LEFT JOIN companies c ON c.id = j.company_id
LEFT JOIN job_remote_eligibility r ON r.job_id = j.id AND r.status = 'done'
WHERE j.status = 'open'
"""
_SKILLS_SQL = "SELECT s.job_id, s.skill_slug, s.skill_name, s.level, s.confidence FROM job_skills s"


def _json_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value:
        try:
            parsed = json.loads(value)
        except ValueError:
            return []
        return parsed if isinstance(parsed, list) else []
    return []


def _query(session: Session, sql: str, params: dict[str, Any], ids: Sequence[int] | None,
           id_column: str) -> list[Any]:
    if ids is None and not params:  # the bulk path: the DB-API cursor directly, no Row objects
        cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql)
            return cursor.fetchall()
        finally:
            cursor.close()
    typed = [bindparam("seen", type_=UTCDateTime())] if "seen" in params else []
    if ids is None:
        return list(session.execute(text(sql).bindparams(*typed), params).all())
    ordered = sorted({int(i) for i in ids})
    statement = text(f"{sql} AND {id_column} IN :ids").bindparams(bindparam("ids", expanding=True), *typed)
    return [row for start in range(0, len(ordered), _CHUNK)
            for row in session.execute(statement, {**params, "ids": ordered[start:start + _CHUNK]}).all()]


def load_jobs(session: Session, *, job_ids: Sequence[int] | None = None, min_job_id: int | None = None,
              first_seen_after: datetime | None = None) -> pd.DataFrame:
    """Open jobs as a frame with ``JOB_COLUMNS`` and the remote-eligibility ``SCOPE_COLUMNS`` (company key falls
    back to the board token; the classifier's work arrangement wins over the location text's)."""
    sql, params = _JOBS_SQL, {}
    if min_job_id is not None:
        sql, params["min_id"] = sql + " AND j.id > :min_id", min_job_id
    if first_seen_after is not None:
        sql, params["seen"] = sql + " AND j.first_seen_at > :seen", first_seen_after
    frame = pd.DataFrame.from_records(_query(session, sql, params, job_ids, "j.id"),
                                      columns=[*JOB_COLUMNS, *SCOPE_COLUMNS, *TEXT_COLUMNS])
    for column in ("country_codes", "locations", "remote_scope", "remote_excluded"):
        frame[column] = frame[column].map(_json_list)
    frame["first_seen_at"] = pd.to_datetime(frame["first_seen_at"], utc=True, format="mixed")
    for column in ("salary_min", "salary_max"):
        frame[column] = frame[column].astype("float64")
    return frame.sort_values("job_id", kind="stable").reset_index(drop=True)


def load_skills(session: Session, job_ids: Sequence[int] | None) -> pd.DataFrame:
    """Extracted skills of ``job_ids`` (None: of every open job) with ``SKILL_COLUMNS``."""
    sql = _SKILLS_SQL + " JOIN jobs j ON j.id = s.job_id WHERE j.status = 'open'"
    return pd.DataFrame.from_records(_query(session, sql, {}, job_ids, "s.job_id"), columns=list(SKILL_COLUMNS))


def load_frame(session: Session, now: datetime, *, job_ids: Sequence[int] | None = None,
               min_job_id: int | None = None, first_seen_after: datetime | None = None) -> JobFrame:
    """A ``JobFrame`` of the open jobs selected by the filters (see ``load_jobs``)."""
    jobs = load_jobs(session, job_ids=job_ids, min_job_id=min_job_id, first_seen_after=first_seen_after)
    if jobs.empty:
        skills = pd.DataFrame(columns=list(SKILL_COLUMNS))
    elif job_ids is None and min_job_id is None and first_seen_after is None:
        skills = load_skills(session, None)
    else:
        skills = load_skills(session, jobs["job_id"].tolist())
    return JobFrame.build(jobs, skills, now)
