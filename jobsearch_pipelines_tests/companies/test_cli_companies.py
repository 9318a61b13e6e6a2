"""`jobsearch companies ...` through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.db.engine import make_engine
from jobsearch_pipelines.db.schema import Company, WarcScan
from jobsearch_pipelines_tests.companies.warc_builders import LABELS_FILE, PAGES_DIR, labelled_pages
from jobsearch_pipelines_tests.companies.world import World

KEYS = ["url", "is_consultancy", "score", "category", "name", "services", "ats_boards", "reasons"]


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def test_classify_a_folder_of_html_with_a_url_map(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(PAGES_DIR, folder)
    (folder / "broken.html").write_bytes(b"\x00\x01\x02binary")
    url_map = tmp_path / "urls.json"
    url_map.write_text(json.dumps({e["file"]: e["url"] for e in labelled_pages()}))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["companies", "classify", "--input", str(folder), "--output", str(out),
                                      "--url-map", str(url_map)])
    assert result.exit_code == 0, result.output
    lines = _lines(out)
    assert len(lines) == len(labelled_pages()) and all(list(line) == KEYS for line in lines)
    northwind = next(line for line in lines if line["url"] == "https://www.northwind-digital.co.uk/")
    assert northwind["is_consultancy"] and northwind["category"] == "CONSULTANCY"
    assert northwind["name"] == "Northwind Digital Ltd" and "Cloud migration" in northwind["services"]
    assert northwind["ats_boards"] == [{"vendor": "greenhouse", "token": "northwinddigital",
                                        "url": "https://boards.greenhouse.io/northwinddigital"}]
    apex = next(line for line in lines if line["url"] == "https://www.apextalent.co.uk/")
    assert apex["category"] == "STAFFING" and not apex["is_consultancy"] and apex["reasons"]
    skipped = _lines(tmp_path / "out.jsonl.skipped.jsonl")
    assert [s["reason"] for s in skipped] == ["undecodable"]


def test_classify_a_warc_file(tmp_path: Path, world: World) -> None:
    warc = tmp_path / "segment.warc.gz"
    warc.write_bytes(world.new_warc)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["companies", "classify", "--input", str(warc), "--output", str(out)])
    assert result.exit_code == 0, result.output
    categories = {line["url"]: line["category"] for line in _lines(out)}
    assert categories["https://firmscout.com/"] == "DIRECTORY"
    assert categories["https://shipgrid.com/services"] == "PRODUCT"
    assert categories["https://bestconsultingservices.biz/"] == "OTHER"
    reasons = sorted(s["reason"] for s in _lines(tmp_path / "out.jsonl.skipped.jsonl") if s["reason"] != "not_response")
    # the 3 MB page fits the default 15 MB cap here; the corrupt member ends the readable part of the file
    assert reasons == ["http_status", "http_status", "http_status", "not_html", "unreadable"]
    # every request, metadata and warcinfo record is accounted for, by type
    other = [s for s in _lines(tmp_path / "out.jsonl.skipped.jsonl") if s["reason"] == "not_response"]
    assert len(other) == 33 and {s["detail"] for s in other} == {
        "WARC record type 'request'", "WARC record type 'metadata'", "WARC record type 'warcinfo'"}
    assert "https://harborsystems.com/services" in categories
    assert "skipped:unreadable=1" in result.output


def test_classify_rejects_bad_input_with_a_named_field(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    result = CliRunner().invoke(cli, ["companies", "classify", "--input", str(text), "--output",
                                      str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and "--input" in result.output and "neither a folder nor a WARC" in result.output
    result = CliRunner().invoke(cli, ["companies", "classify", "--input", str(tmp_path), "--output",
                                      str(tmp_path / "o.jsonl"), "--min-score", "2"])
    assert result.exit_code == 2 and "--min-score" in result.output


def test_eval_prints_the_quality_table() -> None:
    result = CliRunner().invoke(cli, ["companies", "eval", "--labels", str(LABELS_FILE)])
    assert result.exit_code == 0, result.output
    assert "| is_consultancy (score ≥ minScore) | 15 |" in result.output and "| STAFFING | 7 |" in result.output


REAL_LABELS = Path(__file__).parents[2] / "jobsearch_pipelines/data/companies_eval/remoteintech/labels.csv"


def test_eval_reads_the_real_page_set_by_split() -> None:
    """The held-out split of the real pages (labels.csv + pages.jsonl) through the same command; no staffing firm
    or directory among them is taken for a consultancy."""
    result = CliRunner().invoke(cli, ["companies", "eval", "--labels", str(REAL_LABELS), "--split", "test"])
    assert result.exit_code == 0, result.output
    assert "| CONSULTANCY | 99 |" in result.output and "on 445 pages" in result.output
    from jobsearch_pipelines.lib.companies.evaluate import evaluate

    rows = evaluate(REAL_LABELS, split="test").rows
    assert not [r["file"] for r in rows if r["expected"] in {"STAFFING", "DIRECTORY"} and r["is_consultancy"]]


def test_eval_names_a_label_without_a_page(tmp_path: Path) -> None:
    (tmp_path / "pages.jsonl").write_text('{"slug": "acme", "url": "https://acme.example/", "html": "<p>x</p>"}\n')
    (tmp_path / "labels.csv").write_text("slug,category,confidence,split\nacme,PRODUCT,high,dev\nghost,OTHER,low,dev\n")
    result = CliRunner().invoke(cli, ["companies", "eval", "--labels", str(tmp_path / "labels.csv")])
    assert result.exit_code == 2 and "no page in pages.jsonl for slug 'ghost'" in result.output
    ok = CliRunner().invoke(cli, ["companies", "eval", "--labels", str(tmp_path / "labels.csv"), "--split", "test"])
    assert ok.exit_code == 0 and "on 0 pages" in ok.output


def test_discover_and_scan_commands(app_db: str, world: World, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBSEARCH_CC_INDEX_URL", world.standin.base_url)
    monkeypatch.setenv("JOBSEARCH_CC_DATA_URL", world.standin.base_url)
    runner = CliRunner()
    result = runner.invoke(cli, ["companies", "discover", "--domain", "kaiser-partner.de", "--index-interval", "0",
                                 "--max-pages", "2"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["consultancies"] == ["kaiser-partner.de"]
    bad = runner.invoke(cli, ["companies", "discover", "--domain", "not a domain"])
    assert bad.exit_code == 2 and "domains" in bad.output

    warc = tmp_path / "old.warc.gz"
    warc.write_bytes(world.old_warc)
    added = runner.invoke(cli, ["companies", "scan", "add", str(tmp_path),
                                f"{world.standin.base_url}/crawl-data/x.warc.gz"])
    assert added.exit_code == 0 and "2 WARC file(s) pending" in added.output
    ran = runner.invoke(cli, ["companies", "scan", "run", str(warc), "--index-interval", "0"])
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.output)["consultancies"] == ["kaiser-partner.de", "lumenvale.co.uk",
                                                      "northwind-digital.co.uk"]
    listed = runner.invoke(cli, ["companies", "scan", "list"])
    assert "done" in listed.output and "pending" in listed.output
    with Session(make_engine(app_db)) as session:
        assert session.scalar(select(WarcScan).where(WarcScan.warc_path == str(warc.resolve()))).status == "done"
        assert session.scalar(select(Company).where(Company.canonical_domain == "lumenvale.co.uk")) is not None
