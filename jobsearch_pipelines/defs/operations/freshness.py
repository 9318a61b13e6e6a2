"""Freshness promises of the assets that have one, in one table; each asset passes its entry as
``freshness_policy=``. The UI shows an asset past its window as overdue, and ``asset_health_alert_sensor``
alerts on it (``freshness:<asset>`` incidents)."""

from __future__ import annotations

from datetime import timedelta

import dagster as dg

FRESHNESS_POLICIES: dict[str, dg.FreshnessPolicy] = {
    # hourly ingestion: two missed hours is an incident
    "jobs": dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=2), warn_window=timedelta(hours=1, minutes=15)),
    "job_skills": dg.FreshnessPolicy.time_window(fail_window=timedelta(days=1)),
    "job_rankings": dg.FreshnessPolicy.time_window(fail_window=timedelta(days=1)),
    "digest_emails": dg.FreshnessPolicy.time_window(fail_window=timedelta(days=1, hours=1)),
    # weekly discovery from Common Crawl
    "consultancy_discovery": dg.FreshnessPolicy.time_window(fail_window=timedelta(days=8)),
}
