"""Make read-modify-write of flow-control state atomic across processes, on SQLite as on PostgreSQL.

PostgreSQL: the state rows are read ``FOR UPDATE``. SQLite ignores that, and the Python driver runs SELECTs
outside any transaction, so two processes could both read the same bucket and both admit. ``write_lock``
starts the transaction with ``BEGIN IMMEDIATE`` (the database write lock) before anything is read.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

__all__ = ["write_lock"]


def write_lock(session: Session) -> None:
    """On SQLite, take the write lock now unless a transaction is already open; no-op elsewhere."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    dbapi = connection.connection.dbapi_connection
    if dbapi is not None and not getattr(dbapi, "in_transaction", True):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
