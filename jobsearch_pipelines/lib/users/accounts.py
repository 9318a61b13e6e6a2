"""User accounts: validation of a registration and an idempotent create-or-update of the user and settings.

Used by the `user/registered` event function and by the `user_registration` example job, so both register a
user the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import User, UserSettings, utcnow

# Pragmatic address check: one @, a dotted domain, no spaces or angle brackets (RFC 5322 in full is not the goal).
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_USER_ID = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")


class RegistrationError(ValueError):
    """A registration that fails validation; ``field`` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Registration:
    user_id: str
    email: str
    name: str | None


def validate_registration(data: dict[str, Any]) -> Registration:
    """Check a `{userId, email, name}` payload; the email is lower-cased in its domain part."""
    user_id = data.get("userId")
    if not isinstance(user_id, str) or not _USER_ID.match(user_id):
        raise RegistrationError("userId", "must be 1-128 characters of letters, digits and _.:@-")
    email = data.get("email")
    if not isinstance(email, str) or len(email) > 320 or not _EMAIL.match(email.strip()):
        raise RegistrationError("email", f"{email!r} is not a valid email address")
    local, _, domain = email.strip().rpartition("@")
    name = data.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > 255):
        raise RegistrationError("name", "must be a string of at most 255 characters")
    return Registration(user_id=user_id, email=f"{local}@{domain.lower()}", name=name.strip() if name else None)


def upsert_user(session: Session, registration: Registration) -> tuple[User, bool]:
    """Create the user and default settings, or update email/name; returns (user, created). Idempotent."""
    user = session.get(User, registration.user_id)
    created = user is None
    if user is None:
        user = User(id=registration.user_id, email=registration.email, name=registration.name)
        session.add(user)
    else:
        if user.email != registration.email or (registration.name and user.name != registration.name):
            user.email = registration.email
            user.name = registration.name or user.name
            user.updated_at = utcnow()
    if session.get(UserSettings, registration.user_id) is None:
        session.add(UserSettings(user_id=registration.user_id))
    session.flush()
    return user, created
