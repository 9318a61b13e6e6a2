"""The `make dev` path (job_rankings -> digest_emails -> .eml files), the schedule, and `jobsearch digest preview`."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import dagster as dg
from click.testing import CliRunner
from sqlalchemy import func, select

from jobsearch_pipelines.cli.main import cli
from jobsearch_pipelines.db.engine import data_dir, make_engine, session_scope
from jobsearch_pipelines.db.schema import Digest, Event, Notification
from jobsearch_pipelines.defs.notifications.assets import digest_emails
from jobsearch_pipelines.defs.notifications.resources import MailerResource
from jobsearch_pipelines.defs.notifications.schedules import daily_digest_trigger, daily_digest_trigger_job
from jobsearch_pipelines.defs.ranking.assets import job_rankings
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines_tests.notifications.smtp_server import RecordingHandler
from jobsearch_pipelines_tests.ranking.builders import add_company, add_job, add_user


def _world(url: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as s:
        add_user(s, "ann", email="ann@example.org", name="Ann", prefs={"tech_stack": ["python"]})
        add_user(s, "bob", email="bob@example.org", prefs={"tech_stack": ["elixir"]})
        co = add_company(s, "co", name="Co")
        add_job(s, "Python <dev>", company=co, skills=["python"], url="https://jobs.example.com/py")
        add_job(s, "Go dev", company=co, skills=["go"])
    engine.dispose()


def test_rankings_then_digest_emails_write_eml_files_once(db_url: str) -> None:
    _world(db_url)
    resources = {"database": DatabaseResource(url=db_url), "mailer": MailerResource()}
    result = dg.materialize([job_rankings, digest_emails], resources=resources)
    assert result.success
    files = sorted((data_dir() / "outbox").glob("*.eml"))
    assert len(files) == 1 and files[0].name.startswith("daily_digest-")
    mail = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert mail["To"] == "ann@example.org" and "1 new job" in mail["Subject"]
    html = mail.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    assert "Python &lt;dev&gt;" in html and 'href="https://jobs.example.com/py"' in html
    again = dg.materialize([job_rankings, digest_emails], resources=resources)
    assert again.success and sorted((data_dir() / "outbox").glob("*.eml")) == files
    metadata = again.asset_materializations_for_node("digest_emails")[0].metadata
    assert metadata["digests_queued"].value == 0
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Digest)) == 1
        assert s.scalars(select(Notification.status)).all() == ["sent"]
    engine.dispose()


def test_digest_emails_over_smtp(sqlite_url: str, smtp: RecordingHandler) -> None:
    _world(sqlite_url)
    from jobsearch_pipelines.defs.notifications.resources import mailer_resource

    resources = {"database": DatabaseResource(url=sqlite_url), "mailer": mailer_resource()}
    assert dg.materialize([job_rankings, digest_emails], resources=resources).success
    assert [m.rcpt_tos for m in smtp.received] == [["ann@example.org"]]
    assert "https://jobs.example.com/py" in smtp.received[0].part("plain")


def test_schedule_is_daily_at_nine_utc_and_sends_the_event_once_per_day(sqlite_url: str) -> None:
    assert daily_digest_trigger.cron_schedule == "0 9 * * *" and daily_digest_trigger.execution_timezone == "UTC"
    tick = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    request = daily_digest_trigger.evaluate_tick(
        dg.build_schedule_context(scheduled_execution_time=tick)).run_requests[0]
    resources = {"database": DatabaseResource(url=sqlite_url)}
    for _ in range(2):
        assert daily_digest_trigger_job.execute_in_process(run_config=request.run_config, resources=resources).success
    engine = make_engine(sqlite_url)
    with session_scope(engine) as s:
        events = s.scalars(select(Event).where(Event.name == "cron/daily-digest").order_by(Event.seq)).all()
        assert [e.status for e in events] == ["pending", "duplicate"]
        assert events[0].data["timestamp"].startswith("2026-11-29T09:00")
    engine.dispose()


def test_cli_preview_prints_the_digest_without_sending(app_db: str, tmp_path: Path) -> None:
    _world(app_db)
    runner = CliRunner()
    result = runner.invoke(cli, ["digest", "preview", "--user", "ann"])
    assert result.exit_code == 0, result.output
    assert "To: ann@example.org" in result.output and "Subject: Your daily digest for" in result.output
    assert "Python <dev>" in result.output and "https://jobs.example.com/py" in result.output
    html = runner.invoke(cli, ["digest", "preview", "--user", "ann", "--html"])
    assert "Python &lt;dev&gt;" in html.output
    nothing = runner.invoke(cli, ["digest", "preview", "--user", "bob"])
    assert nothing.exit_code == 0 and "nothing would be sent" in nothing.output
    missing = runner.invoke(cli, ["digest", "preview", "--user", "nobody"])
    assert missing.exit_code == 2 and "--user" in missing.output and "nobody" in missing.output
    engine = make_engine(app_db)
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Notification)) == 0
        assert s.scalar(select(func.count()).select_from(Digest)) == 0
    engine.dispose()
    assert not (data_dir() / "outbox").exists() or not list((data_dir() / "outbox").iterdir())
    outbox = runner.invoke(cli, ["digest", "outbox"])
    assert outbox.exit_code == 0 and "empty" in outbox.output
    ranking = runner.invoke(cli, ["digest", "ranking", "--user", "ann"])
    assert ranking.exit_code == 0 and "no ranked jobs yet" in ranking.output
