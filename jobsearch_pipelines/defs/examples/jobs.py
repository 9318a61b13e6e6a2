"""The original system's example workflows as jobs: increment, user_registration, conditional, error_handling.

Each has typed run config (a bad value is a config error naming the field) and is launchable from the UI and
``dagster job launch``/``dagster job execute``.
"""


import dagster as dg
from pydantic import Field

from jobsearch_pipelines.db.schema import Failure
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.examples import workflows
from jobsearch_pipelines.lib.users.accounts import Registration, RegistrationError, upsert_user, validate_registration

EXAMPLES = "examples"


# ---------------------------------------------------------------------------------------------- increment


class IncrementConfig(dg.Config):
    value: int = Field(default=5, description="The number to increment.")


@dg.op(out=dg.Out(int, description="value + 1"))
def increment_value(context: dg.OpExecutionContext, config: IncrementConfig) -> int:
    result = workflows.increment(config.value)
    context.add_output_metadata({"input": config.value, "value": result})
    return result


@dg.job(description="Increment a number: {value: 5} -> 6 (the output is recorded as metadata).",
        tags={"jobsearch/example": "increment"})
def increment() -> None:
    increment_value()


# ---------------------------------------------------------------------------------------------- user registration


class UserRegistrationConfig(dg.Config):
    userId: str = Field(description="The user's id, e.g. user_123.")
    email: str = Field(description="The user's email address.")
    name: str | None = Field(default=None, description="Display name.")


@dg.op
def validate_user(config: UserRegistrationConfig) -> Registration:
    """Validate the registration; an invalid field is a clear, non-retried failure."""
    try:
        return validate_registration(config.model_dump())
    except RegistrationError as exc:
        raise dg.Failure(description=f"invalid registration: {exc}", metadata={"field": exc.field},
                         allow_retries=False) from exc


@dg.op
def persist_user(context: dg.OpExecutionContext, database: DatabaseResource, registration: Registration) -> str:
    """Create or update the user and settings; registering the same user twice changes nothing."""
    with database.session() as session:
        user, created = upsert_user(session, registration)
        context.add_output_metadata({"user_id": user.id, "email": user.email, "created": created})
        return user.id


@dg.job(description="Validate a registration, then persist the user (idempotent).",
        tags={"jobsearch/example": "user_registration"})
def user_registration() -> None:
    persist_user(validate_user())


# ---------------------------------------------------------------------------------------------- conditional


class ConditionalConfig(dg.Config):
    items: list[int] = Field(default=[3, 8, 12, 25], description="Numbers to route.")
    threshold: int = Field(default=10, description="Items above it take the large branch.")


@dg.op(out={"large": dg.Out(list[int], is_required=False), "small": dg.Out(list[int], is_required=False)})
def route_items(context: dg.OpExecutionContext, config: ConditionalConfig):  # type: ignore[no-untyped-def]
    """Branch on the input: only the branches that have items run."""
    large, small = workflows.split_by_threshold(config.items, config.threshold)
    context.log.info(f"{len(large)} item(s) > {config.threshold}, {len(small)} item(s) <= {config.threshold}")
    if large:
        yield dg.Output(large, "large", metadata={"count": len(large)})
    if small:
        yield dg.Output(small, "small", metadata={"count": len(small)})


@dg.op
def process_large_items(context: dg.OpExecutionContext, items: list[int]) -> list[int]:
    result = workflows.process_large(items)
    context.add_output_metadata({"input": str(items), "result": str(result)})
    return result


@dg.op
def process_small_items(context: dg.OpExecutionContext, items: list[int]) -> list[int]:
    result = workflows.process_small(items)
    context.add_output_metadata({"input": str(items), "result": str(result)})
    return result


@dg.job(description="Route numbers to a large-value branch (map) or a small-value branch (filter + map).",
        tags={"jobsearch/example": "conditional"})
def conditional() -> None:
    large, small = route_items()
    process_large_items(large)
    process_small_items(small)


# ---------------------------------------------------------------------------------------------- error handling


class ErrorHandlingConfig(dg.Config):
    transient_failures: int = Field(default=2, ge=0, le=3, description="Failures before the flaky step succeeds.")
    fail_permanently: bool = Field(default=False, description="Make the risky step fail for good.")
    payload: str = Field(default="order-42", description="What the risky step processes.")


@dg.op(retry_policy=dg.RetryPolicy(max_retries=3, delay=0.2, backoff=dg.Backoff.EXPONENTIAL,
                                   jitter=dg.Jitter.PLUS_MINUS))
def flaky_step(context: dg.OpExecutionContext, config: ErrorHandlingConfig) -> str:
    """Fails transiently and is retried with exponential backoff by its RetryPolicy."""
    result = workflows.flaky_operation(context.retry_number, config.transient_failures)
    context.add_output_metadata({"attempts": context.retry_number + 1})
    return result


@dg.op(out={"done": dg.Out(str, is_required=False), "failed": dg.Out(str, is_required=False)})
def risky_step(context: dg.OpExecutionContext, config: ErrorHandlingConfig, previous: str):  # type: ignore[no-untyped-def]
    """A permanent failure is not retried: it is routed to the compensation step."""
    try:
        yield dg.Output(workflows.risky_operation(config.payload, config.fail_permanently), "done")
    except workflows.PermanentError as exc:
        context.log.warning(f"permanent failure, compensating: {exc}")
        yield dg.Output(str(exc), "failed")


@dg.op
def compensate(context: dg.OpExecutionContext, database: DatabaseResource, error: str) -> None:
    """Undo/record the failed work, then fail the run so it shows as failed with the reason."""
    with database.session() as session:
        failure = Failure(kind="workflow", ref=f"error_handling:{context.run_id}", error=error, status="dead",
                          payload={"step": "risky_step"}, run_id=context.run_id)
        session.add(failure)
        session.flush()
        failure_id = failure.id
    raise dg.Failure(description=f"permanent failure compensated: {error}", allow_retries=False,
                     metadata={"failure_id": failure_id})


@dg.op
def finish(context: dg.OpExecutionContext, result: str) -> str:
    context.add_output_metadata({"result": result})
    return result


@dg.job(description="Retry a transient failure with backoff; compensate and record a permanent one.",
        tags={"jobsearch/example": "error_handling", "dagster/max_retries": "0"})
def error_handling() -> None:
    done, failed = risky_step(flaky_step())
    finish(done)
    compensate(failed)
