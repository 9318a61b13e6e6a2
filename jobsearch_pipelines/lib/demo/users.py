"""Demo users with explicit preferences, so a fresh `make dev` has someone to rank jobs and write digests for."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import UserPreference
from jobsearch_pipelines.lib.preferences.inference import CONFIDENCE, record_preference
from jobsearch_pipelines.lib.users.accounts import upsert_user, validate_registration

DEMO_USERS = Path(__file__).resolve().parents[2] / "data" / "demo" / "users.yaml"


def load_demo_users(session: Session, now: datetime, path: Path = DEMO_USERS) -> list[str]:
    """Create or refresh the demo users; their explicit preferences are replaced, so loading twice is a no-op."""
    entries: list[dict[str, Any]] = yaml.safe_load(path.read_text())
    user_ids = []
    for entry in entries:
        user, _ = upsert_user(session, validate_registration(entry))
        user.timezone = entry.get("timezone", "UTC")
        session.execute(delete(UserPreference).where(UserPreference.user_id == user.id,
                                                     UserPreference.source == "explicit"))
        for field, value in entry.get("preferences", {}).items():
            record_preference(session, user.id, field, value, confidence=CONFIDENCE["explicit"], source="explicit",
                              observed_at=now, context={"via": "demo"})
        user_ids.append(user.id)
    session.flush()
    return user_ids
