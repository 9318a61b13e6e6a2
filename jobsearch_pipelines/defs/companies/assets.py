"""Company discovery assets: domain mode (``consultancy_discovery``) and bulk mode (``warc_company_scan``,
one dynamic partition per WARC file)."""


from typing import Any

import dagster as dg
from pydantic import Field
from sqlalchemy import Engine, func, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Company
from jobsearch_pipelines.defs.companies.resources import CommonCrawlResource
from jobsearch_pipelines.defs.config_keys import ConfigWithDeprecatedKeys
from jobsearch_pipelines.defs.metadata import histogram, table_metadata
from jobsearch_pipelines.defs.operations.freshness import FRESHNESS_POLICIES
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.celery_settings import QUEUE_TAG, WARC_QUEUE
from jobsearch_pipelines.lib.companies.commoncrawl import CommonCrawlError
from jobsearch_pipelines.lib.companies.discovery import DiscoverySettings
from jobsearch_pipelines.lib.companies.scoring import DEFAULT_MIN_SCORE
from jobsearch_pipelines.lib.companies.service import candidate_domains, run_discovery, run_warc_scan

COMPANIES = "companies"
warc_files = dg.DynamicPartitionsDefinition(name="warc_files")


class DiscoverConsultanciesConfig(ConfigWithDeprecatedKeys):
    """The original workflow's inputs (same defaults, snake_case names) plus where candidates come from."""

    DEPRECATED_KEYS = {"recentCrawls": "recent_crawls", "maxPagesPerDomain": "max_pages_per_domain",
                       "minScore": "min_score", "includeKnownCompanies": "include_known_companies",
                       "onlyNew": "only_new", "maxCandidates": "max_candidates"}

    domains: list[str] = Field(default=[], description="Domains to check, e.g. ['thoughtworks.com'].")
    recent_crawls: int = Field(default=6, description="How many of the newest crawls to search (1-24).")
    max_pages_per_domain: int = Field(default=6, description="Key pages per domain: /, /about, /company, ...")
    concurrency: int = Field(default=6, description="Domains harvested in parallel.")
    min_score: float = Field(default=DEFAULT_MIN_SCORE, description="Acceptance threshold of the consultancy score.")
    include_known_companies: bool = Field(default=True, description="Also check companies known from job "
                                          "postings (and domains whose last harvest failed).")
    only_new: bool = Field(default=True, description="Known companies only when never seen in Common Crawl.")
    max_candidates: int = Field(default=200, description="Cap on the number of domains per run.")
    recentCrawls: int | None = Field(default=None, description="Deprecated: use recent_crawls.")
    maxPagesPerDomain: int | None = Field(default=None, description="Deprecated: use max_pages_per_domain.")
    minScore: float | None = Field(default=None, description="Deprecated: use min_score.")
    includeKnownCompanies: bool | None = Field(default=None, description="Deprecated: use include_known_companies.")
    onlyNew: bool | None = Field(default=None, description="Deprecated: use only_new.")
    maxCandidates: int | None = Field(default=None, description="Deprecated: use max_candidates.")


def _invalid(field: str, message: str) -> dg.Failure:
    return dg.Failure(description=f"invalid config: {message}", metadata={"field": field}, allow_retries=False)


@dg.asset(group_name=COMPANIES, kinds={"commoncrawl", "sql"},
          freshness_policy=FRESHNESS_POLICIES["consultancy_discovery"],
          description="Domain mode: newest captures of each candidate domain's key pages → facts, consultancy "
                      "score and category → companies, facts, snapshots, revisions and discovered ATS boards.")
def consultancy_discovery(context: dg.AssetExecutionContext, config: DiscoverConsultanciesConfig,
                          database: DatabaseResource, commoncrawl: CommonCrawlResource) -> dg.MaterializeResult:
    config = config.resolve_deprecated(context.log)
    settings = DiscoverySettings(recent_crawls=config.recent_crawls, max_pages_per_domain=config.max_pages_per_domain,
                                 concurrency=config.concurrency, min_score=config.min_score)
    try:
        settings.validate()
        engine = database.get_engine()
        domains = candidate_domains(engine, config.domains, include_known=config.include_known_companies,
                                    only_new=config.only_new, limit=config.max_candidates)
    except ValueError as exc:
        raise _invalid(str(exc).partition(":")[0], str(exc)) from exc
    context.log.info(f"{len(domains)} candidate domains")
    with commoncrawl.client() as client:
        try:
            summary = run_discovery(engine, client, domains, settings, run_id=context.run_id)
        except CommonCrawlError as exc:  # the crawl list itself is unreachable: retry the run
            raise dg.Failure(description=str(exc), allow_retries=True) from exc
    if domains and len(summary.failed) == len(domains):
        raise dg.Failure(description=f"every domain failed, e.g. {next(iter(summary.failed.items()))}",
                         metadata={"failed": summary.failed}, allow_retries=True)
    return dg.MaterializeResult(metadata={**summary.as_metadata(), **_company_metadata(engine)})


def _company_metadata(engine: Engine) -> dict[str, Any]:
    """The companies table's size and schema, and how the consultancy scores are spread."""
    with session_scope(engine) as session:
        count = session.scalar(select(func.count()).select_from(Company)) or 0
        scores = [float(s) for s in session.scalars(select(Company.score).where(Company.score.is_not(None)))]
    return {**table_metadata(Company.__table__, count),
            "chart_consultancy_scores": histogram("Consultancy scores of known companies", scores,
                                                  [i / 10 for i in range(11)])}


class WarcScanConfig(ConfigWithDeprecatedKeys):
    DEPRECATED_KEYS = {"minScore": "min_score"}

    min_score: float = Field(default=DEFAULT_MIN_SCORE, description="Consultancy threshold for keeping a domain.")
    minScore: float | None = Field(default=None, description="Deprecated: use min_score.")
    prescreen: bool = Field(default=True, description="Skip the DOM parse of pages with no consultancy stem and no "
                            "ATS link (they cannot be consultancies).")
    workers: int | None = Field(default=None, description="Extra processes analysing pages while the run reads "
                                "the WARC (0: all in the run's process; empty: one when the machine has two or "
                                "more CPUs).")


@dg.asset(group_name=COMPANIES, partitions_def=warc_files, kinds={"warc", "sql"}, op_tags={QUEUE_TAG: WARC_QUEUE},
          description="Bulk mode: scan one whole WARC file (the partition key: a local path or a URL) for "
                      "consultancies and ATS boards; counts and skip reasons go to warc_scans.")
def warc_company_scan(context: dg.AssetExecutionContext, config: WarcScanConfig, database: DatabaseResource,
                      commoncrawl: CommonCrawlResource) -> dg.MaterializeResult:
    config = config.resolve_deprecated(context.log)
    if not 0.0 <= config.min_score <= 1.0:
        raise _invalid("min_score", f"min_score: must be between 0 and 1, got {config.min_score}")
    if config.workers is not None and not 0 <= config.workers <= 64:
        raise _invalid("workers", f"workers: must be between 0 and 64, got {config.workers}")
    source = context.partition_key
    with commoncrawl.client() as client:
        try:
            report = run_warc_scan(database.get_engine(), source, client, min_score=config.min_score,
                                   use_prescreen=config.prescreen, workers=config.workers, run_id=context.run_id)
        except (FileNotFoundError, ValueError) as exc:
            raise dg.Failure(description=str(exc), metadata={"field": "partition_key"}, allow_retries=False) from exc
    return dg.MaterializeResult(metadata={
        "warc": source, "records_seen": report.records_seen, "pages_parsed": report.pages_parsed,
        "pages_skipped": report.pages_skipped, "screened_out": report.screened_out,
        "skip_reasons": report.skip_reasons, "record_types": report.record_types, "companies": report.companies,
        "boards": report.boards,
        "consultancies": report.consultancies,
    })
