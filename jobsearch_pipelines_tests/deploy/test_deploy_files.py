"""The checked-in instance files of the PostgreSQL and Celery profiles are the project's dagster.yaml plus the
PostgreSQL storage block, exactly: they cannot drift from the queue settings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jobsearch_pipelines.lib.instance_config import instance_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("profile", ["postgres", "celery"])
def test_profile_instance_file_is_current(profile: str) -> None:
    checked_in = yaml.safe_load((ROOT / "deploy" / profile / "dagster.yaml").read_text())
    assert checked_in == instance_config(postgres=True)
    assert checked_in["storage"] == {"postgres": {"postgres_url": {"env": "DAGSTER_PG_URL"}}}
