"""Emails through the real path: events in the inbox -> sensor ticks -> job runs -> SMTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import dagster as dg
import pytest
from sqlalchemy import Engine, func, select, update

from jobsearch_pipelines.db.engine import session_scope
from jobsearch_pipelines.db.schema import Digest, Failure, JobAlert, Notification, UserSettings, utcnow
from jobsearch_pipelines.defs.events.user_functions import USER_FUNCTIONS
from jobsearch_pipelines.defs.notifications.functions import DAILY_DIGEST, NEW_JOBS_ALERT, SEND_EMAIL
from jobsearch_pipelines.defs.notifications.jobs import deliver_outbox
from jobsearch_pipelines.defs.notifications.resources import mailer_resource
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.events.inbox import send_event
from jobsearch_pipelines_tests.events.helpers import Harness, function_defs, statuses
from jobsearch_pipelines_tests.notifications.smtp_server import RecordingHandler
from jobsearch_pipelines_tests.ranking.builders import add_company, add_job, add_user

REGISTER = next(fn for fn in USER_FUNCTIONS if fn.event == "user/registered")
INJECTION = '<script>alert("x")</script>Senior <b>Python</b> Engineer'


def _harness(url: str) -> Iterator[Harness]:
    with dg.instance_for_test() as instance:
        yield Harness(function_defs(url, REGISTER, SEND_EMAIL, NEW_JOBS_ALERT, DAILY_DIGEST), instance, url)


@pytest.fixture
def harness(db_url: str) -> Iterator[Harness]:
    yield from _harness(db_url)


@pytest.fixture
def sharness(sqlite_url: str) -> Iterator[Harness]:
    """SQLite only: for behaviour that does not depend on the database."""
    yield from _harness(sqlite_url)


def test_welcome_email_arrives_once(engine: Engine, harness: Harness, smtp: RecordingHandler) -> None:
    send_event(engine, "user/registered", {"userId": "u_ada", "email": "ada@example.org", "name": "Ada"})
    harness.drain(REGISTER)
    harness.drain(SEND_EMAIL)
    assert len(smtp.received) == 1
    mail = smtp.received[0]
    assert mail.rcpt_tos == ["ada@example.org"] and "alerts@jobsearch.test" in mail.mail_from
    assert mail.subject == "Welcome to Jobsearch, Ada"
    assert "Welcome, Ada!" in mail.part("plain") and "<h1" in mail.part("html")
    # the same registration again, and a resent welcome event: still one email
    send_event(engine, "user/registered", {"userId": "u_ada", "email": "ada@example.org", "name": "Ada"})
    send_event(engine, "notification/email", {"userId": "u_ada", "email": "ada@example.org", "type": "welcome",
                                           "data": {"name": "Ada"}})
    harness.drain(REGISTER)
    harness.drain(SEND_EMAIL)
    assert len(smtp.received) == 1
    with session_scope(engine) as s:
        row = s.scalars(select(Notification)).one()
        assert row.status == "sent" and row.message_id == str(mail.message["Message-ID"])


def _alert_world(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as s:
        add_user(s, "py", email="py@example.org", name="Pia",
                 prefs={"tech_stack": ["python", "postgresql"], "work_arrangement": ["remote"],
                        "excluded_company_types": ["STAFFING"]})
        add_user(s, "jv", email="jv@example.org", prefs={"tech_stack": ["java"]})
        add_user(s, "off", email="off@example.org", prefs={"tech_stack": ["python"]}, new_job_alerts=False)
        add_user(s, "gone", email="gone@example.org", prefs={"tech_stack": ["python"]}, email_notifications=False)
        good, agency = add_company(s, "goodco", name="Good & Co"), add_company(s, "agency", category="STAFFING")
        inj = add_job(s, INJECTION, company=good, skills=["python", "postgresql"], countries=["DE"],
                      url="https://boards.example.com/jobs/inj")
        plain = add_job(s, "Backend Engineer (Python)", company=good, skills=["python"],
                        url="https://boards.example.com/jobs/plain")
        staffing = add_job(s, "Python contractor", company=agency, skills=["python", "postgresql"])
        cobol = add_job(s, "COBOL maintainer", company=good, skills=["cobol"])
        return {"inj": inj.id, "plain": plain.id, "staffing": staffing.id, "cobol": cobol.id}


def test_new_jobs_alert_sends_only_fitting_jobs_once_and_escaped(engine: Engine, harness: Harness,
                                                                 smtp: RecordingHandler) -> None:
    jobs = _alert_world(engine)
    send_event(engine, "jobs/new-batch", {"jobIds": list(jobs.values()), "source": "greenhouse"})
    harness.drain(NEW_JOBS_ALERT)
    assert sorted(r for m in smtp.received for r in m.rcpt_tos) == ["py@example.org"]
    mail = smtp.to("py@example.org")[0]
    assert mail.subject.startswith("2 new jobs matching your preferences")
    html, text = mail.part("html"), mail.part("plain")
    assert "<script>" not in html and "<b>Python</b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;Python&lt;/b&gt;" in html and "Good &amp; Co" in html
    assert 'href="https://boards.example.com/jobs/inj"' in html and "https://boards.example.com/jobs/plain" in text
    assert "Matches your skills" in text and "COBOL" not in text and "contractor" not in text
    with session_scope(engine) as s:
        alerted = set(s.execute(select(JobAlert.user_id, JobAlert.job_id)).tuples())
    assert alerted == {("py", jobs["inj"]), ("py", jobs["plain"])}
    # the same jobs again in a later batch (plus one new one that fits): only the new one is alerted
    with session_scope(engine) as s:
        fresh = add_job(s, "Python + Postgres", company=add_company(s, "fresh"), skills=["python", "postgresql"]).id
    send_event(engine, "jobs/new-batch", {"jobIds": [*jobs.values(), fresh], "source": "greenhouse"})
    harness.drain(NEW_JOBS_ALERT)
    assert len(smtp.received) == 2
    second = smtp.received[1]
    assert second.subject.startswith("1 new job matching") and "/jobs/inj" not in second.part("plain")


def test_new_batch_waits_for_skill_extraction(sqlite_engine: Engine, sharness: Harness, smtp: RecordingHandler) -> None:
    engine, harness = sqlite_engine, sharness
    with session_scope(engine) as s:
        add_user(s, "py", prefs={"tech_stack": ["python"]})
        job = add_job(s, "Python dev", company=add_company(s, "c"), skills=["python"], extracted=False)
    send_event(engine, "jobs/new-batch", {"jobIds": [job.id], "source": "lever"})
    harness.drain(NEW_JOBS_ALERT)
    assert list(statuses(engine, "jobs/new-batch").values()) == ["failed"] and smtp.received == []


def _digest_world(engine: Engine) -> None:
    with session_scope(engine) as s:
        add_user(s, "dg", email="dg@example.org", name="Dan", timezone="Europe/Berlin",
                 prefs={"tech_stack": ["python"]}, jobs_per_digest=2)
        add_user(s, "nodigest", email="nd@example.org", prefs={"tech_stack": ["python"]}, daily_digest=False)
        add_user(s, "nothing", email="nothing@example.org", prefs={"tech_stack": ["haskell"]})
        co = add_company(s, "co", name="Co")
        for i in range(3):
            add_job(s, f"Python role {i}", company=co, skills=["python"], url=f"https://jobs.example.com/{i}",
                    first_seen=utcnow() - timedelta(hours=2 + i))
        add_job(s, "Old python role", company=co, skills=["python"], first_seen=utcnow() - timedelta(days=3))


def test_daily_digest_is_sent_once_with_the_top_new_jobs(engine: Engine, harness: Harness,
                                                         smtp: RecordingHandler) -> None:
    _digest_world(engine)
    send_event(engine, "cron/daily-digest", {"timestamp": utcnow().isoformat()})
    harness.drain(DAILY_DIGEST)
    assert [m.rcpt_tos for m in smtp.received] == [["dg@example.org"]]
    mail = smtp.received[0]
    assert mail.subject.startswith("Your daily digest for ") and mail.subject.endswith(": 2 new jobs")
    text = mail.part("plain")
    assert "The best 2 of 3 new jobs" in text and "https://jobs.example.com/0" in text
    assert "https://jobs.example.com/2" not in text and "Old python role" not in text
    assert "Matches your skills: Python" in text
    with session_scope(engine) as s:
        digest = s.scalars(select(Digest)).one()
        assert digest.user_id == "dg" and len(digest.job_ids) == 2
    # a re-run of the same day's digest sends nothing new
    send_event(engine, "cron/daily-digest", {"timestamp": utcnow().isoformat()})
    harness.drain(DAILY_DIGEST)
    assert len(smtp.received) == 1
    assert sorted(statuses(engine, "cron/daily-digest").values()) == ["processed", "processed"]


def test_smtp_failure_then_success_sends_exactly_once(db_url: str, engine: Engine, harness: Harness,
                                                      smtp: RecordingHandler) -> None:
    smtp.fail_next = 1
    send_event(engine, "user/registered", {"userId": "u_bo", "email": "bo@example.org", "name": "Bo"})
    harness.drain(REGISTER)
    harness.drain(SEND_EMAIL)
    assert smtp.received == []
    with session_scope(engine) as s:
        row = s.scalars(select(Notification)).one()
        assert row.status == "failed" and row.attempts == 1 and "451" in (row.last_error or "")
        assert row.next_attempt_at is not None and row.next_attempt_at > utcnow()
        row.next_attempt_at = utcnow() - timedelta(seconds=1)  # the backoff has passed
    resources = {"database": DatabaseResource(url=db_url), "mailer": mailer_resource()}
    for _ in range(2):  # the sweeper twice: the second run finds nothing due
        assert deliver_outbox.execute_in_process(resources=resources, instance=harness.instance).success
    assert [m.rcpt_tos for m in smtp.received] == [["bo@example.org"]]
    with session_scope(engine) as s:
        row = s.scalars(select(Notification)).one()
        assert row.status == "sent" and row.attempts == 2


def test_permanent_rejection_is_recorded_as_bounce(sqlite_engine: Engine, sharness: Harness,
                                                   smtp: RecordingHandler) -> None:
    engine, harness = sqlite_engine, sharness
    smtp.fail_next, smtp.fail_reply = 1, "550 5.1.1 Mailbox does not exist"
    send_event(engine, "notification/email", {"email": "nobody@example.org", "type": "welcome", "data": {}})
    harness.drain(SEND_EMAIL)
    with session_scope(engine) as s:
        row = s.scalars(select(Notification)).one()
        assert row.status == "bounced" and "550" in (row.last_error or "")
        failure = s.scalars(select(Failure).where(Failure.kind == "email")).one()
        assert failure.payload["outcome"] == "bounced"
    assert smtp.received == []


def test_unsubscribed_user_gets_nothing(sqlite_engine: Engine, sharness: Harness, smtp: RecordingHandler) -> None:
    engine, harness = sqlite_engine, sharness
    with session_scope(engine) as s:
        add_user(s, "quiet", email="quiet@example.org", prefs={"tech_stack": ["python"]})
        job = add_job(s, "Python", company=add_company(s, "c"), skills=["python"])
        s.execute(update(UserSettings).where(UserSettings.user_id == "quiet").values(unsubscribed_at=utcnow()))
    send_event(engine, "notification/email", {"userId": "quiet", "email": "quiet@example.org", "type": "welcome",
                                           "data": {}})
    send_event(engine, "jobs/new-batch", {"jobIds": [job.id], "source": "x"})
    send_event(engine, "cron/daily-digest", {})
    for fn in (SEND_EMAIL, NEW_JOBS_ALERT, DAILY_DIGEST):
        harness.drain(fn)
    assert smtp.received == []
    with session_scope(engine) as s:
        assert s.scalars(select(Notification.status)).all() == ["suppressed"]
        assert s.scalar(select(func.count()).select_from(JobAlert)) == 0


def test_unknown_email_type_is_refused_when_sent(sqlite_engine: Engine, smtp: RecordingHandler) -> None:
    from jobsearch_pipelines.lib.events.inbox import EventValidationError

    with pytest.raises(EventValidationError) as refused:
        send_event(sqlite_engine, "notification/email", {"email": "x@example.org", "type": "no_such_kind", "data": {}})
    assert refused.value.field == "data.type" and "no email template for 'no_such_kind'" in str(refused.value)
    assert statuses(sqlite_engine, "notification/email") == {} and smtp.received == []


def test_emails_are_throttled_per_recipient(sqlite_engine: Engine, sharness: Harness, smtp: RecordingHandler) -> None:
    for i in range(12):
        send_event(sqlite_engine, "notification/email", {"email": "busy@example.org", "type": "welcome",
                                                "data": {"dedupeKey": f"k{i}"}})
    send_event(sqlite_engine, "notification/email", {"email": "calm@example.org", "type": "welcome", "data": {}})
    admitted = []
    for request in sharness.tick(SEND_EMAIL):
        admitted += request.run_config["ops"]["process_send_email_notification"]["config"]["event_ids"]
        sharness.execute(SEND_EMAIL, request)
    assert len(admitted) == 11  # 10 a minute for busy@, calm@ is not held back by busy@
    assert sorted(m.rcpt_tos[0] for m in smtp.received).count("busy@example.org") == 10
    assert [m.rcpt_tos for m in smtp.received].count(["calm@example.org"]) == 1
    pending = sorted(statuses(sqlite_engine, "notification/email").values()).count("pending")
    assert pending == 2  # sent in the next minute
