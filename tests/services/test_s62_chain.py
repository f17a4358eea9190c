"""The s.62 log's chain on the laptop: rows written before migration 0010 still verify after
it, and editing, removing, inserting or reordering a row is found and the first broken link
named, with what happened to it.

Tampering is done with sqlcipher3 on the store file after dropping the append-only triggers.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from hfhate.config import Paths
from hfhate.models.store import Store, open_store, upgrade
from hfhate.security.cipher_store import make_cipher_engine
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.audit import audit, verify_chain
from hfhate.services.audit_chain import GENESIS_HASH, ChainCheck
from tests.fixtures.audit_tamper import TAMPERING
from tests.fixtures.keys import TEST_KEY, raw_connect


def _check(store: Store) -> ChainCheck:
    with store.session_factory() as session:
        return verify_chain(session)


def _tamper(path: Path, key: bytes, how: str, k: int) -> int:
    raw = raw_connect(path, key)
    try:
        raw.execute("DROP TRIGGER audit_events_no_update")
        raw.execute("DROP TRIGGER audit_events_no_delete")
        named = TAMPERING[how](raw, "audit_events", k)
        raw.commit()
        return named
    finally:
        raw.close()


@pytest.fixture
def twelve_rows(store: Store, admin: Actor) -> Store:
    with store.session_factory.begin() as session:
        for n in range(11):
            audit(session, admin, "notice_viewed", details={"n": n}, record_ids=[uuid.uuid4()])
    assert _check(store) == ChainCheck(12)
    return store


@pytest.mark.parametrize("how", ["edited", "removed", "inserted", "reordered"])
def test_tampering_is_found_and_the_first_broken_link_named(twelve_rows: Store, how: str) -> None:
    named = _tamper(twelve_rows.paths.store, twelve_rows.key, how, 6)
    check = _check(twelve_rows)
    assert not check.intact
    assert check.broken is not None
    assert (check.broken.seq, check.broken.problem) == (named, how)
    assert f"row {named} of 20" in check.broken.describe()


def test_a_new_column_edited_breaks_the_chain(twelve_rows: Store) -> None:
    raw = raw_connect(twelve_rows.paths.store, twelve_rows.key)
    raw.execute("DROP TRIGGER audit_events_no_update")
    raw.execute("UPDATE audit_events SET justification = 'covering up' WHERE seq = 9")
    raw.commit()
    raw.close()
    broken = _check(twelve_rows).broken
    assert broken is not None and (broken.seq, broken.problem) == (9, "edited")


def _old_hash(prev: str, values: list[object]) -> str:
    """How every row was hashed before migration 0010 (kept here as it was)."""
    content = json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev + content).encode()).hexdigest()


def test_rows_written_before_0010_still_verify_after_it(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    paths.data_dir.mkdir()
    engine = make_cipher_engine(paths.store, TEST_KEY)
    upgrade(engine, target="0009")
    device = uuid.uuid4()
    prev = GENESIS_HASH
    start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night the clocks go forward
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO device (id, name, created_at) VALUES (:id, 'old pc', :t)"),
            {"id": device.hex, "t": "2026-01-01 00:00:00.000000"},
        )
        for n in range(5):
            event, at = uuid.uuid4(), start + timedelta(minutes=30 * n, microseconds=n * 7)
            details = {"via": "command line", "n": n} if n % 2 else {}
            values = [str(event), at.isoformat(), None, "ada", str(device), "sign_in_failed"]
            values += [None, None, details]
            digest = _old_hash(prev, values)
            conn.execute(
                text(
                    "INSERT INTO audit_events (id, at, username, device_id, action, details,"
                    " prev_hash, hash) VALUES (:id, :t, 'ada', :dev, 'sign_in_failed',"
                    " :details, :prev, :hash)"
                ),
                {
                    "id": event.hex,
                    "t": at.replace(tzinfo=None).isoformat(" ", "microseconds"),
                    "dev": device.hex,
                    "details": json.dumps(details),
                    "prev": prev,
                    "hash": digest,
                },
            )
            prev = digest
    engine.dispose()
    opened = open_store(paths, TEST_KEY)
    try:
        assert _check(opened) == ChainCheck(5)
        with opened.session_factory.begin() as session:
            assert accounts.attempt_sign_in(session, device, "nobody", "x" * 12) is None
        assert _check(opened) == ChainCheck(6)
        raw = raw_connect(paths.store, TEST_KEY)
        raw.execute("DROP TRIGGER audit_events_no_update")
        raw.execute("UPDATE audit_events SET username = 'bob' WHERE seq = 2")
        raw.commit()
        raw.close()
        broken = _check(opened).broken
        assert broken is not None and (broken.seq, broken.problem) == (2, "edited")
    finally:
        opened.close()
