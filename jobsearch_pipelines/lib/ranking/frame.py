"""The jobs to rank, prepared once as numpy arrays so each user is scored with a handful of vector operations.

``JobFrame.build(jobs, skills, now)`` takes two pandas DataFrames (see ``JOB_COLUMNS`` / ``SKILL_COLUMNS``;
``load.py`` reads them from the database) and precomputes: a sparse job x skill weight matrix (level weight x
extraction confidence), annualised salary tops, seniority ordinals (the vendor's, else the title's; an internship
or junior title wins), role families from titles, a near-duplicate group per job (company + normalised title),
company types known from the posting text (staffing agencies say so), age in days, and row indexes by company
name/key and by country, so filters are index look-ups instead of per-row Python. The BM25 text index is built on
first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from jobsearch_pipelines.lib.ranking.places import SCOPE_COLUMNS, PlaceIndex
from jobsearch_pipelines.lib.ranking.roles import ROLE_FAMILIES, normalised_title, title_families, title_level
from jobsearch_pipelines.lib.ranking.text import TextIndex

JOB_COLUMNS = (
    "job_id", "title", "url", "company_key", "company_name", "company_category", "country_codes", "locations",
    "workplace_type", "employment_type", "seniority", "salary_min", "salary_max", "salary_currency",
    "salary_interval", "first_seen_at",
)
TEXT_COLUMNS = ("description",)  # optional: without it, text relevance reads titles only
SKILL_COLUMNS = ("job_id", "skill_slug", "skill_name", "level", "confidence")
FAMILY_COLUMNS = {family: i for i, family in enumerate(ROLE_FAMILIES)}
# Recruiters and staffing agencies describe themselves in their postings; a company of unknown type that does is
# ranked as STAFFING (so `excluded_company_types: [STAFFING]` holds).
_STAFFING_TEXT = re.compile(
    r"\bon behalf of (?:our|a|one of our) (?:client|customer)s?\b|\bour client,? (?:a|an|one|is|based)\b|"
    r"\b(?:recruitment|staffing|recruiting|talent|employment|placement) (?:agency|firm|consultancy|partner)\b|"
    r"\bwe are (?:recruiting|hiring) for (?:a|our) client\b|\bclient of ours\b|\bim auftrag (?:unseres|eines) "
    r"(?:kunden|mandanten)\b|\bfür unseren (?:kunden|mandanten)\b|\barbeitnehmerüberlassung\b", re.I)

LEVEL_WEIGHTS = {"required": 1.0, "preferred": 0.6, "nice": 0.3}
INTERVAL_PER_YEAR = {"year": 1.0, "month": 12.0, "week": 52.0, "day": 260.0, "hour": 2080.0}
SENIORITY_ORDER = {
    "intern": 0, "junior": 1, "mid": 2, "senior": 3, "lead": 4, "staff": 4, "manager": 4, "principal": 5,
    "director": 6, "executive": 7,
}
_EMPTY = np.empty(0, dtype=np.int64)
RECENCY_HALF_LIFE_DAYS = 14.0


def _row_index(keys: pd.Series) -> dict[str, np.ndarray]:
    """Lowercased value -> the row positions holding it (empty values left out)."""
    frame = pd.DataFrame({"key": keys.fillna("").astype(str).str.strip().str.lower(), "row": np.arange(len(keys))})
    frame = frame[frame["key"] != ""]
    return {key: rows.to_numpy(dtype=np.int64) for key, rows in frame.groupby("key", sort=False)["row"]}


@dataclass
class JobFrame:
    """Jobs as arrays; ``jobs`` keeps the original columns for rendering reasons of the chosen rows."""

    jobs: pd.DataFrame
    now: datetime
    job_ids: np.ndarray
    category: np.ndarray  # int codes into ``vocab["category"]``
    workplace: np.ndarray  # int codes into ``vocab["workplace"]`` ("" = unknown)
    employment: np.ndarray
    seniority: np.ndarray  # ordinal, -1 unknown
    salary_top: np.ndarray  # annualised upper end (or the only end), NaN unknown
    age_days: np.ndarray
    has_country: np.ndarray
    skill_matrix: sparse.csc_matrix  # float32 jobs x skills: ~8 of thousands of taxonomy skills per job
    skill_total: np.ndarray
    skill_count: np.ndarray  # skills per job
    skill_columns: dict[str, int]
    skill_names: dict[str, str]
    company_rows: dict[str, np.ndarray] = field(default_factory=dict)
    places: PlaceIndex | None = None  # where a hire may live: remote scope, else the locations' countries
    vocab: dict[str, list[str]] = field(default_factory=dict)
    families: np.ndarray | None = None  # bool jobs x ``FAMILY_COLUMNS``: role families named by the title
    duplicate_group: np.ndarray | None = None  # int: jobs with the same company and normalised title share it
    category_from_text: np.ndarray | None = None  # bool: company type read from the posting, not the company

    def is_in(self, column: str, values: Iterable[str]) -> np.ndarray:
        """Rows whose categorical ``column`` (category, workplace, employment) is one of ``values``."""
        wanted = set(values)
        lookup = np.array([v in wanted for v in self.vocab[column]] + [False], dtype=bool)
        return lookup[getattr(self, column)]

    def known(self, column: str) -> np.ndarray:
        """Rows where the categorical ``column`` is stated."""
        return self.is_in(column, [v for v in self.vocab[column] if v])

    def __len__(self) -> int:
        return len(self.job_ids)

    def value(self, column: str, row: int) -> Any:
        """One cell as a Python value (columns are converted to lists once: fast for many reasons)."""
        cache = self.__dict__.setdefault("_lists", {})
        if column not in cache:
            cache[column] = self.jobs[column].tolist()
        return cache[column][row]

    @classmethod
    def build(cls, jobs: pd.DataFrame, skills: pd.DataFrame, now: datetime) -> JobFrame:
        missing = [c for c in JOB_COLUMNS if c not in jobs.columns]
        if missing:
            raise ValueError(f"jobs frame: missing columns {', '.join(missing)}")
        jobs = jobs.reset_index(drop=True)
        for column in (*SCOPE_COLUMNS, *TEXT_COLUMNS):  # optional: unclassified jobs match by country_codes
            if column not in jobs.columns:
                jobs[column] = None
        n = len(jobs)
        job_ids = jobs["job_id"].to_numpy(dtype=np.int64)
        per_year = jobs["salary_interval"].map(INTERVAL_PER_YEAR).fillna(1.0).to_numpy(dtype=np.float64)
        top = jobs["salary_max"].astype("float64").fillna(jobs["salary_min"].astype("float64"))
        salary_top = top.to_numpy(dtype=np.float64) * per_year
        first_seen = pd.to_datetime(jobs["first_seen_at"], utc=True)
        age = (pd.Timestamp(now) - first_seen).dt.total_seconds().fillna(0).to_numpy() / 86400.0
        places = PlaceIndex.build(jobs)
        company_rows: dict[str, np.ndarray] = {}
        for column in ("company_key", "company_name"):
            for key, rows in _row_index(jobs[column]).items():
                company_rows[key] = np.union1d(company_rows.get(key, _EMPTY), rows)
        matrix, columns, names = _skill_matrix(job_ids, skills)
        stated = jobs["company_category"].fillna("UNKNOWN").astype(str).str.upper()
        posting_text = jobs["description"].fillna("").astype(str).str.slice(0, 4000)
        from_text = ((stated == "UNKNOWN") & posting_text.str.contains(_STAFFING_TEXT)).to_numpy(dtype=bool)
        category, category_vocab = pd.factorize(stated.where(~from_text, "STAFFING"))
        titles = jobs["title"].fillna("").astype(str)
        title_levels = titles.map(title_level)
        vendor_levels = jobs["seniority"].where(jobs["seniority"].isin(SENIORITY_ORDER.keys()))
        early = title_levels.isin(["intern", "junior"])
        levels = title_levels.where(early | vendor_levels.isna(), vendor_levels)
        families = np.zeros((n, len(FAMILY_COLUMNS)), dtype=bool)
        for row, named in enumerate(titles.map(title_families).tolist()):
            for family in named:
                families[row, FAMILY_COLUMNS[family]] = True
        company = jobs["company_key"].fillna(jobs["company_name"]).fillna("").astype(str).str.lower()
        groups, _ = pd.factorize(company + "|" + titles.map(normalised_title))
        workplace, workplace_vocab = pd.factorize(jobs["workplace_type"].fillna("").astype(str).str.lower())
        employment, employment_vocab = pd.factorize(jobs["employment_type"].fillna("").astype(str).str.lower())
        return cls(
            jobs=jobs,
            now=now,
            job_ids=job_ids,
            category=category.astype(np.int32),
            workplace=workplace.astype(np.int32),
            employment=employment.astype(np.int32),
            seniority=levels.map(SENIORITY_ORDER).fillna(-1).to_numpy(dtype=np.int16),
            salary_top=salary_top,
            age_days=np.maximum(age, 0.0),
            has_country=places.has_place,
            skill_matrix=matrix,
            skill_total=np.asarray(matrix.sum(axis=1), dtype=np.float32).ravel(),
            skill_count=np.diff(matrix.tocsr().indptr).astype(np.int32),
            skill_columns=columns,
            skill_names=names,
            company_rows=company_rows,
            places=places,
            vocab={"category": list(category_vocab), "workplace": list(workplace_vocab),
                   "employment": list(employment_vocab)},
            families=families,
            duplicate_group=groups.astype(np.int64),
            category_from_text=from_text,
        )

    @property
    def text_index(self) -> TextIndex:
        """BM25 over titles and descriptions, built on first use and kept for every user of the frame."""
        cached = self.__dict__.get("_text_index")
        if cached is None:
            cached = self.__dict__["_text_index"] = TextIndex(self.jobs["title"].tolist(),
                                                              self.jobs["description"].tolist())
        return cached

    def level_name(self, row: int) -> str | None:
        """The level used for ranking (vendor's or title's) as a word, None if unknown."""
        value = int(self.seniority[row])
        return next((name for name, rank in SENIORITY_ORDER.items() if rank == value), None) if value >= 0 else None

    def skill_values(self, columns: list[int], rows: np.ndarray | None = None) -> np.ndarray:
        """Dense weights of a few skill columns (all jobs, or ``rows``): a user's skills, or a reason's."""
        picked = self.skill_matrix[:, columns]
        return (picked[rows] if rows is not None else picked).toarray()

    def rows_in_families(self, names: Iterable[str]) -> np.ndarray:
        """Bool per job: the title names one of the role families ``names``."""
        columns = [FAMILY_COLUMNS[n] for n in names if n in FAMILY_COLUMNS]
        if self.families is None or not columns:
            return np.zeros(len(self), dtype=bool)
        return self.families[:, columns].any(axis=1)

    def rows_of_companies(self, names: Iterable[str]) -> np.ndarray:
        """Row positions (possibly repeated) of jobs whose company key or name (lowercased) is one of ``names``."""
        found = [self.company_rows[n] for n in names if n in self.company_rows]
        return np.concatenate(found) if found else _EMPTY

    def rows_in_countries(self, codes: Iterable[str]) -> np.ndarray:
        """Row positions (possibly repeated) of jobs open to someone living in one of ``codes``: the job's remote
        scope covers the country directly or through a region or time-zone window, or (not classified) one of
        its locations is in it."""
        return self.places.rows_for(codes) if self.places is not None else _EMPTY

    @property
    def recency(self) -> np.ndarray:
        """Freshness in [0, 1] (half-life ``RECENCY_HALF_LIFE_DAYS``), the same for every user: computed once."""
        cached = self.__dict__.get("_recency")
        if cached is None:
            cached = self.__dict__["_recency"] = 0.5 ** (self.age_days / RECENCY_HALF_LIFE_DAYS)
        return cached


def _skill_matrix(job_ids: np.ndarray, skills: pd.DataFrame
                  ) -> tuple[sparse.csc_matrix, dict[str, int], dict[str, str]]:
    """Sparse job x skill weights (CSC: a user's few skills are a few contiguous columns); only skills that occur
    in these jobs get a column. A dense matrix would take jobs x thousands of skills x 4 bytes (2 GB at 100,000
    jobs, ``bench/ranking.py``)."""
    if skills.empty:
        return sparse.csc_matrix((len(job_ids), 0), dtype=np.float32), {}, {}
    missing = [c for c in SKILL_COLUMNS if c not in skills.columns]
    if missing:
        raise ValueError(f"skills frame: missing columns {', '.join(missing)}")
    position = pd.Series(np.arange(len(job_ids)), index=job_ids)
    rows = skills["job_id"].map(position)
    keep = rows.notna().to_numpy()
    skills = skills[keep]
    rows = rows[keep].to_numpy(dtype=np.int64)
    codes, uniques = pd.factorize(skills["skill_slug"])
    level = skills["level"].map(LEVEL_WEIGHTS).fillna(0.3).to_numpy(dtype=np.float32)
    weight = level * skills["confidence"].astype("float64").fillna(1.0).clip(0, 1).to_numpy(dtype=np.float32)
    # (job, skill) is unique in job_skills
    matrix = sparse.csc_matrix((weight, (rows, codes)), shape=(len(job_ids), len(uniques)), dtype=np.float32)
    first = skills.drop_duplicates("skill_slug")
    names = dict(zip(first["skill_slug"].tolist(), first["skill_name"].fillna(first["skill_slug"]).tolist(),
                     strict=True))
    return matrix, {str(slug): i for i, slug in enumerate(uniques)}, names
