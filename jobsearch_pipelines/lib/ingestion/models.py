"""The data that flows through ingestion: a board to fetch, its raw snapshot, and normalised postings."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

WORKPLACE_TYPES = ("remote", "hybrid", "onsite")
EMPLOYMENT_TYPES = ("full_time", "part_time", "contract", "internship", "temporary")
SALARY_INTERVALS = ("year", "month", "week", "day", "hour")
SENIORITIES = ("intern", "junior", "mid", "senior", "staff", "principal", "lead", "manager", "director",
               "executive")


@dataclass(frozen=True)
class BoardRef:
    """One board to fetch: the registry row's id (None outside the database), vendor and token."""

    vendor: str
    token: str
    id: int | None = None
    company_name: str | None = None
    company_id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.vendor}:{self.token}"


@dataclass
class RawSnapshot:
    """What one fetch of one board returned: the decoded response pages, or the error that stopped it."""

    board: BoardRef
    ok: bool
    pages: list[Any] = field(default_factory=list)
    error: str | None = None
    http_status: int | None = None
    attempts: int = 0
    requests: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass
class Posting:
    """One posting in the normalised schema shared by every vendor (mirrors the ``jobs`` table)."""

    source: str  # the ATS: ashby, greenhouse, lever, workable, smartrecruiters, recruitee, personio
    board_token: str
    external_id: str
    title: str
    company_name: str | None = None
    url: str | None = None
    locations: list[str] = field(default_factory=list)
    country_codes: list[str] = field(default_factory=list)
    workplace_type: str | None = None  # remote, hybrid, onsite
    employment_type: str | None = None  # full_time, part_time, contract, internship, temporary
    seniority: str | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str | None = None
    salary_interval: str | None = None  # year, month, week, day, hour
    department: str | None = None
    description_html: str | None = None
    description_text: str | None = None
    posted_at: datetime | None = None
    source_updated_at: datetime | None = None
    # The vendor's own location/arrangement fields, as sent (Ashby workplaceType, Greenhouse offices, Lever
    # country, ...): what the remote-eligibility classifier reads besides the text (lib/remote/vendor.py).
    vendor_fields: dict[str, Any] | None = None
    content_hash: str = ""
    source_hash: str | None = None  # of the raw vendor posting (see vendors.common.source_hash)


POSTING_FIELDS = tuple(f.name for f in fields(Posting))


@dataclass
class BoardPostings:
    """A board's normalised postings (``ok``) or the reason it has none (fetch or parse failure)."""

    board: BoardRef
    ok: bool
    postings: list[Posting] = field(default_factory=list)
    error: str | None = None
    http_status: int | None = None
    attempts: int = 0
    skipped: int = 0  # unlisted postings, duplicates within the board, postings without id/title
    unchanged_ids: list[str] = field(default_factory=list)  # raw posting identical to the stored open job
    started_at: datetime | None = None
    finished_at: datetime | None = None


class FetchError(Exception):
    """A board could not be fetched for good (after retries); carries the last HTTP status and attempt count."""

    def __init__(self, message: str, http_status: int | None = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.attempts = attempts


class PayloadError(ValueError):
    """A response that does not have the vendor's shape; the message names the offending field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
