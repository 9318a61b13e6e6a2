"""``daily_cleanup``: retention of jobs, events, notifications and inferred preferences (``lib/maintenance``)."""


import dagster as dg
from pydantic import Field

from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.defs.scheduling import SINGLETON_TAG
from jobsearch_pipelines.lib.maintenance.cleanup import CleanupPolicy, run_cleanup


class CleanupConfig(dg.Config):
    closed_job_days: int = Field(default=90, description="Delete jobs closed for more than this many days.")
    event_days: int = Field(default=30, description="Delete processed/skipped/duplicate events older than this.")
    notification_days: int = Field(default=90, description="Delete sent/suppressed notifications older than this.")
    preference_half_life_days: float = Field(default=90.0, description="Inferred preferences lose half their "
                                                                         "confidence every this many days.")
    preference_min_confidence: float = Field(default=0.25, description="Delete inferred preferences whose "
                                                                        "decayed confidence is below this.")


@dg.op(description="Delete expired closed jobs, old processed events, old sent notifications and decayed "
                   "inferred preferences; report counts.")
def cleanup_expired_data(context: dg.OpExecutionContext, config: CleanupConfig, database: DatabaseResource) -> None:
    try:
        policy = CleanupPolicy(**config.model_dump())
    except ValueError as exc:
        raise dg.Failure(f"config.{exc}", allow_retries=False) from exc
    with database.session() as session:
        counts = run_cleanup(session, utcnow(), policy)
    context.log.info(f"cleanup: {counts.as_dict()}")
    context.add_output_metadata({key: dg.MetadataValue.int(value) for key, value in counts.as_dict().items()})


@dg.job(description="Daily retention cleanup (the original's daily-cleanup, made real).",
        tags={SINGLETON_TAG: "daily_cleanup"})
def daily_cleanup() -> None:
    cleanup_expired_data()
