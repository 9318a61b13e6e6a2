"""Mail transports: real SMTP (STARTTLS, SSL, credentials) and a file sink writing ``.eml`` files.

A transport either delivers a message or raises ``TransientMailError`` (try again later: 4xx replies, lost
connections, timeouts) or ``PermanentMailError`` (a bounce: 5xx replies, refused recipients). The outbox turns
those into retries with backoff or a recorded bounce.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Literal, Protocol

from jobsearch_pipelines.db.engine import data_dir

ENV_PREFIX = "JOBSEARCH_SMTP_"
TRANSPORT_ENV = "JOBSEARCH_MAIL_TRANSPORT"
OUTBOX_DIR_ENV = "JOBSEARCH_MAIL_OUTBOX_DIR"
DEFAULT_SENDER = "Jobsearch <jobs@jobsearch.localhost>"


# SMTP replies that say the recipient's mailbox cannot take the message (a bounce), as opposed to our server,
# our credentials or the connection: 450/452 soft (mailbox busy, full), 550/551/553 hard (no such mailbox).
BOUNCE_CODES = frozenset({450, 452, 550, 551, 552, 553})


class MailError(Exception):
    """A failed delivery; ``code`` is the SMTP reply code when there was one; ``bounce`` when the failure is the
    recipient's (refused at RCPT, or a mailbox reply code), which the suppression list counts."""

    def __init__(self, message: str, code: int | None = None, bounce: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.bounce = bounce


class TransientMailError(MailError):
    """Worth retrying later."""


class PermanentMailError(MailError):
    """Will not succeed by retrying (bounce)."""


class MailTransport(Protocol):
    def send(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True)
class FileTransport:
    """Writes each message as ``<Message-ID>.eml`` into ``directory`` (atomic rename): open them with a mail client."""

    directory: Path

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        ident = (message.get("Message-ID") or "").strip("<>").split("@")[0] or str(os.getpid())
        safe = "".join(ch for ch in ident if ch.isalnum() or ch in "-_.")[:80]
        kind = "".join(ch for ch in str(message.get("X-Jobsearch-Kind", "email")) if ch.isalnum() or ch == "_")
        target = self.directory / f"{kind}-{safe}.eml"
        temp = target.with_suffix(".eml.tmp")
        temp.write_bytes(bytes(message))
        temp.replace(target)


@dataclass(frozen=True)
class SmtpTransport:
    """One SMTP connection per message (simple and robust; mail volume here is small)."""

    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    security: Literal["starttls", "ssl", "none"] = "starttls"
    timeout: float = 20.0
    local_hostname: str | None = None

    def _connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, local_hostname=self.local_hostname,
                                    context=ssl.create_default_context())
        client = smtplib.SMTP(self.host, self.port, timeout=self.timeout, local_hostname=self.local_hostname)
        if self.security == "starttls":
            client.ehlo()
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        return client

    def send(self, message: EmailMessage) -> None:
        try:
            with self._connect() as client:
                if self.username:
                    client.login(self.username, self.password or "")
                refused = client.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            detail = "; ".join(f"{rcpt}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
                               for rcpt, (code, msg) in exc.recipients.items())
            error = TransientMailError if all(400 <= c < 500 for c in codes) else PermanentMailError
            raise error(f"recipient refused: {detail}", codes[0] if codes else None, bounce=True) from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise PermanentMailError(f"SMTP authentication failed: {exc.smtp_code} {_text(exc.smtp_error)}",
                                     exc.smtp_code) from exc
        except smtplib.SMTPResponseException as exc:
            error = TransientMailError if 400 <= exc.smtp_code < 500 else PermanentMailError
            raise error(f"SMTP {exc.smtp_code}: {_text(exc.smtp_error)}", exc.smtp_code,
                        bounce=exc.smtp_code in BOUNCE_CODES) from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise TransientMailError(f"SMTP connection to {self.host}:{self.port} failed: {exc}") from exc
        if refused:
            detail = "; ".join(f"{rcpt}: {code}" for rcpt, (code, _) in refused.items())
            raise PermanentMailError(f"recipient refused: {detail}", bounce=True)


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


@dataclass(frozen=True)
class MailSettings:
    """Where mail goes. ``transport="file"`` (default) writes ``.eml`` files; ``"smtp"`` sends for real."""

    transport: Literal["file", "smtp"] = "file"
    sender: str = DEFAULT_SENDER
    outbox_dir: str | None = None  # default: <data dir>/outbox
    host: str | None = None
    port: int = 587
    username: str | None = None
    password: str | None = None
    security: Literal["starttls", "ssl", "none"] = "starttls"
    timeout: float = 20.0

    def make_transport(self) -> MailTransport:
        if self.transport == "file":
            return FileTransport(Path(self.outbox_dir) if self.outbox_dir else data_dir() / "outbox")
        if self.transport == "smtp":
            if not self.host:
                raise ValueError(f"{ENV_PREFIX}HOST: required when the mail transport is smtp")
            return SmtpTransport(self.host, self.port, self.username or None, self.password or None, self.security,
                                 self.timeout)
        raise ValueError(f"{TRANSPORT_ENV}: unknown mail transport {self.transport!r} (file or smtp)")


def _flag(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name}: expected true/false, got {value!r}")


Security = Literal["starttls", "ssl", "none"]


def security_mode(starttls: str | bool | None, ssl_mode: str | bool | None = None) -> Security:
    """STARTTLS flag (default on) and SSL flag to a security mode."""
    use_ssl = _flag(f"{ENV_PREFIX}SSL", ssl_mode) if isinstance(ssl_mode, str) and ssl_mode else bool(ssl_mode)
    if use_ssl:
        return "ssl"
    if starttls is None or starttls == "":
        return "starttls"
    use_tls = _flag(f"{ENV_PREFIX}STARTTLS", starttls) if isinstance(starttls, str) else starttls
    return "starttls" if use_tls else "none"


def settings_from_env(environ: Mapping[str, str] | None = None) -> MailSettings:
    """Mail settings from ``JOBSEARCH_MAIL_TRANSPORT`` and ``JOBSEARCH_SMTP_*`` (HOST, PORT, USERNAME, PASSWORD,
    STARTTLS, SSL, FROM, TIMEOUT); with only ``JOBSEARCH_SMTP_HOST`` set, SMTP is implied."""
    env = os.environ if environ is None else environ
    host = env.get(f"{ENV_PREFIX}HOST") or None
    transport = (env.get(TRANSPORT_ENV) or ("smtp" if host else "file")).strip().lower()
    if transport not in ("file", "smtp"):
        raise ValueError(f"{TRANSPORT_ENV}: unknown mail transport {transport!r} (file or smtp)")
    port_text = env.get(f"{ENV_PREFIX}PORT") or "587"
    try:
        port = int(port_text)
    except ValueError:
        raise ValueError(f"{ENV_PREFIX}PORT: expected a port number, got {port_text!r}") from None
    if not 0 < port < 65536:
        raise ValueError(f"{ENV_PREFIX}PORT: {port} is not a valid port")
    timeout_text = env.get(f"{ENV_PREFIX}TIMEOUT") or "20"
    try:
        timeout = float(timeout_text)
    except ValueError:
        raise ValueError(f"{ENV_PREFIX}TIMEOUT: expected seconds, got {timeout_text!r}") from None
    return MailSettings(
        transport=transport,  # type: ignore[arg-type]
        sender=env.get(f"{ENV_PREFIX}FROM") or DEFAULT_SENDER,
        outbox_dir=env.get(OUTBOX_DIR_ENV) or None,
        host=host,
        port=port,
        username=env.get(f"{ENV_PREFIX}USERNAME") or None,
        password=env.get(f"{ENV_PREFIX}PASSWORD") or None,
        security=security_mode(env.get(f"{ENV_PREFIX}STARTTLS"), env.get(f"{ENV_PREFIX}SSL")),
        timeout=timeout,
    )
