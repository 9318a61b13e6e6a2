"""The ``alerts`` resource: where operator alerts go.

Environment (read through ``dg.EnvVar``; unset variables switch that channel off): ``JOBSEARCH_ALERT_EMAIL``
(an address: alerts go through the email outbox), ``JOBSEARCH_ALERT_WEBHOOK_URL`` (a Slack incoming webhook, or
a Mattermost / Teams connector that accepts Slack's JSON), ``JOBSEARCH_UI_URL`` (the Dagster UI, for links).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import dagster as dg

from jobsearch_pipelines.lib.http_client import HttpClient, RetryPolicy
from jobsearch_pipelines.lib.operations.alerts import AlertSettings

FIELD_ENV = {
    "email": "JOBSEARCH_ALERT_EMAIL",
    "webhook_url": "JOBSEARCH_ALERT_WEBHOOK_URL",
    "ui_url": "JOBSEARCH_UI_URL",
}


class AlertsResource(dg.ConfigurableResource):
    """Alert channels and the UI link base; a channel left empty is off."""

    email: str | None = None
    webhook_url: str | None = None
    ui_url: str | None = None

    def settings(self) -> AlertSettings:
        return AlertSettings(email=self.email or None, webhook_url=self.webhook_url or None,
                             ui_url=self.ui_url or None)

    def post_webhook(self, url: str, payload: Mapping[str, Any]) -> None:
        """POST one message; only the webhook's own host may be contacted (redirects included)."""
        host = urlsplit(url).hostname or ""
        with HttpClient(timeout=10.0, allowed_hosts=[host], retry=RetryPolicy(max_attempts=2)) as client:
            client.post_json(url, dict(payload), ok_statuses=range(200, 300))


def alerts_resource() -> AlertsResource:
    return AlertsResource(**{name: dg.EnvVar(env) for name, env in FIELD_ENV.items() if os.environ.get(env)})


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"alerts": alerts_resource()})
