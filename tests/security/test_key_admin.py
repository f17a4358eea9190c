"""An administrator's changes to where a store key is kept: a new passphrase, into the
credential store and out of it; the store opens with the same key after each, the old way in
no longer works, and a refusal changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from keyring.backends import fail

from hfhate.security import key_admin
from hfhate.security.store_key import (
    KEY_FILE_NAME,
    StoreKeyError,
    WrongPassphrase,
    load_or_create_key,
)
from tests.security.conftest import MemoryKeyring
from tests.security.test_store_key import QUICK, Asker, _make_encrypted_store

OLD, NEW = "staple battery horse correct", "a brand new passphrase here"


def _passphrase_folder(tmp_path: Path) -> tuple[Path, bytes]:
    data_dir = tmp_path / "data"
    no_store = fail.Keyring()  # type: ignore[no-untyped-call]
    key = load_or_create_key(
        data_dir, keyring_backend=no_store, ask_passphrase=Asker(OLD), kdf=QUICK
    )
    _make_encrypted_store(data_dir, key)
    return data_dir, key


def _kept(data_dir: Path) -> dict:
    return json.loads((data_dir / KEY_FILE_NAME).read_text())


def test_a_new_passphrase_opens_the_store_and_the_old_one_no_longer_does(tmp_path: Path) -> None:
    data_dir, key = _passphrase_folder(tmp_path)
    before = _kept(data_dir)["wrapped"]

    key_admin.change_passphrase(data_dir, key, Asker(NEW), kdf=QUICK)

    after = _kept(data_dir)["wrapped"]
    assert after["salt"] != before["salt"] and after["key"] != before["key"]
    assert load_or_create_key(data_dir, ask_passphrase=Asker(NEW), kdf=QUICK) == key
    with pytest.raises(WrongPassphrase):
        load_or_create_key(data_dir, ask_passphrase=Asker(OLD), kdf=QUICK)
    assert (data_dir / KEY_FILE_NAME).stat().st_mode & 0o777 == 0o600


def test_a_too_short_new_passphrase_changes_nothing(tmp_path: Path) -> None:
    data_dir, key = _passphrase_folder(tmp_path)
    before = (data_dir / KEY_FILE_NAME).read_bytes()
    with pytest.raises(StoreKeyError, match="at least 12"):
        key_admin.change_passphrase(data_dir, key, Asker("short"), kdf=QUICK)
    assert (data_dir / KEY_FILE_NAME).read_bytes() == before


def test_moving_into_the_credential_store_removes_the_wrapped_copy(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    data_dir, key = _passphrase_folder(tmp_path)

    key_admin.to_credential_store(data_dir, key)

    kept = _kept(data_dir)
    assert kept["place"] == "keyring" and "wrapped" not in kept
    assert key_admin.key_place(data_dir) == "keyring"
    nobody_asked = Asker()
    assert load_or_create_key(data_dir, ask_passphrase=nobody_asked) == key
    assert nobody_asked.asked == []
    assert list(memory_keyring.kept.values()) == [key.hex()]


def test_with_no_credential_store_the_key_stays_under_its_passphrase(tmp_path: Path) -> None:
    data_dir, key = _passphrase_folder(tmp_path)  # conftest: keyring's fail backend
    before = (data_dir / KEY_FILE_NAME).read_bytes()
    with pytest.raises(StoreKeyError, match="no credential store"):
        key_admin.to_credential_store(data_dir, key)
    assert (data_dir / KEY_FILE_NAME).read_bytes() == before


def test_moving_out_of_the_credential_store_puts_it_under_a_passphrase(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    data_dir = tmp_path / "data"
    key = load_or_create_key(data_dir)
    _make_encrypted_store(data_dir, key)
    assert key_admin.key_place(data_dir) == "keyring"
    with pytest.raises(StoreKeyError, match="no passphrase to change"):
        key_admin.change_passphrase(data_dir, key, Asker(NEW))

    key_admin.to_passphrase(data_dir, key, Asker(NEW), kdf=QUICK)

    assert memory_keyring.kept == {}
    assert key_admin.key_place(data_dir) == "passphrase"
    assert load_or_create_key(data_dir, ask_passphrase=Asker(NEW), kdf=QUICK) == key
    with pytest.raises(StoreKeyError, match="already under a passphrase"):
        key_admin.to_passphrase(data_dir, key, Asker(NEW), kdf=QUICK)


def test_a_demo_key_is_not_moved(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    data_dir = tmp_path / "demo"
    key = load_or_create_key(data_dir, demo=True)
    with pytest.raises(StoreKeyError, match="public demo key"):
        key_admin.to_credential_store(data_dir, key)
    assert key_admin.key_place(data_dir) == "demo" and memory_keyring.kept == {}
