"""The application schema: every table of the service, in one place.

Tables are grouped by domain (ingestion, skills, companies, users, events, notifications, flow control).
Timestamps are stored as UTC and always read back timezone-aware (see ``UTCDateTime``), so SQLite and
PostgreSQL behave alike. Schema changes go through Alembic migrations in ``db/migrations``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and returned timezone-aware, identical on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# --------------------------------------------------------------------------------------------------
# Companies (golden records from job postings and Common Crawl)
# --------------------------------------------------------------------------------------------------


class Company(TimestampMixin, Base):
    """A company's golden record: merged from facts, newest evidence wins per field."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)  # stable slug, e.g. "acme" or the domain
    name: Mapped[str] = mapped_column(String(512))
    canonical_domain: Mapped[str | None] = mapped_column(String(255), unique=True)
    website: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    logo_url: Mapped[str | None] = mapped_column(Text)
    industry: Mapped[str | None] = mapped_column(String(255))
    size: Mapped[str | None] = mapped_column(String(32))
    location: Mapped[str | None] = mapped_column(Text)
    # CONSULTANCY, AGENCY, STAFFING, DIRECTORY, PRODUCT, OTHER, UNKNOWN
    category: Mapped[str] = mapped_column(String(32), default="UNKNOWN")
    score: Mapped[float | None] = mapped_column(Float)
    score_reasons: Mapped[list[Any] | None] = mapped_column(JSON)
    tags: Mapped[list[Any] | None] = mapped_column(JSON)
    services: Mapped[list[Any] | None] = mapped_column(JSON)
    industries: Mapped[list[Any] | None] = mapped_column(JSON)
    locations: Mapped[list[Any] | None] = mapped_column(JSON)
    emails: Mapped[list[Any] | None] = mapped_column(JSON)
    phones: Mapped[list[Any] | None] = mapped_column(JSON)
    same_as: Mapped[list[Any] | None] = mapped_column(JSON)
    address: Mapped[str | None] = mapped_column(Text)
    careers_url: Mapped[str | None] = mapped_column(Text)
    last_seen_crawl_id: Mapped[str | None] = mapped_column(String(64))
    last_seen_capture_timestamp: Mapped[str | None] = mapped_column(String(14))
    last_seen_source_url: Mapped[str | None] = mapped_column(Text)


class WarcPointerMixin:
    """Where a piece of evidence came from: the page, the crawl and the WARC record."""

    source_url: Mapped[str | None] = mapped_column(Text)
    crawl_id: Mapped[str | None] = mapped_column(String(64))
    capture_timestamp: Mapped[str | None] = mapped_column(String(14))  # YYYYMMDDhhmmss
    warc_filename: Mapped[str | None] = mapped_column(Text)
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    warc_length: Mapped[int | None] = mapped_column(BigInteger)
    warc_digest: Mapped[str | None] = mapped_column(String(128))


class CompanyFact(WarcPointerMixin, Base):
    """One extracted fact with its evidence; deduplicated by ``fact_key``."""

    __tablename__ = "company_facts"
    __table_args__ = (Index("ix_company_facts_company_field", "company_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    fact_key: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of company+field+value+source
    field: Mapped[str] = mapped_column(String(64))
    value_json: Mapped[Any | None] = mapped_column(JSON)
    value_text: Mapped[str | None] = mapped_column(Text)
    normalized_value: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    method: Mapped[str] = mapped_column(String(16))  # jsonld, meta, dom, heuristic, llm
    source_type: Mapped[str] = mapped_column(String(16), default="COMMONCRAWL")
    extractor_version: Mapped[str | None] = mapped_column(String(64))
    http_status: Mapped[int | None] = mapped_column(Integer)
    mime: Mapped[str | None] = mapped_column(String(128))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    observed_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CompanySnapshot(WarcPointerMixin, Base):
    """One captured page of a company, with what was extracted from it."""

    __tablename__ = "company_snapshots"
    __table_args__ = (UniqueConstraint("company_id", "source_url", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    http_status: Mapped[int | None] = mapped_column(Integer)
    mime: Mapped[str | None] = mapped_column(String(128))
    content_hash: Mapped[str] = mapped_column(String(64))
    text_sample: Mapped[str | None] = mapped_column(Text)
    jsonld: Mapped[Any | None] = mapped_column(JSON)
    extracted: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    score: Mapped[float | None] = mapped_column(Float)
    category: Mapped[str | None] = mapped_column(String(32))
    method: Mapped[str | None] = mapped_column(String(16))
    extractor_version: Mapped[str | None] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CompanyRevision(Base):
    """History of golden-record changes: which field changed, from what, to what, on which evidence."""

    __tablename__ = "company_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[Any | None] = mapped_column(JSON)
    new_value: Mapped[Any | None] = mapped_column(JSON)
    fact_id: Mapped[int | None] = mapped_column(ForeignKey("company_facts.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class WarcScan(TimestampMixin, Base):
    """Bulk mode: one row per scanned WARC file (a dynamic partition), with its counts and errors."""

    __tablename__ = "warc_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    warc_path: Mapped[str] = mapped_column(Text, unique=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, running, done, failed
    records_seen: Mapped[int] = mapped_column(Integer, default=0)
    pages_parsed: Mapped[int] = mapped_column(Integer, default=0)
    pages_skipped: Mapped[int] = mapped_column(Integer, default=0)
    pages_screened_out: Mapped[int] = mapped_column(Integer, default=0)  # bulk prescreen: no cue, no DOM parse
    companies_found: Mapped[int] = mapped_column(Integer, default=0)
    boards_found: Mapped[int] = mapped_column(Integer, default=0)
    skip_reasons: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    record_types: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # every record by WARC type (response, ...)
    last_error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    run_id: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()


class CompanyPageSkip(WarcPointerMixin, Base):
    """A WARC record or page that was not analysed, with the reason (too_large, truncated, undecodable, ...)."""

    __tablename__ = "company_page_skips"
    __table_args__ = (Index("ix_company_page_skips_reason", "reason"),
                      Index("ux_company_page_skips_record", "warc_filename", "warc_offset", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    warc_scan_id: Mapped[int | None] = mapped_column(ForeignKey("warc_scans.id", ondelete="CASCADE"), index=True)
    domain: Mapped[str | None] = mapped_column(String(255))
    mode: Mapped[str] = mapped_column(String(16))  # domain, bulk
    reason: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    http_status: Mapped[int | None] = mapped_column(Integer)
    mime: Mapped[str | None] = mapped_column(String(128))
    run_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --------------------------------------------------------------------------------------------------
# Ingestion (ATS boards and jobs)
# --------------------------------------------------------------------------------------------------


class AtsBoard(WarcPointerMixin, TimestampMixin, Base):
    """A public job board on an applicant tracking system (vendor + board token)."""

    __tablename__ = "ats_boards"
    __table_args__ = (UniqueConstraint("vendor", "token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor: Mapped[str] = mapped_column(String(32))  # ashby, greenhouse, lever, lever_eu, workable, ...
    token: Mapped[str] = mapped_column(String(255))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    company_name: Mapped[str | None] = mapped_column(String(512))
    url: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    origin: Mapped[str] = mapped_column(String(16), default="seed")  # seed, cli, discovery
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_fetched_at: Mapped[datetime | None] = mapped_column()
    last_fetch_status: Mapped[str | None] = mapped_column(String(16))  # ok, failed
    last_error: Mapped[str | None] = mapped_column(Text)
    job_count: Mapped[int] = mapped_column(Integer, default=0)


class BoardFetch(Base):
    """One fetch of one board in one run: the per-board report of an ingestion run."""

    __tablename__ = "board_fetches"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("ats_boards.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # ok, failed
    http_status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    postings: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class Job(TimestampMixin, Base):
    """A normalised job posting; unique per source + board + external id."""

    __tablename__ = "jobs"
    __table_args__ = (
        UniqueConstraint("source", "board_token", "external_id"),
        Index("ix_jobs_status_last_seen", "status", "last_seen_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(32))  # ATS vendor
    board_token: Mapped[str] = mapped_column(String(255))
    external_id: Mapped[str] = mapped_column(String(255))
    board_id: Mapped[int | None] = mapped_column(ForeignKey("ats_boards.id", ondelete="SET NULL"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"), index=True)
    company_name: Mapped[str | None] = mapped_column(String(512))
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)  # apply / posting URL
    locations: Mapped[list[Any] | None] = mapped_column(JSON)
    country_codes: Mapped[list[Any] | None] = mapped_column(JSON)
    workplace_type: Mapped[str | None] = mapped_column(String(16))  # remote, hybrid, onsite
    employment_type: Mapped[str | None] = mapped_column(String(32))
    seniority: Mapped[str | None] = mapped_column(String(32))
    salary_min: Mapped[float | None] = mapped_column(Float)
    salary_max: Mapped[float | None] = mapped_column(Float)
    salary_currency: Mapped[str | None] = mapped_column(String(8))
    salary_interval: Mapped[str | None] = mapped_column(String(16))  # year, month, hour, ...
    department: Mapped[str | None] = mapped_column(String(255))
    description_html: Mapped[str | None] = mapped_column(Text)
    description_text: Mapped[str | None] = mapped_column(Text)
    posted_at: Mapped[datetime | None] = mapped_column()
    source_updated_at: Mapped[datetime | None] = mapped_column()
    vendor_fields: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # ATS location/arrangement fields as sent
    content_hash: Mapped[str] = mapped_column(String(64))  # of the normalised fields: drives updates
    source_hash: Mapped[str | None] = mapped_column(String(64))  # of the raw vendor posting: skips re-parsing
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, closed
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column()


# --------------------------------------------------------------------------------------------------
# Skills (taxonomy, embeddings, extraction results)
# --------------------------------------------------------------------------------------------------


class Skill(Base):
    """A canonical skill of the taxonomy."""

    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)  # canonical name, e.g. "PostgreSQL"
    slug: Mapped[str] = mapped_column(String(128), unique=True)  # stable tag, e.g. "postgresql"
    category: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # technology, competency, spoken_language, certification or domain
    kind: Mapped[str] = mapped_column(String(32), default="technology", server_default="technology")
    parent_slug: Mapped[str | None] = mapped_column(String(128))  # the broader skill (SwiftUI -> swift)


class SkillAlias(Base):
    """A normalised (lowercase) alias of a skill; one alias may name several skills."""

    __tablename__ = "skill_aliases"
    __table_args__ = (UniqueConstraint("alias", "skill_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alias: Mapped[str] = mapped_column(String(128), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), index=True)
    ambiguous: Mapped[bool] = mapped_column(Boolean, default=False)  # also an ordinary word (Go, Swift...)


class Embedding(Base):
    """A cached embedding vector, keyed by model and the hash of the embedded text."""

    __tablename__ = "embeddings"
    __table_args__ = (UniqueConstraint("model", "text_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    model: Mapped[str] = mapped_column(String(128))
    text_hash: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32 little-endian
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobSkill(Base):
    """A skill extracted from a job, with level, confidence and evidence (mentions with offsets)."""

    __tablename__ = "job_skills"
    __table_args__ = (UniqueConstraint("job_id", "skill_slug"), Index("ix_job_skills_slug_job", "skill_slug", "job_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int | None] = mapped_column(ForeignKey("skills.id", ondelete="SET NULL"))
    skill_slug: Mapped[str] = mapped_column(String(128))
    skill_name: Mapped[str] = mapped_column(String(128))
    level: Mapped[str] = mapped_column(String(16))  # required, preferred, nice
    confidence: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str | None] = mapped_column(Text)
    mentions: Mapped[list[Any] | None] = mapped_column(JSON)  # [{"start", "end", "text"}]
    extractor_version: Mapped[str] = mapped_column(String(64))
    extracted_at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str | None] = mapped_column(String(32))  # the skill's kind when extracted


class JobSkillCandidate(Base):
    """A skill span of a job that maps to no taxonomy skill, by its normalised surface form: what the taxonomy
    could grow by (``jobsearch skills candidates``)."""

    __tablename__ = "job_skill_candidates"
    __table_args__ = (UniqueConstraint("job_id", "surface"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    surface: Mapped[str] = mapped_column(String(255), index=True)  # normalised: lowercase, single spaces
    level: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float)
    mentions: Mapped[list[Any] | None] = mapped_column(JSON)  # [{"start", "end", "text"}] into the job's text
    extractor_version: Mapped[str] = mapped_column(String(64))
    extracted_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobSkillExtraction(Base):
    """Marks a job as extracted by an extractor version for a content hash, even with zero skills."""

    __tablename__ = "job_skill_extractions"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    extractor_version: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))  # jobs.content_hash when extracted
    text_hash: Mapped[str | None] = mapped_column(String(64))  # sha256 of the extracted text (the cache key)
    status: Mapped[str] = mapped_column(String(16), default="done")  # done, failed (retried), dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failed attempts
    skill_count: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    usage: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # LLM token usage
    extracted_at: Mapped[datetime] = mapped_column(default=utcnow)


class SkillExtractionCache(Base):
    """Extraction results cached by (content hash, extractor version): unchanged text is never re-extracted."""

    __tablename__ = "skill_extraction_cache"
    __table_args__ = (UniqueConstraint("content_hash", "extractor_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    extractor_version: Mapped[str] = mapped_column(String(64))
    result: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobRemoteEligibility(Base):
    """Where a hire may live for a job (scope, time-zone window) and the original's remote-EU judgement, for
    the job's content hash and classifier version: a job is classified again only when either changes."""

    __tablename__ = "job_remote_eligibility"
    __table_args__ = (Index("ix_job_remote_eligibility_remote_eu", "is_remote_eu"),)

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))  # jobs.content_hash when classified
    classifier: Mapped[str] = mapped_column(String(96))  # the configured classifier's version (drives re-runs)
    classified_by: Mapped[str | None] = mapped_column(String(96))  # what answered (the local rules when the LLM's
    # answer was rejected: its evidence not in the posting)
    status: Mapped[str] = mapped_column(String(16), default="done")  # done, failed (retried next run)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failed attempts
    error: Mapped[str | None] = mapped_column(Text)
    workplace_type: Mapped[str | None] = mapped_column(String(16))  # remote, hybrid, onsite
    remote_scope: Mapped[list[Any] | None] = mapped_column(JSON)  # ISO countries and region codes
    remote_excluded: Mapped[list[Any] | None] = mapped_column(JSON)  # countries ruled out ("except Germany")
    timezone_min: Mapped[float | None] = mapped_column(Float)  # UTC offset window, hours
    timezone_max: Mapped[float | None] = mapped_column(Float)
    is_remote_eu: Mapped[bool | None] = mapped_column(Boolean)
    remote_eu_confidence: Mapped[str | None] = mapped_column(String(8))  # high, medium, low
    remote_eu_reason: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)  # [{source, quote}]
    classified_at: Mapped[datetime] = mapped_column(default=utcnow)


# --------------------------------------------------------------------------------------------------
# Users, settings, preferences and their activity
# --------------------------------------------------------------------------------------------------


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)  # external user id, e.g. "user_123"
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")


class UserSettings(TimestampMixin, Base):
    __tablename__ = "user_settings"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email_notifications: Mapped[bool] = mapped_column(Boolean, default=True)
    daily_digest: Mapped[bool] = mapped_column(Boolean, default=True)
    new_job_alerts: Mapped[bool] = mapped_column(Boolean, default=True)
    digest_hour: Mapped[int] = mapped_column(Integer, default=9)  # local hour in the user's time zone
    jobs_per_digest: Mapped[int] = mapped_column(Integer, default=10)
    unsubscribed_at: Mapped[datetime | None] = mapped_column()


class UserPreference(TimestampMixin, Base):
    """One observed preference value (explicit or inferred) with confidence; merged at read time."""

    __tablename__ = "user_preferences"
    __table_args__ = (Index("ix_user_preferences_user_field", "user_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    # explicit, default, inferred_application, inferred_feedback, inferred_view
    source: Mapped[str] = mapped_column(String(32), index=True)
    context: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    event_id: Mapped[str | None] = mapped_column(String(64))
    observed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class JobApplication(Base):
    __tablename__ = "job_applications"
    __table_args__ = (UniqueConstraint("user_id", "job_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    job_id: Mapped[int] = mapped_column(BigInteger, index=True)
    company_id: Mapped[int | None] = mapped_column(BigInteger)
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
    event_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobView(Base):
    __tablename__ = "job_views"
    __table_args__ = (Index("ix_job_views_user_job", "user_id", "job_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    job_id: Mapped[int] = mapped_column(BigInteger)
    duration_seconds: Mapped[float] = mapped_column(Float)
    event_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    viewed_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobFeedback(TimestampMixin, Base):
    """The latest like/dislike of a user for a job."""

    __tablename__ = "job_feedback"
    __table_args__ = (UniqueConstraint("user_id", "job_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    job_id: Mapped[int] = mapped_column(BigInteger, index=True)
    feedback: Mapped[str] = mapped_column(String(16))  # like, dislike
    event_id: Mapped[str | None] = mapped_column(String(64))


class JobRanking(Base):
    """A user's score for a job, with the reasons behind it."""

    __tablename__ = "job_rankings"
    __table_args__ = (Index("ix_job_rankings_user_score", "user_id", "score"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[Any] | None] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class RankingState(Base):
    """Per user: the profile a ranking was computed for and how far it got, so refreshes can be incremental."""

    __tablename__ = "ranking_state"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    profile_hash: Mapped[str] = mapped_column(String(64))
    max_job_id: Mapped[int] = mapped_column(BigInteger, default=0)  # jobs up to this id are ranked
    ranked_at: Mapped[datetime] = mapped_column(default=utcnow)  # last (full or incremental) refresh
    full_ranked_at: Mapped[datetime] = mapped_column(default=utcnow)
    ranked_jobs: Mapped[int] = mapped_column(Integer, default=0)  # rows stored by the last full refresh


# --------------------------------------------------------------------------------------------------
# Events (the durable inbox) and failures
# --------------------------------------------------------------------------------------------------


class Event(Base):
    """An event in the inbox. ``seq`` orders events for sensor cursors; ``id`` is the server id.

    Life cycle: pending -> queued (in a requested run, ``dispatch_key`` = its run key) -> processing (claimed by
    the run ``run_id``) -> processed | skipped | failed (retried at ``next_attempt_at``) | dead. A repeated
    client id within 24 h is stored as ``duplicate`` and never processed.
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_name_status_seq", "name", "status", "seq"),
        Index("ix_events_client_id", "client_id"),
        Index("ix_events_dispatch_key", "dispatch_key"),
    )

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    user: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    client_id: Mapped[str | None] = mapped_column(String(255))
    ts: Mapped[int] = mapped_column(BigInteger)  # milliseconds since the epoch, as in Inngest
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # pending, processing, processed, failed (will retry), skipped, dead, duplicate
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    skip_reason: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    processed_at: Mapped[datetime | None] = mapped_column()
    run_id: Mapped[str | None] = mapped_column(String(64))
    v: Mapped[str | None] = mapped_column(String(64))  # the sender's payload version, as in Inngest
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the handler's detail on success
    dispatch_key: Mapped[str | None] = mapped_column(String(255))  # run key of the run it was handed to
    order_key: Mapped[str | None] = mapped_column(String(255))  # e.g. the user id: one batch in flight per key
    dispatches: Mapped[int] = mapped_column(Integer, default=0)
    dispatched_at: Mapped[datetime | None] = mapped_column()
    claimed_at: Mapped[datetime | None] = mapped_column()


class EventClientId(Base):
    """The first event seen with a client id (Inngest ``id``), so repeats within 24 h are marked duplicate."""

    __tablename__ = "event_client_ids"

    client_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64))
    first_received_at: Mapped[datetime] = mapped_column(default=utcnow)


class Failure(TimestampMixin, Base):
    """A recorded failure (board fetch, WARC record, email, workflow step): retried or dead-lettered."""

    __tablename__ = "failures"
    __table_args__ = (Index("ix_failures_kind_status", "kind", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # board_fetch, warc_record, email, workflow, event, ...
    ref: Mapped[str] = mapped_column(Text)  # what failed: a board, a URL, an event id, a run id
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, retrying, resolved, dead
    run_id: Mapped[str | None] = mapped_column(String(64))


# --------------------------------------------------------------------------------------------------
# Notifications (email outbox, alerts, digests)
# --------------------------------------------------------------------------------------------------


class Notification(TimestampMixin, Base):
    """The email outbox: one row per email; ``dedupe_key`` makes a retry or a re-run send nothing twice."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    recipient: Mapped[str] = mapped_column(String(320))
    kind: Mapped[str] = mapped_column(String(32))  # welcome, new_jobs, digest, ...
    subject: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # pending, sending, sent, failed (will retry), dead, suppressed (unsubscribed)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    message_id: Mapped[str | None] = mapped_column(String(255))
    event_id: Mapped[str | None] = mapped_column(String(64))


class AlertIncident(TimestampMixin, Base):
    """An operator incident (failed job, overdue asset, failing check): alerted once when it opens, once resolved.

    ``open_key`` equals ``incident_key`` while the incident is open and is NULL once resolved, so the unique
    constraint allows one open incident per key and any number of resolved ones.
    """

    __tablename__ = "alert_incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_key: Mapped[str] = mapped_column(String(255), index=True)  # run:<job>, freshness:<asset>, check:<..>
    open_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # run_failure, freshness, asset_check
    subject: Mapped[str] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, resolved
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column()
    # The chat webhook message not yet delivered (retried on the next sensor tick), and its delivery state.
    webhook_payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    webhook_status: Mapped[str | None] = mapped_column(String(16))  # pending, sent, dead
    webhook_attempts: Mapped[int] = mapped_column(Integer, default=0)
    webhook_error: Mapped[str | None] = mapped_column(Text)


class EmailSuppression(TimestampMixin, Base):
    """An address mail must not go to (hard bounce, repeated soft bounces, complaint, unsubscribe), or one being
    watched after soft bounces. Every send path consults it (``lib/notifications/suppression.py``)."""

    __tablename__ = "email_suppressions"

    address: Mapped[str] = mapped_column(String(320), primary_key=True)  # lower-cased
    suppressed: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(String(32))  # hard_bounce, soft_bounces, complaint, unsubscribe
    detail: Mapped[str | None] = mapped_column(Text)
    soft_bounces: Mapped[int] = mapped_column(Integer, default=0)


class JobAlert(Base):
    """A job alerted to a user: at most once per user and job."""

    __tablename__ = "job_alerts"
    __table_args__ = (UniqueConstraint("user_id", "job_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    score: Mapped[float | None] = mapped_column(Float)
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Digest(Base):
    """One daily digest of a user (per local date), so a re-run never resends."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("user_id", "digest_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    digest_date: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD in the user's time zone
    job_ids: Mapped[list[Any]] = mapped_column(JSON)
    since: Mapped[datetime | None] = mapped_column()
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --------------------------------------------------------------------------------------------------
# Flow control (rate-limit / throttle buckets, per-event decisions, debounce timers) and its demo tables
# --------------------------------------------------------------------------------------------------


class FlowBucket(Base):
    """GCRA state of one rate limit or throttle key of a function: the theoretical arrival time (TAT).

    ``tat`` and ``interval_us`` are exact fractions of microseconds stored as text (``"123/4"``), so limits
    hold without float drift; ``capacity`` is how many are allowed back to back.
    """

    __tablename__ = "flow_buckets"

    function: Mapped[str] = mapped_column(String(128), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # rate_limit, throttle
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    tat: Mapped[str] = mapped_column(String(64))
    interval_us: Mapped[str] = mapped_column(String(64))
    capacity: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class FlowEventState(Base):
    """Flow control's decision about one event for one function, so offering it again decides nothing twice.

    ``stage`` says where it is (rate_limit, debounce, throttle, batch, none); ``state`` is waiting, admitted or
    skipped (``reason`` then says why). Waiting throttle rows are the FIFO queue of their key (by ``seq``).
    """

    __tablename__ = "flow_event_states"
    __table_args__ = (
        Index("ix_flow_event_states_queue", "function", "stage", "state", "key", "seq"),
        Index("ix_flow_event_states_decided", "function", "decided_at"),
    )

    function: Mapped[str] = mapped_column(String(128), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    stage: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    key: Mapped[str | None] = mapped_column(String(255))
    reason: Mapped[str | None] = mapped_column(Text)
    arrival_at: Mapped[datetime] = mapped_column()
    ts: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class FlowDebounce(Base):
    """An open debounce of one key: fires at ``deadline_at`` with ``winner_event_id`` (the latest ``ts``)."""

    __tablename__ = "flow_debounces"

    function: Mapped[str] = mapped_column(String(128), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    first_at: Mapped[datetime] = mapped_column()
    last_at: Mapped[datetime] = mapped_column()
    deadline_at: Mapped[datetime] = mapped_column()
    winner_event_id: Mapped[str] = mapped_column(String(64))
    winner_ts: Mapped[int | None] = mapped_column(BigInteger)
    events: Mapped[int] = mapped_column(Integer, default=1)


class SearchDocument(Base):
    """A document of the search-index demo: its latest indexed content, term counts and index version."""

    __tablename__ = "search_documents"

    document_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    content: Mapped[str] = mapped_column(Text)
    terms: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)  # how many times it was (re-)indexed
    source_event_id: Mapped[str] = mapped_column(String(64))
    source_ts: Mapped[int | None] = mapped_column(BigInteger)
    indexed_at: Mapped[datetime] = mapped_column(default=utcnow)


class FlowDemoExecution(Base):
    """One execution of a flow-control demo workflow (user processing, API sync, email, order, comprehensive).

    ``started_at``/``finished_at`` make concurrency and spacing checkable; ``detail`` is what it produced.
    """

    __tablename__ = "flow_demo_executions"
    __table_args__ = (
        UniqueConstraint("function", "event_id"),
        Index("ix_flow_demo_executions_function_key", "function", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    function: Mapped[str] = mapped_column(String(128))
    event_id: Mapped[str] = mapped_column(String(64))
    key: Mapped[str | None] = mapped_column(String(255))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column()
    finished_at: Mapped[datetime] = mapped_column()
