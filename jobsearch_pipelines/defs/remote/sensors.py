"""Runs ``job_remote_eligibility`` right after ``jobs`` is materialised (its eager automation condition)."""

import dagster as dg

from jobsearch_pipelines.defs.remote.assets import job_remote_eligibility

remote_automation_sensor = dg.AutomationConditionSensorDefinition(
    "remote_automation_sensor",
    target=dg.AssetSelection.assets(job_remote_eligibility),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=60,
    description="Evaluates job_remote_eligibility's automation condition: classify new or changed jobs as they land.",
)
