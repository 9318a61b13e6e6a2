"""What the fanned-out jobs share: splitting work into numbered chunks (one dynamic step each, which the Celery
profile spreads over workers) and adding up the steps' counts in the closing step."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import dagster as dg

T = TypeVar("T")


def chunk_outputs(items: Sequence[T], size: int, prefix: str) -> Iterator[dg.DynamicOutput[list[T]]]:
    """``items`` in chunks of ``size``, each a dynamic output keyed ``<prefix>_<n>``."""
    for number, start in enumerate(range(0, len(items), size)):
        yield dg.DynamicOutput(list(items[start:start + size]), mapping_key=f"{prefix}_{number}")


def add_up(context: dg.OpExecutionContext, parts: list[dict[str, Any]]) -> dict[str, int]:
    """The sum of the steps' integer counts, logged and recorded as the closing step's metadata."""
    totals: Counter[str] = Counter()
    for part in parts:
        totals.update({k: v for k, v in part.items() if isinstance(v, int) and not isinstance(v, bool)})
    result = {"steps": len(parts), **dict(totals)}
    context.log.info(f"totals over {len(parts)} step(s): {result}")
    context.add_output_metadata(result)
    return result
