"""Sealed evidence photos: AES-256-GCM, known by their clear SHA-256, never on disk in clear."""

from __future__ import annotations

import hashlib
import secrets
import stat
from pathlib import Path

import pytest

from hfhate.security.photo_box import (
    HEADER_BYTES,
    MAGIC,
    PhotoUnreadable,
    open_sealed,
    photo_key,
    read_sealed,
    seal,
    sealed_path,
    write_sealed,
)
from tests.security.conftest import IMAGE_HEADERS

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + secrets.token_bytes(4000) + b"\xff\xd9"


def test_a_photo_opens_to_its_own_bytes(store_key: bytes) -> None:
    key = photo_key(store_key)

    sealed = seal(key, JPEG)

    assert open_sealed(key, sealed) == JPEG
    assert sealed.startswith(MAGIC)
    assert JPEG[:64] not in sealed and not any(header in sealed for header in IMAGE_HEADERS)


def test_each_seal_has_its_own_nonce(store_key: bytes) -> None:
    key = photo_key(store_key)

    first, second = seal(key, JPEG), seal(key, JPEG)

    assert first[:HEADER_BYTES] != second[:HEADER_BYTES]
    assert first != second


def test_the_photo_key_is_derived_not_the_store_key(store_key: bytes) -> None:
    assert photo_key(store_key) == photo_key(store_key)
    assert photo_key(store_key) != store_key
    assert len(photo_key(store_key)) == 32


@pytest.mark.parametrize("at", [0, 5, HEADER_BYTES - 1, HEADER_BYTES + 10, -1])
def test_any_changed_byte_is_found(store_key: bytes, at: int) -> None:
    key = photo_key(store_key)
    sealed = bytearray(seal(key, JPEG))
    sealed[at] ^= 0x01

    with pytest.raises(PhotoUnreadable):
        open_sealed(key, bytes(sealed))


def test_a_cut_short_file_is_refused(store_key: bytes) -> None:
    key = photo_key(store_key)
    sealed = seal(key, JPEG)

    for length in (0, 3, HEADER_BYTES, len(sealed) - 1):
        with pytest.raises(PhotoUnreadable):
            open_sealed(key, sealed[:length])


def test_another_laptops_key_cannot_open_it(store_key: bytes) -> None:
    sealed = seal(photo_key(store_key), JPEG)

    with pytest.raises(PhotoUnreadable, match="sealed on another laptop"):
        open_sealed(photo_key(secrets.token_bytes(32)), sealed)


def test_written_sealed_owner_only_and_read_back_by_its_hash(
    tmp_path: Path, store_key: bytes
) -> None:
    key = photo_key(store_key)
    digest = hashlib.sha256(JPEG).hexdigest()
    path = sealed_path(tmp_path / "evidence" / digest[:2] / f"{digest}.jpg")

    write_sealed(path, key, JPEG)

    assert path.name == f"{digest}.jpg.sealed"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = path.read_bytes()
    assert not any(header in content for header in IMAGE_HEADERS)
    assert not content.startswith(JPEG[:3])
    assert read_sealed(path, key, digest) == JPEG


def test_a_photo_under_another_photos_name_is_refused(tmp_path: Path, store_key: bytes) -> None:
    key = photo_key(store_key)
    other = hashlib.sha256(b"another photo").hexdigest()
    path = tmp_path / f"{other}.jpg.sealed"
    write_sealed(path, key, JPEG)

    with pytest.raises(PhotoUnreadable, match="not the photo it should be"):
        read_sealed(path, key, other)


def test_a_file_that_is_not_sealed_is_refused(store_key: bytes) -> None:
    with pytest.raises(PhotoUnreadable, match="not a sealed hfhate photo"):
        open_sealed(photo_key(store_key), JPEG)
