"""The modern Dagster CLI works on the project (`[tool.dg]` in pyproject.toml): `dg check defs`, `dg list defs`."""

from __future__ import annotations

import json
import os

from jobsearch_pipelines_tests.helpers_processes import BIN, run_in_group


def test_dg_check_and_list_defs() -> None:
    env = {**os.environ, "VIRTUAL_ENV": str(BIN.parent)}
    checked = run_in_group([str(BIN / "dg"), "check", "defs"], env, timeout=300)
    assert checked.returncode == 0 and "All definitions loaded successfully" in checked.stdout + checked.stderr
    listed = run_in_group([str(BIN / "dg"), "list", "defs", "--json"], env, timeout=300)
    assert listed.returncode == 0, listed.stderr
    names = {job["name"] for job in json.loads(listed.stdout)["jobs"]}
    assert {"hourly_job_ingestion", "job_search_pipeline", "scan_pending_warc_files"} <= names
