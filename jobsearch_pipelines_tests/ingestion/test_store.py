"""Diff + bulk upsert on SQLite and PostgreSQL: new/changed/unchanged/closed/reopened, failed boards isolated."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import AtsBoard, BoardFetch, Company, Failure, Job
from jobsearch_pipelines.lib.ingestion.registry import active_boards
from jobsearch_pipelines.lib.ingestion.store import IngestReport, known_source_hashes, normalize_and_store
from jobsearch_pipelines_tests.ingestion.ats_server import AtsServer, Fault
from jobsearch_pipelines_tests.ingestion.helpers import fetch_raw_via_http, fetch_via_http

T0 = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)
T2 = T0 + timedelta(hours=2)


def _run(engine: Engine, server: AtsServer, now: datetime, **kwargs: object) -> IngestReport:
    """One ingestion as the assets do it: fetch, then parse (skipping postings whose source hash is stored) and
    store in ``normalize_and_store``."""
    with session_scope(engine) as session:
        boards = active_boards(session)
    raws = fetch_raw_via_http(server, boards, **kwargs)  # type: ignore[arg-type]
    return normalize_and_store(engine, raws, now, run_id=f"run-{now:%H}")[0]


def _board_report(report: IngestReport, key: str):  # type: ignore[no-untyped-def]
    return next(b for b in report.boards if b.board == key)


def test_second_run_detects_exactly_one_new_one_updated_one_closed(seeded_engine: Engine,
                                                                   ats_server: AtsServer) -> None:
    first = _run(seeded_engine, ats_server, T0)
    totals = first.totals()
    assert totals["failed"] == 0 and totals["new"] == totals["postings"] == len(first.new_job_ids) >= 100
    assert first.event_source == "mixed"

    jobs = ats_server.payloads[("greenhouse", "harborlight")]["jobs"]
    added = copy.deepcopy(jobs[0])
    added.update(id=9_999_001, title="Senior Data Platform Engineer", absolute_url="https://example.test/9999001")
    jobs.append(added)
    jobs[1]["title"] = "Backend Engineer (Python, Payments)"
    removed = jobs.pop(2)

    second = _run(seeded_engine, ats_server, T1)
    totals = second.totals()
    assert (totals["new"], totals["updated"], totals["closed"], totals["failed"]) == (1, 1, 1, 0)
    assert totals["unchanged"] == totals["postings"] - 2
    assert second.event_source == "greenhouse" and len(second.new_job_ids) == 1
    report = _board_report(second, "greenhouse:harborlight")
    assert (report.new, report.updated, report.closed) == (1, 1, 1)
    assert report.postings == len(jobs) and report.unchanged == len(jobs) - 2

    with session_scope(seeded_engine) as session:
        closed = session.scalars(select(Job).where(Job.external_id == str(removed["id"]))).one()
        assert closed.status == "closed" and closed.closed_at == T1
        changed = session.scalars(select(Job).where(Job.external_id == str(jobs[1]["id"]))).one()
        assert changed.title == "Backend Engineer (Python, Payments)" and changed.updated_at == T1
        new = session.get(Job, second.new_job_ids[0])
        assert new is not None and new.title == "Senior Data Platform Engineer" and new.first_seen_at == T1
        # unchanged rows were not written at all: their updated_at is still the first run's
        untouched = session.scalar(select(func.count()).select_from(Job).where(Job.updated_at == T0))
        assert untouched == totals["unchanged"]
        board = session.scalars(select(AtsBoard).where(AtsBoard.token == "harborlight")).one()
        assert board.job_count == len(jobs) and board.last_fetch_status == "ok"
        fetches = session.scalars(select(BoardFetch).where(BoardFetch.board_id == board.id)
                                  .order_by(BoardFetch.id)).all()
        assert [(f.new, f.updated, f.closed, f.run_id) for f in fetches][-1] == (1, 1, 1, "run-11")

    jobs.append(removed)  # the closed job comes back: reopened, not duplicated
    third = _run(seeded_engine, ats_server, T2)
    report = _board_report(third, "greenhouse:harborlight")
    assert (report.new, report.reopened, report.closed) == (0, 1, 0)
    with session_scope(seeded_engine) as session:
        again = session.scalars(select(Job).where(Job.external_id == str(removed["id"]))).one()
        assert again.status == "open" and again.closed_at is None and again.id == closed.id


def test_failed_board_is_reported_and_never_closes_its_jobs(seeded_engine: Engine, ats_server: AtsServer) -> None:
    _run(seeded_engine, ats_server, T0)
    ats_server.payloads[("lever", "tidewater-labs")] = []  # would close every job if it were trusted ...
    ats_server.fail("lever", "tidewater-labs", Fault(status=500), always=True)  # ... but the fetch fails
    report = _run(seeded_engine, ats_server, T1, max_attempts=3)
    lever = _board_report(report, "lever:tidewater-labs")
    assert lever.status == "failed" and lever.http_status == 500 and lever.attempts == 3 and lever.closed == 0
    assert report.totals()["failed"] == 1 and report.totals()["closed"] == 0
    assert ats_server.count("lever", "tidewater-labs") == 1 + 3
    with session_scope(seeded_engine) as session:
        statuses = set(session.scalars(select(Job.status).where(Job.board_token == "tidewater-labs")))
        assert statuses == {"open"}
        failure = session.scalars(select(Failure).where(Failure.ref == "lever:tidewater-labs")).one()
        assert failure.kind == "board_fetch" and failure.status == "open" and "HTTP 500" in failure.error
        board = session.scalars(select(AtsBoard).where(AtsBoard.token == "tidewater-labs")).one()
        assert board.last_fetch_status == "failed" and "HTTP 500" in (board.last_error or "")

    ats_server.clear_faults()  # the board recovers (and is now really empty): close its jobs, resolve failure
    report = _run(seeded_engine, ats_server, T2)
    assert _board_report(report, "lever:tidewater-labs").closed == 10
    with session_scope(seeded_engine) as session:
        assert session.scalars(select(Failure.status).where(Failure.ref == "lever:tidewater-labs")).one() == "resolved"


def test_jobs_are_linked_to_companies(seeded_engine: Engine, ats_server: AtsServer) -> None:
    _run(seeded_engine, ats_server, T0)
    with session_scope(seeded_engine) as session:
        assert session.scalar(select(func.count()).select_from(Job).where(Job.company_id.is_(None))) == 0
        names = dict(session.execute(select(Company.key, Company.name)).all())
        assert names["harborlight-software"] == "Harborlight Software"
        job = session.scalars(select(Job).where(Job.board_token == "quillstack")).first()
        assert job is not None and session.get(Company, job.company_id).name == "Quillstack"  # type: ignore[union-attr]
        boards_without_company = session.scalar(select(func.count()).select_from(AtsBoard)
                                                .where(AtsBoard.company_id.is_(None)))
        assert boards_without_company == 0


def test_duplicate_postings_within_a_board_are_stored_once(seeded_engine: Engine, ats_server: AtsServer) -> None:
    jobs = ats_server.payloads[("greenhouse", "quillstack")]["jobs"]
    jobs.append(copy.deepcopy(jobs[0]))
    report = _run(seeded_engine, ats_server, T0)
    board = _board_report(report, "greenhouse:quillstack")
    assert board.new == len(jobs) - 1 and board.skipped == 1


def test_unchanged_postings_are_not_parsed_again_but_content_changes_still_count(
        seeded_engine: Engine, ats_server: AtsServer) -> None:
    _run(seeded_engine, ats_server, T0)
    with session_scope(seeded_engine) as session:
        boards = active_boards(session)
        known = known_source_hashes(session, boards)
    assert sum(len(v) for v in known.values()) >= 100
    ashby = ats_server.payloads[("ashby", "brightpath-health")]["jobs"]
    ashby[0]["compensation"]["summaryComponents"][0]["id"] = "new-id"  # raw change, same normalised content
    ashby[1]["descriptionPlain"] += "\nVisa sponsorship available."  # raw + content change
    results = {r.board.key: r for r in fetch_via_http(ats_server, boards, known=known)}
    board = results["ashby:brightpath-health"]
    assert {p.external_id for p in board.postings} == {ashby[0]["id"], ashby[1]["id"]}
    assert len(board.unchanged_ids) == len(ashby) - 2
    report, _ = normalize_and_store(seeded_engine, fetch_raw_via_http(ats_server, boards), T1)
    brightpath = _board_report(report, "ashby:brightpath-health")
    assert (brightpath.new, brightpath.updated, brightpath.unchanged, brightpath.closed) == (0, 1, len(ashby) - 1, 0)


def test_a_database_error_on_one_board_rolls_back_only_that_board(
        seeded_engine: Engine, ats_server: AtsServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from jobsearch_pipelines.lib.ingestion import store, upsert

    writers: list[upsert.JobWriter] = []
    real = upsert.job_writer

    def failing_for_quillstack(engine, session):  # type: ignore[no-untyped-def]
        writer = real(engine, session)
        write = writer.write

        def write_or_fail(session, encoded):  # type: ignore[no-untyped-def]
            written = write(session, encoded)  # the rows really reach the database ...
            if any(key[1] == "quillstack" for key in written):
                raise RuntimeError("disk full")  # ... and are rolled back with the board's savepoint
            return written

        writer.write = write_or_fail  # type: ignore[method-assign]
        writers.append(writer)
        return writer

    monkeypatch.setattr(store, "job_writer", failing_for_quillstack)
    report = _run(seeded_engine, ats_server, T0)
    assert writers  # the failure was injected through the real writer
    quill = _board_report(report, "greenhouse:quillstack")
    assert quill.status == "failed" and "database: RuntimeError: disk full" in (quill.error or "")
    assert report.totals()["failed"] == 1 and report.totals()["new"] == report.totals()["postings"] > 80
    with session_scope(seeded_engine) as session:
        assert session.scalar(select(func.count()).select_from(Job).where(Job.board_token == "quillstack")) == 0
        assert session.scalar(select(func.count()).select_from(Job).where(Job.board_token == "harborlight")) == 14
        assert session.scalars(select(Failure.ref)).all() == ["greenhouse:quillstack"]
        board = session.scalars(select(AtsBoard).where(AtsBoard.token == "quillstack")).one()
        assert board.last_fetch_status == "failed"


def test_the_overlapped_parse_and_store_cleans_text_no_database_can_hold(seeded_engine: Engine,
                                                                       ats_server: AtsServer) -> None:
    """``normalize_and_store`` (what the Dagster step runs): NUL characters and lone surrogates ("\\udc80" escapes
    in the API's JSON) are cleaned, so the board is stored on SQLite and PostgreSQL alike."""
    harborlight = ats_server.payloads[("greenhouse", "harborlight")]["jobs"]
    harborlight[0]["title"] = "Staff Engineer \udc80"
    harborlight[1]["content"] += "\x00"
    with session_scope(seeded_engine) as session:
        boards = active_boards(session)
    raws = fetch_raw_via_http(ats_server, boards)
    report, parsed = normalize_and_store(seeded_engine, raws, T0, run_id="overlap")
    totals = report.totals()
    assert totals["failed"] == 0 and totals["new"] == totals["postings"] == sum(len(p.postings) for p in parsed)
    assert [p.board.key for p in parsed] == [raw.board.key for raw in raws]  # in order
    with session_scope(seeded_engine) as session:
        titles = {j.external_id: j for j in session.scalars(select(Job).where(Job.board_token == "harborlight"))}
        assert titles[str(harborlight[0]["id"])].title == "Staff Engineer ?"
        assert "\x00" not in (titles[str(harborlight[1]["id"])].description_html or "")
        assert session.scalar(select(func.count()).select_from(Job)) == totals["new"]
    again, _ = normalize_and_store(seeded_engine, fetch_raw_via_http(ats_server, boards), T1)
    assert again.totals()["unchanged"] == totals["new"] and again.totals()["updated"] == 0


def test_rows_the_writer_cannot_encode_fail_only_their_board(
        seeded_engine: Engine, ats_server: AtsServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from jobsearch_pipelines.lib.ingestion import store

    real = store.job_writer

    def refusing_quillstack(engine, session):  # type: ignore[no-untyped-def]
        writer = real(engine, session)
        encode = writer.encode

        def encode_or_refuse(rows):  # type: ignore[no-untyped-def]
            if any(row["board_token"] == "quillstack" for row in rows):
                raise ValueError("A string literal cannot contain NUL (0x00) characters.")
            return encode(rows)

        writer.encode = encode_or_refuse  # type: ignore[method-assign]
        return writer

    monkeypatch.setattr(store, "job_writer", refusing_quillstack)
    with session_scope(seeded_engine) as session:
        boards = active_boards(session)
    report, _ = normalize_and_store(seeded_engine, fetch_raw_via_http(ats_server, boards), T0)
    quill = _board_report(report, "greenhouse:quillstack")
    assert quill.status == "failed" and "ValueError: A string literal cannot contain NUL" in (quill.error or "")
    assert report.totals()["failed"] == 1 and report.totals()["new"] > 80
    with session_scope(seeded_engine) as session:
        assert session.scalar(select(func.count()).select_from(Job).where(Job.board_token == "quillstack")) == 0
        assert session.scalars(select(Failure.ref)).all() == ["greenhouse:quillstack"]


def test_postings_on_the_company_site_give_the_company_its_website_for_discovery(
        seeded_engine: Engine, ats_server: AtsServer) -> None:
    from jobsearch_pipelines.lib.companies.service import candidate_domains
    from jobsearch_pipelines.lib.companies.store import find_or_create_companies

    for job in ats_server.payloads[("greenhouse", "harborlight")]["jobs"]:  # Greenhouse embedded on its own site
        job["absolute_url"] = f"https://careers.harborlight.example/openings/{job['id']}?gh_jid={job['id']}"
    report = _run(seeded_engine, ats_server, T0)
    assert report.totals()["failed"] == 0
    with session_scope(seeded_engine) as session:
        company = session.scalars(select(Company).where(Company.name == "Harborlight Software")).one()
        assert company.website == "https://harborlight.example"
        others = session.scalars(select(Company.website).where(Company.name != "Harborlight Software")).all()
        assert set(others) == {None}  # postings on the ATS's own hosts say nothing about a company site
    assert "harborlight.example" in candidate_domains(seeded_engine, [], include_known=True, only_new=True)
    with session_scope(seeded_engine) as session:  # what discovery finds there is filed under the same company
        found, created = find_or_create_companies(session, ["harborlight.example"])["harborlight.example"]
        assert (found.id, created) == (company.id, False)
