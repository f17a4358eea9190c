"""The server database: engine from a URL, sessions, and migrations with a backup first.

SQLite (one file under the data folder) is the default; PostgreSQL is used with
``--database-url`` or ``HFHATE_DATABASE_URL``. SQLite connections get the same pragmas as the
laptop store and BEGIN IMMEDIATE, so a push holds the write lock from its first statement.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

from hfhate.server.bulk import dumps, loads
from hfhate.server.models import Counter, ServerSetting

log = logging.getLogger(__name__)
SQLITE_NAME = "hfhate-server.sqlite"
BUSY_TIMEOUT_MS = 30_000


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / SQLITE_NAME}"


def make_server_engine(url: str) -> Engine:
    """An engine for ``url``; PostgreSQL URLs are steered to psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    # JSON columns (every record's fields) read and written by orjson (``bulk.py``).
    json_codec: dict[str, Any] = {"json_serializer": dumps, "json_deserializer": loads}
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True, hide_parameters=True, **json_codec)
    engine = create_engine(
        parsed,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
        hide_parameters=True,
        **json_codec,
    )

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "foreign_keys = ON",
            "secure_delete = ON",  # erased values leave no copy in freed pages
            "journal_mode = WAL",
            "synchronous = FULL",
            f"busy_timeout = {BUSY_TIMEOUT_MS}",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "hfhate.server:migrations")
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("server_alembic_version"):
            return None
        return connection.exec_driver_sql("SELECT version_num FROM server_alembic_version").scalar()


def migrate(engine: Engine, backups: Path | None = None) -> str:
    """Bring the database to the newest schema (backing up a SQLite file first); seed it."""
    from alembic import command

    from hfhate.server.migrations import SERVER_HEAD

    revision = current_revision(engine)
    database = engine.url.database
    if (
        revision not in (None, SERVER_HEAD)
        and engine.url.get_backend_name() == "sqlite"
        and database
        and backups is not None
    ):
        _backup_sqlite(Path(database), backups, revision or "none")
    if revision != SERVER_HEAD:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    with make_sessions(engine).begin() as session:
        _seed(session)
    return SERVER_HEAD


def _seed(session: Session) -> None:
    if session.get(Counter, "change_log") is None:
        session.add(Counter(name="change_log", value=0))
    if session.get(ServerSetting, "epoch") is None:
        session.add(ServerSetting(key="epoch", value=new_epoch()))


def new_epoch() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"


def epoch(session: Session) -> str:
    return session.scalar(select(ServerSetting.value).where(ServerSetting.key == "epoch")) or ""


def _backup_sqlite(path: Path, backups: Path, revision: str) -> Path:
    backups.mkdir(parents=True, exist_ok=True)
    target = backups / f"hfhate-server-{datetime.now(UTC):%Y%m%dT%H%M%S%f}-at-{revision}.sqlite"
    source = sqlite3.connect(path)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
    log.info("Backed up the server database to %s before migrating it", target)
    return target
