"""`jobsearch digest`: Preview and inspect daily digests."""

from __future__ import annotations

import click


@click.group(name="digest")
def group() -> None:
    """Preview and inspect daily digests."""
