"""An SQLAlchemy engine on a SQLCipher 4 store file, set up as the plain store was.

The store is opened with SQLAlchemy's ``sqlite+pysqlcipher`` dialect and the ``sqlcipher3``
driver. The 256-bit store key is given in SQLCipher's raw form (``x'<64 hex digits>'``), so
no key derivation runs on each connection (``kdf_iter`` does not apply); the dialect sends it
as ``PRAGMA key`` before anything else on every new connection. Then, as
``hfhate/models/db.py`` does for the plain store: foreign keys on, WAL journalling,
``synchronous=FULL``, a busy timeout, and BEGIN IMMEDIATE for each transaction. A transaction
that only reads a record and logs its consultation (``CONSULTATION_ONLY``, asked for before it
begins) commits with ``synchronous=NORMAL``: in WAL mode its audit row is in the WAL before the
record shows, so a crash of the app loses nothing, and the next full commit (any change, a
sign-in or out, a sync) puts it on disk for a power cut too; waiting for the disk on every
opening cost 3 to 6 times the opening itself (``bench/audit_log.py``). Such a transaction
can write nothing else: any other statement in it is refused.

Two of SQLCipher 4's defaults are changed, for speed, and must be the same at every open
(``cipher_settings``; the upgrade's export uses them too): 16 KiB pages
(``cipher_page_size``, against 4 KiB) and HMAC-SHA256 per page (``cipher_hmac_algorithm``,
against HMAC-SHA512; still a full-strength MAC, and hardware-accelerated on current CPUs).
Opening the 100,000-notice list just after start reads and decrypts the whole notices table
(counting every match has no index to read instead): a bare scan of 100 MB took 7.4 times
the plain file's time with the defaults, 1.3 times with these. The page cache is raised to
128 MiB (``CACHE_KIB``, an upper bound: only pages read take memory), enough for the
100,000-notice store, so pages once decrypted are not decrypted again while the list is
scrolled and filtered; warm, the encrypted list is then faster than the plain one with its
default 2 MiB cache.

``check_in_force`` asks the store what is actually in force; the app refuses to run when
WAL, foreign keys or full synchronous writes are not (``StoreNotSafe``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from sqlalchemy import URL, Engine, create_engine, event, pool
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from hfhate.models.audit import CONSULTATION_ONLY, ConsultationOnly
from hfhate.security.errors import SecurityError

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 128 * 1024
CIPHER_PAGE_SIZE = 16 * 1024
CIPHER_HMAC_ALGORITHM = "HMAC_SHA256"
KEY_BYTES = 32
_SYNCHRONOUS_FULL = 2
SQLITE_HEADER = b"SQLite format 3\x00"


class WrongStoreKey(SecurityError):
    """The key given does not open the store (or the file is not a store at all)."""


class StoreNotSafe(SecurityError):
    """WAL, foreign keys or full synchronous writes are not in force on the store."""


def file_kind(path: Path) -> Literal["missing", "empty", "plain", "encrypted"]:
    """What a store file is, from its first bytes: a plain SQLite file starts with its header,
    a SQLCipher one with random bytes."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return "missing"
    if header == b"":
        return "empty"
    return "plain" if header == SQLITE_HEADER else "encrypted"


def raw_key_pragma_value(key: bytes) -> str:
    """SQLCipher's raw key form, ``x'<hex>'``: used as the key as it is, with no KDF."""
    if len(key) != KEY_BYTES:
        raise ValueError("a store key is 32 bytes")
    return f"x'{key.hex()}'"


def cipher_settings(schema: str = "main") -> list[str]:
    """The PRAGMAs, after the key and before anything is read, that every open must send."""
    return [
        f"PRAGMA {schema}.cipher_page_size = {CIPHER_PAGE_SIZE}",
        f"PRAGMA {schema}.cipher_hmac_algorithm = {CIPHER_HMAC_ALGORITHM}",
    ]


def make_cipher_engine(path: Path, key: bytes) -> Engine:
    """An engine on the SQLCipher store at ``path`` with ``key``; see the module docstring.

    Raises WrongStoreKey on first use when the key does not open the file.
    """
    url = URL.create("sqlite+pysqlcipher", password=raw_key_pragma_value(key), database=str(path))
    # hide_parameters: an error's message never carries the values of the statement (personal
    # data) into a log line. QueuePool, as the plain store's engine has (the dialect would pick
    # SingletonThreadPool: one connection per thread, never closed).
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        hide_parameters=True,
        poolclass=pool.QueuePool,
    )

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # By now the dialect has sent PRAGMA key. Reading the schema is the first thing that
        # needs the key: a wrong key fails here, before anything else is tried.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # SQLCipher would print its own errors (a wrong key) to stderr: the error below says it.
        cursor.execute("PRAGMA cipher_log_level = NONE")
        for setting in cipher_settings():
            cursor.execute(setting)
        try:
            cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except Exception as error:  # sqlcipher3.DatabaseError: "file is not a database"
            cursor.close()
            raise WrongStoreKey(
                f"The store {path} cannot be opened with this laptop's key: either the key "
                "is not the one it was made with, or the file is not an hfhate store. It has "
                "been left untouched; ask IT for help."
            ) from error
        cursor.execute("PRAGMA foreign_keys = ON")
        # Freed pages are zeroed: an erased value leaves no copy in the file (retention).
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        # Every transaction commits with synchronous=FULL, except one that only logs a
        # consultation (``audit.begin_consultation``): see ``consultation_only`` below.
        # The connection is put back to FULL after one (never otherwise: a connection set up
        # wrong stays wrong, for ``check_in_force`` to find).
        light = connection.get_execution_options().get(CONSULTATION_ONLY, False)
        if light:
            connection.exec_driver_sql("PRAGMA synchronous = NORMAL")
            connection.info[CONSULTATION_ONLY] = True
        elif connection.info.pop(CONSULTATION_ONLY, False):
            connection.exec_driver_sql("PRAGMA synchronous = FULL")
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "before_cursor_execute")
    def consultation_only(
        connection: Connection, _cursor: Any, statement: str, *_args: Any
    ) -> None:
        """A transaction that commits without waiting for the disk reads, and writes
        nothing but its audit row (appended raw by ``services.audit``)."""
        light = connection.get_execution_options().get(CONSULTATION_ONLY, False)
        if light and statement.lstrip()[:6].upper() not in ("SELECT", "PRAGMA", "BEGIN "):
            raise ConsultationOnly(
                "A transaction that only logs a consultation cannot change records."
            )

    return engine


def check_in_force(engine: Engine) -> None:
    """Raise StoreNotSafe unless WAL, foreign keys and synchronous=FULL are in force."""
    try:
        with engine.connect() as connection:
            journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
            synchronous = connection.exec_driver_sql("PRAGMA synchronous").scalar()
            cipher = connection.exec_driver_sql("PRAGMA cipher_version").scalar()
    except DBAPIError as error:
        raise WrongStoreKey(
            "The store cannot be read with this laptop's key. It has been left untouched; "
            "ask IT for help."
        ) from error
    missing = []
    if str(journal).lower() != "wal":
        missing.append("write-ahead logging")
    if foreign_keys != 1:
        missing.append("foreign key checks")
    if synchronous != _SYNCHRONOUS_FULL:
        missing.append("full synchronous writes")
    if not cipher:
        missing.append("encryption")
    if missing:
        raise StoreNotSafe(
            "hfhate will not run on this store because "
            + " and ".join(missing)
            + " cannot be turned on for it, and without them a crash or a lost laptop could "
            "lose or expose notices. Nothing has been changed; ask IT for help."
        )
