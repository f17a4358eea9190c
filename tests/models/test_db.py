"""The engine's connection settings, foreign keys, the UTC timestamp type and record ids.

Everything runs against a real store file (SQLCipher) made by ``open_store`` in a temporary
folder; one test checks the plain engine older stores were opened with (``make_engine``).
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlcipher3
from sqlalchemy import exc, select, text

from hfhate.models import Device, User, new_id
from hfhate.models.db import BUSY_TIMEOUT_MS, make_engine
from hfhate.models.store import Store
from tests.fixtures.keys import raw_connect

EXPECTED_PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "busy_timeout": 10_000,
}


def _pragmas(cursor: sqlite3.Cursor) -> dict[str, object]:
    return {name: cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in EXPECTED_PRAGMAS}


def test_busy_timeout_constant_is_ten_seconds() -> None:
    assert BUSY_TIMEOUT_MS == 10_000


def test_every_pooled_connection_gets_the_pragmas(store: Store) -> None:
    # Raw connections: two Connection objects would each BEGIN IMMEDIATE and wait on the other.
    first, second = store.engine.raw_connection(), store.engine.raw_connection()
    try:
        assert first.dbapi_connection is not second.dbapi_connection  # two SQLite connections
        for raw in (first, second):
            cursor = raw.cursor()
            assert _pragmas(cursor) == EXPECTED_PRAGMAS  # type: ignore[arg-type]
            cursor.close()
    finally:
        first.close()
        second.close()
    with store.engine.connect() as conn:  # and through a normal Connection, in a transaction
        values = {n: conn.exec_driver_sql(f"PRAGMA {n}").scalar() for n in EXPECTED_PRAGMAS}
    assert values == EXPECTED_PRAGMAS


def test_raw_connection_of_a_new_engine_gets_the_pragmas(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "fresh.sqlite")
    try:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            assert _pragmas(cursor) == EXPECTED_PRAGMAS  # type: ignore[arg-type]
            cursor.close()
        finally:
            raw.close()
    finally:
        engine.dispose()
    # WAL is written into the file itself: a plain connection sees it too.
    plain = sqlite3.connect(tmp_path / "fresh.sqlite")
    try:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert plain.execute("PRAGMA foreign_keys").fetchone()[0] == 0  # not ours: default off
    finally:
        plain.close()


def test_transactions_take_the_write_lock_at_once(store: Store) -> None:
    """BEGIN IMMEDIATE: a transaction that has only read already blocks other writers."""
    with store.session_factory.begin() as session:
        session.execute(select(1))
        other = raw_connect(store.paths.store, store.key, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlcipher3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
    other = raw_connect(store.paths.store, store.key, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # free again once the session has committed
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_foreign_key_violation_is_refused_by_the_orm(store: Store, device_id: uuid.UUID) -> None:
    with pytest.raises(exc.IntegrityError, match="FOREIGN KEY"):
        with store.session_factory.begin() as session:
            session.add(
                User(
                    username="ghost",
                    full_name="Ghost",
                    roles=["supervisor"],
                    password_hash="x",
                    created_on_device_id=new_id(),
                )
            )
    with store.session_factory() as session:
        assert session.scalars(select(User)).all() == []


def test_foreign_key_violation_is_refused_in_plain_sql(store: Store) -> None:
    with pytest.raises(exc.IntegrityError, match="FOREIGN KEY"):
        with store.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO audit_events (id, at, device_id, action, details, prev_hash, hash)"
                    " VALUES (:id, '2026-01-01 00:00:00.000000', :dev, 'x', '{}', 'p', 'h')"
                ),
                {"id": new_id().hex, "dev": new_id().hex},
            )


def test_naive_datetime_is_refused(store: Store) -> None:
    session = store.session_factory()
    try:
        session.add(Device(name="laptop", created_at=datetime(2026, 1, 1, 12, 0)))
        with pytest.raises(exc.StatementError) as caught:
            session.flush()
        assert isinstance(caught.value.orig, ValueError)
        assert "naive datetime refused" in str(caught.value)
    finally:
        session.rollback()
        session.close()
    with store.session_factory() as session:
        assert session.scalars(select(Device)).all() == []


@pytest.mark.parametrize(
    "written",
    [
        datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/London")),  # BST, UTC+1
        datetime(2026, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-8))),
    ],
)
def test_aware_datetime_comes_back_as_the_same_instant_in_utc(
    store: Store, written: datetime
) -> None:
    with store.session_factory.begin() as session:
        device = Device(name="laptop", created_at=written)
        session.add(device)
        session.flush()
        device_id = device.id
    with store.session_factory() as session:
        read = session.get(Device, device_id)
        assert read is not None
        assert read.created_at == written
        assert read.created_at.tzinfo is UTC
        assert read.created_at.utcoffset() == timedelta(0)
        stored = session.execute(
            text("SELECT created_at FROM device WHERE id = :id"), {"id": device_id.hex}
        ).scalar()
    expected = written.astimezone(UTC).replace(tzinfo=None)
    assert stored == expected.strftime("%Y-%m-%d %H:%M:%S.%f")


def test_new_id_is_uuid_version_7_in_creation_order() -> None:
    before_ms = int(time.time() * 1000)
    ids = []
    for _ in range(200):
        ids.append(new_id())
    after_ms = int(time.time() * 1000)
    assert all(isinstance(i, uuid.UUID) for i in ids)
    assert {i.version for i in ids} == {7}
    assert {i.variant for i in ids} == {uuid.RFC_4122}
    assert len(set(ids)) == 200
    assert sorted(ids) == ids  # time-ordered, even within the same millisecond
    assert [i.bytes for i in ids] == sorted(i.bytes for i in ids)
    stamp_ms = ids[0].int >> 80
    assert before_ms <= stamp_ms <= after_ms
    later = new_id()
    time.sleep(0.002)
    assert new_id() > later
