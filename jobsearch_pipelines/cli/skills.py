"""`jobsearch skills`: Extract skills from job postings and evaluate the extractors."""

from __future__ import annotations

import click


@click.group(name="skills")
def group() -> None:
    """Extract skills from job postings and evaluate the extractors."""
