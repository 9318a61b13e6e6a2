"""`jobsearch ranking`: evaluate rankings offline against graded judgments."""

from __future__ import annotations

import json
from pathlib import Path

import click

from jobsearch_pipelines.cli.common import migrated_engine
from jobsearch_pipelines.db.schema import utcnow
from jobsearch_pipelines.lib.ranking.evaluate import (
    as_json,
    evaluate_rankings,
    ingest_snapshot_folder,
    parse_judgments,
    summary_table,
)
from jobsearch_pipelines.lib.users.importing import parse_users

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "ranking_eval"


@click.group(name="ranking")
def group() -> None:
    """Rankings: offline evaluation."""


@group.command(name="eval")
@click.option("--profiles", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=SHIPPED / "profiles.yaml", show_default=True,
              help="Users with explicit preferences (the `jobsearch users import` format).")
@click.option("--judgments", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=SHIPPED / "judgments.jsonl", show_default=True,
              help='JSON Lines of {"user", "job": "<source>:<board>:<external id>", "grade": 0-3, "violation"?}.')
@click.option("--postings", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Board responses (<vendor>/<token>.json) to ingest first, e.g. "
                   f"{SHIPPED / 'boards'}; without it the database's open jobs are ranked.")
@click.option("--split", default=None, help="Only the profiles whose `split` is this (e.g. tune, test).")
@click.option("-k", "k", type=int, default=10, show_default=True)
@click.option("--json", "as_json_lines", is_flag=True, help="One JSON object per profile.")
def eval_command(profiles: Path, judgments: Path, postings: Path | None, split: str | None, k: int,
                 as_json_lines: bool) -> None:
    """Rank the PROFILES through the product path (users imported, `refresh_rankings`, `job_rankings` read back)
    and print precision@k, NDCG@k and hard-filter violations per profile."""
    text = profiles.read_text(encoding="utf-8")
    users = parse_users(text, profiles.name)
    if split is not None:
        wanted = _profiles_in_split(text, split)
        users = [u for u in users if u.registration.user_id in wanted]
        if not users:
            raise click.BadParameter(f"no profile has split {split!r}", param_hint="--split")
    engine = migrated_engine()
    now = utcnow()
    if postings is not None:
        ingest_snapshot_folder(engine, postings, now)
    scores = evaluate_rankings(engine, users, parse_judgments(judgments.read_text(encoding="utf-8"),
                                                              judgments.name), now, k)
    if as_json_lines:
        for row in as_json(scores):
            click.echo(json.dumps(row))
        return
    click.echo(summary_table(scores, k))


def _profiles_in_split(text: str, split: str) -> set[str]:
    import yaml

    data = yaml.safe_load(text)
    items = data.get("users", []) if isinstance(data, dict) else data if isinstance(data, list) else []
    return {str(item.get("id")) for item in items if isinstance(item, dict) and item.get("split") == split}
