"""The ``jobsearch`` command: one group per domain, each defined in its own module of this package."""

from __future__ import annotations

import click

from jobsearch_pipelines.cli import boards, companies, db, demo, digest, events, flow, skills


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Operate the jobsearch data platform: database, demo data, events, boards, skills, companies, digests."""


for command in (
    db.group,
    demo.dev,
    demo.demo,
    events.group,
    flow.group,
    boards.group,
    skills.group,
    companies.group,
    digest.group,
):
    cli.add_command(command)


if __name__ == "__main__":
    cli()
