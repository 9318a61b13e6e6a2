"""Domain mode end to end against the local Common Crawl stand-in, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import (
    AtsBoard,
    Company,
    CompanyFact,
    CompanyPageSkip,
    CompanyRevision,
    CompanySnapshot,
    Failure,
)
from jobsearch_pipelines.lib.companies.commoncrawl import CommonCrawlClient
from jobsearch_pipelines.lib.companies.discovery import DiscoverySettings
from jobsearch_pipelines.lib.companies.models import DomainResult
from jobsearch_pipelines.lib.companies.service import candidate_domains, run_discovery
from jobsearch_pipelines_tests.companies.world import NEW, NEW_FILE, OLD, World

DOMAINS = ["northwind-digital.co.uk", "www.kaiser-partner.de", "https://www.apextalent.co.uk/", "firmscout.com",
           "bestconsultingservices.biz", "ledgerly.com", "shipgrid.com", "octet-services.fr", "harborsystems.com",
           "lumenvale.co.uk", "sierraasesores.es", "never-crawled.example.com"]
SETTINGS = DiscoverySettings(max_pages_per_domain=14, concurrency=4)


def _company(session: Session, domain: str) -> Company:
    company = session.scalar(select(Company).where(Company.canonical_domain == domain))
    assert company is not None, domain
    return company


def test_domains_are_classified_and_persisted_with_evidence(engine: Engine, cc_client: CommonCrawlClient,
                                                            world: World) -> None:
    with Session(engine) as session:  # a company known from job postings, without a domain yet
        session.add(Company(key="kaiser-partner", name="Kaiser & Partner", website="https://www.kaiser-partner.de/jobs"))
        session.commit()
    domains = candidate_domains(engine, DOMAINS, include_known=True, only_new=True)
    assert domains[:3] == ["northwind-digital.co.uk", "kaiser-partner.de", "apextalent.co.uk"]

    summary = run_discovery(engine, cc_client, domains, SETTINGS, run_id="run-1")

    assert summary.crawl_ids == [NEW, OLD]
    assert sorted(summary.consultancies) == ["harborsystems.com", "kaiser-partner.de", "lumenvale.co.uk",
                                             "northwind-digital.co.uk", "octet-services.fr", "sierraasesores.es"]
    assert summary.categories["apextalent.co.uk"] == "STAFFING"
    assert summary.categories["firmscout.com"] == "DIRECTORY"
    assert summary.categories["ledgerly.com"] == "PRODUCT"
    assert summary.categories["shipgrid.com"] == "PRODUCT"  # a product company's "services" page
    assert summary.categories["bestconsultingservices.biz"] == "OTHER"  # SEO/casino spam
    assert summary.not_captured == ["never-crawled.example.com"]
    assert summary.skipped_pages == {"truncated": 1, "not_html": 1, "too_large": 1, "unreadable": 1,
                                     "http_status": 1}

    with Session(engine) as session:
        northwind = _company(session, "northwind-digital.co.uk")
        assert northwind.name == "Northwind Digital Ltd"  # JSON-LD beats og:site_name and the title
        assert northwind.category == "CONSULTANCY" and northwind.score is not None and northwind.score >= 0.65
        assert northwind.description.startswith("Northwind Digital helps mid-sized enterprises")  # newest crawl
        assert "Cloud migration" in northwind.services and "Site reliability engineering" in northwind.services
        assert northwind.emails == ["hello@northwind-digital.co.uk"]
        assert northwind.last_seen_crawl_id == NEW and northwind.last_seen_capture_timestamp == "20260915083000"
        assert any("London" in loc for loc in northwind.locations)
        assert northwind.score_reasons and any("consultancy vocabulary" in r for r in northwind.score_reasons)

        fact = session.scalar(select(CompanyFact).where(CompanyFact.company_id == northwind.id,
                                                        CompanyFact.field == "name", CompanyFact.method == "jsonld",
                                                        CompanyFact.crawl_id == NEW))
        assert fact is not None
        assert fact.source_url == "https://www.northwind-digital.co.uk/" and fact.capture_timestamp == "20260915083000"
        assert fact.warc_filename == NEW_FILE and fact.warc_offset and fact.warc_length
        assert fact.confidence == 0.95 and fact.http_status == 200 and fact.mime == "text/html"
        snapshots = session.scalars(select(CompanySnapshot).where(CompanySnapshot.company_id == northwind.id)).all()
        assert {s.source_url for s in snapshots} == {"https://www.northwind-digital.co.uk/",
                                                     "https://www.northwind-digital.co.uk/services"}
        assert all(s.warc_filename == NEW_FILE and s.content_hash and s.extracted["facts"] for s in snapshots)

        # the company known from job postings got the domain instead of a duplicate
        kaiser = _company(session, "kaiser-partner.de")
        assert kaiser.key == "kaiser-partner" and kaiser.name == "Kaiser & Partner IT-Beratung GmbH"
        assert session.scalar(select(func.count()).select_from(Company).where(Company.key.like("kaiser%"))) == 1

        apex = _company(session, "apextalent.co.uk")
        assert apex.category == "STAFFING" and apex.score < 0.65
        assert any("staffing" in r for r in apex.score_reasons)

        boards = {(b.vendor, b.token): b for b in session.scalars(select(AtsBoard))}
        assert set(boards) == {("greenhouse", "northwinddigital"), ("personio", "kaiser-partner"),
                               ("lever", "ledgerly"), ("greenhouse", "shipgrid"), ("workable", "octet-services"),
                               ("lever", "harborsystems")}
        board = boards[("greenhouse", "northwinddigital")]
        assert board.origin == "discovery" and board.company_id == northwind.id and board.is_active
        assert board.url == "https://boards.greenhouse.io/northwinddigital"
        assert board.crawl_id == NEW and board.warc_filename == NEW_FILE and board.source_url

        skips = {s.reason: s for s in session.scalars(select(CompanyPageSkip))}
        assert skips["too_large"].source_url == "https://harborsystems.com/services"
        assert "exceeds the cap" in skips["too_large"].detail and skips["too_large"].warc_offset
        assert skips["truncated"].source_url == "https://harborsystems.com/about"
        assert skips["http_status"].http_status == 404
        assert skips["unreadable"].domain == "harborsystems.com"
        assert all(s.mode == "domain" and s.run_id == "run-1" for s in skips.values())


def test_rerun_is_idempotent(engine: Engine, cc_client: CommonCrawlClient, world: World) -> None:
    tables = (Company, CompanyFact, CompanySnapshot, CompanyRevision, AtsBoard)
    run_discovery(engine, cc_client, ["northwind-digital.co.uk", "ledgerly.com"], SETTINGS, run_id="first")
    with Session(engine) as session:
        counts = [session.scalar(select(func.count()).select_from(t)) for t in tables]
    assert all(counts)
    run_discovery(engine, cc_client, ["northwind-digital.co.uk", "ledgerly.com"], SETTINGS, run_id="again")
    with Session(engine) as session:
        assert [session.scalar(select(func.count()).select_from(t)) for t in tables] == counts


def test_newest_evidence_wins_and_history_is_kept(engine: Engine, cc_client: CommonCrawlClient,
                                                  world: World) -> None:
    domain = "northwind-digital.co.uk"
    from jobsearch_pipelines.lib.companies.discovery import discover

    def run(crawls: list[str]) -> None:
        from jobsearch_pipelines.db.engine import session_scope
        from jobsearch_pipelines.lib.companies import store

        def save(result: DomainResult) -> None:
            with session_scope(engine) as session:
                store.save_domain(session, result, mode="domain")

        discover(cc_client, [domain], SETTINGS, save, lambda d, e: (_ for _ in ()).throw(e), crawl_ids=crawls)

    run([OLD])  # the July crawl only
    with Session(engine) as session:
        company = _company(session, domain)
        assert company.description == "Northwind Digital is a software consultancy in London."
        assert company.phones == ["+44 20 7946 0000"]
        assert company.last_seen_crawl_id == OLD
    run([NEW, OLD])  # September is newer: its evidence wins, July's is kept as history
    with Session(engine) as session:
        company = _company(session, domain)
        assert company.description.startswith("Northwind Digital helps mid-sized enterprises")
        assert company.phones[0] == "+44 20 7946 0321"
        assert company.last_seen_crawl_id == NEW
        revisions = session.scalars(select(CompanyRevision).where(CompanyRevision.company_id == company.id,
                                                                  CompanyRevision.field == "description")
                                    .order_by(CompanyRevision.id)).all()
        assert [r.new_value for r in revisions][-2:] == [
            "Northwind Digital is a software consultancy in London.", company.description]
        assert revisions[-1].old_value == "Northwind Digital is a software consultancy in London."
        winning = session.get(CompanyFact, revisions[-1].fact_id)
        assert winning is not None and winning.crawl_id == NEW and winning.method == "meta"
        old_facts = session.scalar(select(func.count()).select_from(CompanyFact).where(
            CompanyFact.company_id == company.id, CompanyFact.crawl_id == OLD))
        assert old_facts and old_facts > 0


def test_503_slow_down_is_retried_then_succeeds(engine: Engine, cc_client: CommonCrawlClient, world: World) -> None:
    world.standin.fail_next(f"/{NEW}-index", 503)
    world.standin.fail_next("/crawl-data/", 503, 503)
    summary = run_discovery(engine, cc_client, ["ledgerly.com"], DiscoverySettings(max_pages_per_domain=1),
                            run_id="r")
    assert summary.categories == {"ledgerly.com": "PRODUCT"} and not summary.failed
    assert cc_client.sleeps  # type: ignore[attr-defined]  # backed off before retrying
    statuses = [t for _, t, _ in world.standin.requests if t.startswith("/crawl-data/")]
    assert len(statuses) == 3  # two 503s, then the 206


def test_unreachable_index_records_a_failure_and_retries_the_domain(engine: Engine, cc_client: CommonCrawlClient,
                                                                    world: World) -> None:
    world.standin.always_fail["down.example.org"] = 503
    summary = run_discovery(engine, cc_client, ["down.example.org", "ledgerly.com"],
                            DiscoverySettings(max_pages_per_domain=1), run_id="r1")
    assert set(summary.failed) == {"down.example.org"} and "HTTP 503" in summary.failed["down.example.org"]
    assert summary.categories == {"ledgerly.com": "PRODUCT"}
    with Session(engine) as session:
        failure = session.scalar(select(Failure).where(Failure.ref == "down.example.org"))
        assert failure is not None and failure.kind == "company_discovery" and failure.status == "retrying"
    assert "down.example.org" in candidate_domains(engine, [], include_known=True, only_new=True)
    for _ in range(2):
        run_discovery(engine, cc_client, ["down.example.org"], DiscoverySettings(max_pages_per_domain=1))
    with Session(engine) as session:
        failure = session.scalar(select(Failure).where(Failure.ref == "down.example.org"))
        assert failure is not None and failure.status == "dead" and failure.attempts == 3
    assert "down.example.org" not in candidate_domains(engine, [], include_known=True, only_new=True)
    # once the index answers again a retried domain resolves its failure
    del world.standin.always_fail["down.example.org"]
    world.standin.always_fail["unlucky.example.org"] = 500
    run_discovery(engine, cc_client, ["unlucky.example.org"], DiscoverySettings(max_pages_per_domain=1))
    del world.standin.always_fail["unlucky.example.org"]
    run_discovery(engine, cc_client, ["unlucky.example.org"], DiscoverySettings(max_pages_per_domain=1))
    with Session(engine) as session:
        failure = session.scalar(select(Failure).where(Failure.ref == "unlucky.example.org"))
        assert failure is not None and failure.status == "resolved"
