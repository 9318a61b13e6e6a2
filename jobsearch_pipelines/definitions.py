"""The code location's single entry point: every asset, job, schedule, sensor and resource of the project.

Each domain lives in its own folder under ``defs/`` and is discovered by ``load_defs``; shared resources are
bound in ``defs/resources.py``.
"""

from __future__ import annotations

import dagster as dg
from dagster.components import load_defs

import jobsearch_pipelines.defs


@dg.definitions
def defs() -> dg.Definitions:
    return load_defs(jobsearch_pipelines.defs)
