"""Fact extraction, ATS board detection and charset handling on their own."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from jobsearch_pipelines.lib.companies.ats import company_site_of, find_boards
from jobsearch_pipelines.lib.companies.charset import UndecodableBody, decode_body
from jobsearch_pipelines.lib.companies.extract import analyze_html, parse_jsonld, prescreen
from jobsearch_pipelines_tests.companies.warc_builders import page_bytes


def _facts(html: str, url: str = "https://example.com/") -> dict[str, list]:
    out: dict[str, list] = {}
    for fact in analyze_html(html, url).facts:
        out.setdefault(fact.field, []).append((fact.value, fact.confidence, fact.method))
    return out


def test_rich_jsonld_page_yields_identity_contacts_services_and_evidence_methods() -> None:
    facts = _facts(page_bytes("c01_northwind_en.html").decode(), "https://www.northwind-digital.co.uk/")
    assert ("Northwind Digital Ltd", 0.95, "jsonld") in facts["name"]
    assert ("Northwind Digital", 0.7, "meta") in facts["name"]
    assert facts["website_url"] == [("https://www.northwind-digital.co.uk/", 0.9, "jsonld")]
    assert facts["same_as"][0][0] == ["https://www.linkedin.com/company/northwind-digital",
                                      "https://github.com/northwind-digital"]
    assert facts["size"] == [("51-200", 0.8, "jsonld")]
    jsonld_services = next(v for v, _, m in facts["services"] if m == "jsonld")
    assert jsonld_services == ["Cloud migration", "Data platform engineering", "Legacy modernisation",
                               "Technology due diligence"]
    assert facts["careers_url"][0][0] == "https://www.northwind-digital.co.uk/careers"
    assert facts["ats_boards"][0][0] == [{"vendor": "greenhouse", "token": "northwinddigital",
                                          "url": "https://boards.greenhouse.io/northwinddigital"}]
    assert ("14 Clerkenwell Green, EC1R 0DP, London, GB" in facts["locations"][0][0])


def test_bare_html_gets_a_heuristic_name_and_contact_facts() -> None:
    facts = _facts(page_bytes("c02_lumen_bare_en.html").decode(), "http://www.lumenvale.co.uk/index.html")
    assert facts["name"] == [("Lumen & Vale", 0.45, "heuristic")]
    assert facts["emails"][0][0] == ["enquiries@lumenvale.co.uk"]
    assert "description" not in facts


def test_jsonld_graph_arrays_comments_and_invalid_json() -> None:
    assert parse_jsonld('<!-- {"@graph": [{"@type": "Organization", "name": "A"}, {"@type": "WebSite"}]} -->')[1:] \
        == [{"@type": "Organization", "name": "A"}, {"@type": "WebSite"}]
    assert parse_jsonld("{not json") == []
    html = """<html><head><script type="application/ld+json">[{"@type":["Corporation"],"name":"Multi Corp",
    "address":"Hauptstr. 1, Berlin","email":"mailto:INFO@multi.de","makesOffer":[{"@type":"Offer",
    "itemOffered":{"@type":"Service","name":"Audits"}}]}, {"@type":"WebPage"}]</script>
    <script type="application/ld+json">{broken</script></head><body><p>x</p></body></html>"""
    facts = _facts(html)
    assert facts["name"] == [("Multi Corp", 0.95, "jsonld")]
    assert facts["emails"][0][0] == ["info@multi.de"]
    assert facts["locations"][0][0] == ["Hauptstr. 1, Berlin"]
    assert facts["services"][0][0] == ["Audits"]


@pytest.mark.parametrize(("snippet", "expected"), [
    ('<a href="https://boards.greenhouse.io/acme/jobs/123">', ("greenhouse", "acme")),
    ('<a href="https://job-boards.eu.greenhouse.io/acmeeu">', ("greenhouse", "acmeeu")),
    ('<script src="https://boards.greenhouse.io/embed/job_board/js?for=acmejs"></script>', ("greenhouse", "acmejs")),
    ('<a href="https://jobs.lever.co/Acme-Inc/abc-123">', ("lever", "acme-inc")),
    ('<a href="https://jobs.eu.lever.co/acme">', ("lever_eu", "acme")),
    ('<a href="https://jobs.ashbyhq.com/Acme">', ("ashby", "Acme")),
    ('<a href="https://apply.workable.com/acme/j/ABC123/">', ("workable", "acme")),
    ('<a href="https://acme.workable.com">', ("workable", "acme")),
    ('<a href="https://jobs.smartrecruiters.com/AcmeGroup/744000-dev">', ("smartrecruiters", "AcmeGroup")),
    ('<a href="https://acme.recruitee.com/o/dev">', ("recruitee", "acme")),
    ('<a href="https://acme-gmbh.jobs.personio.de/job/1">', ("personio", "acme-gmbh")),
    ('<a href="https://acme.teamtailor.com/jobs">', ("teamtailor", "acme")),
    ('<a href="https://acme.breezy.hr/">', ("breezy", "acme")),
    ('<iframe src="https://api.ashbyhq.com/posting-api/job-board/acme2"></iframe>', ("ashby", "acme2")),
    ('<a href="https://join.com/companies/acme">', ("join", "acme")),
    ('<a href="https://molteo.join.com/">', ("join", "molteo")),  # JOIN's career-page form, seen in real profiles
    ('<a href="https://acme.applytojob.com/apply">', ("jazzhr", "acme")),
    ('<a href="https://acme.bamboohr.com/careers">', ("bamboohr", "acme")),
    ('<a href="https://jobs.jobvite.com/acme/jobs">', ("jobvite", "acme")),
])
def test_ats_board_patterns(snippet: str, expected: tuple[str, str]) -> None:
    boards = find_boards(f"<html><body>{snippet}</body></html>")
    assert [(b.vendor, b.token) for b in boards] == [expected]


def test_vendor_pages_are_not_boards() -> None:
    html = ('<a href="https://www.greenhouse.io/pricing">x</a><a href="https://jobs.lever.co/">x</a>'
            '<a href="https://apply.workable.com/api/v1/">x</a><a href="https://www.workable.com/">x</a>'
            '<a href="https://www.join.com/">x</a><a href="https://join.com/">x</a>'
            '<script src="https://boards.greenhouse.io/embed/job_board.js"></script>')
    assert find_boards(html) == []


def test_charset_declared_wrong_and_binary() -> None:
    latin = "Qué hacemos – Asesoría".encode("cp1252")
    # declared UTF-8 but not: three bad bytes of 22 are too many to replace, so the charset is detected
    assert decode_body(latin, "text/html; charset=utf-8")[0] == "Qué hacemos – Asesoría"
    assert decode_body(b'<meta charset="iso-8859-1"><p>\xe9t\xe9</p>')[0].endswith("été</p>")
    assert decode_body("Grüße".encode("utf-16"))[0] == "Grüße"
    assert decode_body("naïve".encode(), "text/html; charset=bogus-charset") == ("naïve", "utf-8")
    with pytest.raises(UndecodableBody):
        decode_body(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_prescreen_is_multilingual_and_lets_ats_links_through() -> None:
    assert prescreen("<p>Unternehmensberatung</p>") and prescreen("<p>Cabinet de conseil</p>")
    assert prescreen('<a href="https://jobs.lever.co/x">') and not prescreen("<p>Fresh bread every morning</p>")


def test_empty_document_raises_value_error() -> None:
    with pytest.raises(ValueError):
        analyze_html("   ", "https://example.com/")


@pytest.mark.parametrize(("url", "site"), [
    ("https://careers.acme.io/jobs/4012?gh_jid=4012", "acme.io"),
    ("https://www.acme-consulting.co.uk/careers/data-engineer", "acme-consulting.co.uk"),
    ("https://jobs.acme.com/", "acme.com"),
    ("https://acme.com", "acme.com"),
    ("https://job-boards.greenhouse.io/acme/jobs/1", None),
    ("https://jobs.eu.lever.co/acme/1", None),
    ("https://acme.jobs.personio.de/job/1", None),
    ("https://www.linkedin.com/jobs/view/1", None),
    ("https://acme.wd3.myworkdayjobs.com/en-US/careers/job/1", None),
    ("mailto:jobs@acme.com", None),
    ("https://10.0.0.1/jobs", None),
    (None, None),
])
def test_company_site_of_posting_urls(url: str | None, site: str | None) -> None:
    assert company_site_of(url) == site


def test_every_ats_careers_link_of_the_real_profiles_is_found() -> None:
    """The careers links real companies wrote in their profiles (876 pages, remoteintech/remote-jobs): each one on
    an ATS host is recognised as that company's board."""
    from urllib.parse import urlsplit

    from jobsearch_pipelines.lib.companies.ats import is_ats_host

    pages = Path(__file__).parents[2] / "jobsearch_pipelines/data/companies_eval/remoteintech/pages.jsonl"
    on_ats, missed = 0, []
    for line in pages.read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        careers = re.search(r'<footer><a href="([^"]+)">Careers', page["html"])
        if careers is None or not is_ats_host(urlsplit(html.unescape(careers.group(1))).hostname or ""):
            continue
        on_ats += 1
        if not find_boards(page["html"]):
            missed.append(careers.group(1))
    assert on_ats >= 35 and missed == []
