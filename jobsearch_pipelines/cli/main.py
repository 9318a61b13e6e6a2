"""The ``jobsearch`` command: one group per domain, each defined in its own module of this package."""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from jobsearch_pipelines.cli import (
    boards,
    companies,
    db,
    demo,
    digest,
    docs,
    events,
    flow,
    jobs,
    outbox,
    ranking,
    skills,
    status,
    users,
    worker,
)


class FriendlyErrors(click.Group):
    """Turn domain validation errors into a one-line ``Error: field: message`` instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (ValueError, ArgumentError) as exc:  # our validation errors name their field
            raise click.ClickException(str(exc)) from exc
        except SQLAlchemyError as exc:
            raise click.ClickException(f"database error ({type(exc).__name__}): {exc}".splitlines()[0]) from exc


@click.group(cls=FriendlyErrors, context_settings={"help_option_names": ["-h", "--help"]})
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
    jobs.group,
    companies.group,
    digest.group,
    status.status,
    docs.group,
    outbox.group,
    outbox.failures_group,
    worker.worker,
    users.group,
    ranking.group,
):
    cli.add_command(command)


if __name__ == "__main__":
    cli()
