"""Flow-control config and the key/priority expression language: parsing, evaluation, errors naming the field."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobsearch_pipelines.lib.flow_control.config import (
    Batch,
    Concurrency,
    Debounce,
    FlowControl,
    FlowControlError,
    Priority,
    RateLimit,
    Throttle,
    format_period,
    parse_period,
)
from jobsearch_pipelines.lib.flow_control.expr import ExpressionError, key_string, parse

EVENT = {"data": {"userId": "u1", "priority": 7, "nested": {"a": [10, 20]}, "user-id": "dash", "zero": 0,
                  "flag": False},
         "id": "01ABC", "name": "x/y", "ts": 123}


@pytest.mark.parametrize(("text", "seconds"), [
    ("10s", 10), ("1m", 60), ("1h", 3600), ("7d", 604800), ("500ms", 0.5), ("1h30m", 5400), (" 2 m ", 120),
    (5, 5), (1.5, 1.5), (timedelta(minutes=2), 120),
])
def test_parse_period(text: object, seconds: float) -> None:
    assert parse_period(text).total_seconds() == seconds  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "10", "ten seconds", "10x", "-5s", "0s", "1h foo", 0, -1, True, None])
def test_bad_periods_name_the_field(bad: object) -> None:
    with pytest.raises(FlowControlError) as info:
        parse_period(bad, "throttle.period")  # type: ignore[arg-type]
    assert str(info.value).startswith("throttle.period: ")


def test_format_period_round_trips() -> None:
    for text in ["10s", "1m", "1h", "7d", "1m30s", "250ms"]:
        assert format_period(parse_period(text)) == text


@pytest.mark.parametrize(("text", "value"), [
    ("event.data.userId", "u1"),
    ("event.data.priority ?? 50", 7),
    ("event.data.missing ?? 50", 50),
    ("event.data.missing ?? event.data.other ?? 'x'", "x"),
    ("event.data.zero ?? 5", 0),  # 0 is a value, not missing
    ("event.data.flag ?? true", False),
    ("event.data.nested.a[1]", 20),
    ("event.data.nested.a[5]", None),
    ('event.data["user-id"]', "dash"),
    ("event.data.userId + ':' + string(event.data.priority)", "u1:7"),
    ("event.data.priority + 3", 10),
    ("(event.data.missing ?? 1) + 1", 2),
    ("event.id", "01ABC"),
    ("event.ts", 123),
    ("event.data.userId.deeper", None),
    ("event.data.missing", None),
    ("-5", -5),
    ('"a \\"quoted\\" string"', 'a "quoted" string'),
    ("null ?? 3", 3),
    # Inngest's own documented examples (CEL)
    ("event.data.plan == 'enterprise' ? 120 : 0", None),  # CEL: a missing field makes the expression null
    ("has(event.data.plan) && event.data.plan == 'enterprise' ? 120 : 0", 0),
    ("event.data.userId == 'u1' ? 120 : 0", 120),
    ("has(event.data.x)", False),
    ("has(event.data.userId)", True),
    ("size(event.data.nested.a) > 1 && event.data.userId.startsWith('u')", True),
])
def test_expressions_evaluate(text: str, value: object) -> None:
    assert parse(text).evaluate(EVENT) == value


def test_async_is_the_other_event() -> None:
    expression = parse("async.data.userId == event.data.userId")
    assert expression.evaluate(EVENT, {"data": {"userId": "u1"}}) is True
    assert expression.evaluate(EVENT, {"data": {"userId": "u2"}}) is False


def test_expression_reads_attributes_too() -> None:
    class Ev:
        data = {"userId": "u9"}
        id, ts, name = "e", 1, "n"

    assert parse("event.data.userId").evaluate(Ev()) == "u9"
    assert parse("event.data.userId == 'u9'").evaluate(Ev()) is True


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "empty"),
    ("event.data.", "position"),
    ("event.data.userId ??", "position"),
    ("user.id", "unknown variable 'user'"),
    ("__import__('os').system('true')", "unknown function '__import__'"),
    ("event.data.userId; 1", "position"),
    ("event.data.a event.data.b", "position"),
    ("(event.data.a", "position"),
    ("'unterminated", "position"),
])
def test_expression_errors_name_the_expression_and_position(text: str, fragment: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse(text)
    message = str(info.value)
    assert fragment in message
    assert message.startswith(f"invalid expression {text!r}: ")


def test_a_type_error_at_run_time_names_the_expression() -> None:
    with pytest.raises(ExpressionError) as info:
        parse("event.data.userId + 1").evaluate(EVENT)
    assert "event.data.userId + 1" in str(info.value)


def test_key_string() -> None:
    assert key_string("a") == "a"
    assert key_string(None) == "null"
    assert key_string(5) == "5"
    assert key_string(5.0) == "5"
    assert key_string(True) == "true"
    assert key_string({"b": 1, "a": 2}) == '{"a":2,"b":1}'


def test_config_errors_name_the_field() -> None:
    cases = [
        (lambda: Concurrency(0), "concurrency.limit"),
        (lambda: Concurrency(2, key="event.data."), "concurrency.key"),
        (lambda: RateLimit(10, "25h"), "rate_limit.period"),
        (lambda: RateLimit(0, "1h"), "rate_limit.limit"),
        (lambda: Throttle(1, "8d"), "throttle.period"),
        (lambda: Throttle(1, "10s", burst=-1), "throttle.burst"),
        (lambda: Debounce("5s", timeout="bad"), "debounce.timeout"),
        (lambda: Priority(""), "priority.run"),
        (lambda: Priority("event.data.priority ?"), "priority.run"),
        (lambda: Batch(0, "10s"), "batch.max_size"),
        (lambda: FlowControl(batch=Batch(10, "5s"), debounce=Debounce("5s")), "batch"),
        (lambda: FlowControl(throttle=RateLimit(1, "1s")), "throttle"),  # type: ignore[arg-type]
    ]
    for build, field_name in cases:
        with pytest.raises(FlowControlError) as info:
            build()
        assert info.value.field == field_name, (field_name, str(info.value))
        assert str(info.value).startswith(field_name + ": ")


def test_describe_and_defaults() -> None:
    fc = FlowControl(concurrency=Concurrency(10, key="event.data.userId"), rate_limit=RateLimit(1000, "1h"),
                     throttle=Throttle(1, "10s", key="event.data.organizationId"),
                     priority=Priority("event.data.priority ?? 50"))
    assert fc.rate_limit is not None and fc.rate_limit.burst == 100  # Inngest: floor(limit / 10)
    assert fc.throttle is not None and fc.throttle.burst == 0
    assert fc.describe() == {
        "concurrency": "10 at once, per event.data.userId",
        "rate_limit": "1000 per 1h, burst 100",
        "throttle": "1 per 10s, burst 0, per event.data.organizationId",
        "priority": "event.data.priority ?? 50",
    }
    assert FlowControl().is_empty and not fc.is_empty
