"""One-click unsubscribe (RFC 8058): a signed per-user token in ``List-Unsubscribe``; a POST with it records
``unsubscribed_at`` and puts the address on the suppression list, so no later email reaches it.

The token is ``<user id, base64url>.<HMAC-SHA256 of it, base64url>`` under ``JOBSEARCH_UNSUBSCRIBE_SECRET``.
A token that does not verify is rejected (400); one that verifies but whose user is unknown or already
unsubscribed gets the same 404, so the endpoint never tells whether a user exists.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from datetime import datetime
from urllib.parse import quote

from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import User, UserSettings
from jobsearch_pipelines.lib.notifications.suppression import suppress

SECRET_ENV = "JOBSEARCH_UNSUBSCRIBE_SECRET"
PUBLIC_URL_ENV = "JOBSEARCH_PUBLIC_URL"
MAX_TOKEN = 600


class BadToken(ValueError):
    """The token is malformed or its signature does not verify."""


class TokenNotUsable(LookupError):
    """A valid token for an unknown or already unsubscribed user (answered like a missing page)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, user_part: str) -> str:
    return _b64(hmac.new(secret.encode(), b"unsubscribe:" + user_part.encode(), hashlib.sha256).digest())


def make_token(user_id: str, secret: str) -> str:
    user_part = _b64(user_id.encode())
    return f"{user_part}.{_mac(secret, user_part)}"


def verify_token(token: str, secret: str) -> str:
    """The user id the token was made for; ``BadToken`` when it is malformed or forged."""
    if not token or len(token) > MAX_TOKEN or token.count(".") != 1:
        raise BadToken("token: malformed")
    user_part, mac = token.split(".")
    if not hmac.compare_digest(mac.encode(), _mac(secret, user_part).encode()):
        raise BadToken("token: signature does not verify")
    try:
        return _unb64(user_part).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadToken("token: malformed") from exc


def unsubscribe_url(user_id: str) -> str | None:
    """The one-click URL for ``user_id`` when a public URL and a secret are configured."""
    base, secret = (os.environ.get(PUBLIC_URL_ENV) or "").rstrip("/"), os.environ.get(SECRET_ENV)
    if not base or not secret:
        return None
    return f"{base}/unsubscribe?token={quote(make_token(user_id, secret))}"


def unsubscribe(session: Session, token: str, secret: str, now: datetime) -> str:
    """Unsubscribe the token's user (email off, ``unsubscribed_at`` set, address suppressed); their user id."""
    user_id = verify_token(token, secret)
    user = session.get(User, user_id)
    settings = session.get(UserSettings, user_id) if user is not None else None
    if user is None or (settings is not None and settings.unsubscribed_at is not None):
        raise TokenNotUsable("token: not valid (unknown or already used)")
    if settings is None:
        settings = UserSettings(user_id=user_id)
        session.add(settings)
    settings.unsubscribed_at, settings.email_notifications, settings.updated_at = now, False, now
    if user.email:
        suppress(session, user.email, "unsubscribe", "one-click unsubscribe", now)
    return user_id
