"""Keyed concurrency -> dagster.yaml tag limits: the project's file has every one, and the queue parses them."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest
import yaml

from jobsearch_pipelines.defs.flow_control.registry import discover_event_functions
from jobsearch_pipelines.lib.events.functions import EventFunction, Outcome
from jobsearch_pipelines.lib.flow_control.config import Concurrency, FlowControl, Throttle
from jobsearch_pipelines.lib.flow_control.tag_limits import (
    check_tag_limits,
    required_tag_limits,
    sync_dagster_yaml,
)
from jobsearch_pipelines.lib.instance_config import ROOT_INSTANCE_YAML


def _fn(name: str, fc: FlowControl) -> EventFunction:
    return EventFunction(name, f"test/{name}", lambda s, e: Outcome.processed(), flow_control=fc)


def test_required_limits_keyed_and_unkeyed() -> None:
    fns = [_fn("per_user", FlowControl(concurrency=Concurrency(3, key="event.data.userId"))),
           _fn("whole", FlowControl(concurrency=Concurrency(2))),
           _fn("none", FlowControl(throttle=Throttle(1, "1s")))]
    assert required_tag_limits(fns) == [
        {"key": "jobsearch/concurrency.per_user", "value": {"applyLimitPerUniqueValue": True}, "limit": 3},
        {"key": "jobsearch/concurrency.whole", "limit": 2},
    ]


def test_project_dagster_yaml_has_every_event_function_limit() -> None:
    """Fails when someone adds or changes a Concurrency: run `jobsearch flow tag-limits --write dagster.yaml`."""
    functions = discover_event_functions()
    assert {"user_processing", "comprehensive"} <= {fn.name for fn in functions}
    config = yaml.safe_load(ROOT_INSTANCE_YAML.read_text())
    assert check_tag_limits(config, functions) == []
    with dg.instance_for_test(overrides={k: v for k, v in config.items() if k != "telemetry"}) as instance:
        limits = instance.get_concurrency_config().run_queue_config.tag_concurrency_limits  # type: ignore[union-attr]
    for entry in required_tag_limits(functions):
        assert entry in limits


def test_check_reports_missing_wrong_and_stale() -> None:
    fns = [_fn("per_user", FlowControl(concurrency=Concurrency(3, key="event.data.userId")))]
    config = {"concurrency": {"runs": {"tag_concurrency_limits": [
        {"key": "jobsearch/concurrency.per_user", "limit": 3},
        {"key": "jobsearch/concurrency.gone", "limit": 1},
    ]}}}
    problems = check_tag_limits(config, fns)
    assert len(problems) == 2
    assert "jobsearch/concurrency.per_user" in problems[0] and "stale" in problems[1]
    assert check_tag_limits({}, fns) == ["missing tag limit for jobsearch/concurrency.per_user (limit 3)"]


def test_sync_rewrites_only_the_marked_block(tmp_path: Path) -> None:
    path = tmp_path / "dagster.yaml"
    original = ROOT_INSTANCE_YAML.read_text()
    path.write_text(original)
    fns = [_fn("per_user", FlowControl(concurrency=Concurrency(4, key="event.data.userId")))]
    assert sync_dagster_yaml(path, fns)
    assert not sync_dagster_yaml(path, fns)
    config = yaml.safe_load(path.read_text())
    assert check_tag_limits(config, fns) == []
    before, after = original.splitlines(), path.read_text().splitlines()
    assert before[:18] == after[:18] and before[-20:] == after[-20:]  # the rest of the file is untouched
    path.write_text("concurrency: {}\n")
    with pytest.raises(ValueError, match="marker"):
        sync_dagster_yaml(path, fns)
