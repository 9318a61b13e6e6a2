"""The logic of the original system's example workflows (increment, conditional, error handling).

Kept free of Dagster so it is tested on its own; ``defs/examples`` wraps it in jobs.
"""

from __future__ import annotations

from collections.abc import Sequence


def increment(value: int) -> int:
    """The increment workflow: 5 -> 6."""
    return value + 1


def split_by_threshold(items: Sequence[int], threshold: int = 10) -> tuple[list[int], list[int]]:
    """Route items to the large (> threshold) and the small (<= threshold) branch, keeping order."""
    return [i for i in items if i > threshold], [i for i in items if i <= threshold]


def process_large(items: Sequence[int]) -> list[int]:
    """The large-value branch maps: each item is halved (rounded down), as a "scale down" step."""
    return [i // 2 for i in items]


def process_small(items: Sequence[int]) -> list[int]:
    """The small-value branch filters then maps: keep the even items and square them."""
    return [i * i for i in items if i % 2 == 0]


class TransientError(RuntimeError):
    """A failure worth retrying (a timeout, a 503)."""


class PermanentError(RuntimeError):
    """A failure that no retry will fix (bad data, a rejected request)."""


def flaky_operation(attempt: int, failures_before_success: int) -> str:
    """Fail with ``TransientError`` on the first ``failures_before_success`` attempts (0-based), then succeed."""
    if attempt < failures_before_success:
        raise TransientError(f"transient failure on attempt {attempt + 1} of {failures_before_success + 1}")
    return f"succeeded on attempt {attempt + 1}"


def risky_operation(payload: str, fail_permanently: bool) -> str:
    """An operation that either succeeds or fails for good."""
    if fail_permanently:
        raise PermanentError(f"payload {payload!r} rejected permanently")
    return f"processed {payload}"
