"""The ``mailer`` resource: where emails go (``.eml`` files by default, SMTP when configured).

Environment (read at launch through ``dg.EnvVar``; unset variables keep the defaults):
``JOBSEARCH_MAIL_TRANSPORT`` (file|smtp; smtp is implied by ``JOBSEARCH_SMTP_HOST``), ``JOBSEARCH_SMTP_HOST``,
``_PORT`` (587), ``_USERNAME``, ``_PASSWORD``, ``_STARTTLS`` (true), ``_SSL`` (false), ``_FROM``,
``_TIMEOUT`` (20 s), ``JOBSEARCH_MAIL_OUTBOX_DIR`` (default ``<data dir>/outbox``).
"""

from __future__ import annotations

import os

import dagster as dg

from jobsearch_pipelines.lib.notifications.transports import (
    ENV_PREFIX,
    OUTBOX_DIR_ENV,
    TRANSPORT_ENV,
    MailSettings,
    MailTransport,
    settings_from_env,
)

# resource field -> environment variable
FIELD_ENV = {
    "transport": TRANSPORT_ENV,
    "host": f"{ENV_PREFIX}HOST",
    "port": f"{ENV_PREFIX}PORT",
    "username": f"{ENV_PREFIX}USERNAME",
    "password": f"{ENV_PREFIX}PASSWORD",
    "starttls": f"{ENV_PREFIX}STARTTLS",
    "ssl": f"{ENV_PREFIX}SSL",
    "sender": f"{ENV_PREFIX}FROM",
    "timeout": f"{ENV_PREFIX}TIMEOUT",
    "outbox_dir": OUTBOX_DIR_ENV,
}


class MailerResource(dg.ConfigurableResource):
    """Mail delivery settings; ``transport()`` gives the transport, ``sender`` the From address."""

    transport: str | None = None  # file (default) or smtp
    host: str | None = None
    port: str | None = None
    username: str | None = None
    password: str | None = None
    starttls: str | None = None
    ssl: str | None = None
    sender: str | None = None
    timeout: str | None = None
    outbox_dir: str | None = None

    def settings(self) -> MailSettings:
        """Validated settings (errors name the environment variable of the bad field)."""
        values = {env: getattr(self, name) for name, env in FIELD_ENV.items() if getattr(self, name)}
        return settings_from_env(values)

    def make_transport(self) -> MailTransport:
        return self.settings().make_transport()


def mailer_resource() -> MailerResource:
    """The resource bound to the environment variables that are set (EnvVar, so secrets never show)."""
    return MailerResource(**{name: dg.EnvVar(env) for name, env in FIELD_ENV.items() if os.environ.get(env)})


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"mailer": mailer_resource()})
