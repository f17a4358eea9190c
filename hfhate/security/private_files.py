"""Writing and destroying files in the data folder: atomically, owner-only, and shredded.

A file is written to a temporary name in the same folder (made 0600 from the start, so its
bytes are never readable by anyone else, even for a moment), flushed to disk, renamed over
its real name and the folder flushed too: after a crash the real name holds either the old
bytes or the new, never half of them. A file holding clear personal data is shredded before
it is removed: overwritten with random bytes and flushed, then unlinked. (On an SSD or a
copy-on-write file system the old blocks may survive the overwrite; the store and photos
being encrypted is what protects a lost laptop, shredding only narrows what is left.)
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

SHRED_CHUNK = 1024 * 1024
LOCAL_SYSTEM_SID = "S-1-5-18"  # Windows' own services (backup, indexing) keep their access

log = logging.getLogger(__name__)
Run = Callable[..., "subprocess.CompletedProcess[Any]"]


def owner_only_folder(
    folder: Path, *, windows: bool = os.name == "nt", run: Run = subprocess.run
) -> None:
    """Let no one but its owner into ``folder`` and whatever is made in it, from now on.

    On Linux and macOS the group's and others' permission bits are taken away (a read-only
    folder stays read-only: the owner's own bits are kept). On Windows, where permission bits
    mean nothing, the folder's ACL is replaced (``icacls``): inheritance from the parent is
    removed, and only the signed-in user (by SID, from ``whoami``) and the system get full
    control, inherited by every file and folder in it, existing ones included. A failure is
    logged and not fatal: the store and photos are encrypted whatever the ACL says.
    """
    if not windows:
        mode = folder.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(folder, mode & ~0o077)
        return
    try:
        whoami = run(
            ["whoami", "/user", "/fo", "csv", "/nh"], capture_output=True, text=True, check=True
        )
        import csv

        sid = next(csv.reader([whoami.stdout.strip()]))[-1]
        if not sid.startswith("S-1-"):
            raise ValueError("whoami gave no SID")
        run(
            [
                "icacls",
                str(folder),
                "/inheritance:r",
                "/grant:r",
                f"*{sid}:(OI)(CI)F",
                f"*{LOCAL_SYSTEM_SID}:(OI)(CI)F",
                "/T",
                "/Q",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, ValueError, StopIteration, subprocess.CalledProcessError) as error:
        log.warning("Could not make a folder owner-only (%s)", type(error).__name__)


def write_private(path: Path, content: bytes) -> None:
    """Put ``content`` at ``path`` atomically, readable by its owner only (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import uuid

    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with open(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename or an unlink) to disk; a no-op where unsupported."""
    if os.name == "nt":  # pragma: no cover - Windows flushes metadata itself
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sync_file(path: Path) -> None:
    """Flush a file's content to disk (opened for writing: Windows flushes only such)."""
    descriptor = os.open(path, os.O_RDWR)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def overwrite(path: Path) -> None:
    """Overwrite a file's bytes in place with random bytes and flush them (it stays there)."""
    import secrets  # loaded on use, as csv and uuid: this module is on the way to the first window

    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            written = 0
            while written < size:
                chunk = min(SHRED_CHUNK, size - written)
                handle.write(secrets.token_bytes(chunk))
                written += chunk
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return


def shred(path: Path) -> None:
    """Overwrite a file with random bytes, flush, and remove it; nothing if it is not there."""
    if not path.exists():
        return
    overwrite(path)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    sync_folder(path.parent)
