"""Asset checks on ``jobs``: no duplicate (source, external id), required fields present, closed jobs dated."""

from __future__ import annotations

import dagster as dg
from sqlalchemy import func, or_, select

from jobsearch_pipelines.db.schema import Job
from jobsearch_pipelines.defs.resources import DatabaseResource


@dg.asset_check(asset="jobs", description="No two jobs share (source, external id).")
def jobs_unique_source_external_id(database: DatabaseResource) -> dg.AssetCheckResult:
    with database.session() as session:
        duplicates = session.execute(
            select(Job.source, Job.external_id, func.count()).group_by(Job.source, Job.external_id)
            .having(func.count() > 1).limit(20)).all()
    return dg.AssetCheckResult(passed=not duplicates, metadata={
        "duplicates": len(duplicates), "examples": dg.MetadataValue.json([f"{s}:{e} x{n}" for s, e, n in duplicates])})


@dg.asset_check(asset="jobs", description="Every job has source, board, external id, title, URL, hash and a "
                                          "known status.")
def jobs_required_fields_present(database: DatabaseResource) -> dg.AssetCheckResult:
    missing = or_(Job.source == "", Job.board_token == "", Job.external_id == "", Job.title == "",
                  Job.url.is_(None), Job.url == "", Job.content_hash == "", Job.status.not_in(("open", "closed")))
    with database.session() as session:
        count = session.scalar(select(func.count()).select_from(Job).where(missing)) or 0
        examples = list(session.scalars(select(Job.id).where(missing).limit(20)))
    return dg.AssetCheckResult(passed=count == 0, metadata={"invalid_rows": count,
                                                             "example_ids": dg.MetadataValue.json(examples)})


@dg.asset_check(asset="jobs", description="Closed jobs have closed_at; open jobs do not.")
def jobs_closed_have_closed_at(database: DatabaseResource) -> dg.AssetCheckResult:
    with database.session() as session:
        closed_without = session.scalar(select(func.count()).select_from(Job).where(
            Job.status == "closed", Job.closed_at.is_(None))) or 0
        open_with = session.scalar(select(func.count()).select_from(Job).where(
            Job.status == "open", Job.closed_at.is_not(None))) or 0
    return dg.AssetCheckResult(passed=closed_without == 0 and open_with == 0, metadata={
        "closed_without_closed_at": closed_without, "open_with_closed_at": open_with})
