"""The encrypted store: SQLCipher 4 under the project's migrations, set up as the plain one."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from hfhate.migrations import HEAD_REVISION
from hfhate.models import FixedPenaltyNotice, Role
from hfhate.models.db import make_session_factory
from hfhate.models.store import upgrade
from hfhate.security.cipher_store import (
    StoreNotSafe,
    WrongStoreKey,
    check_in_force,
    make_cipher_engine,
)
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.notices.issuing import issue_notice
from tests.fixtures.accounts import first_administrator
from tests.fixtures.notices import notice_entry
from tests.security.conftest import PASSWORD, SQLITE_HEADER, files_holding, personal_bytes


def _migrated(path: Path, key: bytes) -> Engine:
    engine = make_cipher_engine(path, key)
    upgrade(engine)  # as hfhate.models.store does for a new or older store
    return engine


def _issue_known_notice(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with factory.begin() as session:
        admin = first_administrator(session, "Ada Admin", "ada", PASSWORD)
        officer = accounts.add_user(
            session,
            admin,
            accounts.NewUser(
                full_name="Olu Officer",
                username="olu",
                roles=frozenset({Role.AUTHORISED_OFFICER}),
                authorisation_number="LET-olu",
                password=PASSWORD,
                confirm=PASSWORD,
            ),
        )
        set_device_code(session, admin, 42)
        issue_notice(session, Actor.of(officer, admin.device_id), notice_entry(datetime.now(UTC)))


def test_migrations_run_on_an_encrypted_store_and_it_is_in_force(
    tmp_path: Path, store_key: bytes
) -> None:
    path = tmp_path / "hfhate.sqlite"
    engine = _migrated(path, store_key)
    try:
        check_in_force(engine)
        with engine.connect() as connection:
            revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            assert revision.scalar() == HEAD_REVISION
            assert str(connection.exec_driver_sql("PRAGMA cipher_version").scalar()).startswith(
                "4."
            )
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
            assert connection.exec_driver_sql("PRAGMA cipher_page_size").scalar() == "16384"
            hmac = connection.exec_driver_sql("PRAGMA cipher_hmac_algorithm").scalar()
            assert hmac == "HMAC_SHA256"
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -128 * 1024
    finally:
        engine.dispose()
    assert path.read_bytes()[:16] != SQLITE_HEADER


def test_personal_data_is_not_in_the_store_files(tmp_path: Path, store_key: bytes) -> None:
    path = tmp_path / "hfhate.sqlite"
    engine = _migrated(path, store_key)
    try:
        _issue_known_notice(engine)
        # Still open: the notice is in the -wal file, which must be encrypted as well.
        names = {p.name for p in tmp_path.iterdir()}
        assert {"hfhate.sqlite-wal", "hfhate.sqlite-shm"} <= names
        assert files_holding(tmp_path, personal_bytes()) == []
        with make_session_factory(engine).begin() as session:
            notice = session.scalars(select(FixedPenaltyNotice)).one()
            assert notice.recipient_name == "Kevin Example"
    finally:
        engine.dispose()
    assert files_holding(tmp_path, personal_bytes()) == []


def test_the_wrong_key_is_refused_with_a_clear_error(tmp_path: Path, store_key: bytes) -> None:
    path = tmp_path / "hfhate.sqlite"
    _migrated(path, store_key).dispose()
    before = path.read_bytes()

    engine = make_cipher_engine(path, secrets.token_bytes(32))
    with pytest.raises(WrongStoreKey) as refused, engine.connect():
        pass
    engine.dispose()

    assert "cannot be opened with this laptop's key" in str(refused.value)
    assert path.read_bytes() == before


def test_a_plain_store_is_not_opened_as_an_encrypted_one(tmp_path: Path, store_key: bytes) -> None:
    import sqlite3

    path = tmp_path / "plain.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()

    engine = make_cipher_engine(path, store_key)
    with pytest.raises(WrongStoreKey), engine.connect():
        pass
    engine.dispose()


@pytest.mark.parametrize(
    ("pragma", "named"),
    [
        ("PRAGMA synchronous = NORMAL", "full synchronous writes"),
        ("PRAGMA foreign_keys = OFF", "foreign key checks"),
        ("PRAGMA journal_mode = DELETE", "write-ahead logging"),
    ],
)
def test_the_app_refuses_a_store_without_its_safety_settings(
    tmp_path: Path, store_key: bytes, pragma: str, named: str
) -> None:
    engine = make_cipher_engine(tmp_path / "hfhate.sqlite", store_key)

    @event.listens_for(engine, "connect")
    def undo(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(pragma)

    try:
        with pytest.raises(StoreNotSafe) as refused:
            check_in_force(engine)
    finally:
        engine.dispose()
    assert named in str(refused.value)
    assert str(refused.value).startswith("hfhate will not run on this store")


def test_a_key_of_the_wrong_length_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        make_cipher_engine(tmp_path / "hfhate.sqlite", b"short")
