"""`jobsearch users import` and `jobsearch ranking eval` through the CLI, on a database the commands migrate-check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.db.engine import DATABASE_URL_ENV, make_engine, session_scope
from jobsearch_pipelines.db.schema import User, UserPreference
from jobsearch_pipelines.lib.ranking.evaluate import parse_judgments, score_profile
from jobsearch_pipelines.lib.users.importing import parse_users

SHIPPED = Path(__file__).resolve().parents[2] / "jobsearch_pipelines" / "data" / "ranking_eval"


@pytest.fixture
def db(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(DATABASE_URL_ENV, sqlite_url)
    return sqlite_url


def test_users_import_creates_then_updates_only_what_changed(db: str, tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    path.write_text("- id: ana\n  email: ana@example.org\n  preferences:\n    tech_stack: [Go]\n"
                    "    target_roles: [Backend Engineer]\n", encoding="utf-8")
    first = CliRunner().invoke(cli, ["users", "import", str(path)])
    assert first.exit_code == 0, first.output
    assert "1 user(s): 1 created, 0 updated, 2 preference(s) recorded" in first.output
    again = CliRunner().invoke(cli, ["users", "import", str(path)])
    assert "0 created, 1 updated, 0 preference(s) recorded" in again.output
    jsonl = tmp_path / "users.jsonl"
    jsonl.write_text(json.dumps({"id": "ana", "email": "ana@example.org",
                                 "preferences": {"tech_stack": ["Go", "Rust"]}}) + "\n", encoding="utf-8")
    third = CliRunner().invoke(cli, ["users", "import", str(jsonl)])
    assert "1 preference(s) recorded" in third.output
    engine = make_engine(db)
    with session_scope(engine) as s:
        assert s.get(User, "ana") is not None
        rows = s.scalars(select(UserPreference).where(UserPreference.user_id == "ana")).all()
        assert {r.source for r in rows} == {"explicit"} and len(rows) == 3
    engine.dispose()


@pytest.mark.parametrize(("text", "message"), [
    ("- id: ana\n  email: not-an-email\n", "users.yaml: user 1: email:"),
    ("- id: ana\n  email: a@b.org\n  preferences:\n    seniority_level: [wizard]\n",
     "users.yaml: user 1: preferences.seniority_level:"),
    ("- id: ana\n  email: a@b.org\n  preferences:\n    favourite_colour: blue\n", "preferences.field: unknown"),
])
def test_users_import_errors_name_the_record_and_field(db: str, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "users.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["users", "import", str(path)])
    assert result.exit_code != 0 and message in result.output


def _board(folder: Path) -> None:
    jobs = [
        {"id": "be-1", "title": "Senior Backend Engineer", "content": "&lt;p&gt;Go and PostgreSQL services.&lt;/p&gt;"},
        {"id": "be-2", "title": "Backend Developer", "content": "&lt;p&gt;Go, Kafka.&lt;/p&gt;"},
        {"id": "jr-1", "title": "Junior Backend Developer", "content": "&lt;p&gt;Go.&lt;/p&gt;"},
        {"id": "nurse", "title": "Nurse", "content": "&lt;p&gt;Patient care.&lt;/p&gt;"},
    ]
    for job in jobs:
        job.update({"location": {"name": "Remote - Europe"}, "updated_at": "2026-12-01T00:00:00Z",
                    "absolute_url": f"https://example.org/{job['id']}", "company_name": f"Co {job['id']}"})
    (folder / "greenhouse").mkdir(parents=True)
    (folder / "greenhouse" / "evalboard.json").write_text(json.dumps({"jobs": jobs}), encoding="utf-8")


def test_ranking_eval_scores_the_product_ranking(db: str, tmp_path: Path) -> None:
    _board(tmp_path / "boards")
    profiles = tmp_path / "profiles.yaml"
    profiles.write_text("- id: gopher\n  split: test\n  email: g@example.org\n  preferences:\n"
                        "    tech_stack: [Go]\n    target_roles: [Backend Engineer]\n"
                        "    seniority_level: [senior]\n", encoding="utf-8")
    judgments = tmp_path / "judgments.jsonl"
    judgments.write_text("".join(json.dumps(j) + "\n" for j in [
        {"user": "gopher", "job": "greenhouse:evalboard:be-1", "grade": 3},
        {"user": "gopher", "job": "greenhouse:evalboard:be-2", "grade": 2},
        {"user": "gopher", "job": "greenhouse:evalboard:jr-1", "grade": 0, "violation": "junior role"},
        {"user": "gopher", "job": "greenhouse:evalboard:nurse", "grade": 0},
    ]), encoding="utf-8")
    args = ["ranking", "eval", "--profiles", str(profiles), "--judgments", str(judgments), "--postings",
            str(tmp_path / "boards"), "-k", "2", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert row["shown"] == ["greenhouse:evalboard:be-1", "greenhouse:evalboard:be-2"]
    assert (row["precision_at_k"], row["ndcg_at_k"], row["violations"]) == (1.0, 1.0, [])
    table = CliRunner().invoke(cli, ["ranking", "eval", "--profiles", str(profiles), "--judgments",
                                     str(judgments), "--split", "test"])
    assert table.exit_code == 0 and "gopher" in table.output and "mean" in table.output


def test_metrics_count_unjudged_as_not_relevant_and_report_violations() -> None:
    judged = {j.job: j for j in parse_judgments('{"user": "u", "job": "a", "grade": 3}\n'
                                                '{"user": "u", "job": "b", "grade": 0, "violation": "US only"}\n')}
    score = score_profile("u", ["b", "x", "a"], judged, k=3)
    assert score.precision == pytest.approx(1 / 3) and score.unjudged == 1
    assert score.violations == ["b: US only"] and 0 < score.ndcg < 1 and score.ceiling == pytest.approx(1 / 3)


def test_the_shipped_set_is_consistent() -> None:
    users = parse_users((SHIPPED / "profiles.yaml").read_text(encoding="utf-8"), "profiles.yaml")
    judgments = parse_judgments((SHIPPED / "judgments.jsonl").read_text(encoding="utf-8"))
    ids = set()
    for name in ("skillspan", "openjobs"):
        data = json.loads((SHIPPED / "boards" / "greenhouse" / f"{name}.json").read_text(encoding="utf-8"))
        ids |= {f"greenhouse:{name}:{job['id']}" for job in data["jobs"]}
    assert len(users) >= 10 and len(ids) >= 400 and len(judgments) >= 150
    assert {j.user for j in judgments} == {u.registration.user_id for u in users}
    assert {j.job for j in judgments} <= ids
