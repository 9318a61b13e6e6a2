"""`jobsearch companies`: Classify company pages and discover companies from Common Crawl."""

from __future__ import annotations

import click


@click.group(name="companies")
def group() -> None:
    """Classify company pages and discover companies from Common Crawl."""
