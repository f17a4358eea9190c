"""A laptop with a plain store from the version before, started with this one: everything is
still there, readable through the app, and nothing is left in clear (issue 13, point 4).

The folder is built by ``tests/fixtures/plain_store.py`` with the plain engine and clear
photos older versions wrote; the start is the app's own (``prepare_store``), on a machine
with a credential store (the test one) and on one without (the passphrase).
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import keyring
import pytest
from sqlalchemy import select

from hfhate.config import Paths
from hfhate.models import EvidencePhoto, FixedPenaltyNotice
from hfhate.security.cipher_store import file_kind
from hfhate.security.store_key import KdfSettings
from hfhate.services.notices.evidence import read_photo
from hfhate.startup import prepare_store
from tests.security.conftest import (
    IMAGE_HEADERS,
    SQLITE_HEADER,
    MemoryKeyring,
    PlainFolder,
    files_holding,
    personal_bytes,
)


def _check_upgraded(data_dir: Path, plain: PlainFolder, key: bytes) -> None:
    assert file_kind(data_dir / "hfhate.sqlite") == "encrypted"
    backups = sorted((data_dir / "backups").glob("*.sqlite"))
    assert backups and all(file_kind(backup) == "encrypted" for backup in backups)
    needles = (*personal_bytes(), *IMAGE_HEADERS, SQLITE_HEADER)
    assert files_holding(data_dir, needles) == []
    for path in data_dir.rglob("*"):
        if path.is_file() and path.name != ".upgrade.lock":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    sealed = sorted(p.name for p in (data_dir / "evidence").rglob("*") if p.is_file())
    assert sealed == sorted(
        f"{sha}{ext}.sealed" for sha, ext in zip(plain.photo_hashes, (".jpg", ".png"), strict=True)
    )


def test_a_plain_folder_is_encrypted_at_first_start_and_reads_as_before(
    plain_folder: PlainFolder, memory_keyring: MemoryKeyring
) -> None:
    paths = Paths(plain_folder.data_dir)
    assert file_kind(paths.store) == "plain"
    ready = prepare_store(paths, create=False)  # as a command would start
    try:
        key = ready.store.key
        with ready.store.session_factory() as session:
            notice = session.scalars(select(FixedPenaltyNotice)).one()
            assert (notice.recipient_name, notice.recipient_address) == (
                "Kevin Example",
                "12 Sample Road, London",
            )
            photos = session.scalars(select(EvidencePhoto)).all()
        for photo in photos:
            clear = read_photo(
                paths.evidence, ready.store.photo_key, photo.sha256, photo.media_type
            )
            assert clear.startswith(IMAGE_HEADERS[0] if photo.media_type == "image/jpeg" else b"")
        assert sorted(p.sha256 for p in photos) == sorted(plain_folder.photo_hashes)
    finally:
        ready.store.close()
    _check_upgraded(paths.data_dir, plain_folder, key)
    kept = json.loads((paths.data_dir / "store-key.json").read_text())
    assert kept["place"] == "keyring"
    assert memory_keyring.get_password("hfhate", f"store-key-{kept['folder']}") == key.hex()
    again = prepare_store(paths, create=False)  # a later start: nothing more to do
    try:
        assert again.store.key == key
    finally:
        again.store.close()


def test_without_a_credential_store_the_upgrade_asks_for_a_new_passphrase(
    plain_folder: PlainFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from keyring.backends import fail

    assert isinstance(keyring.get_keyring(), fail.Keyring)
    import hfhate.security.store_key as store_key

    quick = KdfSettings(memory_kib=8 * 1024, time_cost=1, parallelism=1)
    monkeypatch._unused = None  # keep the fixture's type simple
    original = store_key.load_or_create_key

    def with_quick_kdf(*args: object, **kwargs: object) -> bytes:
        return original(*args, kdf=quick, **kwargs)  # type: ignore[arg-type]

    import hfhate.startup as startup

    monkeypatch.setattr(startup, "load_or_create_key", with_quick_kdf)  # argon2id made quick
    asked: list[bool] = []

    def ask(choosing: bool) -> str:
        asked.append(choosing)
        return "a long administrator passphrase"

    paths = Paths(plain_folder.data_dir)
    ready = prepare_store(paths, create=False, ask_passphrase=ask)
    key = ready.store.key
    ready.store.close()
    assert asked == [True]
    assert json.loads((paths.data_dir / "store-key.json").read_text())["place"] == "passphrase"
    _check_upgraded(paths.data_dir, plain_folder, key)
