"""The session factory for the local store, and the engine of a plain (unencrypted) store.

The store itself is opened with ``hfhate.security.cipher_store.make_cipher_engine`` (SQLCipher,
set up the same way). ``make_engine`` is the plain store's engine from before issue 13: no
part of the app opens a store with it any more; it is kept for the tests and benchmarks that
build a plain store as older versions did, to upgrade it or to compare speeds.

Every connection gets foreign keys on, WAL journalling, synchronous=FULL (WAL keeps committed
transactions through power loss only with FULL) and a busy timeout. Transactions start with
BEGIN IMMEDIATE, so a transaction that reads and then writes (numbering, the audit chain)
holds the write lock from its first statement and two processes never interleave.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000


def make_engine(path: Path) -> Engine:
    """A plain SQLite engine on ``path`` (older stores; tests and benchmarks only)."""
    # hide_parameters: an error's message never carries the values of the statement (personal
    # data) into a log line.
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" below emit BEGIN instead of the driver's own guesswork.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for one user action each: ``with factory.begin() as session: ...``."""
    return sessionmaker(engine, expire_on_commit=False)
