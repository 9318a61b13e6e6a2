"""Declarative flow control of an event-driven function, as Inngest declares it per function.

Frozen dataclasses, validated on construction; errors name the field (``throttle.period: ...``). Periods are
``"10s"``/``"1m"``/``"1h"``/``"7d"`` strings (also ``"500ms"``, ``"1h30m"``), seconds as numbers, or
``timedelta``. Keys and the priority are CEL expressions (``expr``: ``event.data.userId``,
``event.data.plan == 'enterprise' ? 120 : 0``), parsed here so a typo fails at import time, not at the first
event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import timedelta
from typing import Any

from jobsearch_pipelines.lib.flow_control.expr import Expression, ExpressionError, parse

__all__ = [
    "PRIORITY_MAX",
    "PRIORITY_MIN",
    "Batch",
    "Concurrency",
    "Debounce",
    "FlowControl",
    "FlowControlError",
    "Priority",
    "RateLimit",
    "Throttle",
    "flow_control_metadata",
    "format_period",
    "parse_period",
]

PRIORITY_MIN, PRIORITY_MAX = -600, 600  # Inngest's documented range (seconds of head start there; see docs)
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)")


class FlowControlError(ValueError):
    """A flow-control setting that is not valid; the message starts with the field, e.g. ``rate_limit.period``."""

    def __init__(self, field_name: str, message: str) -> None:
        self.field = field_name
        super().__init__(f"{field_name}: {message}")


def parse_period(value: str | int | float | timedelta, field_name: str = "period") -> timedelta:
    """``"10s"``, ``"1h30m"``, ``"500ms"``, seconds or a ``timedelta`` -> a positive ``timedelta``."""
    if isinstance(value, timedelta):
        period = value
    elif isinstance(value, bool):
        raise FlowControlError(field_name, f"expected a duration like '10s', got {value!r}")
    elif isinstance(value, int | float):
        period = timedelta(seconds=value)
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        pos, total = 0, 0.0
        for match in _PART.finditer(text):
            if match.start() != pos:
                break
            total += float(match.group(1)) * _UNITS[match.group(2)]
            pos = match.end()
        if not text or pos != len(text):
            raise FlowControlError(field_name, f"invalid duration {value!r} (e.g. '10s', '5m', '1h', '7d', '1h30m')")
        period = timedelta(seconds=total)
    else:
        raise FlowControlError(field_name, f"expected a duration like '10s', got {type(value).__name__}")
    if period <= timedelta(0):
        raise FlowControlError(field_name, f"must be positive, got {value!r}")
    return period


def format_period(period: timedelta) -> str:
    """A short human form: ``10s``, ``1h``, ``1m30s``, ``250ms``."""
    ms = round(period.total_seconds() * 1000)
    if ms % 1000:
        return f"{ms}ms"
    seconds, out = ms // 1000, ""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            out += f"{seconds // size}{unit}"
            seconds %= size
    return out


def _expr(value: str | Expression | None, field_name: str) -> Expression | None:
    if value is None or isinstance(value, Expression):
        return value
    if not isinstance(value, str):
        raise FlowControlError(field_name, f"expected an expression string, got {type(value).__name__}")
    try:
        return parse(value)
    except ExpressionError as exc:
        raise FlowControlError(field_name, str(exc)) from None


def _positive_int(value: Any, field_name: str, minimum: int = 1) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise FlowControlError(field_name, f"must be an integer >= {minimum}, got {value!r}")


def _max_period(period: timedelta, maximum: timedelta, field_name: str) -> None:
    if period > maximum:
        raise FlowControlError(field_name, f"must be at most {format_period(maximum)}, got {format_period(period)}")


@dataclass(frozen=True)
class Concurrency:
    """At most ``limit`` runs of this function at once per value of ``key`` (whole function without a key).

    Enforced by the Dagster run queue: a run tag per function with a per-unique-value tag limit in
    ``dagster.yaml`` (see ``tag_limits``). Counts runs, not steps (Inngest counts steps).
    """

    limit: int
    key: str | None = None
    key_expr: Expression | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _positive_int(self.limit, "concurrency.limit")
        object.__setattr__(self, "key_expr", _expr(self.key, "concurrency.key"))


@dataclass(frozen=True)
class RateLimit:
    """Lossy: at most ``limit`` events per ``period`` (GCRA, burst ``limit // 10``); the rest are skipped."""

    limit: int
    period: str | int | float | timedelta
    key: str | None = None
    key_expr: Expression | None = field(default=None, init=False, repr=False, compare=False)
    interval: timedelta = field(default=timedelta(0), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _positive_int(self.limit, "rate_limit.limit")
        period = parse_period(self.period, "rate_limit.period")
        _max_period(period, timedelta(hours=24), "rate_limit.period")
        object.__setattr__(self, "period", period)
        object.__setattr__(self, "key_expr", _expr(self.key, "rate_limit.key"))

    @property
    def burst(self) -> int:
        """Extra events admitted back to back, as Inngest computes it (``floor(limit / 10)``)."""
        return self.limit // 10


@dataclass(frozen=True)
class Throttle:
    """Lossless: starts at most ``limit + burst`` runs at once, then one per ``period / limit``; FIFO per key.

    ``burst`` defaults to 0 (Inngest's behaviour when unset: capacity = ``limit``).
    """

    limit: int
    period: str | int | float | timedelta
    burst: int = 0
    key: str | None = None
    key_expr: Expression | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _positive_int(self.limit, "throttle.limit")
        _positive_int(self.burst, "throttle.burst", minimum=0)
        period = parse_period(self.period, "throttle.period")
        _max_period(period, timedelta(days=7), "throttle.period")
        object.__setattr__(self, "period", period)
        object.__setattr__(self, "key_expr", _expr(self.key, "throttle.key"))


@dataclass(frozen=True)
class Debounce:
    """One run per quiet ``period`` per key, at most ``timeout`` after the first event; ``mode="last"`` (Inngest)
    runs the latest event (by ``ts``) and skips the others as superseded, ``mode="all"`` runs every event of the
    window, in order, in one run (beyond Inngest: what its users ask for when each edit matters)."""

    period: str | int | float | timedelta
    key: str | None = None
    timeout: str | int | float | timedelta | None = None
    mode: str = "last"
    key_expr: Expression | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.mode not in ("last", "all"):
            raise FlowControlError("debounce.mode", f"must be 'last' or 'all', got {self.mode!r}")
        period = parse_period(self.period, "debounce.period")
        _max_period(period, timedelta(days=7), "debounce.period")
        object.__setattr__(self, "period", period)
        if self.timeout is not None:
            timeout = parse_period(self.timeout, "debounce.timeout")
            _max_period(timeout, timedelta(days=7), "debounce.timeout")
            object.__setattr__(self, "timeout", timeout)
        object.__setattr__(self, "key_expr", _expr(self.key, "debounce.key"))


@dataclass(frozen=True)
class Singleton:
    """At most one event per key between admission and the end of its handler. ``mode="skip"`` (Inngest's
    default): an event whose key already has one queued or running is skipped with a reason. ``mode="cancel"``:
    the newest event wins: older ones of the key not started yet are cancelled, and while one runs the newest
    waits for it (``gate._apply_singletons``)."""

    key: str | None = None
    mode: str = "skip"
    key_expr: Expression | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.mode not in ("skip", "cancel"):
            raise FlowControlError("singleton.mode", f"must be 'skip' or 'cancel', got {self.mode!r}")
        object.__setattr__(self, "key_expr", _expr(self.key, "singleton.key"))


@dataclass(frozen=True)
class Idempotency:
    """At most one run per value of ``key`` per ``period`` (Inngest: 24 h); a repeat is skipped with a reason."""

    key: str
    period: str | int | float | timedelta = "24h"
    key_expr: Expression | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key.strip():
            raise FlowControlError("idempotency.key", "required: a CEL expression such as 'event.data.orderId'")
        period = parse_period(self.period, "idempotency.period")
        _max_period(period, timedelta(days=7), "idempotency.period")
        object.__setattr__(self, "period", period)
        object.__setattr__(self, "key_expr", _expr(self.key, "idempotency.key"))


@dataclass(frozen=True)
class Priority:
    """``run``: an expression giving an integer priority (higher runs first), clamped to -600..600."""

    run: str
    run_expr: Expression | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.run, str) or not self.run.strip():
            raise FlowControlError("priority.run",
                                   "required: a CEL expression such as 'event.data.plan == \"enterprise\" ? 120 : 0'")
        object.__setattr__(self, "run_expr", _expr(self.run, "priority.run"))


@dataclass(frozen=True)
class Batch:
    """Hold events until ``max_size`` of a key are waiting or ``timeout`` has passed since the first of them."""

    max_size: int
    timeout: str | int | float | timedelta
    key: str | None = None
    key_expr: Expression | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _positive_int(self.max_size, "batch.max_size")
        timeout = parse_period(self.timeout, "batch.timeout")
        object.__setattr__(self, "timeout", timeout)
        object.__setattr__(self, "key_expr", _expr(self.key, "batch.key"))


MAX_CANCEL_ON = 5
_MATCH = re.compile(r"^data(\.[A-Za-z_][A-Za-z0-9_]*)+$")


@dataclass(frozen=True)
class CancelOn:
    """Inngest's ``cancelOn``: an ``event`` that arrives after one of this function's events and before it is
    dispatched (pending, debouncing, batching, throttled) cancels it when ``match`` (a ``data.*`` path equal in
    both events) and ``if_`` (Inngest's ``if``: CEL with ``event`` = the waiting event, ``async`` = the
    cancelling one) hold, within ``timeout`` of the waiting event's arrival. The cancelled event ends
    ``skipped`` with the cancelling event's id; a debounce window whose winner is cancelled is cancelled whole."""

    event: str
    match: str | None = None
    if_: str | None = None
    timeout: str | int | float | timedelta | None = None
    if_expr: Expression | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.event, str) or not self.event.strip():
            raise FlowControlError("cancel_on.event", "required: the name of the cancelling event")
        if self.match is not None and not _MATCH.match(self.match):
            raise FlowControlError("cancel_on.match", f"expected a path such as 'data.userId', got {self.match!r}")
        if self.timeout is not None:
            timeout = parse_period(self.timeout, "cancel_on.timeout")
            _max_period(timeout, timedelta(days=7), "cancel_on.timeout")
            object.__setattr__(self, "timeout", timeout)
        object.__setattr__(self, "if_expr", _expr(self.if_, "cancel_on.if"))

    def matches(self, waiting: Any, cancelling: Any) -> bool:
        """Whether ``cancelling`` cancels ``waiting`` (both with ``data``), ``match`` and ``if`` together."""
        if self.match is not None:
            path = self.match.split(".")[1:]
            mine, theirs = _path(getattr(waiting, "data", None), path), _path(getattr(cancelling, "data", None), path)
            if mine is None or mine != theirs:
                return False
        return self.if_expr is None or self.if_expr.evaluate(waiting, cancelling) is True

    def describe(self) -> str:
        parts = [self.event]
        if self.match:
            parts.append(f"matching {self.match}")
        if self.if_:
            parts.append(f"if {self.if_}")
        if self.timeout:
            parts.append(f"within {format_period(self.timeout)}")  # type: ignore[arg-type]
        return " ".join(parts)


def _path(data: Any, path: Sequence[str]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


@dataclass(frozen=True)
class FlowControl:
    """Everything optional; ``FlowControl()`` means no flow control (every event runs as soon as possible)."""

    concurrency: Concurrency | None = None
    rate_limit: RateLimit | None = None
    throttle: Throttle | None = None
    debounce: Debounce | None = None
    priority: Priority | None = None
    batch: Batch | None = None
    idempotency: Idempotency | None = None
    singleton: Singleton | None = None
    cancel_on: Sequence[CancelOn] = ()

    def __post_init__(self) -> None:
        expected = {"concurrency": Concurrency, "rate_limit": RateLimit, "throttle": Throttle,
                    "debounce": Debounce, "priority": Priority, "batch": Batch, "idempotency": Idempotency,
                    "singleton": Singleton}
        for name, kind in expected.items():
            value = getattr(self, name)
            if value is not None and not isinstance(value, kind):
                raise FlowControlError(name, f"expected {kind.__name__}(...), got {type(value).__name__}")
        if self.batch is not None and self.debounce is not None:
            raise FlowControlError("batch", "cannot be combined with debounce (as in Inngest)")
        if isinstance(self.cancel_on, CancelOn):
            object.__setattr__(self, "cancel_on", (self.cancel_on,))
        if not all(isinstance(rule, CancelOn) for rule in self.cancel_on):
            raise FlowControlError("cancel_on", "expected CancelOn(...) rules")
        if len(self.cancel_on) > MAX_CANCEL_ON:
            raise FlowControlError("cancel_on", f"at most {MAX_CANCEL_ON} rules (as in Inngest)")
        object.__setattr__(self, "cancel_on", tuple(self.cancel_on))

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, ()) for f in fields(self))

    def describe(self) -> dict[str, str]:
        """One readable line per setting, e.g. ``{"throttle": "1 per 10s, burst 0, key event.data.orgId"}``."""
        out: dict[str, str] = {}
        if self.concurrency:
            out["concurrency"] = f"{self.concurrency.limit} at once" + _key(self.concurrency.key)
        if self.rate_limit:
            r = self.rate_limit
            out["rate_limit"] = f"{r.limit} per {format_period(r.period)}, burst {r.burst}" + _key(r.key)  # type: ignore[arg-type]
        if self.throttle:
            t = self.throttle
            out["throttle"] = f"{t.limit} per {format_period(t.period)}, burst {t.burst}" + _key(t.key)  # type: ignore[arg-type]
        if self.debounce:
            d = self.debounce
            out["debounce"] = f"quiet period {format_period(d.period)}" + (  # type: ignore[arg-type]
                f", timeout {format_period(d.timeout)}" if d.timeout else "") + (  # type: ignore[arg-type]
                ", every event of the window" if d.mode == "all" else "") + _key(d.key)
        if self.priority:
            out["priority"] = self.priority.run
        if self.batch:
            b = self.batch
            out["batch"] = f"up to {b.max_size} events, timeout {format_period(b.timeout)}" + _key(b.key)  # type: ignore[arg-type]
        if self.idempotency:
            i = self.idempotency
            out["idempotency"] = f"once per {format_period(i.period)}" + _key(i.key)  # type: ignore[arg-type]
        if self.singleton:
            out["singleton"] = "one run at a time, " + (
                "the newest cancels older ones not started" if self.singleton.mode == "cancel" else "others skipped"
            ) + _key(self.singleton.key)
        if self.cancel_on:
            out["cancel_on"] = "; ".join(rule.describe() for rule in self.cancel_on)
        return out


def _key(key: str | None) -> str:
    return f", per {key}" if key else ""


def flow_control_metadata(event: str, fc: FlowControl) -> dict[str, str]:
    """UI metadata for an event function's job and sensor: ``{"event": ..., "flow_control/throttle": ...}``."""
    described = fc.describe() or {"none": "no flow control"}
    return {"event": event, **{f"flow_control/{name}": text for name, text in described.items()}}
