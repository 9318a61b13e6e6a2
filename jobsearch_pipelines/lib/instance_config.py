"""The Dagster instance configuration: the root ``dagster.yaml`` plus, when asked, PostgreSQL storage.

One switch (``DAGSTER_PG_URL`` set, or ``postgres=True``) puts run history, event logs and schedules on
PostgreSQL via dagster-postgres; the run queue, retries and monitoring stay exactly those of ``dagster.yaml``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

PG_URL_ENV = "DAGSTER_PG_URL"
ROOT_INSTANCE_YAML = Path(__file__).resolve().parents[2] / "dagster.yaml"


def instance_config(postgres: bool, base: Path = ROOT_INSTANCE_YAML) -> dict[str, Any]:
    """The instance config as a dict: ``base`` with a PostgreSQL ``storage`` block when ``postgres``."""
    config: dict[str, Any] = yaml.safe_load(base.read_text()) or {}
    if postgres:
        config["storage"] = {"postgres": {"postgres_url": {"env": PG_URL_ENV}}}
    return config


def prepare_dagster_home(home: Path, postgres: bool | None = None, base: Path = ROOT_INSTANCE_YAML) -> Path:
    """Create ``home`` and write its ``dagster.yaml``; ``postgres`` defaults to whether DAGSTER_PG_URL is set."""
    if postgres is None:
        postgres = bool(os.environ.get(PG_URL_ENV))
    home = home.resolve()
    home.mkdir(parents=True, exist_ok=True)
    header = "# Generated from the project's dagster.yaml by `jobsearch dev` / prepare_dagster_home: edit that file.\n"
    (home / "dagster.yaml").write_text(header + yaml.safe_dump(instance_config(postgres, base), sort_keys=False))
    return home
