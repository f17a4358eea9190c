"""Alembic migrations: schema equal to the models, upgrades keep rows, newer stores refused.

Each test makes a real store file in tmp_path; none mocks the store code.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlcipher3
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import exc, text

from hfhate.config import Paths
from hfhate.models import Base, User
from hfhate.models.store import (
    Store,
    StoreTooNew,
    alembic_config,
    head_revision,
    open_store,
    read_revision,
    upgrade,
)
from hfhate.security.cipher_store import make_cipher_engine
from hfhate.services.actor import Actor
from tests.fixtures.keys import TEST_KEY, raw_connect
from tests.fixtures.store_files import sha256_of, table_rows


def _revision_in(db: Path, key: bytes = TEST_KEY) -> str:
    conn = raw_connect(db, key)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def _first_revision() -> str:
    revisions = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())
    first = revisions[-1]  # walk_revisions goes from head down to the base
    assert first.down_revision is None
    return first.revision


def _siblings(paths: Paths) -> set[str]:
    return {p.name for p in paths.data_dir.iterdir()}


def test_migrations_make_exactly_the_models_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        triggers = (
            conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
            )
            .scalars()
            .all()
        )
    assert triggers == ["audit_events_no_delete", "audit_events_no_update"]
    assert read_revision(store.paths.store, store.key) == head_revision()


def test_store_made_at_first_revision_keeps_its_rows(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    paths.data_dir.mkdir()
    first = _first_revision()
    engine = make_cipher_engine(paths.store, TEST_KEY)
    upgrade(engine, target=first)
    device, user, event = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    stamp = "2026-01-02 03:04:05.000000"
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO device (id, name, created_at) VALUES (:id, 'old pc', :t)"),
            {"id": device.hex, "t": stamp},
        )
        conn.execute(
            text(
                "INSERT INTO users (id, username, full_name, roles, password_hash,"
                " must_change_password, active, created_at, updated_at, version,"
                " created_on_device_id) VALUES (:id, 'ada', 'Ada Admin', '[\"administrator\"]',"
                " 'hash', 0, 1, :t, :t, 3, :dev)"
            ),
            {"id": user.hex, "t": stamp, "dev": device.hex},
        )
        conn.execute(
            text(
                "INSERT INTO audit_events (id, at, user_id, device_id, action, details,"
                " prev_hash, hash) VALUES (:id, :t, :u, :dev, 'sign_in', '{}', 'p', 'h')"
            ),
            {"id": event.hex, "t": stamp, "u": user.hex, "dev": device.hex},
        )
    engine.dispose()
    assert read_revision(paths.store, TEST_KEY) == first

    opened = open_store(paths, TEST_KEY)
    try:
        assert _revision_in(paths.store) == head_revision()
        with opened.session_factory() as session:
            ada = session.get(User, user)
            assert ada is not None
            assert (ada.username, ada.version, ada.roles) == ("ada", 3, ["administrator"])
            assert ada.created_on_device_id == device
            actions = session.execute(text("SELECT action, user_id FROM audit_events")).all()
            assert actions == [("sign_in", user.hex)]
    finally:
        opened.close()
    backups = sorted(paths.backups.glob("*.sqlite")) if paths.backups.exists() else []
    if first == head_revision():
        assert backups == []  # nothing to migrate: no backup is made
    else:
        assert len(backups) == 1
        assert backups[0].name.endswith(f"-at-{first}.sqlite")
        assert _revision_in(backups[0]) == first


def test_reopening_a_store_at_head_changes_nothing(store: Store, admin: Actor) -> None:
    paths = store.paths
    before = table_rows(paths.store, store.key)
    assert before["users"] and before["audit_events"] and before["sync_outbox"]
    store.close()
    again = open_store(paths, store.key)
    try:
        assert table_rows(paths.store, store.key) == before
    finally:
        again.close()
    assert not paths.backups.exists()
    assert _revision_in(paths.store, store.key) == head_revision()


def test_store_from_a_newer_version_is_refused_untouched(store: Store, admin: Actor) -> None:
    paths = store.paths
    store.close()
    conn = raw_connect(paths.store, store.key)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    conn.commit()
    conn.close()
    kept = {"hfhate.sqlite", "hfhate.sqlite.checked", "store-key.json"}
    assert _siblings(paths) == kept
    digest = sha256_of(paths.store)
    with pytest.raises(StoreTooNew) as caught:
        open_store(paths, store.key)
    message = str(caught.value)
    assert str(paths.store) in message
    assert "ffff_future" in message and "newer version of hfhate" in message
    assert sha256_of(paths.store) == digest
    assert _siblings(paths) == kept  # no -wal, -shm, backups


def test_empty_file_becomes_a_new_store(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    paths.data_dir.mkdir()
    paths.store.touch()
    opened = open_store(paths, TEST_KEY)
    opened.close()
    assert _revision_in(paths.store) == head_revision()
    assert not paths.backups.exists()


def test_audit_trail_refuses_update_and_delete(store: Store, admin: Actor) -> None:
    before = table_rows(store.paths.store, store.key)["audit_events"]
    assert len(before) == 1
    for statement in ("UPDATE audit_events SET action = 'nothing'", "DELETE FROM audit_events"):
        with pytest.raises(exc.IntegrityError, match="the audit trail is append-only"):
            with store.engine.begin() as conn:
                conn.execute(text(statement))
    raw = raw_connect(store.paths.store, store.key)
    try:
        with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
            raw.execute("DELETE FROM audit_events WHERE seq = 1")
    finally:
        raw.close()
    assert table_rows(store.paths.store, store.key)["audit_events"] == before


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    from hfhate.migrations import HEAD_REVISION
    from hfhate.models.store import head_revision

    assert HEAD_REVISION == head_revision()
