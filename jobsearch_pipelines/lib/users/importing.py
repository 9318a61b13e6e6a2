"""Create or update users with explicit preferences from a file (YAML list or JSON Lines): the path a settings
page or a migration from another system takes, and the one the ranking evaluation and the demo use.

One record per user: ``{"id", "email", "name"?, "preferences": {field: value, ...}}``. Preferences are recorded
as explicit observations (``source = "explicit"``), so they are authoritative and hard filters where ranking
has them; importing the same file again changes nothing, importing a changed one updates what changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import yaml
from sqlalchemy.orm import Session

from jobsearch_pipelines.lib.preferences.fields import validate_preference
from jobsearch_pipelines.lib.preferences.inference import record_preference
from jobsearch_pipelines.lib.preferences.merge import merged_preference_details
from jobsearch_pipelines.lib.users.accounts import Registration, upsert_user, validate_registration


class UserImportError(ValueError):
    """A record that cannot be imported; the message names the record and the field."""


@dataclass
class UserRecord:
    registration: Registration
    preferences: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    preferences_recorded: int = 0


def parse_users(text: str, name: str = "input") -> list[UserRecord]:
    """Records of a YAML list (or ``users:`` mapping) or of JSON Lines, validated; errors name line/record and field."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        raw: list[tuple[str, Any]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    raw.append((f"{name}:{number}", json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise UserImportError(f"{name}:{number}: not JSON ({exc.msg})") from exc
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise UserImportError(f"{name}: not YAML ({exc})") from exc
        if isinstance(data, dict):
            data = data.get("users")
        if not isinstance(data, list):
            raise UserImportError(f"{name}: expected a list of users (or `users:` with a list)")
        raw = [(f"{name}: user {i}", item) for i, item in enumerate(data, start=1)]
    return [_record(where, item) for where, item in raw]


def _record(where: str, item: Any) -> UserRecord:
    if not isinstance(item, dict):
        raise UserImportError(f"{where}: expected an object")
    try:
        registration = validate_registration({"userId": item.get("id"), "email": item.get("email"),
                                              "name": item.get("name")})
    except ValueError as exc:
        raise UserImportError(f"{where}: {exc}".replace("userId:", "id:")) from exc
    preferences = item.get("preferences") or {}
    if not isinstance(preferences, dict):
        raise UserImportError(f"{where}: preferences: expected an object of field -> value")
    clean: dict[str, Any] = {}
    for key, value in preferences.items():
        try:
            clean[key] = validate_preference(key, value)
        except ValueError as exc:
            raise UserImportError(f"{where}: preferences.{exc}") from exc
    return UserRecord(registration, clean)


def import_users(session: Session, records: list[UserRecord], now: datetime) -> ImportReport:
    """Upsert each user and record each preference that differs from the user's current explicit value."""
    report = ImportReport()
    for record in records:
        _, created = upsert_user(session, record.registration)
        (report.created if created else report.updated).append(record.registration.user_id)
        current = merged_preference_details(session, record.registration.user_id, now)
        for key, value in record.preferences.items():
            known = current.get(key)
            if known is not None and known.explicit and known.value == value:
                continue
            record_preference(session, record.registration.user_id, key, value, confidence=1.0, source="explicit",
                              observed_at=now, context={"import": True})
            report.preferences_recorded += 1
    session.flush()
    return report
