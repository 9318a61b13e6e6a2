"""Classification quality on the labelled page set, look-alikes never passing, and the golden-record merge."""

from __future__ import annotations

import pytest

from jobsearch_pipelines.lib.companies import golden
from jobsearch_pipelines.lib.companies.charset import decode_body
from jobsearch_pipelines.lib.companies.classify import classify_html
from jobsearch_pipelines.lib.companies.evaluate import evaluate
from jobsearch_pipelines.lib.companies.models import PageSignals
from jobsearch_pipelines.lib.companies.scoring import classify
from jobsearch_pipelines_tests.companies.warc_builders import LABELS_FILE, labelled_pages, page_bytes


def test_labelled_set_is_big_varied_and_multilingual() -> None:
    labels = labelled_pages()
    assert len(labels) >= 40
    assert {entry["category"] for entry in labels} == {"CONSULTANCY", "AGENCY", "STAFFING", "DIRECTORY", "PRODUCT",
                                                       "OTHER"}
    assert {entry["language"] for entry in labels} >= {"en", "de", "nl", "fr", "pt", "es"}


def test_precision_and_recall_on_the_labelled_set() -> None:
    result = evaluate(LABELS_FILE)
    assert result.consultancy.precision >= 0.9, result.table()
    assert result.consultancy.recall >= 0.8, result.table()
    assert result.accuracy >= 0.85, result.table()
    for name in ("STAFFING", "DIRECTORY", "PRODUCT", "AGENCY"):
        assert result.categories[name].recall >= 0.6, result.table()


@pytest.mark.parametrize("entry", [e for e in labelled_pages() if e["category"] != "CONSULTANCY"],
                         ids=lambda e: e["file"])
def test_look_alikes_never_pass_as_consultancies(entry: dict) -> None:
    html, _ = decode_body(page_bytes(entry["file"]))
    _, verdict = classify_html(html, entry["url"], min_score=0.65)
    assert not verdict.is_consultancy, verdict.reasons


def test_reasons_explain_the_verdict() -> None:
    html, _ = decode_body(page_bytes("s01_apex_en.html"))
    _, verdict = classify_html(html, "https://www.apextalent.co.uk/")
    assert verdict.category == "STAFFING" and verdict.score < 0.65
    assert any(r.startswith("-") and "staffing" in r and "EmploymentAgency" in r for r in verdict.reasons)
    html, _ = decode_body(page_bytes("c06_kaiser_de.html"))
    _, verdict = classify_html(html, "https://www.kaiser-partner.de/")
    assert verdict.is_consultancy and any("beratung (de)" in r for r in verdict.reasons)


def test_empty_signals_are_other_with_low_confidence() -> None:
    verdict = classify(PageSignals())
    assert verdict.category == "OTHER" and verdict.score == 0 and "low confidence overall" in verdict.reasons


def _fact(i: int, field: str, value: object, conf: float, method: str, ts: str, crawl: str) -> golden.FactRecord:
    return golden.FactRecord(i, field, value, conf, method, ts, crawl, f"2026-11-0{i}T00:00:00")


def test_golden_newest_evidence_wins_among_comparable_confidence() -> None:
    facts = [
        _fact(1, "name", "Acme Consulting GmbH", 0.95, "jsonld", "20260101000000", "A"),
        _fact(2, "name", "Acme | Home", 0.45, "heuristic", "20260901000000", "B"),  # newer but much weaker
        _fact(3, "name", "ACME Consulting", 0.95, "jsonld", "20260601000000", "C"),  # newer, as strong
        _fact(4, "services", ["Audits"], 0.85, "jsonld", "20260601000000", "C"),
        _fact(5, "services", ["Cloud", "audits"], 0.55, "dom", "20260601000000", "C"),
        _fact(6, "services", ["Old service"], 0.85, "jsonld", "20260101000000", "A"),
        _fact(7, "emails", ["INFO@acme.de"], 0.85, "jsonld", "20260601000000", "C"),
    ]
    merged = golden.merge(facts)
    assert merged["name"][0] == "ACME Consulting" and merged["name"][1].id == 3
    assert merged["services"][0] == ["Audits", "Cloud"]  # one crawl's pages together; 'audits' is a duplicate
    assert merged["emails"][0] == ["INFO@acme.de"]
    assert golden.normalize_value("emails", "MAILTO:Info@Acme.de") == "info@acme.de"
    assert golden.normalize_value("phones", "+49 (89) 123-4") == "+49891234"
