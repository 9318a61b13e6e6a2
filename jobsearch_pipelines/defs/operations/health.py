"""What Dagster knows of the platform's health: freshness of the promised assets, failing ERROR checks, runs.

Shared by the alert sensors and ``jobsearch status`` so both report the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import dagster as dg
from dagster._core.definitions.freshness import TimeWindowFreshnessPolicy
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus


@dataclass(frozen=True)
class AssetFreshness:
    asset: str
    last_materialized: datetime | None
    fail_window: timedelta

    def overdue(self, now: datetime) -> bool:
        """Past its window; an asset never materialized is not overdue (it has not made a promise yet)."""
        return self.last_materialized is not None and now - self.last_materialized >= self.fail_window


@dataclass(frozen=True)
class FailingCheck:
    asset: str
    check: str
    description: str | None


def asset_freshness(instance: dg.DagsterInstance, asset_graph: object) -> list[AssetFreshness]:
    """Every asset with a time-window freshness policy and its last materialization time."""
    found = []
    for node in asset_graph.asset_nodes:  # type: ignore[attr-defined]
        policy = node.freshness_policy_or_from_metadata
        if not isinstance(policy, TimeWindowFreshnessPolicy):
            continue
        event = instance.get_latest_materialization_event(node.key)
        last = datetime.fromtimestamp(event.timestamp, UTC) if event else None
        found.append(AssetFreshness(node.key.to_user_string(), last, policy.fail_window.to_timedelta()))
    return sorted(found, key=lambda f: f.asset)


def failing_error_checks(instance: dg.DagsterInstance, check_keys: Iterable[dg.AssetCheckKey]) -> list[FailingCheck]:
    """Checks whose latest evaluation failed with ERROR severity."""
    latest = instance.event_log_storage.get_latest_asset_check_execution_by_key(list(check_keys))
    failing = []
    for key, record in latest.items():
        if record.status != AssetCheckExecutionRecordStatus.FAILED or record.event is None:
            continue
        evaluation = record.event.dagster_event.event_specific_data if record.event.dagster_event else None
        if getattr(evaluation, "severity", dg.AssetCheckSeverity.ERROR) != dg.AssetCheckSeverity.ERROR:
            continue
        failing.append(FailingCheck(key.asset_key.to_user_string(), key.name, getattr(evaluation, "description", None)))
    return sorted(failing, key=lambda c: (c.asset, c.check))


def run_counts(instance: dg.DagsterInstance, now: datetime) -> dict[str, int]:
    """Runs queued and in progress now, failed and succeeded in the last 24 hours."""
    since = now - timedelta(hours=24)
    status = dg.DagsterRunStatus
    return {
        "queued": instance.get_runs_count(dg.RunsFilter(statuses=[status.QUEUED])),
        "in_progress": instance.get_runs_count(dg.RunsFilter(statuses=[status.STARTING, status.STARTED])),
        "failed_24h": instance.get_runs_count(dg.RunsFilter(statuses=[status.FAILURE], updated_after=since)),
        "succeeded_24h": instance.get_runs_count(dg.RunsFilter(statuses=[status.SUCCESS], updated_after=since)),
    }
