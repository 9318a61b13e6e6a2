"""The example workflows run in process with the expected outputs, and bad config fails naming the field."""

from __future__ import annotations

import dagster as dg
import pytest
from sqlalchemy import func, select

from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import Failure, User, UserSettings
from jobsearch_pipelines.defs.examples import jobs as examples
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.examples import workflows


def _config(op: str, **values: object) -> dict:
    return {"ops": {op: {"config": values}}}


def test_increment_five_becomes_six_and_is_recorded_as_metadata() -> None:
    result = examples.increment.execute_in_process(run_config=_config("increment_value", value=5))
    assert result.success
    assert result.output_for_node("increment_value") == 6
    materialization = next(e for e in result.all_events if e.event_type_value == "STEP_OUTPUT")
    metadata = materialization.event_specific_data.metadata  # type: ignore[union-attr]
    assert metadata["value"].value == 6


def test_increment_rejects_a_non_integer_naming_the_field() -> None:
    with pytest.raises(dg.DagsterInvalidConfigError) as info:
        examples.increment.execute_in_process(run_config=_config("increment_value", value="five"))
    assert "value" in str(info.value)


def test_user_registration_persists_once_and_is_idempotent(db_url: str) -> None:
    resources = {"database": DatabaseResource(url=db_url)}
    config = _config("validate_user", userId="user_123", email="Ada@Example.COM", name="Ada")
    for _ in range(2):
        result = examples.user_registration.execute_in_process(run_config=config, resources=resources)
        assert result.success
    created = [e for e in result.all_events if e.event_type_value == "STEP_OUTPUT" and e.step_key == "persist_user"]
    assert created[0].event_specific_data.metadata["created"].value is False  # type: ignore[union-attr]
    with session_scope(make_engine(db_url)) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1
        assert session.get(User, "user_123").email == "Ada@example.com"
        assert session.get(UserSettings, "user_123") is not None


def test_user_registration_with_invalid_email_fails_clearly(sqlite_url: str) -> None:
    result = examples.user_registration.execute_in_process(
        run_config=_config("validate_user", userId="user_1", email="not-an-email"),
        resources={"database": DatabaseResource(url=sqlite_url)},
        raise_on_error=False,
    )
    assert not result.success
    failure = result.failure_data_for_node("validate_user")
    assert failure is not None and "email" in failure.user_failure_data.description  # type: ignore[union-attr]
    with session_scope(make_engine(sqlite_url)) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0


def test_user_registration_requires_email_in_config(sqlite_url: str) -> None:
    with pytest.raises(dg.DagsterInvalidConfigError) as info:
        examples.user_registration.execute_in_process(
            run_config=_config("validate_user", userId="u1"), resources={"database": DatabaseResource(url=sqlite_url)}
        )
    assert "email" in str(info.value)


def test_conditional_runs_only_the_branches_with_items() -> None:
    result = examples.conditional.execute_in_process(run_config=_config("route_items", items=[3, 8, 12, 25]))
    assert result.success
    assert result.output_for_node("process_large_items") == [6, 12]
    assert result.output_for_node("process_small_items") == [64]

    only_small = examples.conditional.execute_in_process(run_config=_config("route_items", items=[1, 2, 4]))
    assert only_small.success
    assert only_small.output_for_node("process_small_items") == [4, 16]
    skipped = {e.step_key for e in only_small.all_events if e.event_type_value == "STEP_SKIPPED"}
    assert skipped == {"process_large_items"}


def test_error_handling_retries_transient_failures_with_backoff(sqlite_url: str) -> None:
    result = examples.error_handling.execute_in_process(
        run_config=_config("flaky_step", transient_failures=2),
        resources={"database": DatabaseResource(url=sqlite_url)},
    )
    assert result.success
    retries = [e for e in result.all_events if e.event_type_value == "STEP_UP_FOR_RETRY"]
    assert len(retries) == 2
    assert result.output_for_node("flaky_step") == "succeeded on attempt 3"
    assert result.output_for_node("finish") == "processed order-42"


def test_error_handling_compensates_and_records_a_permanent_failure(sqlite_url: str) -> None:
    result = examples.error_handling.execute_in_process(
        run_config={"ops": {"flaky_step": {"config": {"transient_failures": 0, "fail_permanently": True}},
                            "risky_step": {"config": {"transient_failures": 0, "fail_permanently": True}}}},
        resources={"database": DatabaseResource(url=sqlite_url)},
        raise_on_error=False,
    )
    assert not result.success
    assert result.failure_data_for_node("compensate") is not None
    with session_scope(make_engine(sqlite_url)) as session:
        failure = session.scalars(select(Failure)).one()
    assert failure.kind == "workflow" and "rejected permanently" in failure.error
    assert failure.run_id == result.run_id


def test_pure_workflow_logic() -> None:
    assert workflows.increment(5) == 6
    assert workflows.split_by_threshold([11, 10, 3]) == ([11], [10, 3])
    with pytest.raises(workflows.TransientError):
        workflows.flaky_operation(0, 1)
    assert workflows.flaky_operation(1, 1) == "succeeded on attempt 2"
