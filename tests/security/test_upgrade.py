"""Upgrading a plain data folder in place: nothing lost and nothing left in clear, whatever
step the process is killed at."""

from __future__ import annotations

import hashlib
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlcipher3

from hfhate.security.cipher_store import check_in_force, cipher_settings, make_cipher_engine
from hfhate.security.photo_box import photo_key, read_sealed
from hfhate.security.store_key import load_or_create_key
from hfhate.security.upgrade import (
    PHOTO_STEPS,
    STORE_STEPS,
    finish_interrupted_upgrade,
    needs_upgrade,
    upgrade_to_encrypted,
)
from tests.security.conftest import (
    IMAGE_HEADERS,
    SQLITE_HEADER,
    MemoryKeyring,
    PlainFolder,
    files_holding,
    personal_bytes,
)

CHILD = (
    "import sys; from pathlib import Path; "
    "from hfhate.security.upgrade import upgrade_to_encrypted; "
    "upgrade_to_encrypted(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), stop_after=sys.argv[3])"
)

# The same, saying "ready" once its imports are done, for a kill at a random moment after.
READY_CHILD = (
    "import sys; from pathlib import Path; "
    "from hfhate.security.upgrade import upgrade_to_encrypted; "
    "print('ready', flush=True); "
    "upgrade_to_encrypted(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))"
)


def _plain_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        return _counts(connection)
    finally:
        connection.close()


def _encrypted_counts(path: Path, key: bytes) -> tuple[dict[str, int], list[str]]:
    connection = sqlcipher3.connect(str(path))
    try:
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        for setting in cipher_settings():
            connection.execute(setting)
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        return _counts(connection), integrity
    finally:
        connection.close()


def _counts(connection: sqlite3.Connection | sqlcipher3.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _backup(data_dir: Path) -> Path:
    [backup] = (data_dir / "backups").glob("*.sqlite")
    return backup


def _assert_all_encrypted_and_complete(
    folder: PlainFolder, key: bytes, store_before: dict[str, int], backup_before: dict[str, int]
) -> None:
    data_dir = folder.data_dir
    store = data_dir / "hfhate.sqlite"
    store_after, integrity = _encrypted_counts(store, key)
    assert integrity == ["ok"]
    assert store_after == store_before  # every row there, exactly once
    assert store_after["notices"] == 1 and store_after["evidence_photos"] == 2
    backup_after, backup_integrity = _encrypted_counts(_backup(data_dir), key)
    assert backup_integrity == ["ok"] and backup_after == backup_before
    engine = make_cipher_engine(store, key)
    try:
        check_in_force(engine)
    finally:
        engine.dispose()
    for digest in folder.photo_hashes:
        [sealed] = (data_dir / "evidence" / digest[:2]).glob(f"{digest}.*.sealed")
        assert read_sealed(sealed, photo_key(key), digest)
    files = sorted(path for path in data_dir.rglob("*") if path.is_file())
    leftovers = [path.name for path in files if path.suffix in {".part", ".jpg", ".png"}]
    assert leftovers == []
    assert not any(path.name.endswith(("-copy", "-part", "-verified")) for path in files)
    assert [p.name for p in files if p.read_bytes()[:16] == SQLITE_HEADER] == []
    assert files_holding(data_dir, personal_bytes() + IMAGE_HEADERS) == []
    assert not needs_upgrade(data_dir)


def test_a_plain_folder_is_upgraded_whole(plain_folder: PlainFolder, store_key: bytes) -> None:
    data_dir = plain_folder.data_dir
    store_before = _plain_counts(data_dir / "hfhate.sqlite")
    backup_before = _plain_counts(_backup(data_dir))
    digest = plain_folder.photo_hashes[0]
    half_copied = data_dir / "evidence" / digest[:2] / f".{digest}.0123.part"
    half_downloaded = data_dir / "evidence" / digest[:2] / f".{digest}.download"
    for temporary in (half_copied, half_downloaded):
        temporary.write_bytes(IMAGE_HEADERS[0] + b"half a photo")
    assert needs_upgrade(data_dir)
    assert files_holding(data_dir, personal_bytes())  # the test data is really there in clear

    report = upgrade_to_encrypted(data_dir, store_key)

    assert report.databases == ["hfhate.sqlite", _backup(data_dir).name]
    assert report.photos == 2
    assert not half_copied.exists() and not half_downloaded.exists()
    _assert_all_encrypted_and_complete(plain_folder, store_key, store_before, backup_before)
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path.name


def test_upgrading_twice_changes_nothing(plain_folder: PlainFolder, store_key: bytes) -> None:
    upgrade_to_encrypted(plain_folder.data_dir, store_key)
    before = (plain_folder.data_dir / "hfhate.sqlite").read_bytes()

    report = upgrade_to_encrypted(plain_folder.data_dir, store_key)

    assert report.databases == [] and report.photos == 0
    assert (plain_folder.data_dir / "hfhate.sqlite").read_bytes() == before


@pytest.mark.parametrize("step", STORE_STEPS + PHOTO_STEPS)
def test_killed_at_each_step_nothing_is_lost(
    plain_folder: PlainFolder, store_key: bytes, step: str
) -> None:
    data_dir = plain_folder.data_dir
    store_before = _plain_counts(data_dir / "hfhate.sqlite")
    backup_before = _plain_counts(_backup(data_dir))

    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir), store_key.hex(), step],
        capture_output=True,
        timeout=120,
        check=False,
    )

    assert child.returncode == -signal.SIGKILL, child.stderr.decode()
    finish_interrupted_upgrade(data_dir)
    store = data_dir / "hfhate.sqlite"
    if store.read_bytes()[:16] == SQLITE_HEADER:  # rolled back: the plain store is whole
        assert _plain_counts(store) == store_before
    upgrade_to_encrypted(data_dir, store_key)
    _assert_all_encrypted_and_complete(plain_folder, store_key, store_before, backup_before)


def test_an_interrupted_upgrade_is_rolled_back_before_the_marker(
    plain_folder: PlainFolder, store_key: bytes
) -> None:
    data_dir = plain_folder.data_dir
    store_before = _plain_counts(data_dir / "hfhate.sqlite")
    subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir), store_key.hex(), "verified"], check=False
    )
    assert (data_dir / "hfhate.sqlite.plain-copy").exists()

    finish_interrupted_upgrade(data_dir)

    assert sorted(p.name for p in data_dir.glob("hfhate.sqlite*")) == ["hfhate.sqlite"]
    assert _plain_counts(data_dir / "hfhate.sqlite") == store_before


def test_an_interrupted_upgrade_goes_forward_after_the_marker(
    plain_folder: PlainFolder, store_key: bytes
) -> None:
    data_dir = plain_folder.data_dir
    store_before = _plain_counts(data_dir / "hfhate.sqlite")
    subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir), store_key.hex(), "wiped"], check=False
    )

    finish_interrupted_upgrade(data_dir)

    assert sorted(p.name for p in data_dir.glob("hfhate.sqlite*")) == ["hfhate.sqlite"]
    assert _encrypted_counts(data_dir / "hfhate.sqlite", store_key) == (store_before, ["ok"])


def test_the_next_start_opens_the_upgraded_store_with_the_key_from_the_keyring(
    plain_folder: PlainFolder, memory_keyring: MemoryKeyring
) -> None:
    from hfhate.models.store import upgrade

    data_dir = plain_folder.data_dir
    key = load_or_create_key(data_dir)  # a plain store: a new key is made for its upgrade
    upgrade_to_encrypted(data_dir, key)

    again = load_or_create_key(data_dir)  # the next start
    engine = make_cipher_engine(data_dir / "hfhate.sqlite", again)
    try:
        check_in_force(engine)
        upgrade(engine)  # already at head: the migrations find nothing to do
        with engine.connect() as connection:
            names = connection.exec_driver_sql("SELECT recipient_name FROM notices").scalars()
            assert list(names) == ["Kevin Example"]
    finally:
        engine.dispose()
    assert again == key


def test_a_photo_half_shredded_by_a_kill_keeps_its_sealed_copy(
    plain_folder: PlainFolder, store_key: bytes
) -> None:
    data_dir = plain_folder.data_dir
    subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir), store_key.hex(), "photo-verified"],
        check=False,
    )
    [sealed] = (data_dir / "evidence").rglob("*.sealed")  # the one photo done so far
    clear = sealed.with_name(sealed.name.removesuffix(".sealed"))
    digest = clear.name.split(".")[0]
    content = bytearray(clear.read_bytes())
    content[: len(content) // 2] = bytes(len(content) // 2)  # killed while it was overwritten
    clear.write_bytes(bytes(content))

    finish_interrupted_upgrade(data_dir)
    upgrade_to_encrypted(data_dir, store_key)

    assert not clear.exists()
    assert hashlib.sha256(read_sealed(sealed, photo_key(store_key), digest)).hexdigest() == digest


@pytest.mark.parametrize("seed", range(3))
def test_killed_at_random_moments_nothing_is_lost(
    plain_folder: PlainFolder, store_key: bytes, seed: int, tmp_path: Path
) -> None:
    """SIGKILL at a random moment of the upgrade (not only between steps), several times
    over the same folder, then one clean run: every row once, nothing left in clear."""
    data_dir = plain_folder.data_dir
    store_before = _plain_counts(data_dir / "hfhate.sqlite")
    backup_before = _plain_counts(_backup(data_dir))
    chance = random.Random(seed)
    for _ in range(4):
        child = subprocess.Popen(
            [sys.executable, "-c", READY_CHILD, str(data_dir), store_key.hex()],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"  # imports done: the work starts
        time.sleep(chance.uniform(0, 0.5))  # the work takes 0.2 s to 2 s
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        child.stdout.close()
        finish_interrupted_upgrade(data_dir)
        store = data_dir / "hfhate.sqlite"
        if store.read_bytes()[:16] == SQLITE_HEADER:
            assert _plain_counts(store) == store_before
    upgrade_to_encrypted(data_dir, store_key)
    _assert_all_encrypted_and_complete(plain_folder, store_key, store_before, backup_before)


def test_two_starts_never_upgrade_one_folder_at_once(
    plain_folder: PlainFolder, store_key: bytes
) -> None:
    from hfhate.sync.file_lock import exclusive

    data_dir = plain_folder.data_dir
    with exclusive(data_dir / ".upgrade.lock"):  # another start is upgrading
        child = subprocess.Popen(
            [sys.executable, "-c", READY_CHILD, str(data_dir), store_key.hex()],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(0.5)
        assert child.poll() is None  # waiting for the lock
        assert (data_dir / "hfhate.sqlite").read_bytes()[:16] == SQLITE_HEADER
    assert child.wait(timeout=60) == 0
    child.stdout.close()
    assert not needs_upgrade(data_dir)
