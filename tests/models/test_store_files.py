"""Store files that must be refused untouched, backups, and data still in the -wal file.

``open_store`` may only change a file after it has been read, found sound and copied aside;
each test here checks the bytes (sha256) and the folder's entries before and after.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from hfhate.config import Paths
from hfhate.models.store import (
    Store,
    StoreError,
    StoreTooNew,
    backup_store,
    head_revision,
    open_store,
    read_revision,
)
from hfhate.services.actor import Actor
from tests.fixtures.keys import TEST_KEY, raw_connect
from tests.fixtures.store_files import sha256_of, table_rows


def _siblings(paths: Paths) -> set[str]:
    return {p.name for p in paths.data_dir.iterdir()}


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xff" + os.urandom(8190))


def _text(path: Path) -> None:
    path.write_text("These are my notes, not a database.\n" * 50)


def _truncated(path: Path) -> None:
    source = open_store(Paths(path.parent.parent / "real"), TEST_KEY)
    source.close()
    data = source.paths.store.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _not_hfhate(path: Path) -> None:
    conn = raw_connect(path, TEST_KEY)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_garbage, "not an hfhate store or is badly damaged"),
        (_text, "not an hfhate store or is badly damaged"),
        (_truncated, "cannot be opened"),
        (_not_hfhate, "is a database but not an hfhate store"),
    ],
)
def test_bad_store_file_is_refused_untouched(tmp_path: Path, make, words: str) -> None:  # type: ignore[no-untyped-def]
    paths = Paths(tmp_path / "data")
    paths.data_dir.mkdir()
    make(paths.store)
    digest = sha256_of(paths.store)
    with pytest.raises(StoreError) as caught:
        open_store(paths, TEST_KEY)
    assert not isinstance(caught.value, StoreTooNew)
    assert str(paths.store) in str(caught.value)
    assert words in str(caught.value)
    assert sha256_of(paths.store) == digest
    assert _siblings(paths) == {"hfhate.sqlite"}


def test_unreadable_store_file_is_refused_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = Paths(tmp_path / "data")
    paths.data_dir.mkdir()
    made = open_store(Paths(tmp_path / "real"), TEST_KEY)
    made.close()
    shutil.copyfile(made.paths.store, paths.store)
    digest = sha256_of(paths.store)
    paths.store.chmod(0)
    try:
        if os.access(paths.store, os.R_OK):
            # Root reads any file, so the operating system's refusal is simulated.
            real_open = Path.open

            def refuse(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
                if self == paths.store:
                    raise PermissionError(13, "Permission denied", str(self))
                return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

            monkeypatch.setattr(Path, "open", refuse)
        with pytest.raises(StoreError, match="cannot be read") as caught:
            open_store(paths, TEST_KEY)
        assert str(paths.store) in str(caught.value)
        assert "Permission denied" in str(caught.value)
        monkeypatch.undo()
    finally:
        paths.store.chmod(0o600)
    assert sha256_of(paths.store) == digest
    assert _siblings(paths) == {"hfhate.sqlite"}


def test_directory_in_place_of_the_store_is_refused(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    paths.store.mkdir(parents=True)
    with pytest.raises(StoreError, match="cannot be read") as caught:
        open_store(paths, TEST_KEY)
    assert str(paths.store) in str(caught.value)
    assert paths.store.is_dir() and list(paths.store.iterdir()) == []


def test_backup_copies_every_row_including_the_wal(store: Store, admin: Actor) -> None:
    paths = store.paths
    # The store is still open, so recent commits may sit in the -wal file only.
    assert (paths.data_dir / "hfhate.sqlite-wal").exists()
    target = backup_store(paths.store, paths.backups, "0001", store.key)
    assert target.parent == paths.backups
    assert target.name.startswith("hfhate-") and target.name.endswith("-at-0001.sqlite")
    assert target.read_bytes()[:6] != b"SQLite"  # encrypted, as the store is
    assert target.stat().st_mode & 0o777 == 0o600
    conn = raw_connect(target, store.key)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT username FROM users").fetchall() == [("ada",)]
    finally:
        conn.close()
    assert table_rows(target, store.key) == table_rows(paths.store, store.key)
    assert read_revision(target, store.key) == head_revision()
    second = backup_store(paths.store, paths.backups, "0001", store.key)
    assert second != target and target.exists()  # a later backup never overwrites one


def test_commits_still_in_the_wal_are_read_and_backed_up(
    store: Store, admin: Actor, tmp_path: Path
) -> None:
    """As after a crash: the main file lacks recent commits, the -wal file holds them."""
    crashed = Paths(tmp_path / "crashed")
    crashed.data_dir.mkdir()
    for name in ("hfhate.sqlite", "hfhate.sqlite-wal"):
        shutil.copyfile(store.paths.data_dir / name, crashed.data_dir / name)
    main_only = tmp_path / "main-only.sqlite"
    shutil.copyfile(crashed.store, main_only)
    key = store.key
    assert table_rows(main_only, key)["users"] == []  # the administrator is only in the -wal
    assert read_revision(crashed.store, key) == head_revision()
    target = backup_store(crashed.store, crashed.backups, "test", key)
    assert table_rows(target, key)["users"] == table_rows(store.paths.store, key)["users"] != []
    reopened = open_store(crashed, key)
    try:
        assert (
            table_rows(crashed.store, key)["users"] == table_rows(store.paths.store, key)["users"]
        )
    finally:
        reopened.close()
