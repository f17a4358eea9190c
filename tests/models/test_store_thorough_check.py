"""When opening the store reads every page (``PRAGMA quick_check``): after an unclean end,
before a migration, and once a week; and that a damaged page is then refused untouched.

A normal start of a store closed cleanly and checked this week skips it: on an encrypted
store reading every page means decrypting the whole file (bench/encryption.py).
"""

from __future__ import annotations

import os
import time

import pytest

from hfhate.config import Paths
from hfhate.models.store import (
    CHECKED_STAMP,
    THOROUGH_CHECK_EVERY,
    StoreError,
    open_store,
    thorough_check_due,
)
from tests.fixtures.keys import TEST_KEY, raw_connect
from tests.fixtures.store_files import sha256_of


def _stamp(paths: Paths):
    return paths.store.with_name(paths.store.name + CHECKED_STAMP)


@pytest.fixture
def paths(tmp_path) -> Paths:
    paths = Paths(tmp_path / "data")
    open_store(paths, TEST_KEY).close()
    return paths


def test_a_clean_store_checked_this_week_is_not_read_page_by_page(paths: Paths) -> None:
    assert _stamp(paths).is_file()
    assert _stamp(paths).stat().st_mode & 0o777 == 0o600
    assert not thorough_check_due(paths.store)


def test_an_unclean_end_leaves_a_wal_and_the_next_open_checks(paths: Paths) -> None:
    held = raw_connect(paths.store, TEST_KEY)
    held.execute("PRAGMA journal_mode = WAL")
    held.execute("CREATE TABLE left_open (n INTEGER)")
    held.commit()
    try:
        assert thorough_check_due(paths.store)
    finally:
        held.close()  # the last connection's close checkpoints and removes the WAL
    assert not thorough_check_due(paths.store)


def test_a_week_old_or_missing_stamp_asks_for_a_check_and_a_check_renews_it(paths: Paths) -> None:
    stamp = _stamp(paths)
    old = time.time() - THOROUGH_CHECK_EVERY.total_seconds() - 60
    os.utime(stamp, (old, old))
    assert thorough_check_due(paths.store)
    open_store(paths, TEST_KEY).close()
    assert not thorough_check_due(paths.store)
    stamp.unlink()
    assert thorough_check_due(paths.store)
    future = time.time() + 86400 * 30  # a clock set wrong once does not skip checks for long
    stamp.touch()
    os.utime(stamp, (future, future))
    assert thorough_check_due(paths.store)


def test_a_damaged_page_is_refused_untouched_when_the_check_is_due(paths: Paths) -> None:
    with raw_connect(paths.store, TEST_KEY) as connection:  # pages enough to damage one inside
        connection.execute("CREATE TABLE filler (text TEXT)")
        connection.executemany("INSERT INTO filler VALUES (?)", [("x" * 3000,)] * 60)
    size = paths.store.stat().st_size
    assert size > 40 * 4096
    with paths.store.open("r+b") as file:
        file.seek(size // 2 + 100)
        file.write(b"\x00" * 64)
    _stamp(paths).unlink()
    before = sha256_of(paths.store)
    with pytest.raises(StoreError, match="damaged|cannot be opened"):
        open_store(paths, TEST_KEY)
    assert sha256_of(paths.store) == before
    assert not _stamp(paths).exists()
