"""The Celery deployment profile's settings, one place for the executor (the run's side) and the workers.

Environment: ``JOBSEARCH_EXECUTOR=celery`` turns the profile on; ``JOBSEARCH_CELERY_BROKER_URL`` (default
RabbitMQ on 127.0.0.1) and ``JOBSEARCH_CELERY_BACKEND_URL`` (default Redis on 127.0.0.1). Late acknowledgement
and re-queue on a lost worker make a killed worker's step run again on another worker; one task at a time per
worker process (prefetch 1) keeps a long step from holding others back.
"""

from __future__ import annotations

import os
from typing import Any

EXECUTOR_ENV = "JOBSEARCH_EXECUTOR"
BROKER_ENV = "JOBSEARCH_CELERY_BROKER_URL"
BACKEND_ENV = "JOBSEARCH_CELERY_BACKEND_URL"
DEFAULT_BROKER = "pyamqp://guest:guest@127.0.0.1:5672//"
DEFAULT_BACKEND = "redis://127.0.0.1:6379/0"
DEFAULT_QUEUE = "dagster"
WARC_QUEUE = "warc"
QUEUE_TAG = "dagster-celery/queue"  # a step's tag choosing its queue (dagster_celery.tags)

CONFIG_SOURCE: dict[str, Any] = {
    "task_acks_late": True,
    "task_reject_on_worker_lost": True,
    "worker_prefetch_multiplier": 1,
    "broker_connection_retry_on_startup": True,
}


def celery_enabled() -> bool:
    return (os.environ.get(EXECUTOR_ENV) or "").strip().lower() == "celery"


def executor_config() -> dict[str, Any]:
    """The ``celery_executor`` config: broker and backend from the environment, the reliability settings."""
    return {"broker": os.environ.get(BROKER_ENV) or DEFAULT_BROKER,
            "backend": os.environ.get(BACKEND_ENV) or DEFAULT_BACKEND,
            "config_source": dict(CONFIG_SOURCE)}
