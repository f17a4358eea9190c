"""Opening the local store: check the file, back it up, bring its schema to head.

The store is a SQLCipher 4 file opened with its 256-bit key (``hfhate.security``): the key
comes from ``hfhate.startup.prepare_store``, which takes it from where the data folder keeps
it and upgrades a plain store first. Every open checks that WAL, foreign keys and full
synchronous writes are in force (``check_in_force``) and refuses to run otherwise.

Every page is read (``PRAGMA quick_check``) after an unclean end, before a migration and at
least weekly (``thorough_check_due``), not on every start: on an encrypted store that read
decrypts the whole file, and its time grows with the store. Before a migration it is always
done while opening. Otherwise a caller that must not wait for it (the window, issue 17) opens
with ``check_pages=False`` and runs ``check_store_pages`` after start, in a worker with a
connection of its own; the store says when that is due (``Store.pages_check_due``).

A store file is only ever changed by a migration after it has been read, found sound and
copied aside (the copy encrypted with the same key). A file that is damaged, unreadable, not
an hfhate store, or written by a newer version of the app is refused with a message a user
can act on, and left exactly as it was. The store and its backups are readable by their
owner only (0600).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from hfhate.config import Paths
from hfhate.migrations import HEAD_REVISION
from hfhate.models.data_folder import data_folder_problem, not_a_folder
from hfhate.models.db import make_session_factory
from hfhate.security.cipher_store import (
    check_in_force,
    cipher_settings,
    file_kind,
    make_cipher_engine,
    raw_key_pragma_value,
)
from hfhate.security.photo_box import photo_key

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only when a store is created or migrated: it costs about 150 ms of
# start-up, and a store already at HEAD_REVISION (every start but the first after an
# upgrade) needs none of it.

log = logging.getLogger(__name__)
WAL_FILES = ("-wal", "-shm")


class StoreError(Exception):
    """The store cannot be opened; the message says why in words a user can act on."""


class StoreTooNew(StoreError):
    """The store was written by a newer version of hfhate."""


class StoreMissing(StoreError):
    """There is no store in the folder, and this way in may not make one."""


@dataclass
class Store:
    """An open local store: its files, its key, engine and session factory.

    The key travels with the store to whatever needs it (photos, a worker's own connection);
    it is never kept anywhere else.
    """

    paths: Paths
    key: bytes = field(repr=False)
    engine: Engine
    session_factory: sessionmaker[Session]
    # Opened with ``check_pages=False`` while a page-by-page check was due (``check_store_pages``)
    pages_check_due: bool = False

    @property
    def photo_key(self) -> bytes:
        """The key evidence photos are sealed with (derived from the store key)."""
        return photo_key(self.key)

    def close(self) -> None:
        self.engine.dispose()


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "hfhate:migrations")
    return config


def head_revision() -> str:
    """The newest migration, read from the migration scripts (HEAD_REVISION must match)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def read_revision(
    path: Path, key: bytes, *, thorough: bool = True, in_use: bool = False
) -> str | None:
    """Check a store file without changing it and return its schema revision.

    Raises StoreError when the file cannot be read, is damaged (looked for page by page only
    when ``thorough``), is not an hfhate store, or does not open with ``key``. ``in_use``: the
    app may have the store open (see ``_read_only``).
    """
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        raise StoreError(
            f"The store file {path} cannot be read ({error.strerror}). "
            "Check the file's permissions, or ask IT for help."
        ) from error
    kind = file_kind(path)
    if kind in ("empty", "missing"):
        return None  # an empty file holds nothing: treat it as a new store
    if kind == "plain":
        raise StoreError(
            f"The store {path} is not encrypted. It has been left untouched; start hfhate "
            "normally (which encrypts it), or ask IT for help."
        )
    import sqlcipher3

    try:
        with _read_only(path, key, in_use=in_use) as conn:
            if thorough:
                result = conn.execute("PRAGMA quick_check").fetchone()
                if result is None or result[0] != "ok":
                    raise StoreError(
                        f"The store {path} is damaged ({result[0] if result else 'no answer'}). "
                        "It has been left untouched. Restore it from a backup in "
                        f"{path.parent / 'backups'}, or ask IT for help."
                    )
            listing = conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            tables = {row[0] for row in listing}
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise StoreError(
                    f"The file {path} is a database but not an hfhate store. It has been left "
                    "untouched. Choose another data folder."
                )
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlcipher3.DatabaseError as error:
        raise StoreError(
            f"The store {path} cannot be opened: the file is not an hfhate store or is badly "
            "damaged, or it was made with another key. It has been left untouched. Restore it "
            "from a backup, or ask IT for help."
        ) from error
    return row[0] if row else None


# A sound store closed cleanly is looked at page by page at most this often.
THOROUGH_CHECK_EVERY = timedelta(days=7)
CHECKED_STAMP = ".checked"


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + CHECKED_STAMP)


def thorough_check_due(path: Path) -> bool:
    """Whether opening ``path`` should read every page (``PRAGMA quick_check``).

    It must after an unclean end: a clean close checkpoints the WAL and deletes it, so a
    -wal or -journal file with anything in it means the app or the machine stopped with the
    store open (or another process has it open, when the check costs only time). Otherwise
    once a week, going by the stamp left by the last check. Reading every page decrypts the
    whole file, about as long again as a start without it, so it is not done on every start.
    """
    for end in ("-wal", "-journal"):
        try:
            if path.with_name(path.name + end).stat().st_size > 0:
                return True
        except OSError:
            pass
    try:
        checked = datetime.fromtimestamp(_stamp(path).stat().st_mtime, UTC)
    except OSError:
        return True
    return not timedelta(0) <= datetime.now(UTC) - checked < THOROUGH_CHECK_EVERY


def _note_checked(path: Path) -> None:
    """Leave (or refresh) the stamp of a thorough check that found the store sound."""
    stamp = _stamp(path)
    try:
        os.close(os.open(stamp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        os.utime(stamp)
    except OSError:  # a read-only folder: the next start checks again
        log.warning("Could not leave the stamp of the store's check")


def backup_store(path: Path, backups: Path, revision: str, key: bytes) -> Path:
    """Copy the store aside, consistently (SQLite's backup API), before it is migrated.

    The copy is encrypted with the same key: both ends are keyed SQLCipher connections, so
    no page is ever written in clear.
    """
    import sqlcipher3

    backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups / f"hfhate-{stamp}-at-{revision}.sqlite"
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with _read_only(path, key) as source:
        destination = sqlcipher3.connect(str(target))
        try:
            _send_key(destination, key)
            source.backup(destination)
        finally:
            destination.close()
    os.chmod(target, 0o600)
    log.info("Backed up the store to %s before migrating it", target)
    return target


def open_store(paths: Paths, key: bytes, *, create: bool = True, check_pages: bool = True) -> Store:
    """Open the store in ``paths`` with ``key``, creating or migrating it; see the docstring.

    With ``create`` False (the commands), a folder without a store is refused with
    StoreMissing, and nothing is made: a mistyped folder never becomes a new empty store.
    With ``check_pages`` False a page-by-page check that is due is left to the caller
    (``Store.pages_check_due``, ``check_store_pages``), except before a migration.
    """
    if not create:
        check_store_exists(paths)
    if (problem := data_folder_problem(paths.data_dir)) is not None:
        raise StoreError(problem)
    # Looked at before opening: an open store has a -wal file, which would read as unclean.
    due = thorough_check_due(paths.store)
    checked = due and check_pages
    revision = read_revision(paths.store, key, thorough=checked) if paths.store.exists() else None
    if revision not in (None, HEAD_REVISION) and not checked:
        # A store is migrated only when it has been found sound page by page.
        read_revision(paths.store, key, thorough=True)
        checked = True
    if revision != HEAD_REVISION:
        import sqlcipher3

        try:
            _bring_to_head(paths, revision, key)
        except (sqlite3.OperationalError, sqlcipher3.OperationalError, OperationalError) as error:
            if not write_refused(error):
                raise
            raise cannot_write(paths) from error
    if checked or revision != HEAD_REVISION:  # found sound, or new or migrated just now
        _note_checked(paths.store)
    # Readable by this user only; SQLite gives its -wal and -shm files the same mode.
    for path in (paths.store, *(paths.store.with_name(paths.store.name + e) for e in WAL_FILES)):
        if path.exists():
            try:
                os.chmod(path, 0o600)
            except OSError:  # not this user's file, or read-only: SQLite says if it matters
                log.warning("Could not make a store file readable by its owner only")
    store = connect_store(paths, key)
    store.pages_check_due = due and not checked and revision == HEAD_REVISION
    try:
        check_in_force(store.engine)
    except BaseException:
        store.close()
        raise
    return store


def check_store_pages(paths: Paths, key: bytes) -> None:
    """Read every page of the store (``PRAGMA quick_check``) while the app may be using it.

    On a read-only connection of its own (never ``immutable``: the app may write meanwhile; a
    WAL reader sees one consistent snapshot and blocks no writer). Raises StoreError saying
    what is wrong when the store is damaged; when it is sound, renews the check's stamp.
    """
    try:
        read_revision(paths.store, key, thorough=True, in_use=True)
    except StoreError as error:
        raise StoreError(
            f"The store {paths.store} is damaged: reading every page found a fault. "
            f"Restore it from a backup in {paths.backups}, or ask IT for help. ({error})"
        ) from error
    _note_checked(paths.store)


def check_store_exists(paths: Paths) -> None:
    """Raise StoreMissing (or StoreError for a file given as the folder) if there is no store."""
    if paths.store.is_file():
        return
    if (problem := not_a_folder(paths.data_dir)) is not None:
        raise StoreError(problem)
    raise StoreMissing(
        f"There is no hfhate store in {paths.data_dir}. Check the folder given with "
        "--data-dir (or in HFHATE_DATA_DIR). A new store is made only when the app's "
        "window is first opened on a folder."
    )


# SQLite's primary result codes for "not allowed to write here": PERM, READONLY, CANTOPEN.
_WRITE_REFUSED_CODES = {3, 8, 14}


def write_refused(error: BaseException) -> bool:
    """Whether SQLite failed because the file or disk cannot be written (not a fault)."""
    original = getattr(error, "orig", error)
    code = getattr(original, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in _WRITE_REFUSED_CODES


def cannot_write(paths: Paths) -> StoreError:
    """The error for a store SQLite could not write (a read-only file or disk)."""
    return StoreError(
        f"hfhate cannot write to its store {paths.store}: the file or its folder is read-only. "
        "Check the file's permissions, choose another folder with --data-dir, or ask IT for help."
    )


def connect_store(paths: Paths, key: bytes) -> Store:
    """A connection of its own to the store in ``paths``, already opened (a worker thread's)."""
    engine = make_cipher_engine(paths.store, key)
    return Store(paths=paths, key=key, engine=engine, session_factory=make_session_factory(engine))


def _bring_to_head(paths: Paths, revision: str | None, key: bytes) -> None:
    """Create a new store, or back up and migrate an older one; refuse a newer one."""
    if revision is not None and revision not in known_revisions():
        raise StoreTooNew(
            f"The store {paths.store} was written by a newer version of hfhate "
            f"(schema {revision}). This version cannot open it and has not changed it. "
            "Install the newer version of hfhate."
        )
    if revision is not None:
        backup_store(paths.store, paths.backups, revision, key)
    engine = make_cipher_engine(paths.store, key)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run the migrations up to ``target`` in one transaction: all of them or none."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


class _read_only:  # noqa: N801 - used as a context manager
    """A keyed read-only SQLCipher connection that never creates or changes a file.

    Opened only read-only, a WAL store would still get -wal and -shm files made beside it and
    left there. With no -wal or -journal file, every committed change is in the main file, so
    it is opened immutable, which reads it without making any file; but never while the app
    may have the store open (``in_use``), as it could then change the file underneath.
    """

    def __init__(self, path: Path, key: bytes, *, in_use: bool = False) -> None:
        import sqlcipher3

        uri = f"{path.resolve().as_uri()}?mode=ro"
        if not in_use and not any(
            path.with_name(path.name + end).exists() for end in ("-wal", "-journal")
        ):
            uri += "&immutable=1"
        self.conn = sqlcipher3.connect(uri, uri=True)
        try:
            _send_key(self.conn, key)
        except BaseException:
            self.conn.close()
            raise

    def __enter__(self) -> Any:
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.close()


def _send_key(connection: Any, key: bytes) -> None:
    """Key a raw sqlcipher3 connection and set the cipher settings every open uses."""
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f'PRAGMA key = "{raw_key_pragma_value(key)}"')
    for setting in cipher_settings():
        connection.execute(setting)
