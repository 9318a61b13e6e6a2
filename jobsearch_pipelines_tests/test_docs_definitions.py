"""docs/definitions.md lists every job, schedule, sensor and asset with its source file, and is current."""

from __future__ import annotations

from click.testing import CliRunner

from jobsearch_pipelines.cli.docs import render_table
from jobsearch_pipelines.cli.main import cli


def test_the_checked_in_table_is_current() -> None:
    result = CliRunner().invoke(cli, ["docs", "definitions", "--check"])
    assert result.exit_code == 0, result.output + "\nrun `jobsearch docs definitions --write`"


def test_every_generated_name_is_located() -> None:
    table = render_table()
    assert "not found in the source" not in table
    assert "| sensor | `on_job_applied_sensor` |" in table and "generated from `on_job_applied`" in table
