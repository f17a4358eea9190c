"""Evidence photos on the server: content-addressed by SHA-256, uploaded in resumable pieces.

A photo is kept as ``evidence/<first two>/<sha256>`` under the server's data folder. An
upload appends pieces to ``evidence/partial/<sha256>.part`` at the offset the server already
has (any other offset is refused with the offset it has, so a cut-off upload resumes where it
stopped); when the last byte arrives the whole file is hashed, and kept only if it matches
its name: a wrong hash is refused and the piece dropped. Sending a photo the server already
has is answered "complete" and changes nothing. Each piece is taken under an exclusive lock
on ``evidence/partial/<sha256>.lock`` (``hfhate.sync.file_lock``), so two uploads of the same
photo at once, in one server process or several sharing the data folder, never append at the
same offset or write to a file another is checking and renaming: the second is told the
offset the first reached (409) and goes on from there.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from hfhate.server.accounts import Refused
from hfhate.sync.file_lock import exclusive
from hfhate.sync.schemas import MAX_PHOTO_BYTES, PhotoStatus

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def final_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "evidence" / sha256[:2] / sha256


def partial_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "evidence" / "partial" / f"{sha256}.part"


def lock_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "evidence" / "partial" / f"{sha256}.lock"


def status(data_dir: Path, sha256: str) -> PhotoStatus:
    _check_name(sha256)
    if final_path(data_dir, sha256).exists():
        size = final_path(data_dir, sha256).stat().st_size
        return PhotoStatus(sha256=sha256, received=size, complete=True)
    part = partial_path(data_dir, sha256)
    received = part.stat().st_size if part.exists() else 0
    return PhotoStatus(sha256=sha256, received=received, complete=False)


def receive(data_dir: Path, sha256: str, offset: int, total: int, piece: bytes) -> PhotoStatus:
    """Append ``piece`` at ``offset`` of a photo of ``total`` bytes; check it when whole."""
    now = status(data_dir, sha256)
    if now.complete:
        return now
    if not 0 < total <= MAX_PHOTO_BYTES:
        raise Refused("The photo is empty or too large.", 413)
    with exclusive(lock_path(data_dir, sha256)):
        now = status(data_dir, sha256)
        if now.complete:
            return now
        if offset != now.received:
            raise Refused(f"The upload should go on from byte {now.received}.", 409)
        if offset + len(piece) > total:
            raise Refused("The piece goes past the end of the photo.", 422)
        part = partial_path(data_dir, sha256)
        with part.open("ab") as out:
            out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        if offset + len(piece) < total:
            return PhotoStatus(sha256=sha256, received=offset + len(piece), complete=False)
        if _sha256_of(part) != sha256:
            part.unlink()
            raise Refused("The photo does not match its SHA-256 and was not kept.", 422)
        target = final_path(data_dir, sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, target)
        return PhotoStatus(sha256=sha256, received=total, complete=True)


def _sha256_of(path: Path) -> str:
    with path.open("rb") as whole:
        return hashlib.file_digest(whole, "sha256").hexdigest()


def _check_name(sha256: str) -> None:
    if not SHA256.match(sha256):
        raise Refused("A photo is named by its SHA-256 (64 lowercase hex digits).", 422)
