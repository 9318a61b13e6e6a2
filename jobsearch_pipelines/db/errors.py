"""Which database errors mean "the row is already there": only those may be swallowed by an insert-or-skip."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

PG_UNIQUE_VIOLATION = "23505"
SQLITE_UNIQUE_NAMES = frozenset({"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"})


def is_unique_violation(exc: IntegrityError) -> bool:
    """True for a duplicate key (unique or primary key) on PostgreSQL or SQLite; False for NOT NULL, foreign
    key, check and every other integrity error, which must fail loudly."""
    orig = exc.orig
    code = getattr(orig, "pgcode", None) or getattr(getattr(orig, "diag", None), "sqlstate", None)
    if code is not None:
        return code == PG_UNIQUE_VIOLATION
    name = getattr(orig, "sqlite_errorname", None)
    if name is not None:
        return name in SQLITE_UNIQUE_NAMES
    return "UNIQUE constraint failed" in str(orig)
