"""`jobsearch boards`: Manage the registry of ATS job boards."""

from __future__ import annotations

import click


@click.group(name="boards")
def group() -> None:
    """Manage the registry of ATS job boards."""
