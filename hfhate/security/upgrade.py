"""Upgrading a plain store, its backups and its photos to encrypted ones, in place, crash-safe.

Each plain database (the store, then each backup in ``backups/``) goes through these steps;
the names are the ``stop_after`` points the tests kill the process at:

1. ``copied``: the plain store's WAL is checkpointed into it, then SQLite's backup API copies
   it to ``<store>.plain-copy`` (0600) in the same folder. The store itself is not changed.
2. ``exported``: the copy ATTACHes a new ``<store>.encrypted-part`` with the store key and
   ``sqlcipher_export`` fills it (and its ``user_version``).
3. ``verified``: the encrypted part passes ``PRAGMA integrity_check`` and
   ``cipher_integrity_check`` and has, table by table, the copy's row counts.
4. ``marked``: ``<store>.encrypted-verified`` is written (atomically). From here on the upgrade
   only goes forward.
5. ``wiped``: the plain store's ``-wal`` and ``-shm`` are shredded and the plain store is
   overwritten in place (its bytes, not just its name, are gone).
6. ``replaced``: the encrypted part is renamed over the store's name.
7. ``shredded``: the plain copy is shredded and the marker removed.

``finish_interrupted_upgrade`` (run at every start, before the store is opened) looks at what
a killed upgrade left: with no marker it rolls back (the plain store is intact; the partial
encrypted file is removed and the plain copy shredded); with a marker it rolls forward (steps
5 to 7, each safe to repeat). Then ``upgrade_to_encrypted`` simply starts again.

Photos go one by one: each clear ``evidence/ab/<sha256>.jpg`` is sealed to ``….jpg.sealed``
(``photo-sealed``; written atomically, so a kill leaves no half file under that name), read
back and checked to open to the same bytes (``photo-verified``), and only then shredded
(``photo-shredded``). Run again, a photo whose sealed twin already opens to the photo
its name says (its SHA-256) is just shredded, even if a kill left it half overwritten.
Leftover temporary files in the evidence folder (clear ``.part`` ones from an
interrupted photo copy, ``.download`` ones from an interrupted sync download, sealed ones
from an interrupted seal) are shredded.

Two starts never upgrade one folder at once: both entry points hold an exclusive lock on
``.upgrade.lock`` in the data folder (``hfhate.sync.file_lock``; the OS drops it if the holder
dies). Nothing else may open the store meanwhile: the app runs this at start, before the
store is opened.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hfhate.config import STORE_FILE_NAME
from hfhate.security.cipher_store import cipher_settings, file_kind
from hfhate.security.errors import SecurityError
from hfhate.security.photo_box import SEALED_SUFFIX, open_sealed, photo_key, write_sealed
from hfhate.security.private_files import overwrite, shred, sync_file, sync_folder, write_private
from hfhate.sync.file_lock import exclusive

COPY_SUFFIX = ".plain-copy"
PART_SUFFIX = ".encrypted-part"
MARKER_SUFFIX = ".encrypted-verified"
# Held while an upgrade runs or is finished, so two starts never work on one folder at once.
LOCK_FILE_NAME = ".upgrade.lock"
SIDE_FILES = ("-wal", "-shm", "-journal")
STORE_STEPS = ("copied", "exported", "verified", "marked", "wiped", "replaced", "shredded")
PHOTO_STEPS = ("photo-sealed", "photo-verified", "photo-shredded")
# A photo being copied in (``.part``) or downloaded by sync (``.download``), clear until now.
TEMPORARY_PHOTO_FILES = ("*.part", "*.download")
CLEAR_PHOTO = re.compile(r"^[0-9a-f]{64}\.(jpg|png|webp|heic)$")


class UpgradeFailed(SecurityError):
    """The encrypted copy did not match the plain store; the plain store is left as it was."""


@dataclass
class UpgradeReport:
    """What an upgrade encrypted: database files (by name) and photos (a count)."""

    databases: list[str] = field(default_factory=list)
    photos: int = 0


def needs_upgrade(data_dir: Path) -> bool:
    """True when anything in ``data_dir`` is still plain, or an upgrade was interrupted."""
    return (
        bool(_plain_databases(data_dir))
        or any(True for _ in _clear_photos(data_dir / "evidence"))
        or any(True for _ in _leftovers(data_dir))
    )


def upgrade_to_encrypted(
    data_dir: Path, key: bytes, *, stop_after: str | None = None
) -> UpgradeReport:
    """Encrypt every plain database and photo in ``data_dir`` with ``key``; see the docstring.

    ``stop_after`` names a step after which the process kills itself (SIGKILL): for the tests
    of a kill at each step only.
    """
    report = UpgradeReport()
    with exclusive(data_dir / LOCK_FILE_NAME):
        _finish(data_dir)
        for database in _plain_databases(data_dir):
            _encrypt_database(database, key, stop_after)
            report.databases.append(database.name)
        report.photos = _seal_photos(data_dir / "evidence", photo_key(key), stop_after)
    return report


def finish_interrupted_upgrade(data_dir: Path) -> None:
    """Roll an interrupted upgrade back (no marker) or forward (marker written)."""
    if not data_dir.is_dir():
        return
    with exclusive(data_dir / LOCK_FILE_NAME):
        _finish(data_dir)


def _finish(data_dir: Path) -> None:
    for database in _databases_with_leftovers(data_dir):
        if _marker(database).exists():
            _roll_forward(database)
        else:
            _roll_back(database)
    for folder in (data_dir, data_dir / "backups"):
        if folder.is_dir():  # a marker's temporary file, from a kill while it was written
            for temporary in folder.glob(f".*{MARKER_SUFFIX}.*.part"):
                temporary.unlink()
    evidence = data_dir / "evidence"
    if evidence.is_dir():
        for pattern in TEMPORARY_PHOTO_FILES:
            for temporary in evidence.rglob(pattern):
                shred(temporary)


def _encrypt_database(database: Path, key: bytes, stop_after: str | None) -> None:
    copy, part = _copy(database), _part(database)
    _copy_plain(database, copy)
    _reached("copied", stop_after)
    counts = _export(copy, part, key)
    _reached("exported", stop_after)
    _verify(part, key, counts)
    _reached("verified", stop_after)
    write_private(_marker(database), json.dumps({"rows": counts}).encode("utf-8"))
    _reached("marked", stop_after)
    _wipe_plain(database)
    _reached("wiped", stop_after)
    _replace(database)
    _reached("replaced", stop_after)
    _clean_up(database)
    _reached("shredded", stop_after)


def _copy_plain(database: Path, copy: Path) -> None:
    for stale in (copy, *_side_files(copy)):
        shred(stale)
    _create_private(copy)
    source = sqlite3.connect(database)
    try:
        # Everything committed goes into the main file, so the plain -wal holds nothing new.
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    finally:
        source.close()
    sync_file(copy)


def _export(copy: Path, part: Path, key: bytes) -> dict[str, int]:
    import sqlcipher3

    for stale in (part, *_side_files(part)):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
    _create_private(part)
    connection = sqlcipher3.connect(str(copy), isolation_level=None)
    try:
        connection.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(part), f"x'{key.hex()}'"))
        for setting in cipher_settings("encrypted"):
            connection.execute(setting)
        connection.execute("SELECT sqlcipher_export('encrypted')")
        version = connection.execute("PRAGMA main.user_version").fetchone()[0]
        connection.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        connection.execute("DETACH DATABASE encrypted")
        counts = _row_counts(connection)
    finally:
        connection.close()
    sync_file(part)
    return counts


def _verify(part: Path, key: bytes, expected: dict[str, int]) -> None:
    import sqlcipher3

    connection = sqlcipher3.connect(str(part), isolation_level=None)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        for setting in cipher_settings():
            connection.execute(setting)
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        cipher_problems = connection.execute("PRAGMA cipher_integrity_check").fetchall()
        counts = _row_counts(connection)
    except sqlcipher3.DatabaseError as error:
        raise UpgradeFailed(_failed_message(part)) from error
    finally:
        connection.close()
    if integrity != ["ok"] or cipher_problems or counts != expected:
        raise UpgradeFailed(_failed_message(part))


def _failed_message(part: Path) -> str:
    return (
        f"The encrypted copy of {part.name.removesuffix(PART_SUFFIX)} did not match the "
        "original, so the original has been kept as it was. Ask IT for help."
    )


def _row_counts(connection: Any) -> dict[str, int]:
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        table: int(connection.execute(f'SELECT count(*) FROM main."{table}"').fetchone()[0])
        for table in tables
    }


def _wipe_plain(database: Path) -> None:
    for side in _side_files(database):
        shred(side)
    if _is_plain(database):
        overwrite(database)


def _replace(database: Path) -> None:
    part = _part(database)
    if part.exists():
        os.replace(part, database)
        sync_folder(database.parent)


def _clean_up(database: Path) -> None:
    copy = _copy(database)
    for path in (copy, *_side_files(copy)):
        shred(path)
    with contextlib.suppress(FileNotFoundError):
        _marker(database).unlink()
    sync_folder(database.parent)


def _roll_forward(database: Path) -> None:
    if _part(database).exists():
        _wipe_plain(database)
        _replace(database)
    _clean_up(database)


def _roll_back(database: Path) -> None:
    part = _part(database)
    for path in (part, *_side_files(part)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    _clean_up(database)


def _seal_photos(evidence: Path, key: bytes, stop_after: str | None) -> int:
    sealed_count = 0
    for clear_path in list(_clear_photos(evidence)):
        sealed_path = clear_path.with_name(clear_path.name + SEALED_SUFFIX)
        # A sealed twin that opens to the photo its name says is the photo: the clear file
        # may be half shredded by a kill (so its bytes are not to be sealed again).
        identity = clear_path.name.split(".", 1)[0]
        if _sealed_digest(sealed_path, key) != identity:
            clear = clear_path.read_bytes()
            write_sealed(sealed_path, key, clear)
            _reached("photo-sealed", stop_after)
            if _sealed_digest(sealed_path, key) != hashlib.sha256(clear).hexdigest():
                raise UpgradeFailed(
                    f"The photo {clear_path.name} could not be encrypted, so it has been kept "
                    "as it was. Ask IT for help."
                )
            _reached("photo-verified", stop_after)
        shred(clear_path)
        sealed_count += 1
        _reached("photo-shredded", stop_after)
    return sealed_count


def _sealed_digest(sealed_path: Path, key: bytes) -> str | None:
    """The SHA-256 of what the sealed photo opens to; None if it is missing or unreadable."""
    try:
        return hashlib.sha256(open_sealed(key, sealed_path.read_bytes())).hexdigest()
    except (OSError, SecurityError):
        return None


def _clear_photos(evidence: Path) -> Iterator[Path]:
    if not evidence.is_dir():
        return
    for path in sorted(evidence.rglob("*")):
        if path.is_file() and CLEAR_PHOTO.match(path.name):
            yield path


def _plain_databases(data_dir: Path) -> list[Path]:
    candidates = [data_dir / STORE_FILE_NAME]
    backups = data_dir / "backups"
    if backups.is_dir():
        candidates += sorted(backups.glob("*.sqlite"))
    return [path for path in candidates if _is_plain(path)]


def _databases_with_leftovers(data_dir: Path) -> list[Path]:
    found = set()
    for leftover in _leftovers(data_dir):
        for suffix in (COPY_SUFFIX, PART_SUFFIX, MARKER_SUFFIX):
            if leftover.name.endswith(suffix):
                found.add(leftover.with_name(leftover.name.removesuffix(suffix)))
    return sorted(found)


def _leftovers(data_dir: Path) -> Iterator[Path]:
    for folder in (data_dir, data_dir / "backups"):
        if folder.is_dir():
            for suffix in (COPY_SUFFIX, PART_SUFFIX, MARKER_SUFFIX):
                yield from folder.glob(f"*.sqlite{suffix}")


def _is_plain(path: Path) -> bool:
    return file_kind(path) == "plain"


def _create_private(path: Path) -> None:
    """Make an empty file readable by its owner only, for SQLite to fill."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))


def _side_files(database: Path) -> tuple[Path, ...]:
    return tuple(database.with_name(database.name + side) for side in SIDE_FILES)


def _copy(database: Path) -> Path:
    return database.with_name(database.name + COPY_SUFFIX)


def _part(database: Path) -> Path:
    return database.with_name(database.name + PART_SUFFIX)


def _marker(database: Path) -> Path:
    return database.with_name(database.name + MARKER_SUFFIX)


def _reached(step: str, stop_after: str | None) -> None:
    """Kill this process right here when ``stop_after`` names this step (tests only)."""
    if step != stop_after:
        return
    if hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(137)  # pragma: no cover - Windows has no SIGKILL
