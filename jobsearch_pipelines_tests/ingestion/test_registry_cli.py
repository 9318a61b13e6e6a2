"""The board registry and `jobsearch boards add/list/disable/enable/seed` through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import AtsBoard, Company
from jobsearch_pipelines.lib.ingestion.registry import add_board, board_from_url, seed_boards


@pytest.mark.parametrize(("url", "expected"), [
    ("https://jobs.ashbyhq.com/Ramp/7c1e0f", ("ashby", "Ramp")),
    ("https://api.ashbyhq.com/posting-api/job-board/notion?includeCompensation=true", ("ashby", "notion")),
    ("https://boards.greenhouse.io/airbnb/jobs/123", ("greenhouse", "airbnb")),
    ("https://job-boards.greenhouse.io/vercel", ("greenhouse", "vercel")),
    ("https://boards.greenhouse.io/embed/job_board?for=stripe", ("greenhouse", "stripe")),
    ("https://boards-api.greenhouse.io/v1/boards/acme/jobs", ("greenhouse", "acme")),
    ("https://jobs.lever.co/palantir/5b0c-uuid/apply", ("lever", "palantir")),
    ("https://jobs.eu.lever.co/kestrel", ("lever_eu", "kestrel")),
    ("https://api.eu.lever.co/v0/postings/kestrel?mode=json", ("lever_eu", "kestrel")),
    ("https://apply.workable.com/fjordbyte/j/ABC123/", ("workable", "fjordbyte")),
    ("https://apply.workable.com/api/v1/widget/accounts/fjordbyte", ("workable", "fjordbyte")),
    ("https://fjordbyte.workable.com", ("workable", "fjordbyte")),
    ("https://jobs.smartrecruiters.com/ValeriusConsulting/744000099000000-x", ("smartrecruiters",
                                                                               "ValeriusConsulting")),
    ("https://larkspur.recruitee.com/o/embedded-engineer", ("recruitee", "larkspur")),
    ("https://sonnenfeld.jobs.personio.de/job/1700000", ("personio", "sonnenfeld")),
    ("https://sonnenfeld.jobs.personio.com/", ("personio", "sonnenfeld")),
    ("jobs.lever.co/acme", ("lever", "acme")),
    ("https://jobs.ashbyhq.com/api/non-user-graphql", None),
    ("https://example.com/careers", None),
    ("https://www.recruitee.com/pricing", None),
])
def test_board_from_url(url: str, expected: tuple[str, str] | None) -> None:
    assert board_from_url(url) == expected


def test_add_board_validates_and_discovery_keeps_disabled_boards_disabled(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        with pytest.raises(ValueError, match=r"^vendor: unknown ATS vendor 'taleo'"):
            add_board(session, "taleo", "acme")
        with pytest.raises(ValueError, match=r"^token: "):
            add_board(session, "lever", "../etc/passwd")
        board, created = add_board(session, "Lever", " acme ", company_name="Acme Corp", origin="cli")
        assert created and (board.vendor, board.token, board.url) == ("lever", "acme", "https://jobs.lever.co/acme")
        assert session.get(Company, board.company_id).key == "acme-corp"  # type: ignore[union-attr]
        board.is_active = False
        again, created = add_board(session, "lever", "acme", origin="discovery", confidence=0.6)
        assert not created and again.is_active is False and again.confidence == 1.0
    engine.dispose()


def test_seed_from_csv_and_errors_name_the_entry(sqlite_url: str, tmp_path: Path) -> None:
    csv_file = tmp_path / "boards.csv"
    csv_file.write_text("vendor,token,company_name,active\ngreenhouse,acme,Acme,true\nlever,beta,Beta,false\n")
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        result = seed_boards(session, csv_file)
        assert (result.added, result.updated) == (2, 0)
        assert seed_boards(session, csv_file).updated == 2
        boards = {b.token: b.is_active for b in session.scalars(select(AtsBoard))}
        assert boards == {"acme": True, "beta": False}
    bad = tmp_path / "bad.yaml"
    bad.write_text("boards:\n  - {vendor: lever, token: ok}\n  - {vendor: nope, token: x}\n")
    with session_scope(engine) as session, pytest.raises(ValueError, match=r"^boards\[1\]\.vendor: unknown"):
        seed_boards(session, bad)
    engine.dispose()


def test_boards_cli(app_db: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["boards", "seed"])
    assert result.exit_code == 0, result.output
    assert "10 added" in result.output
    result = runner.invoke(cli, ["boards", "add", "https://jobs.lever.co/newco", "--company", "NewCo"])
    assert result.exit_code == 0 and "added lever:newco" in result.output
    result = runner.invoke(cli, ["boards", "add", "greenhouse", "acme"])
    assert result.exit_code == 0 and "added greenhouse:acme" in result.output
    result = runner.invoke(cli, ["boards", "add", "ashby", "webco", "--company", "WebCo", "--website",
                                 "https://www.webco.example/about"])
    assert result.exit_code == 0, result.output
    with session_scope(make_engine(app_db)) as session:
        assert session.scalars(select(Company.website).where(Company.name == "WebCo")).one() == \
            "https://webco.example"
    result = runner.invoke(cli, ["boards", "disable", "lever", "newco"])
    assert result.exit_code == 0 and "disabled lever:newco" in result.output
    result = runner.invoke(cli, ["boards", "list", "--inactive"])
    assert result.exit_code == 0 and "lever:newco" in result.output and "greenhouse:acme" not in result.output
    result = runner.invoke(cli, ["boards", "list"])
    assert result.output.count("\n") == 1 + 13
    result = runner.invoke(cli, ["boards", "enable", "lever", "newco"])
    assert result.exit_code == 0 and "enabled lever:newco" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["boards", "add", "taleo", "acme"], "vendor: unknown ATS vendor 'taleo'"),
    (["boards", "add", "lever", "bad token!"], "token: 'bad token!' is not a board token"),
    (["boards", "add", "https://example.com/careers"], "give VENDOR TOKEN"),
    (["boards", "disable", "lever", "missing"], "board: no board lever:missing is registered"),
    (["boards", "add", "lever", "ok", "--company", "Ok", "--website", "https://jobs.lever.co/ok"],
     "website: 'https://jobs.lever.co/ok' is not a company's own site"),
])
def test_boards_cli_bad_input_is_a_clear_usage_error(app_db: str, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
