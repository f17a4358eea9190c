"""A photo download in progress, kept sealed on disk so that it can go on after a cut.

The partial file ``.<sha256>.download-sealed`` beside the photo is a run of records, one per
piece received: a 4-byte big-endian length, then the piece sealed with the photo key
(``hfhate.security.photo_box.seal``: AES-256-GCM, its own nonce). No clear byte of a photo
is ever written, yet a download cut off (network, sleep, a killed process) goes on from the
number of clear bytes its records hold. A record cut short by a crash, or one that does not
open, ends the partial there: the file is cut back to the last whole record and the rest is
asked for again. Once whole, the pieces are joined in memory (a photo is at most the server's
``MAX_PHOTO_BYTES``), checked against the SHA-256 and sealed as the photo itself.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import BinaryIO

from hfhate.security.photo_box import PhotoUnreadable, open_sealed, seal

PARTIAL_SUFFIX = ".download-sealed"
_LENGTH = struct.Struct(">I")


def partial_path(target: Path, sha256: str) -> Path:
    """Where the download of the photo kept at ``target`` collects its pieces."""
    return target.with_name(f".{sha256}{PARTIAL_SUFFIX}")


def received(partial: Path, key: bytes) -> bytes:
    """The clear bytes received so far, in memory; a torn or unreadable tail is cut off."""
    try:
        data = partial.read_bytes()
    except FileNotFoundError:
        return b""
    clear = bytearray()
    at = 0
    while at + _LENGTH.size <= len(data):
        (length,) = _LENGTH.unpack_from(data, at)
        end = at + _LENGTH.size + length
        if end > len(data):
            break
        try:
            clear += open_sealed(key, data[at + _LENGTH.size : end])
        except PhotoUnreadable:
            break
        at = end
    if at != len(data):
        with partial.open("r+b") as handle:
            handle.truncate(at)
            os.fsync(handle.fileno())
    return bytes(clear)


def open_partial(partial: Path, *, resume: bool) -> BinaryIO:
    """The partial file to add pieces to (owner-only); emptied first unless ``resume``."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if resume else os.O_TRUNC)
    return open(os.open(partial, flags, 0o600), "ab" if resume else "wb")  # noqa: SIM115


def add_piece(handle: BinaryIO, key: bytes, piece: bytes) -> None:
    """Append one received piece, sealed."""
    sealed = seal(key, piece)
    handle.write(_LENGTH.pack(len(sealed)) + sealed)
