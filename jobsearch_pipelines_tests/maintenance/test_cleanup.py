"""Daily cleanup removes exactly what has expired, through the lib and through the Dagster job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import dagster as dg
import pytest
from sqlalchemy import Engine, func, select

from jobsearch_pipelines.db.engine import make_engine, session_scope
from jobsearch_pipelines.db.schema import Event, Job, Notification, User, UserPreference
from jobsearch_pipelines.defs.maintenance.jobs import daily_cleanup
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.maintenance.cleanup import CleanupPolicy, decayed_confidence, run_cleanup

NOW = datetime(2026, 11, 29, 4, 0, tzinfo=UTC)


def _days(n: float) -> datetime:
    return NOW - timedelta(days=n)


def _populate(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(User(id="user_1", email="u1@example.test"))
        session.flush()
        for ext, status, closed_at in [("old-closed", "closed", _days(91)), ("recent-closed", "closed", _days(89)),
                                       ("open", "open", None), ("old-open", "open", None)]:
            session.add(Job(source="greenhouse", board_token="acme", external_id=ext, title=ext, url="https://x/",
                            content_hash="h" * 64, status=status, closed_at=closed_at,
                            first_seen_at=_days(400), created_at=_days(400)))
        for i, (status, processed_at, received_at) in enumerate([
                ("processed", _days(31), _days(31)), ("processed", _days(29), _days(31)),
                ("skipped", _days(40), _days(40)), ("duplicate", None, _days(45)), ("pending", None, _days(60)),
                ("failed", None, _days(60)), ("dead", _days(60), _days(60))]):
            session.add(Event(id=f"evt{i}", name="test/event", data={}, ts=0, status=status,
                              processed_at=processed_at, received_at=received_at))
        for i, (status, sent_at, updated_at) in enumerate([
                ("sent", _days(91), _days(91)), ("sent", _days(10), _days(10)), ("suppressed", None, _days(100)),
                ("pending", None, _days(100)), ("dead", None, _days(100))]):
            session.add(Notification(dedupe_key=f"n{i}", user_id="user_1", recipient="u1@example.test",
                                     kind="digest", subject="s", body_text="b", status=status, sent_at=sent_at,
                                     updated_at=updated_at, created_at=updated_at))
        for field, source, confidence, age in [
                ("skills", "inferred_view", 0.4, 40),  # 0.4 * 0.5**(40/90) = 0.29 -> kept
                ("skills", "inferred_view", 0.4, 70),  # 0.23 -> deleted
                ("remote_preference", "inferred_feedback", 0.8, 200),  # 0.17 -> deleted
                ("remote_preference", "inferred_application", 0.8, 100),  # 0.37 -> kept
                ("excluded_companies", "explicit", 0.3, 1000),  # explicit: never decays
                ("email_frequency", "default", 0.5, 1000)]:  # defaults: never decay
            session.add(UserPreference(user_id="user_1", field=field, value=["x"], source=source,
                                       confidence=confidence, observed_at=_days(age)))


def test_cleanup_removes_only_what_expired(engine: Engine) -> None:
    _populate(engine)
    with session_scope(engine) as session:
        counts = run_cleanup(session, NOW, CleanupPolicy())
    assert counts.as_dict() == {"jobs_deleted": 1, "events_deleted": 3, "notifications_deleted": 2,
                                "preferences_deleted": 2}
    with session_scope(engine) as session:
        assert set(session.scalars(select(Job.external_id))) == {"recent-closed", "open", "old-open"}
        assert set(session.scalars(select(Event.status))) == {"processed", "pending", "failed", "dead"}
        assert sorted(session.scalars(select(Notification.dedupe_key))) == ["n1", "n3", "n4"]
        kept = session.execute(select(UserPreference.source, UserPreference.confidence)).all()
        assert sorted(kept) == [("default", 0.5), ("explicit", 0.3), ("inferred_application", 0.8),
                                ("inferred_view", 0.4)]
    with session_scope(engine) as session:  # idempotent
        assert run_cleanup(session, NOW).as_dict() == dict.fromkeys(counts.as_dict(), 0)


def test_cleanup_job_reports_counts_and_honours_config(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    _populate(engine)
    with session_scope(engine) as session:  # make the fixture relative to the real clock the job uses
        session.execute(Job.__table__.update().where(Job.external_id == "recent-closed")
                        .values(closed_at=datetime.now(UTC) - timedelta(days=20)))
    result = daily_cleanup.execute_in_process(
        run_config={"ops": {"cleanup_expired_data": {"config": {"closed_job_days": 10}}}},
        resources={"database": DatabaseResource(url=sqlite_url)}, instance=dg.DagsterInstance.ephemeral())
    assert result.success
    [mat] = [e for e in result.all_node_events if e.event_type_value == "STEP_OUTPUT"] or [None]
    metadata = {k: v.value for k, v in mat.event_specific_data.metadata.items()}  # type: ignore[union-attr]
    assert metadata["jobs_deleted"] == 2
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Job).where(Job.status == "closed")) == 0
    bad = daily_cleanup.execute_in_process(
        run_config={"ops": {"cleanup_expired_data": {"config": {"closed_job_days": 0}}}},
        resources={"database": DatabaseResource(url=sqlite_url)}, instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False)
    assert not bad.success
    assert "closed_job_days: must be positive" in bad.get_step_failure_events()[0].step_failure_data.error.message
    engine.dispose()


def test_decay_halves_per_half_life() -> None:
    assert decayed_confidence(0.8, _days(90), NOW, 90) == pytest.approx(0.4)
    assert decayed_confidence(0.8, NOW, NOW, 90) == pytest.approx(0.8)
