"""One typed schema per event name, checked when an event is sent (so bad input is refused at the door).

A schema is a pydantic model of the event's ``data``. The built-in events are declared here; other domains
register theirs with ``register_event_schema(name, Model)`` in a module named
``jobsearch_pipelines/lib/<domain>/event_schemas.py``, which ``schema_for`` imports on first use, so every
process that sends events (CLI, HTTP server, Dagster runs) knows every event without importing Dagster code.
Unknown event names are refused (policy: an event nobody handles is a mistake, not something to store).
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from jobsearch_pipelines.lib.preferences.fields import PREFERENCE_FIELDS, PreferenceError, validate_preference

MAX_NAME_LENGTH = 512


class EventValidationError(ValueError):
    """An event that does not match its schema; ``field`` names the offending field (e.g. ``data.jobId``).

    ``index`` is the position of the event in a multi-event send (None for a single event).
    """

    def __init__(self, field: str, message: str, index: int | None = None) -> None:
        self.field = field
        self.message = message
        self.index = index
        prefix = f"event {index}: " if index is not None else ""
        super().__init__(f"{prefix}{field}: {message}")

    def at(self, index: int) -> EventValidationError:
        """The same error, located at event ``index`` of a batch."""
        return EventValidationError(self.field, self.message, index)


class EventData(BaseModel):
    """Base of every event-data schema: strict types (no "12" for 12), unknown keys kept."""

    model_config = ConfigDict(strict=True, extra="allow", str_strip_whitespace=True)


UserId = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:@-]+$")]
JobId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Email = Annotated[str, Field(min_length=3, max_length=320, pattern=r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")]


def _iso_timestamp(value: str | None) -> str | None:
    if value is None:
        return value
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not an ISO 8601 timestamp") from exc
    return value


class UserRegistered(EventData):
    userId: UserId
    email: Email
    name: str | None = Field(default=None, max_length=255)


class JobApplied(EventData):
    userId: UserId
    jobId: JobId
    companyId: int | None = Field(default=None, ge=1)
    timestamp: str | None = None

    _ts = field_validator("timestamp")(_iso_timestamp)


class JobViewed(EventData):
    userId: UserId
    jobId: JobId
    duration: float = Field(ge=0, le=86_400, description="seconds the job was on screen")


class JobFeedbackData(EventData):
    userId: UserId
    jobId: JobId
    feedback: Literal["like", "dislike"]


class PreferenceUpdated(EventData):
    userId: UserId
    field: str = Field(min_length=1, max_length=64)
    value: Any = None

    @field_validator("field")
    @classmethod
    def _known_field(cls, field: str) -> str:
        if field not in PREFERENCE_FIELDS:
            raise ValueError(f"unknown preference field {field!r} (known: {', '.join(sorted(PREFERENCE_FIELDS))})")
        return field


class NotificationEmail(EventData):
    userId: str | None = Field(default=None, min_length=1, max_length=128)
    email: Email
    type: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_]+$")
    data: dict[str, Any] = Field(default_factory=dict)


class JobsNewBatch(EventData):
    jobIds: list[int] = Field(min_length=1, max_length=10_000)
    source: str = Field(min_length=1, max_length=64)


class CronDailyDigest(EventData):
    timestamp: str | None = None

    _ts = field_validator("timestamp")(_iso_timestamp)


class JobsRerank(EventData):
    userId: UserId


_SCHEMAS: dict[str, type[BaseModel]] = {
    "user/registered": UserRegistered,
    "job/applied": JobApplied,
    "job/viewed": JobViewed,
    "job/feedback": JobFeedbackData,
    "preference/updated": PreferenceUpdated,
    "notification/email": NotificationEmail,
    "jobs/new-batch": JobsNewBatch,
    "cron/daily-digest": CronDailyDigest,
    "jobs/rerank": JobsRerank,
}
_discovered = False
_lock = threading.Lock()


def register_event_schema(name: str, schema: type[BaseModel]) -> None:
    """Declare (or replace) the data schema of event ``name``; call it at import time of your module."""
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"invalid event name {name!r}")
    if not (isinstance(schema, type) and issubclass(schema, BaseModel)):
        raise TypeError(f"schema of {name!r} must be a pydantic BaseModel subclass, got {schema!r}")
    _SCHEMAS[name] = schema


def _discover() -> None:
    """Import every ``jobsearch_pipelines.lib.<domain>.event_schemas`` module once (they register themselves)."""
    global _discovered
    if _discovered:
        return
    with _lock:
        if _discovered:
            return
        import jobsearch_pipelines.lib as lib

        for info in pkgutil.iter_modules(lib.__path__):
            if info.ispkg:
                try:
                    importlib.import_module(f"jobsearch_pipelines.lib.{info.name}.event_schemas")
                except ModuleNotFoundError as exc:
                    if exc.name != f"jobsearch_pipelines.lib.{info.name}.event_schemas":
                        raise
        _discovered = True


def schema_for(name: str) -> type[BaseModel]:
    """The schema of event ``name``, or ``EventValidationError`` on ``name`` if there is none."""
    _discover()
    schema = _SCHEMAS.get(name)
    if schema is None:
        raise EventValidationError("name", f"unknown event {name!r} (known: {', '.join(sorted(_SCHEMAS))})")
    return schema


def _loc(error: dict[str, Any]) -> str:
    parts = ["data"]
    for item in error.get("loc", ()):
        if isinstance(item, int):
            parts[-1] += f"[{item}]"
        else:
            parts.append(str(item))
    return ".".join(parts)


def parse_event_data(name: str, data: Any) -> BaseModel:
    """``data`` validated against the schema of ``name``; ``EventValidationError`` names the first bad field."""
    schema = schema_for(name)
    if not isinstance(data, dict):
        raise EventValidationError("data", f"expected an object, got {type(data).__name__}")
    try:
        parsed = schema.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first.get("msg", "invalid value")
        if first.get("type") == "missing":
            message = "required field is missing"
        raise EventValidationError(_loc(first), message) from None
    if isinstance(parsed, NotificationEmail):
        from jobsearch_pipelines.lib.notifications.content import email_payload_error

        if problem := email_payload_error(parsed.type, parsed.data):
            raise EventValidationError(*problem)
    if isinstance(parsed, PreferenceUpdated):
        try:
            validate_preference(parsed.field, parsed.value)
        except PreferenceError as exc:
            raise EventValidationError("data.value", str(exc)) from None
    return parsed


def validate_event_data(name: str, data: Any) -> None:
    """Check ``data`` against the schema of ``name`` (see ``parse_event_data``)."""
    parse_event_data(name, data)
