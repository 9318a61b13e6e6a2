"""Every vendor served from 127.0.0.1 in its real response shape, fetched by the real client, normalised."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import pytest

from jobsearch_pipelines.lib.ingestion.models import BoardPostings, BoardRef, Posting
from jobsearch_pipelines_tests.ingestion.ats_server import AtsServer, demo_boards
from jobsearch_pipelines_tests.ingestion.helpers import fetch_via_http


def _board(server: AtsServer, vendor: str, token: str) -> BoardPostings:
    [result] = fetch_via_http(server, [BoardRef(vendor, token)])
    assert result.ok, result.error
    return result


def _by_title(result: BoardPostings, title: str) -> Posting:
    matches = [p for p in result.postings if p.title == title]
    assert matches, f"{title!r} not in {[p.title for p in result.postings]}"
    return matches[0]


def test_every_demo_board_parses_over_http(ats_server: AtsServer) -> None:
    results = fetch_via_http(ats_server, [BoardRef(v, t) for v, t in demo_boards()])
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    postings = [p for r in results for p in r.postings]
    assert len(postings) >= 100
    for p in postings:
        assert p.title and p.external_id and p.url and p.content_hash and len(p.content_hash) == 64
        assert p.description_text and "<" not in p.description_text and "&amp;" not in p.description_text
        assert p.posted_at is not None and p.posted_at.tzinfo is not None
        assert p.workplace_type in (None, "remote", "hybrid", "onsite")
        assert all(len(c) == 2 and c.isupper() for c in p.country_codes)
    assert {p.source for p in postings} == {"ashby", "greenhouse", "lever", "workable", "smartrecruiters",
                                            "recruitee", "personio"}


def test_ashby_workplace_type_beats_is_remote_and_withheld_pay_is_dropped(ats_server: AtsServer) -> None:
    result = _board(ats_server, "ashby", "northwind-analytics")
    assert result.skipped == 1  # the isListed: false posting
    senior = _by_title(result, "Senior Data Engineer")
    assert senior.workplace_type == "hybrid"  # isRemote is true on this posting, workplaceType says Hybrid
    assert (senior.salary_min, senior.salary_max, senior.salary_currency, senior.salary_interval) == (
        80000, 100000, "EUR", "year")  # the Salary component, though an equity component comes first
    assert senior.employment_type == "full_time" and senior.seniority == "senior"
    assert senior.country_codes == ["DE"] and senior.department == "Data"
    assert senior.url and senior.url.endswith("/application")
    staff = _by_title(result, "Staff Backend Engineer (Python)")
    assert staff.salary_min is None  # shouldDisplayCompensationOnJobPostings: false -> withheld
    remote = _by_title(result, "Senior Machine Learning Engineer")
    assert remote.workplace_type == "remote" and remote.locations == ["Remote - Germany", "Remote (EU)"]
    assert remote.country_codes == ["DE", "PT"]


def test_greenhouse_escaped_html_location_text_and_salary_from_text(ats_server: AtsServer) -> None:
    result = _board(ats_server, "greenhouse", "harborlight")
    senior = _by_title(result, "Senior Backend Engineer (Python)")
    assert senior.description_html and senior.description_html.startswith("<p><strong>About Harborlight")
    assert "&lt;" not in senior.description_html
    assert senior.description_text and "learning budget of €1,500 per year & flexible" in senior.description_text
    assert (senior.salary_min, senior.salary_max, senior.salary_currency) == (75000, 95000, "GBP")
    assert senior.country_codes == ["GB"] and senior.workplace_type == "onsite"
    assert senior.company_name == "Harborlight Software"
    assert senior.external_id == "4012000"
    raw = ats_server.payloads[("greenhouse", "harborlight")]["jobs"][0]
    assert senior.posted_at == datetime.fromisoformat(raw["first_published"]).astimezone(UTC)
    assert senior.source_updated_at == datetime.fromisoformat(raw["updated_at"]).astimezone(UTC)
    assert _by_title(result, "Backend Engineer (Python)").workplace_type == "hybrid"  # "Hybrid - Dublin"
    assert _by_title(result, "Frontend Engineer").workplace_type == "remote"  # "Remote - UK"
    quill = _board(ats_server, "greenhouse", "quillstack")
    sre = _by_title(quill, "Senior Site Reliability Engineer")
    assert sre.workplace_type == "remote" and sre.country_codes == ["US", "CA"]
    platform = _by_title(quill, "Platform Engineer")
    assert (platform.salary_min, platform.salary_currency, platform.country_codes) == (140000, "CAD", ["CA"])


def test_lever_ms_timestamps_workplace_spellings_lists_and_salary(ats_server: AtsServer) -> None:
    result = _board(ats_server, "lever", "tidewater-labs")
    raw = {p["text"]: p for p in ats_server.payloads[("lever", "tidewater-labs")]}
    senior = _by_title(result, "Senior Backend Engineer (Python)")
    assert senior.posted_at == datetime.fromtimestamp(raw[senior.title]["createdAt"] / 1000, UTC)
    assert (senior.salary_min, senior.salary_max, senior.salary_currency, senior.salary_interval) == (
        55000, 70000, "EUR", "year")
    assert senior.workplace_type == "hybrid" and senior.country_codes == ["PT"]
    assert senior.locations == ["Lisbon", "Porto"]
    assert senior.description_text and "What you bring" in senior.description_text
    assert "- Several years of professional Python" in senior.description_text
    assert senior.description_text.rstrip().endswith("yearly team offsite.")
    assert _by_title(result, "Machine Learning Engineer").workplace_type == "onsite"  # "onsite"
    assert _by_title(result, "Junior QA Automation Engineer").workplace_type == "onsite"  # "on-site"
    assert _by_title(result, "Data Engineer").workplace_type is None  # "unspecified"
    assert _by_title(result, "Data Engineer").employment_type == "contract"
    assert _by_title(result, "Product Designer").employment_type == "part_time"


def test_lever_eu_host_and_pagination(ats_server: AtsServer) -> None:
    key = ("lever_eu", "kestrel-mobility")
    base = ats_server.payloads[key]
    many = []
    for i in range(230):
        item = copy.deepcopy(base[i % len(base)])
        item["id"] = f"{item['id'][:-4]}{i:04d}"
        many.append(item)
    ats_server.payloads[key] = many
    result = _board(ats_server, *key)
    assert len(result.postings) == 230 and {p.source for p in result.postings} == {"lever"}
    skips = [q.get("skip", ["0"])[0] for v, t, q in ats_server.requests if (v, t) == key]
    assert skips == ["0", "100", "200"]


def test_lever_server_ignoring_skip_stops_instead_of_looping(ats_server: AtsServer) -> None:
    key = ("lever", "tidewater-labs")
    page = [dict(p, id=f"id-{i}") for i, p in enumerate(ats_server.payloads[key] * 10)]  # exactly 100
    ats_server.payloads[key] = page

    import jobsearch_pipelines_tests.ingestion.ats_server as srv

    original = srv.AtsServer._handle

    def ignoring_skip(self: AtsServer, handler):  # type: ignore[no-untyped-def]
        handler.path = handler.path.replace("skip=100", "skip=0")
        return original(self, handler)

    srv.AtsServer._handle = ignoring_skip  # type: ignore[method-assign]
    try:
        result = _board(ats_server, *key)
    finally:
        srv.AtsServer._handle = original  # type: ignore[method-assign]
    assert len(result.postings) == 100 and ats_server.count(*key) == 2


def test_workable_smartrecruiters_recruitee_personio(ats_server: AtsServer) -> None:
    workable = _board(ats_server, "workable", "fjordbyte")
    fullstack = _by_title(workable, "Full-Stack Engineer")
    assert fullstack.workplace_type == "remote" and fullstack.country_codes == ["SE"]  # telecommuting: true
    backend = _by_title(workable, "Senior Backend Engineer (Go)")
    assert backend.workplace_type == "onsite" and backend.employment_type == "full_time"
    assert _by_title(workable, "Engineering Manager").seniority == "manager"
    assert backend.company_name == "Fjordbyte"

    sr = _board(ats_server, "smartrecruiters", "ValeriusConsulting")
    consultant = _by_title(sr, "Senior Cloud Consultant")
    assert consultant.country_codes == ["DE"] and consultant.workplace_type == "onsite"
    assert consultant.description_text and "Qualifications" in consultant.description_text
    assert "Terraform or Bicep" in consultant.description_text
    assert consultant.url and consultant.url.startswith("https://jobs.smartrecruiters.com/ValeriusConsulting/")
    assert _by_title(sr, "Senior Data Engineer").workplace_type == "remote"
    details = sum(1 for v, t, q in ats_server.requests if v == "smartrecruiters") - 1
    assert details == len(sr.postings)  # one detail call per posting

    recruitee = _board(ats_server, "recruitee", "larkspur-robotics")
    embedded = _by_title(recruitee, "Embedded Software Engineer")
    assert embedded.workplace_type == "hybrid" and embedded.country_codes == ["NL"]
    assert (embedded.salary_min, embedded.salary_max, embedded.salary_currency) == (50000, 65000, "EUR")
    assert embedded.description_text and "What we are looking for" in embedded.description_text
    assert _by_title(recruitee, "Frontend Engineer").country_codes == ["BE"]

    personio = _board(ats_server, "personio", "sonnenfeld-energie")
    senior = _by_title(personio, "Senior Backend Engineer (Python)")
    assert senior.locations == ["Hamburg", "Berlin"] and senior.country_codes == ["DE"]
    assert senior.company_name == "Sonnenfeld Energie GmbH"
    assert senior.workplace_type == "hybrid"  # from <keywords>hybrid,...</keywords>
    assert _by_title(personio, "Full-Stack Engineer").workplace_type == "onsite"  # an office, no remote marker
    assert senior.url == f"https://sonnenfeld-energie.jobs.personio.de/job/{senior.external_id}"
    assert senior.description_text and senior.description_text.startswith("About us")
    intern = _by_title(personio, "Junior Data Scientist")
    assert intern.employment_type == "internship"
    assert _by_title(personio, "Product Designer").employment_type == "part_time"


def test_unknown_board_and_wrong_shape_fail_with_clear_errors(ats_server: AtsServer) -> None:
    [missing] = fetch_via_http(ats_server, [BoardRef("lever", "no-such-company")])
    assert not missing.ok and missing.http_status == 404 and "404" in (missing.error or "")
    ats_server.payloads[("greenhouse", "quillstack")] = {"ok": False, "error": "Document not found"}
    [bad] = fetch_via_http(ats_server, [BoardRef("greenhouse", "quillstack")])
    assert not bad.ok and "jobs: expected a list" in (bad.error or "")


@pytest.mark.parametrize("vendor", ["greenhouse", "ashby"])
def test_hash_changes_only_when_content_changes(ats_server: AtsServer, vendor: str) -> None:
    token = {"greenhouse": "harborlight", "ashby": "northwind-analytics"}[vendor]
    first = {p.external_id: p.content_hash for p in _board(ats_server, vendor, token).postings}
    again = {p.external_id: p.content_hash for p in _board(ats_server, vendor, token).postings}
    assert first == again
    payload = ats_server.payloads[(vendor, token)]
    payload["jobs"][0]["title"] += " II"
    changed = {p.external_id: p.content_hash for p in _board(ats_server, vendor, token).postings}
    diff = [k for k in first if first[k] != changed[k]]
    assert len(diff) == 1
    assert json.dumps(payload)  # still a valid payload


def test_personio_xml_in_its_declared_encoding(ats_server: AtsServer) -> None:
    xml = ('<?xml version="1.0" encoding="ISO-8859-1"?><workzag-jobs><position><id>7</id>'
           "<name>Entwickler für Datenbanken (m/w/d)</name><office>München</office>"
           "<jobDescriptions><jobDescription><name>Aufgaben</name><value><![CDATA[<p>Schöne Arbeit &amp; mehr</p>]]>"
           "</value></jobDescription></jobDescriptions><createdAt>2026-01-05T10:00:00+01:00</createdAt></position>"
           "</workzag-jobs>")
    ats_server.payloads[("personio", "sonnenfeld-energie")] = xml.encode("latin-1").decode("latin-1")

    import jobsearch_pipelines_tests.ingestion.ats_server as srv

    original = srv.AtsServer._send

    def latin1(handler, status, body, headers=None, content_type="application/json"):  # type: ignore[no-untyped-def]
        if b"ISO-8859-1" in body:
            body = body.decode().encode("latin-1")
        return original(handler, status, body, headers, content_type)

    srv.AtsServer._send = staticmethod(latin1)  # type: ignore[method-assign,assignment]
    try:
        result = _board(ats_server, "personio", "sonnenfeld-energie")
    finally:
        srv.AtsServer._send = staticmethod(original)  # type: ignore[method-assign,assignment]
    [posting] = result.postings
    assert posting.title == "Entwickler für Datenbanken (m/w/d)" and posting.locations == ["München"]
    assert posting.country_codes == ["DE"] and posting.description_text == "Aufgaben\nSchöne Arbeit & mehr"
    assert posting.posted_at == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
