"""Whether a data folder can hold a store: made if missing, and proved writable.

A test file is written and removed rather than trusting permission bits, which say nothing
for the administrator account, a read-only disk or a network share. Each problem is a
sentence naming the folder and what to do; ``models.store`` raises it as a StoreError.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from hfhate.security.private_files import owner_only_folder

WHAT_TO_DO = (
    "Choose a folder you can write to with --data-dir (or HFHATE_DATA_DIR), or ask IT "
    "to give you access to this one."
)
_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EEXIST: "part of its path is a file, not a folder",
    errno.ENOTDIR: "part of its path is a file, not a folder",
}


def not_a_folder(folder: Path) -> str | None:
    """The problem if ``folder`` is a file, else None."""
    if folder.exists() and not folder.is_dir():
        return (
            f"The data folder {folder} is a file, not a folder, so hfhate cannot keep its "
            f"data there. {WHAT_TO_DO}"
        )
    return None


def data_folder_problem(folder: Path) -> str | None:
    """Make ``folder`` if needed and write a test file in it; the problem, or None."""
    if (problem := not_a_folder(folder)) is not None:
        return problem
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"The data folder {folder} cannot be made ({_reason(error)}). {WHAT_TO_DO}"
    try:
        owner_only_folder(folder)
    except OSError as error:
        return f"The data folder {folder} cannot be made private ({_reason(error)}). {WHAT_TO_DO}"
    probe = folder / f".hfhate-write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        return f"hfhate cannot write in the data folder {folder} ({_reason(error)}). {WHAT_TO_DO}"
    return None


def _reason(error: OSError) -> str:
    """The operating system's reason in a few plain words (no path, no number)."""
    return _REASONS.get(error.errno or 0, "the system does not allow it")
