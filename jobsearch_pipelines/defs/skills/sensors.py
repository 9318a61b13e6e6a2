"""Runs ``job_skills`` right after ``jobs`` is materialised (its eager automation condition), on by default."""

import dagster as dg

from jobsearch_pipelines.defs.skills.assets import job_skills

skills_automation_sensor = dg.AutomationConditionSensorDefinition(
    "skills_automation_sensor",
    target=dg.AssetSelection.assets(job_skills),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=60,
    description="Evaluates job_skills' automation condition: extract as soon as new or changed jobs land.",
)
