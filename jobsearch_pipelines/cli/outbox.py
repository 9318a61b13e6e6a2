"""`jobsearch outbox` and `jobsearch failures`: inspect and replay dead or bounced emails, manage the suppression
list, and list or replay parked failures."""

from __future__ import annotations

import json
from typing import Any

import click
from sqlalchemy import select

from jobsearch_pipelines.cli.common import echo_json_lines, migrated_engine
from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import EmailSuppression, Notification, utcnow
from jobsearch_pipelines.lib.maintenance import failures as parked
from jobsearch_pipelines.lib.notifications import suppression
from jobsearch_pipelines.lib.notifications.outbox import replay_notification

STATUSES = ("pending", "sending", "sent", "failed", "dead", "bounced", "suppressed")


def _row(n: Notification) -> dict[str, Any]:
    return {"id": n.id, "kind": n.kind, "recipient": n.recipient, "status": n.status, "attempts": n.attempts,
            "subject": n.subject, "last_error": n.last_error, "created_at": n.created_at, "sent_at": n.sent_at,
            "next_attempt_at": n.next_attempt_at, "dedupe_key": n.dedupe_key, "event_id": n.event_id}


@click.group(name="outbox")
def group() -> None:
    """Inspect and replay emails; manage the suppression list."""


@group.command(name="list")
@click.option("--status", type=click.Choice(STATUSES), help="Only emails with this status (e.g. dead, bounced).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def list_(status: str | None, limit: int, as_json: bool) -> None:
    """The newest emails of the outbox, optionally of one status."""
    query = select(Notification).order_by(Notification.id.desc()).limit(limit)
    if status:
        query = query.where(Notification.status == status)
    with session_scope(migrated_engine()) as session:
        rows = [_row(n) for n in session.scalars(query)]
    if echo_json_lines(rows, as_json):
        return
    click.echo(f"{'ID':>6}  {'KIND':14} {'STATUS':10} {'ATT':>3}  {'RECIPIENT':32} ERROR")
    for row in rows:
        error = (row["last_error"] or "").splitlines()[0][:60] if row["last_error"] else ""
        click.echo(f"{row['id']:>6}  {row['kind'][:14]:14} {row['status']:10} {row['attempts']:>3}  "
                   f"{row['recipient'][:32]:32} {error}")
    click.echo(f"{len(rows)} email(s)")


@group.command()
@click.argument("notification_id", type=int)
def show(notification_id: int) -> None:
    """Everything about one email, as JSON (body included)."""
    with session_scope(migrated_engine()) as session:
        row = session.get(Notification, notification_id)
        if row is None:
            raise click.BadParameter(f"no email {notification_id}", param_hint="NOTIFICATION_ID")
        click.echo(json.dumps({**_row(row), "body_text": row.body_text}, indent=2, default=str))


@group.command()
@click.argument("notification_id", type=int, required=False)
@click.option("--status", "statuses", type=click.Choice(("dead", "bounced")), multiple=True,
              help="Replay every email of this status (repeatable) instead of one id.")
def replay(notification_id: int | None, statuses: tuple[str, ...]) -> None:
    """Put a dead, bounced, failed or suppressed email back in the outbox (the next delivery sends it), or
    every dead/bounced one with --status. Emails to suppressed addresses are refused (unsuppress first)."""
    if (notification_id is None) == (not statuses):
        raise click.UsageError("give either a NOTIFICATION_ID or --status")
    now = utcnow()
    with session_scope(migrated_engine()) as session:
        if notification_id is not None:
            try:
                replay_notification(session, notification_id, now)
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint="NOTIFICATION_ID") from None
            click.echo(f"email {notification_id}: pending")
            return
        done = refused = 0
        for row_id in list(session.scalars(select(Notification.id).where(Notification.status.in_(statuses)))):
            try:
                with session.begin_nested():
                    replay_notification(session, row_id, now)
                done += 1
            except ValueError:
                refused += 1
        click.echo(f"replayed {done} email(s); {refused} refused (address suppressed)")


@group.command()
@click.argument("address")
@click.option("--reason", type=click.Choice(suppression.REASONS), default="manual", show_default=True)
@click.option("--detail", help="Why (e.g. the complaint's feedback-loop id).")
def suppress(address: str, reason: str, detail: str | None) -> None:
    """Stop all mail to ADDRESS (a complaint, a request)."""
    with session_scope(migrated_engine()) as session:
        suppression.suppress(session, address, reason, detail)
    click.echo(f"{address}: suppressed ({reason})")


@group.command()
@click.argument("address")
def unsuppress(address: str) -> None:
    """Allow mail to ADDRESS again."""
    with session_scope(migrated_engine()) as session:
        if not suppression.unsuppress(session, address):
            raise click.BadParameter(f"{address} is not on the suppression list", param_hint="ADDRESS")
    click.echo(f"{address}: allowed again")


@group.command(name="suppressed")
def suppressed_list() -> None:
    """The suppression list."""
    with session_scope(migrated_engine()) as session:
        rows = session.scalars(select(EmailSuppression).where(EmailSuppression.suppressed.is_(True))
                               .order_by(EmailSuppression.address)).all()
        for row in rows:
            click.echo(f"{row.address:40} {row.reason or '':14} {(row.detail or '')[:60]}")
        click.echo(f"{len(rows)} suppressed address(es)")


@click.group(name="failures")
def failures_group() -> None:
    """List and replay parked failures (events not sent, dead emails, chat alerts)."""


@failures_group.command(name="list")
@click.option("--kind", help="Only this kind (event_send, event, email, alert_webhook, board_fetch, ...).")
@click.option("--status", help="Only this status (open, dead, resolved).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def failures_list(kind: str | None, status: str | None, limit: int, as_json: bool) -> None:
    """The newest parked failures."""
    with session_scope(migrated_engine()) as session:
        rows = [parked.failure_to_dict(f) for f in parked.list_failures(session, kind=kind, status=status,
                                                                        limit=limit)]
    if echo_json_lines(rows, as_json):
        return
    click.echo(f"{'ID':>6}  {'KIND':14} {'STATUS':9} {'REF':36} ERROR")
    for row in rows:
        click.echo(f"{row['id']:>6}  {row['kind'][:14]:14} {row['status']:9} {row['ref'][:36]:36} "
                   f"{(row['error'] or '').splitlines()[0][:60] if row['error'] else ''}")
    click.echo(f"{len(rows)} failure(s)")


@failures_group.command(name="replay")
@click.argument("failure_id", type=int)
def failures_replay(failure_id: int) -> None:
    """Replay one parked failure (kinds: event_send, event, email, alert_webhook)."""
    with session_scope(migrated_engine()) as session:
        try:
            click.echo(parked.replay_failure(session, failure_id, utcnow()))
        except (parked.FailureReplayError, ValueError) as exc:
            raise click.BadParameter(str(exc), param_hint="FAILURE_ID") from None
