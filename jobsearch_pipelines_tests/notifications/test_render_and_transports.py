"""Templates escape job text, settings errors name their variable, the file sink writes openable .eml files."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest

from jobsearch_pipelines.lib.notifications.render import JobCard, UnknownEmailKind, render_email, safe_url
from jobsearch_pipelines.lib.notifications.transports import (
    FileTransport,
    PermanentMailError,
    SmtpTransport,
    TransientMailError,
    settings_from_env,
)
from jobsearch_pipelines_tests.notifications.smtp_server import free_port, smtp_server


def card(title: str, url: str | None = "https://x.example/1", reasons: list[str] | None = None) -> JobCard:
    return JobCard(job_id=1, title=title, company="Evil <Corp>", url=url, score=0.8, reasons=reasons or [])


def test_html_escapes_job_text_and_text_part_keeps_it_plain() -> None:
    email = render_email("new_jobs", {"name": "<i>Eve</i>", "jobs": [
        card('"><img src=x onerror=alert(1)>', reasons=["<script>bad()</script>"])]})
    assert "<img" not in email.html and "&lt;img src=x onerror=alert(1)&gt;" in email.html
    assert "<script>" not in email.html and "&lt;i&gt;Eve&lt;/i&gt;" in email.html
    assert "Evil &lt;Corp&gt;" in email.html
    assert '"><img src=x onerror=alert(1)>' in email.text  # plain text is not HTML: shown as written
    assert "\n" not in email.subject and email.subject.startswith("1 new job matching your preferences")


def test_unsafe_links_are_dropped_and_subjects_stay_on_one_line() -> None:
    assert safe_url("javascript:alert(1)") is None and safe_url("//evil.example/x") is None
    assert safe_url("https://ok.example/jobs/1") == "https://ok.example/jobs/1"
    email = render_email("new_jobs", {"name": None, "jobs": [card("Multi\r\nBcc: victim@example.org", url=None)]})
    assert "\r" not in email.subject and "\n" not in email.subject
    assert "href" not in email.html.split("<body", 1)[1].split("<hr", 1)[0]


def test_unknown_kind_names_the_type_field() -> None:
    with pytest.raises(UnknownEmailKind, match="type: no email template for 'nope'"):
        render_email("nope", {})
    with pytest.raises(UnknownEmailKind):
        render_email("../welcome", {})


def test_settings_from_env_defaults_and_errors() -> None:
    assert settings_from_env({}).transport == "file"
    smtp = settings_from_env({"JOBSEARCH_SMTP_HOST": "mail.example.org", "JOBSEARCH_SMTP_PORT": "2525",
                              "JOBSEARCH_SMTP_STARTTLS": "no", "JOBSEARCH_SMTP_USERNAME": "u"})
    assert (smtp.transport, smtp.port, smtp.security, smtp.username) == ("smtp", 2525, "none", "u")
    assert settings_from_env({"JOBSEARCH_SMTP_HOST": "h", "JOBSEARCH_SMTP_SSL": "true"}).security == "ssl"
    with pytest.raises(ValueError, match="JOBSEARCH_SMTP_PORT"):
        settings_from_env({"JOBSEARCH_SMTP_PORT": "many"})
    with pytest.raises(ValueError, match="JOBSEARCH_SMTP_STARTTLS"):
        settings_from_env({"JOBSEARCH_SMTP_HOST": "h", "JOBSEARCH_SMTP_STARTTLS": "maybe"})
    with pytest.raises(ValueError, match="JOBSEARCH_SMTP_HOST"):
        settings_from_env({"JOBSEARCH_MAIL_TRANSPORT": "smtp"}).make_transport()
    with pytest.raises(ValueError, match="JOBSEARCH_MAIL_TRANSPORT"):
        settings_from_env({"JOBSEARCH_MAIL_TRANSPORT": "pigeon"})


def _message() -> object:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "Hi"
    message["Message-ID"] = "<abc123@example.org>"
    message["X-Jobsearch-Kind"] = "welcome"
    message.set_content("hello")
    return message


def test_file_transport_writes_an_eml_a_mail_client_can_open(tmp_path: Path) -> None:
    FileTransport(tmp_path / "outbox").send(_message())  # type: ignore[arg-type]
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert [f.name for f in files] == ["welcome-abc123.eml"]
    parsed = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["Subject"] == "Hi" and parsed.get_content().strip() == "hello"  # type: ignore[union-attr]


def test_smtp_transport_maps_replies_to_transient_and_permanent() -> None:
    with smtp_server() as (handler, port):
        transport = SmtpTransport("127.0.0.1", port, security="none", timeout=5)
        handler.fail_next = 1
        with pytest.raises(TransientMailError, match="451"):
            transport.send(_message())  # type: ignore[arg-type]
        handler.fail_next, handler.fail_reply = 1, "554 5.7.1 Rejected"
        with pytest.raises(PermanentMailError, match="554"):
            transport.send(_message())  # type: ignore[arg-type]
        transport.send(_message())  # type: ignore[arg-type]
        assert len(handler.received) == 1
    with pytest.raises(TransientMailError, match="connection"):
        SmtpTransport("127.0.0.1", free_port(), security="none", timeout=2).send(_message())  # type: ignore[arg-type]
