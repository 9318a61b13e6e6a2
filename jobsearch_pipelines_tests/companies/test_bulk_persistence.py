"""Saving a bulk scan's domains: the same rows as saving them one by one, with a number of statements that
grows by at most one (the company's UPDATE) per domain."""

from __future__ import annotations

import io

from sqlalchemy import Engine, event, func, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import AtsBoard, Company, CompanyFact, CompanySnapshot
from jobsearch_pipelines.lib.companies import store
from jobsearch_pipelines.lib.companies.bulk import scan_stream
from jobsearch_pipelines_tests.companies.world import World


def _statements(engine: Engine, save) -> int:  # type: ignore[no-untyped-def]
    count = 0

    def counted(*_args: object) -> None:
        nonlocal count
        count += 1

    event.listen(engine, "before_cursor_execute", counted)
    try:
        with session_scope(engine) as session:
            save(session)
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count


def _table_counts(engine: Engine) -> tuple[int, ...]:
    with session_scope(engine) as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) or 0
                     for t in (Company, CompanyFact, CompanySnapshot, AtsBoard))


def test_batched_save_matches_one_by_one_with_a_constant_number_of_queries(
        world: World, engine: Engine, sqlite_engine: Engine) -> None:
    domains = list(scan_stream(io.BytesIO(world.new_warc), "new.warc.gz", workers=0).domains.values())
    assert len(domains) >= 10

    one = _statements(engine, lambda s: store.save_domains(s, domains[:1], mode="bulk"))
    many = _statements(engine, lambda s: store.save_domains(s, domains[1:], mode="bulk"))
    # one UPDATE per company whose golden record changed, no round of queries per domain (that was ~17)
    assert many - one <= len(domains), (one, many)

    for result in domains:  # the same domains saved one at a time elsewhere give the same rows
        with session_scope(sqlite_engine) as session:
            store.save_domain(session, result, mode="bulk")
    assert _table_counts(engine) == _table_counts(sqlite_engine)
    again = _statements(engine, lambda s: store.save_domains(s, domains, mode="bulk"))
    assert _table_counts(engine) == _table_counts(sqlite_engine)  # re-saving adds nothing
    assert again <= one + len(domains)
