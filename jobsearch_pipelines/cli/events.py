"""`jobsearch events`: Send, list, inspect and replay events; serve the Inngest-compatible event API."""

from __future__ import annotations

import json
import os
from typing import Any

import click

from jobsearch_pipelines.cli.common import echo_json_lines, migrated_engine
from jobsearch_pipelines.cli.progress import progress_bar
from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.lib.events import admin
from jobsearch_pipelines.lib.events.inbox import EventValidationError, send_event


@click.group(name="events")
def group() -> None:
    """Send, list, inspect and replay events; serve the Inngest-compatible event API."""


def _json_object(text: str, param: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not valid JSON: {exc}", param_hint=param) from None
    if not isinstance(value, dict):
        raise click.BadParameter(f"expected a JSON object, got {type(value).__name__}", param_hint=param)
    return value


@group.command()
@click.argument("name")
@click.option("--data", "data_text", default="{}", show_default=True, help="The event data as a JSON object.")
@click.option("--id", "client_id", help="Client id for deduplication (repeats within 24 h are not processed).")
@click.option("--ts", type=int, help="Event time in milliseconds since the epoch (default: now).")
def send(name: str, data_text: str, client_id: str | None, ts: int | None) -> None:
    """Send event NAME with --data JSON; prints the server id."""
    data = _json_object(data_text, "--data")
    try:
        event_id = send_event(migrated_engine(), name, data, id=client_id, ts=ts)
    except EventValidationError as exc:
        hint = {"name": "NAME", "id": "--id", "ts": "--ts"}.get(exc.field, "--data")
        raise click.BadParameter(str(exc), param_hint=hint) from None
    click.echo(event_id)


@group.command(name="list")
@click.option("--status", type=click.Choice(admin.STATUSES), help="Only events with this status.")
@click.option("--name", help="Only events with this name.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def list_(status: str | None, name: str | None, limit: int, as_json: bool) -> None:
    """The newest events, optionally filtered."""
    with session_scope(migrated_engine()) as session:
        events = admin.list_events(session, status=status, name=name, limit=limit)
        rows = [admin.event_to_dict(e) for e in events]
    if echo_json_lines(rows, as_json):
        return
    click.echo(f"{'ID':26}  {'NAME':22} {'STATUS':10} {'ATT':>3}  RECEIVED                   NOTE")
    for row in rows:
        note = row["last_error"] or row["skip_reason"] or ""
        click.echo(f"{row['id']:26}  {row['name'][:22]:22} {row['status']:10} {row['attempts']:>3}  "
                   f"{row['received_at'][:26]:26} {note.splitlines()[0][:60] if note else ''}")
    click.echo(f"{len(rows)} event(s)")


@group.command()
@click.argument("event_id")
def show(event_id: str) -> None:
    """Everything about one event (server id or client id), as JSON."""
    with session_scope(migrated_engine()) as session:
        event = admin.get_event(session, event_id)
        if event is None:
            raise click.BadParameter(f"no event with id {event_id!r}", param_hint="EVENT_ID")
        click.echo(json.dumps(admin.event_to_dict(event), indent=2, default=str))


@group.command()
@click.argument("event_id", required=False)
@click.option("--dead", is_flag=True, help="Replay every dead-lettered event.")
@click.option("--name", help="With --dead: only events with this name.")
@click.option("--force", is_flag=True, help="Also replay an event that was processed (it runs again).")
def replay(event_id: str | None, dead: bool, name: str | None, force: bool) -> None:
    """Put EVENT_ID (or, with --dead, all dead events) back to pending so the sensor runs it again."""
    if bool(event_id) == dead:
        raise click.UsageError("give either an EVENT_ID or --dead")
    with session_scope(migrated_engine()) as session:
        if dead:
            with progress_bar("replaying dead events", unit="events") as progress:
                ids = admin.replay_dead(session, utcnow(), name=name, on_total=progress.set_total,
                                        on_event=progress.advance)
            click.echo(f"replayed {len(ids)} dead event(s)")
            return
        try:
            event = admin.replay_event(session, event_id or "", utcnow(), force=force)
        except admin.ReplayError as exc:
            raise click.BadParameter(str(exc), param_hint="EVENT_ID") from None
        click.echo(f"replayed {event.id} ({event.name}): pending")


@group.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8288, show_default=True)
@click.option("--dev", is_flag=True, help="Accept any event key, as Inngest's dev server does (local use only).")
def serve(host: str, port: int, dev: bool) -> None:
    """Serve the Inngest-compatible event API (POST /e/{event_key}); the key comes from $JOBSEARCH_EVENT_KEY."""
    from jobsearch_pipelines.lib.events.http_api import EVENT_KEY_ENV
    from jobsearch_pipelines.lib.events.http_api import serve as run_server

    if not dev and not os.environ.get(EVENT_KEY_ENV):
        raise click.UsageError(f"set {EVENT_KEY_ENV} to the event key clients must use (or --dev on your machine)")
    run_server(migrated_engine(), host=host, port=port, dev=dev)
