"""Deliver outbox rows right after the transaction that queued them commits (event handlers run in one).

Sending inside the handler's transaction would hold the database lock during SMTP and could send an email whose
row is then rolled back; sending after commit cannot. If delivery fails, the row stays due (``failed`` with
backoff) and the outbox sweeper (``deliver_due``) retries it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from sqlalchemy import event
from sqlalchemy.orm import Session

from jobsearch_pipelines.lib.notifications.outbox import deliver
from jobsearch_pipelines.lib.notifications.transports import MailSettings, settings_from_env

log = logging.getLogger(__name__)


def deliver_after_commit(session: Session, notification_ids: Sequence[int],
                         settings: Callable[[], MailSettings] = settings_from_env) -> None:
    """Send ``notification_ids`` once ``session`` commits (nothing happens on rollback)."""
    ids = list(notification_ids)
    if not ids:
        return
    engine = session.get_bind()

    def _send(_session: Session) -> None:
        try:
            mail = settings()
            transport = mail.make_transport()
        except Exception:  # misconfiguration: rows stay pending for the sweeper, the error is logged
            log.exception("mail transport is not usable; %d email(s) left in the outbox", len(ids))
            return
        for notification_id in ids:
            try:
                status = deliver(engine, notification_id, transport, mail.sender)  # type: ignore[arg-type]
                log.info("notification %s: %s", notification_id, status)
            except Exception:
                log.exception("delivering notification %s failed; the outbox sweeper will retry", notification_id)

    event.listen(session, "after_commit", _send, once=True)
