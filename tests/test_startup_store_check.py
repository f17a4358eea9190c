"""The page-by-page check (``PRAGMA quick_check``) is off the window's start path (issue 17).

Opened with ``check_pages=False`` (as the window opens it), a store whose check is due opens
without it, says the check is still due, and a damaged page goes unnoticed until
``check_store_pages`` reads every page; that check works while the store is open, and renews
the stamp when the store is sound. A migration still checks first (``test_store_thorough_check``).
"""

from __future__ import annotations

import pytest

from hfhate.config import Paths
from hfhate.models.store import (
    CHECKED_STAMP,
    StoreError,
    check_store_pages,
    open_store,
    thorough_check_due,
)
from hfhate.startup import prepare_store
from tests.fixtures.keys import TEST_KEY, open_test_store, raw_connect


@pytest.fixture
def paths(tmp_path) -> Paths:  # type: ignore[no-untyped-def]
    paths = Paths(tmp_path / "data")
    open_store(paths, TEST_KEY).close()
    return paths


def _stamp(paths: Paths):  # type: ignore[no-untyped-def]
    return paths.store.with_name(paths.store.name + CHECKED_STAMP)


def damage_a_page(paths: Paths, key: bytes) -> None:
    """Overwrite bytes inside a page of a table the app never reads; the check is due."""
    with raw_connect(paths.store, key) as connection:
        connection.execute("CREATE TABLE filler (text TEXT)")
        connection.executemany("INSERT INTO filler VALUES (?)", [("x" * 3000,)] * 60)
    size = paths.store.stat().st_size
    with paths.store.open("r+b") as file:
        file.seek(size // 2 + 100)
        file.write(b"\x00" * 64)
    _stamp(paths).unlink()


def test_a_damaged_store_opens_without_its_check_and_says_the_check_is_due(paths: Paths) -> None:
    damage_a_page(paths, TEST_KEY)
    store = open_store(paths, TEST_KEY, check_pages=False)  # no StoreError: nothing read it
    try:
        assert store.pages_check_due
        with pytest.raises(StoreError, match="damaged"):
            check_store_pages(paths, TEST_KEY)  # while the store is open
    finally:
        store.close()
    assert not _stamp(paths).exists()
    with pytest.raises(StoreError, match="damaged|cannot be opened"):
        open_store(paths, TEST_KEY)  # the commands' way still checks when due


def test_the_check_after_start_renews_the_stamp_of_a_sound_store(paths: Paths) -> None:
    _stamp(paths).unlink()
    assert thorough_check_due(paths.store)
    store = open_store(paths, TEST_KEY, check_pages=False)
    try:
        assert store.pages_check_due
        assert not _stamp(paths).exists()  # opening did not check
        check_store_pages(paths, TEST_KEY)
    finally:
        store.close()
    assert not thorough_check_due(paths.store)


def test_no_check_is_due_on_a_store_checked_this_week(paths: Paths) -> None:
    store = open_store(paths, TEST_KEY, check_pages=False)
    store.close()
    assert not store.pages_check_due


def test_prepare_store_passes_the_choice_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    paths = Paths(tmp_path / "data")
    open_test_store(paths).close()
    _stamp(paths).unlink()
    ready = prepare_store(paths, check_pages=False)
    ready.store.close()
    assert ready.store.pages_check_due and not _stamp(paths).exists()
