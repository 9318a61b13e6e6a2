"""Build users, companies, jobs and extracted skills in a test database (plain inserts, like the pipelines do)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import (
    Company,
    Job,
    JobSkill,
    JobSkillExtraction,
    User,
    UserPreference,
    UserSettings,
    utcnow,
)

_ids = itertools.count(1)


def add_user(session: Session, user_id: str, *, email: str | None = None, name: str | None = None,
             timezone: str = "UTC", prefs: dict[str, Any] | None = None, **settings: Any) -> User:
    user = User(id=user_id, email=email or f"{user_id}@example.org", name=name or user_id.title(), timezone=timezone)
    session.add(user)
    session.add(UserSettings(user_id=user_id, **settings))
    session.flush()
    for field, value in (prefs or {}).items():
        session.add(UserPreference(user_id=user_id, field=field, value=value, confidence=1.0, source="explicit",
                                   observed_at=utcnow() - timedelta(minutes=5)))
    session.flush()
    return user


def add_company(session: Session, key: str, *, name: str | None = None, category: str = "PRODUCT") -> Company:
    company = Company(key=key, name=name or key.title(), category=category)
    session.add(company)
    session.flush()
    return company


def add_job(session: Session, title: str, *, company: Company | None = None, countries: list[str] | None = None,
            workplace: str | None = "remote", seniority: str | None = None, salary: tuple[float, float] | None = None,
            currency: str = "EUR", skills: list[str] | dict[str, str] | None = None, employment: str | None = None,
            first_seen: datetime | None = None, url: str | None = None, extracted: bool = True,
            description: str | None = None) -> Job:
    n = next(_ids)
    seen = first_seen or utcnow() - timedelta(hours=1)
    job = Job(
        source="greenhouse", board_token=company.key if company else "board", external_id=f"ext-{n}",
        company_id=company.id if company else None, company_name=company.name if company else "Some Company",
        title=title, url=url if url is not None else f"https://boards.example.com/jobs/{n}",
        locations=[", ".join(countries)] if countries else None, country_codes=countries or [],
        workplace_type=workplace, employment_type=employment, seniority=seniority,
        salary_min=salary[0] if salary else None, salary_max=salary[1] if salary else None,
        salary_currency=currency if salary else None, salary_interval="year" if salary else None,
        description_text=description if description is not None else f"{title} description",
        content_hash=f"hash-{n}", first_seen_at=seen, last_seen_at=seen,
        posted_at=seen,
    )
    session.add(job)
    session.flush()
    levels = skills if isinstance(skills, dict) else dict.fromkeys(skills or [], "required")
    for slug, level in levels.items():
        session.add(JobSkill(job_id=job.id, skill_slug=slug, skill_name=slug.title(), level=level, confidence=0.9,
                             extractor_version="test"))
    if extracted:
        session.add(JobSkillExtraction(job_id=job.id, extractor_version="test", content_hash=job.content_hash,
                                       skill_count=len(levels), extracted_at=seen))
    session.flush()
    return job
