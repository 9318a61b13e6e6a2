"""Why a job matches: one short, user-facing reason per factor, stored with the score and shown in emails.

Built for many rows at once (the rows a user keeps): column values are fetched once per call, not per row.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from jobsearch_pipelines.lib.ranking.frame import JobFrame
from jobsearch_pipelines.lib.ranking.places import open_to
from jobsearch_pipelines.lib.ranking.profile import UserProfile
from jobsearch_pipelines.lib.ranking.score import Match, UserScores, duplicates_of
from jobsearch_pipelines.lib.ranking.text import DESCRIPTION_CHARS, phrase_in, words_of
from jobsearch_pipelines.lib.remote.classify import quote_of, scope_summary


def _money(value: float, currency: str | None) -> str:
    return f"{value:,.0f} {currency}".strip() if currency else f"{value:,.0f}"


def _age(days: float) -> str:
    if days < 1:
        return "today"
    whole = int(days)
    return "yesterday" if whole == 1 else f"{whole} days ago"


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value) or None


def _location_text(frame: JobFrame, countries: frozenset[str], row: int) -> str:
    """Where the job may be done and why: "Remote within the EU — 'open to anyone in the EU' (open to you in DE)"
    from its remote eligibility, else the arrangement and the locations' countries."""
    workplace = _text(frame.value("workplace_type", row))
    scope = frame.value("remote_scope", row) or []
    low, high = frame.value("timezone_min", row), frame.value("timezone_max", row)
    window = None if low is None or high is None or math.isnan(low) or math.isnan(high) else (low, high)
    if workplace == "remote" and (scope or window):
        excluded = frame.value("remote_excluded", row) or []
        quote = quote_of(_text(frame.value("remote_eu_reason", row)))
        text = scope_summary(scope, window, excluded) + (f" — '{quote}'" if quote else "")
        hit = sorted(c for c in countries if open_to(scope, window, excluded, c))
        return text + (f" (open to you in {', '.join(hit[:4])})" if hit else "")
    codes = frame.value("country_codes", row) or []
    place = (workplace or "").capitalize() or "Work arrangement not stated"
    hit = [c for c in codes if c in countries]
    suffix = f" (in your countries: {', '.join(hit[:4])})" if hit else ""
    return f"{place} · {', '.join(codes[:4]) if codes else 'location not stated'}{suffix}"


def _text_match(frame: JobFrame, profile: UserProfile, row: int) -> str:
    """ "Title matches 'Backend Engineer'", else the profile words the posting mentions."""
    title = words_of(_text(frame.value("title", row)))
    for phrase in (*profile.target_roles, *profile.skill_terms):
        if phrase_in(phrase, title, prepared=True):
            return f"Title matches '{phrase}'"
    description = words_of((_text(frame.value("description", row)) or "")[:DESCRIPTION_CHARS])
    said = [p for p in (*profile.skill_terms, *profile.target_roles) if phrase_in(p, description, prepared=True)]
    return f"Description mentions {', '.join(said[:5])}" if said else "Little text in common with your profile"


def _also_posted(frame: JobFrame, rows: np.ndarray | None) -> str:
    """ "Also posted for Munich; Remote - EU (3 postings of this role)" for a role posted more than once."""
    if rows is None or not len(rows):
        return "Posted once"
    places: list[str] = []
    for row in rows.tolist():
        for place in frame.value("locations", row) or frame.value("country_codes", row) or []:
            if place and place not in places:
                places.append(str(place))
    where = f" for {'; '.join(places[:4])}" + (" and more" if len(places) > 4 else "") if places else ""
    return f"Also posted{where} ({len(rows) + 1} postings of this role)"


def _company_type(frame: JobFrame, row: int) -> str:
    category = frame.vocab["category"][int(frame.category[row])] if len(frame.vocab.get("category", [])) else ""
    if frame.category_from_text is not None and frame.category_from_text[row]:
        return "A staffing or recruitment agency (the posting says it hires for a client)"
    if not category or category == "UNKNOWN":
        return "Company type not known"
    return f"Company type: {category.lower()}"


def reasons_for_rows(frame: JobFrame, scores: UserScores, rows: Sequence[int] | np.ndarray) -> list[list[dict]]:
    """Reasons for each job at ``rows``, strongest factor first: ``[{factor, score, text}]`` per row."""
    rows = np.asarray(rows, dtype=np.int64)
    profile = scores.profile
    factor_values = {name: np.round(values[rows].astype(np.float64), 3).tolist()
                     for name, values in scores.factors.items()}
    texts: dict[str, list[str]] = {}
    if "skills" in scores.factors:
        matched_cols = [(frame.skill_names.get(slug, slug), col) for slug, col, _ in scores.skill_cols]
        values = frame.skill_values([col for _, col in matched_cols], rows) if matched_cols else None
        hits = [values[:, i] > 0 for i in range(len(matched_cols))] if values is not None else []
        totals = frame.skill_count[rows].tolist()
        out = []
        for i, total in enumerate(totals):
            names = [name for (name, _), hit in zip(matched_cols, hits, strict=True) if hit[i]]
            if names:
                out.append(f"Matches your skills: {', '.join(names[:6])} ({len(names)} of {total} job skills)")
            else:
                out.append("No skills extracted for this job yet" if total == 0
                           else f"None of your skills among its {total} skills")
        texts["skills"] = out
    if "text" in scores.factors:
        texts["text"] = [_text_match(frame, profile, row) for row in rows.tolist()]
    if "role" in scores.factors:
        out = []
        for i, row in enumerate(rows.tolist()):
            title = _text(frame.value("title", row)) or "The title"
            value = factor_values["role"][i]
            out.append(f"'{title}' is a role you target" if value >= 1.0 else
                       f"'{title}' is not one of your target roles" if value == 0.0 else "Role family not known")
        texts["role"] = out
    if "location" in scores.factors:
        texts["location"] = [_location_text(frame, profile.countries, row) for row in rows.tolist()]
    if "seniority" in scores.factors:
        out = []
        for row in rows.tolist():
            level = frame.level_name(row)
            out.append(f"{level.capitalize()} level" + (" as you prefer" if level in profile.seniority else "")
                       if level else "Seniority not stated")
        texts["seniority"] = out
    if "salary" in scores.factors:
        out = []
        for row in rows.tolist():
            top = float(frame.salary_top[row])
            if math.isnan(top):
                out.append("Salary not stated")
                continue
            text = f"Pays up to {_money(top, _text(frame.value('salary_currency', row)))} a year"
            out.append(text + (f" (your minimum {_money(profile.min_salary, None)})" if profile.min_salary else ""))
        texts["salary"] = out
    texts["company_type"] = [_company_type(frame, row) for row in rows.tolist()]
    factor_values["company_type"] = [0.5] * len(rows)
    if "company" in scores.factors:
        out = []
        for i, row in enumerate(rows.tolist()):
            name = _text(frame.value("company_name", row)) or _text(frame.value("company_key", row)) or "This company"
            value = factor_values["company"][i]
            out.append(f"{name} is one of your preferred companies" if value > 0.5
                       else f"You were not keen on {name}" if value < 0.5 else name)
        texts["company"] = out
    if "contract" in scores.factors:
        texts["contract"] = [(kind.replace("_", " ").capitalize() if (kind := _text(frame.value("employment_type", r)))
                              else "Contract type not stated") for r in rows.tolist()]
    texts["recency"] = [f"First seen {_age(float(frame.age_days[r]))}" for r in rows.tolist()]
    others = duplicates_of(scores, rows)
    if others:
        texts["duplicates"] = [_also_posted(frame, others.get(row)) for row in rows.tolist()]
        factor_values["duplicates"] = [0.5] * len(rows)

    result = []
    for i in range(len(rows)):
        reasons = [{"factor": name, "score": factor_values[name][i], "text": texts[name][i]} for name in texts]
        reasons.sort(key=lambda r: -r["score"])
        result.append(reasons)
    return result


def matches_for(frame: JobFrame, scores: UserScores, rows: Sequence[int] | np.ndarray) -> list[Match]:
    """``Match`` (job id, score, reasons) for each of ``rows``, in that order."""
    rows = np.asarray(rows, dtype=np.int64)
    reasons = reasons_for_rows(frame, scores, rows)
    return [Match(job_id, score, why) for job_id, score, why in
            zip(frame.job_ids[rows].tolist(), scores.score[rows].tolist(), reasons, strict=True)]
