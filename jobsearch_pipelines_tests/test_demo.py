"""`jobsearch demo` — the main job on the embedded default, offline: boards -> skills -> ranking -> .eml digests."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import dagster as dg
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.db.engine import default_database_url, make_engine, session_scope
from jobsearch_pipelines.db.schema import Digest, Job, JobRanking, JobSkill, User


@pytest.mark.slow
def test_demo_runs_the_main_job_offline_and_writes_digest_emails(tmp_path: Path, isolated_env: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "dagster_home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.delenv("JOBSEARCH_ATS_MODE", raising=False)
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert "succeeded" in result.output

    with session_scope(make_engine(default_database_url())) as session:
        assert session.scalar(select(func.count()).select_from(Job)) >= 50
        assert session.scalar(select(func.count()).select_from(JobSkill)) > 0
        assert session.scalar(select(func.count()).select_from(JobRanking)) > 0
        users = session.scalars(select(User)).all()
        assert session.scalar(select(func.count()).select_from(Digest)) == len(users) == 3
        emails = {u.email for u in users}

    files = sorted((isolated_env / "outbox").glob("**/*.eml"))
    assert len(files) == 3
    recipients = set()
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        recipients.add(message["To"])
        assert "digest" in message["Subject"].lower()
        assert "http" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert recipients == emails

    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs(dg.RunsFilter(job_name="job_search_pipeline"))
        assert runs and runs[0].status == dg.DagsterRunStatus.SUCCESS
        skills = instance.get_latest_materialization_event(dg.AssetKey("job_skills")).asset_materialization
        assert skills.metadata["dagster/row_count"].value > 0
        assert len(skills.metadata["top_skills"].records) == 20
        assert skills.metadata["chart_top_skills"].value.startswith("![The 20 most demanded skills")

    again = CliRunner().invoke(cli, ["demo"])  # a second run sends no second digest on the same day
    assert again.exit_code == 0, again.output
    assert len(sorted((isolated_env / "outbox").glob("**/*.eml"))) == 3
