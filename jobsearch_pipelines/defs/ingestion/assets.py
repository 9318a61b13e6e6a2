"""Ingestion assets: ``raw_board_snapshots`` -> ``normalized_postings`` -> ``jobs`` (the jobs table).

``normalized_postings`` and ``jobs`` are materialized by one step, so that parsing overlaps the database writes
(a separate step would also pickle every parsed posting in between).

One run covers every active board (a Dagster run costs seconds to launch; hundreds of per-board runs an hour
would not). Boards are isolated inside the run: a failed board is reported (``board_fetches``, ``failures``,
run metadata) and the run still succeeds with the others. Run config ``boards: ["vendor:token", ...]`` narrows
a run to some boards, e.g. to retry one alone.
"""


from collections import Counter
from collections.abc import Iterator
from typing import Any

import dagster as dg
import pandas as pd
from pydantic import Field
from sqlalchemy import Engine, func, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Job, utcnow
from jobsearch_pipelines.defs.ingestion.resources import AtsResource
from jobsearch_pipelines.defs.metadata import bar_chart, counts_table, table_metadata
from jobsearch_pipelines.defs.operations.freshness import FRESHNESS_POLICIES
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.ingestion.boards import fetch_boards
from jobsearch_pipelines.lib.ingestion.models import BoardPostings, RawSnapshot
from jobsearch_pipelines.lib.ingestion.registry import active_boards
from jobsearch_pipelines.lib.ingestion.store import IngestReport, normalize_and_store
from jobsearch_pipelines.lib.maintenance.failures import replay_parked_event_sends

GROUP = "ingestion"


class IngestionConfig(dg.Config):
    boards: list[str] = Field(default=[], description='Only these boards ("vendor:token"); empty = every active '
                                                      "board.")


def _table(rows: list[dict[str, Any]]) -> dg.MetadataValue:
    if not rows:
        return dg.MetadataValue.md("(no boards)")
    clean = [{k: ("" if v is None else v) for k, v in row.items()} for row in rows]
    return dg.MetadataValue.table(records=[dg.TableRecord(row) for row in clean])


@dg.asset(group_name=GROUP, kinds={"python"})
def raw_board_snapshots(context: dg.AssetExecutionContext, config: IngestionConfig, database: DatabaseResource,
                        ats: AtsResource) -> list[RawSnapshot]:
    """Every active board's API response(s), fetched in parallel; a board that fails is kept with its error."""
    try:
        with database.session() as session:
            boards = active_boards(session, config.boards)
    except ValueError as exc:
        raise dg.Failure(f"config.{exc}", allow_retries=False) from exc
    with ats.transport() as transport:
        snapshots = fetch_boards(boards, transport, ats.settings())
    failed = [s for s in snapshots if not s.ok]
    for snapshot in failed:
        context.log.warning(f"board {snapshot.board.key} failed after {snapshot.attempts} attempt(s): "
                            f"{snapshot.error}")
    context.add_output_metadata({
        "mode": ats.mode, "boards": len(snapshots), "fetched": len(snapshots) - len(failed), "failed": len(failed),
        "requests": sum(s.requests for s in snapshots),
        "boards_detail": _table([{"board": s.board.key, "ok": s.ok, "requests": s.requests,
                                  "attempts": s.attempts, "http_status": s.http_status, "error": s.error}
                                 for s in snapshots]),
    })
    return snapshots


def postings_frame(results: list[BoardPostings]) -> pd.DataFrame:
    """All postings of a run as one DataFrame (for summaries and previews)."""
    columns = ["source", "board_token", "external_id", "title", "company_name", "workplace_type",
               "employment_type", "seniority", "salary_min", "salary_max", "salary_currency", "country_codes"]
    rows = [{c: getattr(p, c) for c in columns} for r in results if r.ok for p in r.postings]
    return pd.DataFrame(rows, columns=columns)


def _postings_metadata(results: list[BoardPostings]) -> dict[str, Any]:
    frame = postings_frame(results)
    preview = frame.head(20)[["source", "board_token", "title", "workplace_type", "seniority", "salary_min",
                              "salary_max", "salary_currency"]]
    return {
        "postings": len(frame),
        "boards_ok": sum(r.ok for r in results),
        "boards_failed": sum(not r.ok for r in results),
        "skipped": sum(r.skipped for r in results),
        "unchanged_not_reparsed": sum(len(r.unchanged_ids) for r in results),
        "by_source": counts_table({str(k): int(v) for k, v in frame["source"].value_counts().items()}, "source",
                                  "postings"),
        "by_workplace": counts_table(
            {str(k): int(v) for k, v in frame["workplace_type"].fillna("unknown").value_counts().items()},
            "workplace_type", "postings"),
        "with_salary": int(frame["salary_min"].notna().sum()) if len(frame) else 0,
        "preview": _table(preview.astype(object).where(preview.notna(), None).to_dict("records")),
    }


@dg.multi_asset(
    name="normalize_and_store_postings", group_name=GROUP, can_subset=False,
    ins={"raw_board_snapshots": dg.AssetIn()},
    specs=[
        dg.AssetSpec("normalized_postings", deps=["raw_board_snapshots"], kinds={"python", "pandas"},
                     description="The snapshots parsed into the one posting schema shared by all vendors (with "
                                 "content hashes). Postings whose raw form equals the stored open job's are not "
                                 "parsed again. Materialized with ``jobs``: the postings themselves land there."),
        dg.AssetSpec("jobs", deps=["normalized_postings"], kinds={"sqlalchemy"},
                     freshness_policy=FRESHNESS_POLICIES["jobs"],
                     description="The jobs table: new inserted, changed updated (by content hash), unchanged "
                                 "untouched, jobs gone from a successfully fetched board closed, returning ones "
                                 "reopened; one ``jobs/new-batch`` event per run for the new jobs."),
    ],
)
def normalize_and_store_postings(context: dg.AssetExecutionContext, database: DatabaseResource,
                                 raw_board_snapshots: list[RawSnapshot]) -> Iterator[dg.MaterializeResult]:
    """Parse and upsert in one step: a worker thread parses, diffs and encodes the next boards while the
    database writes the previous ones (``lib/ingestion/store.normalize_and_store``)."""
    engine = database.get_engine()
    with session_scope(engine) as session:  # announcements an earlier version parked after a failed send
        replayed = replay_parked_event_sends(session, utcnow())
    if replayed:
        context.log.info(f"sent {len(replayed)} parked jobs/new-batch event(s): {replayed}")
    report, results = normalize_and_store(engine, raw_board_snapshots, utcnow(), context.run.run_id)
    for result in results:
        if not result.ok:
            context.log.warning(f"board {result.board.key}: {result.error}")
    yield dg.MaterializeResult(asset_key="normalized_postings", metadata=_postings_metadata(results))
    event_ids = report.event_ids  # stored in the same transaction as the jobs (transactional outbox)
    totals = report.totals()
    for board in report.boards:
        if board.status != "ok" and board.error and board.error.startswith("database:"):
            context.log.warning(f"board {board.board} failed: {board.error}")
    open_by_vendor = _open_jobs_by_vendor(engine)
    yield dg.MaterializeResult(asset_key="jobs", metadata={
        **{key: dg.MetadataValue.int(value) for key, value in totals.items()},
        **table_metadata(Job.__table__, sum(open_by_vendor.values())),
        "new_batch_events": dg.MetadataValue.json(event_ids),
        "event_source": report.event_source if report.new_job_ids else "",
        "boards_report": _table(report.rows()),
        "failed_boards": dg.MetadataValue.json([b.board for b in report.boards if b.status != "ok"]),
        "open_jobs_by_vendor": counts_table(open_by_vendor, "vendor", "open_jobs"),
        "boards_by_vendor": counts_table(dict(Counter(b.board.split(":")[0] for b in report.boards)), "vendor",
                                         "boards"),
        "chart_open_jobs_by_vendor": bar_chart("Open jobs per vendor", list(open_by_vendor),
                                               {"open": list(open_by_vendor.values())}),
        "chart_this_run_by_vendor": _run_chart(report),
    })


def _open_jobs_by_vendor(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        rows = session.execute(select(Job.source, func.count()).where(Job.status == "open").group_by(Job.source))
        return {str(source): int(count) for source, count in sorted(rows.tuples())}


def _run_chart(report: IngestReport) -> dg.MetadataValue:
    """New, changed and closed jobs per vendor in this run."""
    per_vendor: dict[str, Counter[str]] = {}
    for board in report.boards:
        counts = per_vendor.setdefault(board.board.split(":")[0], Counter())
        counts.update({"new": board.new, "changed": board.updated, "closed": board.closed})
    vendors = sorted(per_vendor)
    return bar_chart("This run: new / changed / closed per vendor", vendors,
                     {kind: [per_vendor[v][kind] for v in vendors] for kind in ("new", "changed", "closed")})
