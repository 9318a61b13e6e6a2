"""`jobsearch digest`: preview a user's daily digest and inspect their ranking and the email outbox."""

from __future__ import annotations

import click
from sqlalchemy import Engine, func, select

from jobsearch_pipelines.db.engine import default_database_url, get_engine, session_scope
from jobsearch_pipelines.db.migrate import is_up_to_date
from jobsearch_pipelines.db.schema import Job, Notification, User, utcnow
from jobsearch_pipelines.lib.notifications.digests import preview_digest
from jobsearch_pipelines.lib.ranking.store import user_rankings


@click.group(name="digest")
def group() -> None:
    """Preview daily digests, show rankings, inspect the email outbox."""


def _engine() -> Engine:
    engine = get_engine(default_database_url())
    if not is_up_to_date(engine):
        raise click.ClickException("the database is not migrated: run `jobsearch db upgrade`")
    return engine


def _require_user(session, user_id: str) -> None:  # type: ignore[no-untyped-def]
    if session.get(User, user_id) is None:
        raise click.BadParameter(f"no user {user_id!r}", param_hint="--user")


@group.command()
@click.option("--user", "user_id", required=True, help="The user id (users.id).")
@click.option("--html", "show_html", is_flag=True, help="Print the HTML part instead of the plain text.")
def preview(user_id: str, show_html: bool) -> None:
    """Print the digest that would be sent to USER now, without sending or recording anything."""
    with session_scope(_engine()) as session:
        _require_user(session, user_id)
        result = preview_digest(session, user_id, utcnow())
        session.rollback()  # a preview writes nothing
    if result.email is None or result.plan is None:
        click.echo(f"{user_id}: {result.note}")
        return
    click.echo(f"To: {result.plan.email}")
    click.echo(f"Subject: {result.email.subject}")
    click.echo(f"({result.note}; {len(result.plan.matches)} of {result.plan.total_new} new matching jobs)")
    click.echo("")
    click.echo(result.email.html if show_html else result.email.text)


@group.command()
@click.option("--user", "user_id", required=True, help="The user id (users.id).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
def ranking(user_id: str, limit: int) -> None:
    """Print USER's stored job ranking (computed by the job_rankings asset), best first, with reasons."""
    with session_scope(_engine()) as session:
        _require_user(session, user_id)
        rows = user_rankings(session, user_id, limit)
        query = select(Job.id, Job.title).where(Job.id.in_([r.job_id for r in rows]))
        titles = dict(session.execute(query).tuples().all())
        if not rows:
            click.echo(f"{user_id}: no ranked jobs yet (materialize job_rankings)")
        for index, row in enumerate(rows, 1):
            click.echo(f"{index:>3}. {row.score:.3f}  #{row.job_id} {titles.get(row.job_id, '?')}")
            for reason in (row.reasons or [])[:4]:
                click.echo(f"       - {reason.get('text')}")


@group.command()
def outbox() -> None:
    """Count the emails of the outbox by kind and status (sent, failed, bounced, suppressed ...)."""
    with session_scope(_engine()) as session:
        rows = session.execute(
            select(Notification.kind, Notification.status, func.count()).group_by(Notification.kind,
                                                                                  Notification.status)
            .order_by(Notification.kind, Notification.status)
        ).all()
    if not rows:
        click.echo("the outbox is empty")
    for kind, status, count in rows:
        click.echo(f"{kind:<14} {status:<11} {count}")
