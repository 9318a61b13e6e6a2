"""`jobsearch dev` and `jobsearch demo`: the embedded default, for a new user."""

from __future__ import annotations

import click


@click.command()
def dev() -> None:
    """Start the Dagster webserver and daemon on the embedded default."""


@click.command()
def demo() -> None:
    """Load the demo data set."""
