"""The `jobsearch` CLI: help, migrations, and bad input reported as one clear line naming the field."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.db import migrate
from jobsearch_pipelines.db.engine import make_engine


def test_help_lists_every_group() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for group in ("db", "dev", "demo", "events", "flow", "boards", "skills", "companies", "digest"):
        assert group in result.output


def test_db_upgrade_twice_is_a_noop(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["db", "upgrade", "--url", url])
        assert result.exit_code == 0, result.output
        assert f"revision {migrate.head_revision()}" in result.output
    assert migrate.is_up_to_date(make_engine(url))


def test_db_upgrade_with_a_bad_url_is_one_clear_line() -> None:
    result = CliRunner().invoke(cli, ["db", "upgrade", "--url", "not a url"])
    assert result.exit_code == 1
    assert result.output.startswith("Error:") and "Traceback" not in result.output


def test_bad_option_value_names_the_option() -> None:
    result = CliRunner().invoke(cli, ["dev", "--port", "abc"])
    assert result.exit_code == 2
    assert "--port" in result.output


def test_dev_postgres_without_url_is_a_usage_error(monkeypatch) -> None:
    monkeypatch.delenv("DAGSTER_PG_URL", raising=False)
    result = CliRunner().invoke(cli, ["dev", "--postgres"])
    assert result.exit_code == 2 and "DAGSTER_PG_URL" in result.output
