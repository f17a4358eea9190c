"""The store key: kept in a credential store where there is one, else wrapped by a passphrase."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backends import fail

from hfhate.security import store_key
from hfhate.security.cipher_store import make_cipher_engine
from hfhate.security.store_key import (
    DEMO_KEY,
    KEY_FILE_NAME,
    PASSPHRASE_KDF,
    CredentialStoreLocked,
    KdfSettings,
    PassphraseNeeded,
    PassphraseTooShort,
    StoreKeyError,
    StoreKeyMissing,
    WrongPassphrase,
    load_or_create_key,
)
from hfhate.services import passwords
from tests.security.conftest import MemoryKeyring

PASSPHRASE = "staple battery horse correct"
# Fast settings for the tests that are not about the settings themselves.
QUICK = KdfSettings(memory_kib=8 * 1024, time_cost=1, parallelism=1)


class Asker:
    """Answers the passphrase prompt as an administrator would, and records each question."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.asked: list[bool] = []

    def __call__(self, choosing: bool) -> str:
        self.asked.append(choosing)
        return self.answers.pop(0)


def _folder_bytes(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def _make_encrypted_store(data_dir: Path, key: bytes) -> None:
    engine = make_cipher_engine(data_dir / "hfhate.sqlite", key)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE kept (x)")
    engine.dispose()


def test_key_is_kept_in_the_credential_store(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    data_dir = tmp_path / "data"

    key = load_or_create_key(data_dir)

    assert len(key) == 32
    assert load_or_create_key(data_dir) == key
    [(service, username)] = memory_keyring.kept
    assert service == "hfhate" and username.startswith("store-key-")
    assert memory_keyring.kept[(service, username)] == key.hex()
    kept = json.loads((data_dir / KEY_FILE_NAME).read_text())
    assert kept["place"] == "keyring" and "wrapped" not in kept
    assert stat.S_IMODE((data_dir / KEY_FILE_NAME).stat().st_mode) == 0o600
    folder = _folder_bytes(data_dir)
    assert key not in folder and key.hex().encode() not in folder


def test_each_data_folder_has_its_own_key(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    first = load_or_create_key(tmp_path / "one", keyring_backend=memory_keyring)
    second = load_or_create_key(tmp_path / "two", keyring_backend=memory_keyring)

    assert first != second
    assert len(memory_keyring.kept) == 2


def test_without_a_credential_store_the_key_is_wrapped_by_a_passphrase(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert isinstance(keyring.get_keyring(), fail.Keyring)  # as on a headless Linux box
    choosing = Asker(PASSPHRASE)

    key = load_or_create_key(data_dir, ask_passphrase=choosing)

    assert choosing.asked == [True]
    opening = Asker(PASSPHRASE)
    assert load_or_create_key(data_dir, ask_passphrase=opening) == key
    assert opening.asked == [False]
    key_file = data_dir / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [path.name for path in data_dir.iterdir()] == [KEY_FILE_NAME]  # no temporary left
    folder = _folder_bytes(data_dir)
    for secret in (key, key.hex().encode(), key.hex().upper().encode(), PASSPHRASE.encode()):
        assert secret not in folder


def test_passphrase_settings_are_stronger_than_sign_in(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"

    load_or_create_key(data_dir, ask_passphrase=Asker(PASSPHRASE))

    wrapped = json.loads((data_dir / KEY_FILE_NAME).read_text())["wrapped"]
    assert wrapped["kdf"] == {"memory_kib": 128 * 1024, "time_cost": 3, "parallelism": 1}
    sign_in = passwords._hasher  # noqa: SLF001 - the sign-in settings to compare with
    assert PASSPHRASE_KDF.memory_kib > sign_in.memory_cost
    assert PASSPHRASE_KDF.time_cost > sign_in.time_cost
    assert len(bytes.fromhex(wrapped["salt"])) == 16


def test_wrong_passphrase_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    load_or_create_key(data_dir, ask_passphrase=Asker(PASSPHRASE), kdf=QUICK)
    before = (data_dir / KEY_FILE_NAME).read_bytes()

    with pytest.raises(WrongPassphrase) as refused:
        load_or_create_key(data_dir, ask_passphrase=Asker("not the passphrase at all"))

    assert str(refused.value).startswith("That passphrase is not the one")
    assert (data_dir / KEY_FILE_NAME).read_bytes() == before


def test_no_one_to_ask_for_the_passphrase_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PassphraseNeeded, match="administrator passphrase"):
        load_or_create_key(tmp_path / "data", ask_passphrase=None)


def test_a_short_passphrase_is_refused_and_nothing_is_kept(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"

    with pytest.raises(PassphraseTooShort, match="at least 12 characters"):
        load_or_create_key(data_dir, ask_passphrase=Asker("short"), kdf=QUICK)

    assert not (data_dir / KEY_FILE_NAME).exists()


def test_an_encrypted_store_with_no_key_here_cannot_be_opened(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    data_dir = tmp_path / "data"
    key = load_or_create_key(data_dir)
    _make_encrypted_store(data_dir, key)
    memory_keyring.kept.clear()  # the folder copied to another laptop, or the keyring reset

    with pytest.raises(StoreKeyMissing) as missing:
        load_or_create_key(data_dir)

    message = str(missing.value)
    assert "cannot be opened here" in message and "administrator" in message
    assert memory_keyring.kept == {}  # no new key was made over the old store


def test_an_encrypted_store_without_its_key_file_is_not_given_a_new_key(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    _make_encrypted_store(data_dir, bytes(32))

    with pytest.raises(StoreKeyMissing):
        load_or_create_key(data_dir)


def test_a_plain_store_gets_a_new_key_for_its_upgrade(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "hfhate.sqlite").write_bytes(b"SQLite format 3\x00" + bytes(100))

    assert len(load_or_create_key(data_dir)) == 32


def test_a_locked_credential_store_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    class Locked(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise keyring.errors.KeyringLocked("locked")

    data_dir = tmp_path / "data"
    load_or_create_key(data_dir, keyring_backend=MemoryKeyring())

    with pytest.raises(CredentialStoreLocked, match="Sign in to the desktop"):
        load_or_create_key(data_dir, keyring_backend=Locked())


def test_the_demo_store_uses_the_stated_fixed_key(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo"

    key = load_or_create_key(data_dir, demo=True)  # no credential store, no one to ask

    assert key == DEMO_KEY
    assert DEMO_KEY.hex() in (store_key.__doc__ or "")
    assert json.loads((data_dir / KEY_FILE_NAME).read_text())["place"] == "demo"
    # A command on the demo folder later, without --demo, finds the same key.
    assert load_or_create_key(data_dir) == DEMO_KEY
    assert load_or_create_key(data_dir, demo=True) == DEMO_KEY


def test_demo_never_gives_a_real_folder_the_public_key(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    with_key = tmp_path / "with-key"
    real_key = load_or_create_key(with_key)
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "hfhate.sqlite").write_bytes(b"SQLite format 3\x00" + bytes(100))

    assert load_or_create_key(with_key, demo=True) == real_key
    assert load_or_create_key(plain, demo=True) != DEMO_KEY


def test_a_key_file_hfhate_did_not_write_is_left_alone(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / KEY_FILE_NAME).write_text('{"folder": "x", "place": "passphrase", "wrapped": {}}')

    with pytest.raises(StoreKeyError, match="is not one hfhate wrote"):
        load_or_create_key(data_dir, ask_passphrase=Asker(PASSPHRASE))

    assert (data_dir / KEY_FILE_NAME).read_text().startswith('{"folder": "x"')
