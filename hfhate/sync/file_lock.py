"""An exclusive lock between processes, held on a small lock file beside what it guards.

Used around appending to a photo file that two processes could write at once (two server
processes taking pieces of the same upload; two syncs on one laptop downloading the same
photo). POSIX ``flock`` and Windows ``msvcrt.locking``: the operating system lets go of the
lock when its holder dies, so a killed process never leaves a stale lock behind. On POSIX the
holder removes the lock file as it lets go; a process that was waiting on the removed file
sees that it is no longer the file at that path and locks the new one instead.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Busy(Exception):
    """Another process holds the lock, and the caller asked not to wait."""


@contextmanager
def exclusive(path: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold the lock on ``path`` (made if missing); raise ``Busy`` if held and not ``wait``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _acquire(path, wait)
    try:
        yield
    finally:
        _release(path, fd)


if sys.platform == "win32":
    import msvcrt

    def _acquire(path: Path, wait: bool) -> int:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return fd
            except OSError:
                if not wait:
                    os.close(fd)
                    raise Busy(str(path)) from None
                time.sleep(0.05)

    def _release(path: Path, fd: int) -> None:
        # An open file cannot be removed on Windows: the (empty) lock file stays.
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)

else:
    import fcntl

    def _acquire(path: Path, wait: bool) -> int:
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                os.close(fd)
                raise Busy(str(path)) from None
            except BaseException:
                os.close(fd)
                raise
            if _same_file(fd, path):
                return fd
            os.close(fd)  # its holder removed it while letting go: lock the new one

    def _release(path: Path, fd: int) -> None:
        try:
            path.unlink(missing_ok=True)
        finally:
            os.close(fd)

    def _same_file(fd: int, path: Path) -> bool:
        try:
            here, there = os.fstat(fd), os.stat(path)
        except FileNotFoundError:
            return False
        return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)
