"""`jobsearch flow`: Inspect flow control: concurrency, rate-limit tokens, throttled and debounced events."""

from __future__ import annotations

import click


@click.group(name="flow")
def group() -> None:
    """Inspect flow control: concurrency, rate-limit tokens, throttled and debounced events."""
