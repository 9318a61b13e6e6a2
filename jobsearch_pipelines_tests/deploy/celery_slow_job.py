"""A job for the worker-loss test: four steps that each sleep, then record their effect in a file that may be
created only once (a second creation would fail the step). Run with the Celery executor of the profile."""

from __future__ import annotations

import os
import time
from pathlib import Path

import dagster as dg
from dagster_celery import celery_executor

from jobsearch_pipelines.lib.celery_settings import executor_config

EFFECTS_ENV = "JOBSEARCH_TEST_EFFECTS_DIR"


@dg.op(out=dg.DynamicOut(int))
def items() -> object:
    for i in range(4):
        yield dg.DynamicOutput(i, mapping_key=f"item_{i}")


@dg.op
def slow_effect(item: int) -> int:
    time.sleep(float(os.environ.get("JOBSEARCH_TEST_STEP_SECONDS", "6")))
    path = Path(os.environ[EFFECTS_ENV]) / f"effect_{item}"
    with path.open("x") as handle:  # "x": a second run of the same effect fails loudly
        handle.write(str(os.getpid()))
    return item


@dg.op
def total(values: list[int]) -> int:
    return sum(values)


@dg.job(executor_def=celery_executor.configured(executor_config(), name="celery"))
def slow_effects() -> None:
    total(items().map(slow_effect).collect())
