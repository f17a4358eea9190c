"""Evidence photos sealed with AES-256-GCM: never on disk in clear, still known by their SHA-256.

A sealed photo is ``MAGIC`` (4 bytes) + a version byte + a random 96-bit nonce (one per file,
never reused) + the AES-256-GCM ciphertext and tag. The header is authenticated too, so
changing any byte of the file makes it fail to open. The photo keeps its identity: the
SHA-256 of its clear bytes names the file (``<sha256><ext>`` + ``SEALED_SUFFIX``) and is
checked again after decrypting, so a photo swapped for another sealed under the same key is
refused too.

The photo key is not the store key itself: it is derived from it with HKDF-SHA256 (info
``b"hfhate photos"``), so one key is never used by two ciphers. Photos are written
atomically (``hfhate.security.private_files.write_private``: a 0600 temporary file in the same
folder, flushed, renamed); only sealed bytes are ever written, so no clear copy exists even
for a moment. Decrypting is in memory: the detail view and printing take the clear bytes
from ``read_sealed``.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hfhate.security.errors import SecurityError
from hfhate.security.private_files import write_private

MAGIC = b"HFPH"
VERSION = 1
NONCE_BYTES = 12
HEADER_BYTES = len(MAGIC) + 1 + NONCE_BYTES
SEALED_SUFFIX = ".sealed"
PHOTO_KEY_INFO = b"hfhate photos"


class PhotoUnreadable(SecurityError):
    """A sealed photo cannot be opened: damaged, changed, or sealed with another key."""


def photo_key(store_key: bytes) -> bytes:
    """The key photos are sealed with, derived from the store key (HKDF-SHA256)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PHOTO_KEY_INFO).derive(
        store_key
    )


def sealed_path(clear_path: Path) -> Path:
    """Where the sealed photo of ``evidence/ab/<sha256>.jpg`` is kept."""
    return clear_path.with_name(clear_path.name + SEALED_SUFFIX)


def seal(key: bytes, clear: bytes) -> bytes:
    """The sealed form of ``clear`` under the photo ``key``, with a fresh random nonce."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    header = MAGIC + bytes([VERSION]) + nonce
    return header + AESGCM(key).encrypt(nonce, clear, header)


def open_sealed(key: bytes, sealed: bytes) -> bytes:
    """The clear bytes of a sealed photo; PhotoUnreadable if it was changed or the key is wrong."""
    header = sealed[:HEADER_BYTES]
    if len(sealed) < HEADER_BYTES or header[: len(MAGIC)] != MAGIC:
        raise PhotoUnreadable("This file is not a sealed hfhate photo.")
    if header[len(MAGIC)] != VERSION:
        raise PhotoUnreadable(
            "This photo was sealed by a newer version of hfhate; install the newer version."
        )
    nonce = header[len(MAGIC) + 1 :]
    try:
        return AESGCM(key).decrypt(nonce, sealed[HEADER_BYTES:], header)
    except InvalidTag:
        raise PhotoUnreadable(
            "This photo cannot be opened: it has been changed or damaged, or it was sealed on "
            "another laptop. It is still on the server if it was synced."
        ) from None


def write_sealed(path: Path, key: bytes, clear: bytes) -> None:
    """Seal ``clear`` and write it atomically (owner-only) at ``path``."""
    write_private(path, seal(key, clear))


def read_sealed(path: Path, key: bytes, expected_sha256: str) -> bytes:
    """Open the sealed photo at ``path`` and check it is the photo ``expected_sha256`` names."""
    clear = open_sealed(key, path.read_bytes())
    if hashlib.sha256(clear).hexdigest() != expected_sha256:
        raise PhotoUnreadable(
            f"The photo {expected_sha256[:12]}… on this laptop is not the photo it should be. "
            "It is still on the server if it was synced."
        )
    return clear
