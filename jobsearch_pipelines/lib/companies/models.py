"""Plain data types shared by the extraction, scoring, persistence and pipeline modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jobsearch_pipelines.lib.companies.text_model import merge_log_likelihoods

EXTRACTOR_VERSION = "companies-extract/1.0"

CATEGORIES = ("CONSULTANCY", "AGENCY", "STAFFING", "DIRECTORY", "PRODUCT", "OTHER")

METHODS = ("jsonld", "meta", "dom", "heuristic")
METHOD_RANK = {"jsonld": 4, "meta": 3, "dom": 2, "heuristic": 1, "llm": 0}


@dataclass(frozen=True)
class Evidence:
    """Where a page came from: its URL, the crawl and capture, and the WARC record that holds it."""

    source_url: str
    crawl_id: str | None = None
    capture_timestamp: str | None = None  # YYYYMMDDhhmmss
    warc_filename: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    warc_digest: str | None = None
    http_status: int | None = None
    mime: str | None = None

    def at(self, offset: int, length: int) -> Evidence:
        """This evidence at a WARC record's offset and length (``dataclasses.replace`` costs twice as much, once
        per record of a scan)."""
        return Evidence(self.source_url, self.crawl_id, self.capture_timestamp, self.warc_filename, offset, length,
                        self.warc_digest, self.http_status, self.mime)

    def pointer(self) -> dict[str, Any]:
        return {"source_url": self.source_url, "crawl_id": self.crawl_id,
                "capture_timestamp": self.capture_timestamp, "warc_filename": self.warc_filename,
                "warc_offset": self.warc_offset, "warc_length": self.warc_length, "warc_digest": self.warc_digest}


@dataclass(frozen=True)
class Fact:
    """One extracted fact: a field, its value (string, list of strings or dict), confidence and method."""

    field: str
    value: Any
    confidence: float
    method: str


@dataclass(frozen=True)
class BoardLink:
    """A public ATS job board linked from a page (vendor + board token, as the ingestion registry keys them)."""

    vendor: str
    token: str
    url: str


@dataclass
class PageSignals:
    """What the scorer looks at; mergeable across the pages of one domain."""

    org_identity: bool = False  # a JSON-LD organisation node with a name
    jsonld_types: set[str] = field(default_factory=set)
    link_sections: set[str] = field(default_factory=set)  # services, work, about, contact, pricing, ...
    cues: dict[str, set[str]] = field(default_factory=dict)  # category -> distinct cue labels found in the text
    external_domains: int = 0
    job_postings: int = 0  # internal links to individual job ads (/jobs/<ad>, /vacatures/<ad>, ...): a job listing
    service_count: int = 0
    has_location: bool = False
    has_phone: bool = False
    has_email: bool = False
    has_careers: bool = False
    public_host: bool = False  # a government or academic domain (.gov, .gov.uk, .gouv.fr, .ac.uk, .edu, ...)
    ats_boards: int = 0
    word_count: int = 0
    stuffing: float = 0.0  # share of the words taken by the most repeated 2-word phrase
    pages: int = 1
    text_loglik: dict[str, float] = field(default_factory=dict)  # the text model's per-category log-likelihoods

    def merge(self, other: PageSignals) -> PageSignals:
        cues = {k: set(v) for k, v in self.cues.items()}
        for key, values in other.cues.items():
            cues.setdefault(key, set()).update(values)
        return PageSignals(
            org_identity=self.org_identity or other.org_identity,
            jsonld_types=self.jsonld_types | other.jsonld_types,
            link_sections=self.link_sections | other.link_sections,
            cues=cues,
            external_domains=max(self.external_domains, other.external_domains),
            job_postings=max(self.job_postings, other.job_postings),
            service_count=max(self.service_count, other.service_count),
            has_location=self.has_location or other.has_location,
            has_phone=self.has_phone or other.has_phone,
            has_email=self.has_email or other.has_email,
            has_careers=self.has_careers or other.has_careers,
            public_host=self.public_host or other.public_host,
            ats_boards=self.ats_boards + other.ats_boards,
            word_count=self.word_count + other.word_count,
            stuffing=max(self.stuffing, other.stuffing),
            pages=self.pages + other.pages,
            text_loglik=merge_log_likelihoods([self.text_loglik, other.text_loglik]),
        )


@dataclass
class Classification:
    """The verdict on a page or a domain: consultancy score in [0, 1], category and readable reasons."""

    score: float
    category: str
    is_consultancy: bool
    reasons: list[str]
    category_scores: dict[str, float]


@dataclass
class PageAnalysis:
    """Everything extracted from one HTML page."""

    url: str
    facts: list[Fact]
    signals: PageSignals
    boards: list[BoardLink]
    jsonld: list[dict[str, Any]]
    text_sample: str
    content_hash: str
    title: str | None = None
    lowered_text: str | None = None  # the text the cues and the text model read; kept only when asked (training)

    def first(self, field_name: str) -> Any:
        best = max((f for f in self.facts if f.field == field_name), key=lambda f: f.confidence, default=None)
        return None if best is None else best.value

    @property
    def services(self) -> list[str]:
        values: list[str] = []
        for fact in self.facts:
            if fact.field == "services":
                values.extend(v for v in fact.value if v not in values)
        return values


@dataclass
class Skip:
    """A record or page that was not analysed, and why (counted and recorded, never silently dropped)."""

    reason: str  # a short code: too_large, truncated, not_html, http_status, undecodable, ...
    detail: str
    evidence: Evidence | None = None


@dataclass
class PageOutcome:
    """One analysed page of a domain, with its evidence and page-level verdict."""

    evidence: Evidence
    analysis: PageAnalysis
    verdict: Classification


@dataclass
class DomainResult:
    """What one domain yielded: analysed pages, skipped records and the merged verdict."""

    domain: str
    pages: list[PageOutcome] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    verdict: Classification | None = None
