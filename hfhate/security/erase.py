"""Erasing a data folder for good, and refusing to start in one that was erased.

A laptop revoked as lost or stolen is ordered to erase itself by the server at its next
contact (``hfhate.sync.erase``). ``erase_data_folder`` then, in this order:

1. writes ``ERASED.txt``: when and why, and what could not be sent (counts only: no name,
   number or address), so the next start in the folder explains itself;
2. destroys the store key (``store_key.destroy_key``): from here on the store, its backups
   and its photos cannot be read, even if the rest is killed half-way;
3. shreds every other file in the folder (the store, its WAL and SHM, backups, evidence
   photos, window settings) and removes the emptied folders.

``refuse_if_erased`` runs first at every start (window and command line): a folder holding
``ERASED.txt`` finishes any erasing a killed process left (steps 2 and 3 again) and is
refused with the note's text, instead of a new store being made there silently. To use the
laptop again, an administrator removes the folder (or ``ERASED.txt``) and enrols it afresh.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from hfhate.security.errors import SecurityError
from hfhate.security.private_files import shred, sync_folder, write_private
from hfhate.security.store_key import destroy_key

ERASED_FILE_NAME = "ERASED.txt"


class DataFolderErased(SecurityError):
    """The data folder was erased on the server's order; the message is its ``ERASED.txt``."""


def erase_data_folder(data_dir: Path, note: str) -> Path:
    """Leave only ``ERASED.txt`` (holding ``note``) in ``data_dir``; its path."""
    marker = data_dir / ERASED_FILE_NAME
    write_private(marker, note.encode("utf-8"))
    _finish(data_dir)
    return marker


def erased_note(data_dir: Path) -> str | None:
    """The text of ``ERASED.txt`` in ``data_dir``, or None if the folder was not erased."""
    try:
        return (data_dir / ERASED_FILE_NAME).read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, NotADirectoryError):
        # No note, or ``data_dir`` is a file or under one: the data folder's own checks, which
        # come next, say what is wrong with it in words.
        return None


def refuse_if_erased(data_dir: Path) -> None:
    """Raise ``DataFolderErased`` if ``data_dir`` was erased (finishing the erase first)."""
    note = erased_note(data_dir)
    if note is None:
        return
    _finish(data_dir)
    raise DataFolderErased(
        f"{note.strip()}\n\nhfhate will not start in {data_dir}. To use this laptop again, an "
        "administrator removes that folder and enrols the laptop afresh."
    )


def _finish(data_dir: Path) -> None:
    """Destroy the key, shred every file but ``ERASED.txt``, remove the emptied folders."""
    destroy_key(data_dir)
    files = [p for p in data_dir.rglob("*") if p.is_file() or p.is_symlink()]
    for path in files:
        if path.parent == data_dir and path.name == ERASED_FILE_NAME:
            continue
        if path.is_symlink():
            path.unlink()
            continue
        shred(path)
    folders = sorted((p for p in data_dir.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts))
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()
    sync_folder(data_dir)
