"""Log lines without personal data, on the laptop and the server.

An exception's message can hold the values it was working on (a database error quotes its
statement's values, a ``ValueError`` the text it could not read), and those are names,
addresses and phone numbers. ``SafeFormatter`` therefore writes an exception as its type and
where it happened (file, line, function of each frame, for every exception in the chain),
never its message. Log files are made readable by their owner only (``private_file``,
``private_dir``; on Windows, where permission bits mean nothing, the folder's ACL is made
owner-only instead, ``security.private_files.owner_only_folder``).
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import traceback
from pathlib import Path
from typing import Any

from hfhate.security.private_files import owner_only_folder

FILE_MODE, DIR_MODE = 0o600, 0o700


def describe_exception(error: BaseException) -> str:
    """``IntegrityError at hfhate/sync/apply.py:120 in _flush``: the type and the place."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {_short(frames[-1].filename)}:{frames[-1].lineno} in {frames[-1].name}"
    return f"{type(error).__name__}{where if frames else ''}"


def _short(filename: str) -> str:
    parts = Path(filename).parts
    return "/".join(parts[parts.index("hfhate") :]) if "hfhate" in parts else Path(filename).name


class SafeFormatter(logging.Formatter):
    """A formatter that writes exceptions as types and places, never their messages."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        _kind, error, _tb = ei
        if error is None:
            return ""
        lines = ["Traceback (types and places only; messages are left out):"]
        seen: set[int] = set()
        chain: list[BaseException] = []
        current: BaseException | None = error
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            chain.append(current)
            current = current.__cause__ or current.__context__
        for at, item in enumerate(reversed(chain)):
            if at:
                lines.append("  which led to:")
            for frame in traceback.extract_tb(item.__traceback__):
                lines.append(
                    f'  File "{_short(frame.filename)}", line {frame.lineno}, in {frame.name}'
                )
            lines.append(f"  {type(item).__module__}.{type(item).__qualname__}")
        return "\n".join(lines)


def private_dir(folder: Path) -> None:
    """Make ``folder`` (and its missing parents) and let only its owner into it."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, DIR_MODE)
    owner_only_folder(folder)  # on Windows, the folder's ACL


def private_file(path: Path) -> None:
    """Make ``path`` readable and writable by its owner only, if it exists."""
    if path.exists():
        os.chmod(path, FILE_MODE)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file created with mode 0600 (rotated files keep it: they are renamed)."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        os.chmod(self.baseFilename, FILE_MODE)  # a file made before this version
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # noqa: SIM115


def private_log_file(log_file: Path, max_bytes: int = 2_000_000) -> logging.Handler:
    """The rotating handler of ``log_file``, its folder and every older file made private."""
    private_dir(log_file.parent)
    for old in log_file.parent.glob(f"{log_file.name}*"):
        private_file(old)
    handler = PrivateRotatingFileHandler(
        log_file, maxBytes=max_bytes, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        SafeFormatter("%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s")
    )
    return handler
