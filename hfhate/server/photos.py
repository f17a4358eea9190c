"""Evidence photos on the server: content-addressed by SHA-256, uploaded in resumable pieces,
never on disk in clear.

A photo is kept sealed (``hfhate.security.photo_box``, the server's photo key:
``photo_key.py``) as ``evidence/<first two>/<sha256>.sealed`` under the server's data folder.
An upload appends pieces to ``evidence/partial/<sha256>.parts`` at the offset the server
already has (any other offset is refused with the offset it has, so a cut-off upload resumes
where it stopped); each piece is sealed on its own and appended as a frame (4-byte length,
then the sealed piece), so the partial file holds no clear byte either. A frame cut short by a
crash is dropped before the next piece. When the last byte arrives the pieces are opened in
memory, hashed, and the photo is kept only if it matches its name and is an image the server
takes (signature and pixel count, ``image_check.py``): otherwise it is refused and dropped.
Sending a photo the server already has is answered "complete" and changes nothing. Each piece
is taken under an exclusive lock on ``evidence/partial/<sha256>.lock``
(``hfhate.sync.file_lock``), so two uploads of the same photo at once, in one server process
or several sharing the data folder, never append at the same offset or write to a file another
is checking and renaming: the second is told the offset the first reached (409) and goes on
from there.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from hfhate.security import photo_box
from hfhate.security.private_files import shred
from hfhate.server.accounts import Refused
from hfhate.server.settings import MAX_PHOTO_BYTES
from hfhate.services import image_check
from hfhate.services.image_check import MAX_PHOTO_PIXELS
from hfhate.sync.file_lock import exclusive
from hfhate.sync.schemas import PhotoStatus

log = logging.getLogger(__name__)
SHA256 = re.compile(r"^[0-9a-f]{64}$")
# What sealing adds to a piece: the header (magic, version, nonce) and the 16-byte GCM tag.
SEAL_OVERHEAD = photo_box.HEADER_BYTES + 16
FRAME = struct.Struct(">I")


@dataclass(frozen=True)
class Limits:
    """How large a photo may be, in bytes and in pixels."""

    max_bytes: int = MAX_PHOTO_BYTES
    max_pixels: int = MAX_PHOTO_PIXELS


def final_path(data_dir: Path, sha256: str) -> Path:
    return photo_box.sealed_path(data_dir / "evidence" / sha256[:2] / sha256)


def partial_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "evidence" / "partial" / f"{sha256}.parts"


def lock_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "evidence" / "partial" / f"{sha256}.lock"


def status(data_dir: Path, sha256: str) -> PhotoStatus:
    _check_name(sha256)
    final = final_path(data_dir, sha256)
    if final.exists():
        size = final.stat().st_size - SEAL_OVERHEAD
        return PhotoStatus(sha256=sha256, received=size, complete=True)
    received, _whole = _frames_end(partial_path(data_dir, sha256))
    return PhotoStatus(sha256=sha256, received=received, complete=False)


def read(data_dir: Path, sha256: str, key: bytes) -> bytes:
    """The clear bytes of a kept photo (opened in memory and checked against its name).

    A kept photo that no longer opens (damaged on disk, or sealed under another key) is moved
    aside to ``evidence/damaged/`` and reported not here (404): the server then lists it as
    missing, so the laptop that took it sends it again at its next sync.
    """
    path = final_path(data_dir, sha256)
    try:
        return photo_box.read_sealed(path, key, sha256)
    except photo_box.PhotoUnreadable:
        aside = data_dir / "evidence" / "damaged" / path.name
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, aside)
        log.warning("photo %s no longer opens: moved aside, to be sent again", sha256[:12])
        raise Refused(
            "The server's copy of this photo is damaged: it comes again when the laptop that "
            "took it syncs.",
            404,
        ) from None


def receive(
    data_dir: Path,
    sha256: str,
    offset: int,
    total: int,
    piece: bytes,
    key: bytes,
    limits: Limits = Limits(),  # noqa: B008 - frozen
) -> PhotoStatus:
    """Append ``piece`` at ``offset`` of a photo of ``total`` bytes; check it when whole."""
    now = status(data_dir, sha256)
    if now.complete:
        return now
    if not 0 < total <= limits.max_bytes:
        raise Refused(f"The photo is empty or larger than {limits.max_bytes:,} bytes.", 413)
    with exclusive(lock_path(data_dir, sha256)):
        now = status(data_dir, sha256)
        if now.complete:
            return now
        if offset != now.received:
            raise Refused(f"The upload should go on from byte {now.received}.", 409)
        if offset + len(piece) > total:
            raise Refused("The piece goes past the end of the photo.", 422)
        part = partial_path(data_dir, sha256)
        _append(part, key, piece)
        if offset + len(piece) < total:
            return PhotoStatus(sha256=sha256, received=offset + len(piece), complete=False)
        clear = _open_frames(part, key)
        part.unlink()
        if hashlib.sha256(clear).hexdigest() != sha256:
            raise Refused("The photo does not match its SHA-256 and was not kept.", 422)
        try:
            image_check.check_photo(clear, limits.max_pixels)
        except image_check.NotAPhoto as refused:
            raise Refused(f"{refused} It was not kept.", 422) from None
        photo_box.write_sealed(final_path(data_dir, sha256), key, clear)
        return PhotoStatus(sha256=sha256, received=total, complete=True)


def drop_clear_partials(data_dir: Path) -> None:
    """Shred pieces an older server kept in clear (``<sha256>.part``): those uploads restart."""
    for old in (data_dir / "evidence" / "partial").glob("*.part"):
        shred(old)


def _append(part: Path, key: bytes, piece: bytes) -> None:
    """Append ``piece`` sealed as one frame, first dropping a frame a crash cut short."""
    part.parent.mkdir(parents=True, exist_ok=True)
    _received, whole = _frames_end(part)
    sealed = photo_box.seal(key, piece)
    descriptor = os.open(part, os.O_RDWR | os.O_CREAT, 0o600)
    with open(descriptor, "r+b") as out:
        out.truncate(whole)
        out.seek(whole)
        out.write(FRAME.pack(len(sealed)) + sealed)
        out.flush()
        os.fsync(out.fileno())


def _frames_end(part: Path) -> tuple[int, int]:
    """(clear bytes in the whole frames of ``part``, where its whole frames end)."""
    if not part.exists():
        return 0, 0
    size, at, received = part.stat().st_size, 0, 0
    with part.open("rb") as frames:
        while at + FRAME.size <= size:
            frames.seek(at)
            (length,) = FRAME.unpack(frames.read(FRAME.size))
            if at + FRAME.size + length > size or length < SEAL_OVERHEAD:
                break
            at += FRAME.size + length
            received += length - SEAL_OVERHEAD
    return received, at


def _open_frames(part: Path, key: bytes) -> bytes:
    """The clear photo from its sealed pieces (a piece that does not open: start again)."""
    content, at, pieces = part.read_bytes(), 0, []
    try:
        while at < len(content):
            (length,) = FRAME.unpack(content[at : at + FRAME.size])
            start = at + FRAME.size
            pieces.append(photo_box.open_sealed(key, content[start : start + length]))
            at = start + length
    except photo_box.PhotoUnreadable:
        part.unlink()
        raise Refused(
            "The pieces received could not be read back: send the photo again.", 422
        ) from None
    return b"".join(pieces)


def _check_name(sha256: str) -> None:
    if not SHA256.match(sha256):
        raise Refused("A photo is named by its SHA-256 (64 lowercase hex digits).", 422)
