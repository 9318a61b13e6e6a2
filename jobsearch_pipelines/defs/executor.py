"""The executor of every job that does not choose its own: Dagster's default (steps in subprocesses of the run),
or, with ``JOBSEARCH_EXECUTOR=celery``, ``dagster-celery`` (each step a Celery task that any worker on any machine
may run; see docs/deployment.md)."""

from __future__ import annotations

import dagster as dg

from jobsearch_pipelines.lib.celery_settings import celery_enabled, executor_config


@dg.definitions
def executor() -> dg.Definitions:
    if not celery_enabled():
        return dg.Definitions()
    from dagster_celery import celery_executor

    return dg.Definitions(executor=celery_executor.configured(executor_config(), name="celery"))
