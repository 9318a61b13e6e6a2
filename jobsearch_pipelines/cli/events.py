"""`jobsearch events`: Send, list, inspect and replay events; serve the Inngest-compatible event API."""

from __future__ import annotations

import click


@click.group(name="events")
def group() -> None:
    """Send, list, inspect and replay events; serve the Inngest-compatible event API."""
