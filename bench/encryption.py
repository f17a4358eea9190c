"""Encryption benchmark: the encrypted store against the same store in clear, in the same run.

One store of 100,000 notices and warnings is made as the app makes it (``open_store``, SQLCipher,
see ``bench._notice_rows``), then exported in clear with ``sqlcipher_export`` to a plain
SQLite file opened by the plain engine hfhate used before encryption (``models.db.make_engine``).
Both hold the same rows. Timed on both, interleaved, medians:

- issue one notice (``issue_notice`` in its own transaction);
- open the notices list with no filter (``count_notices`` + the first page of
  ``list_notices``, both from the ``ix_notices_kind_live`` index), warm;
- the same on a store just opened (a new engine: the first open after start, which has to read
  and, when encrypted, decrypt the pages once);
- start: ``open_store`` with its checks (encrypted, key given) against the same checks on the
  plain file (the revision, the settings read back); and, in the note, the start after an
  unclean end, when both also read every page (``PRAGMA quick_check``).

Target: encryption costs no more than 1.5x (issue 13).
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlcipher3  # type: ignore[import-untyped]
from sqlalchemy import text

from bench._notice_rows import fill_notices, make_store
from bench.core import BenchmarkError, Options, Result
from bench.notices import ENTRY, NOW, PAGE
from hfhate.config import Paths
from hfhate.models.db import make_engine, make_session_factory
from hfhate.models.store import CHECKED_STAMP, Store, open_store
from hfhate.security.cipher_store import cipher_settings, raw_key_pragma_value
from hfhate.security.store_key import DEMO_KEY
from hfhate.services.notices.issuing import issue_notice
from hfhate.services.notices.queries import NoticeFilter, count_notices, list_notices

NOTICES = 100_000
TARGET = 1.5


def _export_plain(store_file: Path, plain_file: Path) -> None:
    """Write the encrypted store's contents in clear to ``plain_file`` (SQLCipher's export)."""
    connection = sqlcipher3.connect(str(store_file))
    try:
        connection.execute(f'PRAGMA key = "{raw_key_pragma_value(DEMO_KEY)}"')
        for setting in cipher_settings():
            connection.execute(setting)
        connection.execute(f"ATTACH DATABASE '{plain_file}' AS plain KEY ''")
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    finally:
        connection.close()
    with sqlite3.connect(plain_file) as check:
        check.execute("PRAGMA journal_mode = WAL")


def _open_plain(paths: Paths, *, thorough: bool = False) -> Store:
    """Open the plain file doing what ``open_store`` does: a read-only look at the revision
    (with a quick check of every page when ``thorough``, as after an unclean end), then the
    engine, and the WAL, foreign key and full sync settings read back."""
    uri = f"{paths.store.as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as check:
        if thorough and check.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise BenchmarkError("the plain copy is damaged")
        check.execute("SELECT version_num FROM alembic_version").fetchone()
    engine = make_engine(paths.store)
    with engine.connect() as connection:
        for pragma in ("journal_mode", "foreign_keys", "synchronous"):
            connection.execute(text(f"PRAGMA {pragma}")).scalar_one()
    return Store(paths=paths, key=b"", engine=engine, session_factory=make_session_factory(engine))


def thorough_stamp(paths: Paths) -> Path:
    """The stamp ``open_store`` leaves after reading every page (none: it reads them again)."""
    return paths.store.with_name(paths.store.name + CHECKED_STAMP)


def _median_pair(
    first: Callable[[], float], second: Callable[[], float], runs: int
) -> tuple[float, float]:
    """Medians of two timed steps, run alternately (each step returns its own time in ms)."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        a.append(first())
        b.append(second())
    return statistics.median(a), statistics.median(b)


def _timed(step: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        step()
        return (time.perf_counter() - start) * 1000

    return run


def run(options: Options) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="hfhate-bench-crypt-") as folder:
        encrypted_dir, plain_dir = Path(folder) / "encrypted", Path(folder) / "plain"
        bench, team = make_store(encrypted_dir, officers=5)
        fill_notices(bench, team, NOTICES)
        bench.store.close()
        plain_dir.mkdir()
        _export_plain(Paths(encrypted_dir).store, Paths(plain_dir).store)
        officer, supervisor = bench.officer, bench.supervisor
        encrypted = open_store(Paths(encrypted_dir), DEMO_KEY)
        plain = _open_plain(Paths(plain_dir))
        try:

            def issue(store: Store) -> Callable[[], float]:
                def step() -> None:
                    with store.session_factory.begin() as session:
                        issue_notice(session, officer, ENTRY, now=NOW)

                return _timed(step)

            def listing(store: Store) -> None:
                with store.session_factory() as session:
                    count_notices(session, supervisor, NoticeFilter())
                    list_notices(session, supervisor, NoticeFilter(), limit=PAGE)

            def first_open(open_: Callable[[], Store]) -> Callable[[], float]:
                def step() -> float:
                    store = open_()
                    try:
                        return _timed(lambda: listing(store))()
                    finally:
                        store.close()

                return step

            for store in (plain, encrypted):  # warm both before timing
                issue(store)()
                listing(store)
            runs = max(options.repeat, 3)
            plain_issue, crypt_issue = _median_pair(issue(plain), issue(encrypted), runs * 20)
            plain_list, crypt_list = _median_pair(
                _timed(lambda: listing(plain)), _timed(lambda: listing(encrypted)), runs * 4
            )
        finally:
            plain.close()
            encrypted.close()
        plain_first, crypt_first = _median_pair(
            first_open(lambda: _open_plain(Paths(plain_dir))),
            first_open(lambda: open_store(Paths(encrypted_dir), DEMO_KEY)),
            runs,
        )
        plain_start, crypt_start = _median_pair(
            _timed(lambda: _open_plain(Paths(plain_dir)).close()),
            _timed(lambda: open_store(Paths(encrypted_dir), DEMO_KEY).close()),
            runs,
        )

        def open_checked() -> None:  # as after an unclean end: no stamp of a recent check
            thorough_stamp(Paths(encrypted_dir)).unlink(missing_ok=True)
            open_store(Paths(encrypted_dir), DEMO_KEY).close()

        plain_checked, crypt_checked = _median_pair(
            _timed(lambda: _open_plain(Paths(plain_dir), thorough=True).close()),
            _timed(open_checked),
            runs,
        )
    return [
        Result("encrypted: issue one notice", crypt_issue, plain_issue, "ms", TARGET),
        Result("encrypted: notices list (warm)", crypt_list, plain_list, "ms", TARGET),
        Result("encrypted: notices list (first open)", crypt_first, plain_first, "ms", TARGET),
        Result(
            "encrypted: open the store",
            crypt_start,
            plain_start,
            "ms",
            TARGET,
            note="both: the revision, then the engine and its settings (WAL, foreign keys, "
            "full sync) read back; encrypted: open_store with the key given. After an unclean "
            "end (or weekly) both also read every page (PRAGMA quick_check): "
            f"{crypt_checked:.0f} ms against {plain_checked:.0f} ms "
            f"({crypt_checked / plain_checked:.2f}x)",
        ),
    ]
