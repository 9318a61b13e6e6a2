"""`jobsearch boards`: Manage the registry of ATS job boards."""

from __future__ import annotations

from pathlib import Path

import click

from jobsearch_pipelines.cli.common import migrated_engine
from jobsearch_pipelines.cli.progress import progress_bar
from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.lib.ingestion import registry
from jobsearch_pipelines.lib.ingestion.vendors import VENDORS


@click.group(name="boards")
def group() -> None:
    """Manage the registry of ATS job boards."""


def _resolve(vendor_or_url: str, token: str | None) -> tuple[str, str]:
    """VENDOR TOKEN, or a board URL alone (``https://jobs.lever.co/acme``)."""
    if token is None:
        found = registry.board_from_url(vendor_or_url) if "." in vendor_or_url or "/" in vendor_or_url else None
        if found is None:
            raise click.BadParameter("give VENDOR TOKEN (e.g. greenhouse acme) or an ATS board URL",
                                     param_hint="VENDOR")
        return found
    try:
        return registry.validate_board(vendor_or_url, token)
    except ValueError as exc:
        hint = "VENDOR" if str(exc).startswith("vendor") else "TOKEN"
        raise click.BadParameter(str(exc), param_hint=hint) from None


@group.command()
@click.argument("vendor")
@click.argument("token", required=False)
@click.option("--company", "company_name", help="Company name (linked to a companies row, created if missing).")
@click.option("--url", help="The public board URL (default: derived from vendor and token).")
@click.option("--website", help="The company's own site, e.g. acme.com (company discovery checks it).")
def add(vendor: str, token: str | None, company_name: str | None, url: str | None, website: str | None) -> None:
    vendor, token = _resolve(vendor, token)
    with session_scope(migrated_engine()) as session:
        try:
            board, created = registry.add_board(session, vendor, token, company_name=company_name, url=url,
                                                origin="cli", website=website)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--website" if str(exc).startswith("website") else None) \
                from None
        click.echo(f"{'added' if created else 'updated'} {board.vendor}:{board.token} (id {board.id}, "
                   f"company id {board.company_id or '-'})")


add.help = f"Register board VENDOR TOKEN (or a board URL) and enable it. Vendors: {', '.join(VENDORS)}."


@group.command(name="list")
@click.option("--vendor", type=click.Choice(sorted(VENDORS)), help="Only this vendor.")
@click.option("--active/--inactive", default=None, help="Only enabled (or disabled) boards.")
def list_(vendor: str | None, active: bool | None) -> None:
    """List registered boards with their last fetch status and open job count."""
    with session_scope(migrated_engine()) as session:
        boards = registry.list_boards(session, vendor, active)
        if not boards:
            click.echo("no boards registered (try `jobsearch boards seed`)")
            return
        click.echo(f"{'id':>4}  {'board':<40} {'active':<6} {'origin':<9} {'last fetch':<7} {'jobs':>5}  company")
        for b in boards:
            click.echo(f"{b.id:>4}  {b.vendor + ':' + b.token:<40} {'yes' if b.is_active else 'no':<6} "
                       f"{b.origin:<9} {b.last_fetch_status or '-':<7} {b.job_count:>5}  {b.company_name or ''}")


def _set_active(vendor: str, token: str | None, active: bool) -> None:
    vendor, token = _resolve(vendor, token)
    with session_scope(migrated_engine()) as session:
        try:
            board = registry.set_active(session, vendor, token, active)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="TOKEN") from None
        click.echo(f"{'enabled' if active else 'disabled'} {board.vendor}:{board.token}")


@group.command()
@click.argument("vendor")
@click.argument("token", required=False)
def disable(vendor: str, token: str | None) -> None:
    """Stop ingesting board VENDOR TOKEN (its jobs stay as they are; nothing is closed)."""
    _set_active(vendor, token, False)


@group.command()
@click.argument("vendor")
@click.argument("token", required=False)
def enable(vendor: str, token: str | None) -> None:
    """Resume ingesting board VENDOR TOKEN."""
    _set_active(vendor, token, True)


@group.command()
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def seed(path: Path | None) -> None:
    """Register the boards of a YAML/CSV file (default: the bundled demo boards). Idempotent."""
    with session_scope(migrated_engine()) as session, progress_bar("registering boards", unit="boards") as progress:
        try:
            result = registry.seed_boards(session, path, on_total=progress.set_total, on_board=progress.advance)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="PATH") from None
    click.echo(f"boards: {result.added} added, {result.updated} already registered")
