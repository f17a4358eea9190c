"""The throw-away data folder of ``hfhate --demo``: made at start, removed at every exit.

Each demo folder (``hfhate-demo-*`` in the temporary directory) holds a lock file, locked for
as long as the process using it runs; the operating system lets go of the lock when the
process ends, however it ends. At start, folders left by runs that were killed (their lock
free, or no lock at all) and older than a few minutes are swept away; a folder in use by
another hfhate is never touched.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import IO

log = logging.getLogger(__name__)
PREFIX = "hfhate-demo-"
LOCK_FILE_NAME = "in-use.lock"
# A folder younger than this may belong to an hfhate that has not taken its lock yet.
STALE_AFTER_SECONDS = 120


def _try_lock(handle: IO[bytes]) -> bool:
    """Lock the open file for this process without waiting; False if another holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def in_use(folder: Path) -> bool:
    """Whether a running hfhate holds this demo folder's lock."""
    lock = folder / LOCK_FILE_NAME
    if not lock.exists():
        return False
    try:
        with lock.open("r+b") as handle:
            return not _try_lock(handle)  # closing the file lets go of a lock we took
    except OSError:
        return True  # cannot tell: leave it alone


def sweep_stale(temp_dir: Path, *, now: float | None = None) -> list[Path]:
    """Remove the demo folders of runs that ended without cleaning up; returns them."""
    now = time.time() if now is None else now
    swept = []
    for folder in temp_dir.glob(PREFIX + "*"):
        try:
            old = now - folder.stat().st_mtime > STALE_AFTER_SECONDS
        except OSError:
            continue
        if folder.is_dir() and old and not in_use(folder):
            shutil.rmtree(folder, ignore_errors=True)
            swept.append(folder)
    if swept:
        log.info("Removed %d demo folders left by earlier runs", len(swept))
    return swept


class DemoFolder:
    """A new locked demo folder for ``with``; removed, lock and all, when the block ends."""

    def __init__(self, temp_dir: Path | None = None) -> None:
        self.temp_dir = Path(temp_dir or tempfile.gettempdir())
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self.temp_dir))
        self._lock = (self.path / LOCK_FILE_NAME).open("wb")
        _try_lock(self._lock)

    def __enter__(self) -> DemoFolder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.remove()

    def remove(self) -> None:
        if not self._lock.closed:
            self._lock.close()
        shutil.rmtree(self.path, ignore_errors=True)
        if os.path.exists(self.path):
            log.warning("The demo folder could not be removed entirely")
