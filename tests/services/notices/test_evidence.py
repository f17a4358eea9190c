"""Evidence photos: copied under their SHA-256, stored once, only real images, linked once.

Photos are real files in tmp_path; the notice that carries them is issued through the service.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from hfhate.models import EvidencePhoto, FixedPenaltyNotice
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.errors import ValidationFailed
from hfhate.services.notices import issuing as notices
from hfhate.services.notices.evidence import MAX_BYTES, read_photo, store_photo
from hfhate.services.notices.rules import NoticeInput
from tests.fixtures.photo_bytes import heic, jpeg, png, webp_vp8x

Entry = Callable[..., NoticeInput]
Counts = Callable[..., dict[str, int]]


def _png(seed: int) -> bytes:
    """A real 1x1 PNG whose pixel colour depends on ``seed``."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixel = zlib.compress(bytes([0, seed % 256, 80, 160]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")
    )


def _write(folder: Path, name: str, content: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


def test_a_photo_is_sealed_under_its_sha256(store: Store, tmp_path: Path) -> None:
    content = _png(1)
    source = _write(tmp_path / "camera", "IMG_0001.PNG", content)
    photo = store_photo(store.paths.evidence, store.photo_key, source)
    digest = hashlib.sha256(content).hexdigest()
    assert (photo.sha256, photo.original_name, photo.size_bytes, photo.media_type) == (
        digest,
        "IMG_0001.PNG",
        len(content),
        "image/png",
    )
    assert photo.path == store.paths.evidence / digest[:2] / f"{digest}.png.sealed"
    sealed = photo.path.read_bytes()
    assert content not in sealed and b"PNG" not in sealed  # never in clear on disk
    assert photo.path.stat().st_mode & 0o777 == 0o600
    assert read_photo(store.paths.evidence, store.photo_key, digest, "image/png") == content
    source.unlink()
    # the evidence never depends on the original
    assert read_photo(store.paths.evidence, store.photo_key, digest, "image/png") == content


def test_the_same_photo_added_twice_is_stored_and_linked_once(
    store: Store, officer: Actor, valid_entry: Entry, tmp_path: Path, count_rows: Counts
) -> None:
    content = _png(2)
    first = store_photo(
        store.paths.evidence, store.photo_key, _write(tmp_path / "a", "front.png", content)
    )
    again = store_photo(
        store.paths.evidence, store.photo_key, _write(tmp_path / "b", "copy.png", content)
    )
    other = store_photo(
        store.paths.evidence, store.photo_key, _write(tmp_path / "a", "side.png", _png(3))
    )
    assert first.path == again.path
    files = [p for p in store.paths.evidence.rglob("*") if p.is_file()]
    assert sorted(p.name for p in files) == sorted({first.path.name, other.path.name})

    before = count_rows()
    with store.session_factory.begin() as session:
        notice = notices.issue_notice(session, officer, valid_entry(), photos=[first, again, other])
    after = count_rows()
    # The notice, its timeline entry, two photos, and its victim's person, link and consent.
    assert (after["audit"] - before["audit"], after["outbox"] - before["outbox"]) == (3, 7)
    with store.session_factory() as session:
        rows = session.scalars(
            select(EvidencePhoto)
            .where(EvidencePhoto.notice_id == notice.id)
            .order_by(EvidencePhoto.original_name)
        ).all()
    assert [(r.original_name, r.sha256) for r in rows] == sorted(
        [("front.png", first.sha256), ("side.png", other.sha256)]
    )


def test_one_photo_on_two_notices_is_one_file(
    store: Store, officer: Actor, valid_entry: Entry, tmp_path: Path
) -> None:
    photo = store_photo(
        store.paths.evidence, store.photo_key, _write(tmp_path, "scene.png", _png(4))
    )
    with store.session_factory.begin() as session:
        for _ in range(2):
            notices.issue_notice(session, officer, valid_entry(), photos=[photo])
    with store.session_factory() as session:
        linked = session.scalars(select(EvidencePhoto.notice_id)).all()
        assert len(set(linked)) == 2
        assert session.scalar(select(FixedPenaltyNotice.id).limit(1)) in linked
    assert [p for p in store.paths.evidence.rglob("*") if p.is_file()] == [photo.path]


@pytest.mark.parametrize(
    ("name", "content", "media_type", "suffix"),
    [
        ("a.jpg", jpeg(640, 480), "image/jpeg", ".jpg"),
        ("b.webp", webp_vp8x(1600, 1200), "image/webp", ".webp"),
        ("c.heic", heic(4032, 3024), "image/heic", ".heic"),
    ],
)
def test_other_photo_kinds_are_recognised_by_content(
    store: Store, tmp_path: Path, name: str, content: bytes, media_type: str, suffix: str
) -> None:
    photo = store_photo(store.paths.evidence, store.photo_key, _write(tmp_path, name, content))
    assert (photo.media_type, photo.path.name) == (media_type, f"{photo.sha256}{suffix}.sealed")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"Not a photo at all"),
        ("fake.png", b"GIF89a" + b"\x00" * 20),
        ("empty.jpg", b""),
    ],
)
def test_files_that_are_not_photos_are_refused(
    store: Store, tmp_path: Path, name: str, content: bytes
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        store_photo(store.paths.evidence, store.photo_key, _write(tmp_path, name, content))
    assert refused.value.field_errors == {
        "photos": f"{name} is not a photo (JPEG, PNG, HEIC or WebP)."
    }
    assert not store.paths.evidence.exists() or not any(store.paths.evidence.rglob("*.*"))


def test_a_photo_the_server_would_refuse_is_refused_when_added(
    store: Store, tmp_path: Path
) -> None:
    """A pixel bomb, or a photo whose size cannot be read, would stay "not here yet" forever."""
    bomb = _write(tmp_path, "bomb.png", png(10_000, 10_000))
    with pytest.raises(ValidationFailed) as too_many:
        store_photo(store.paths.evidence, store.photo_key, bomb)
    assert "10000 x 10000 pixels" in too_many.value.field_errors["photos"]
    unreadable = _write(tmp_path, "odd.png", b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ValidationFailed) as no_size:
        store_photo(store.paths.evidence, store.photo_key, unreadable)
    assert "cannot be read from its image/png header" in no_size.value.field_errors["photos"]
    assert not store.paths.evidence.exists() or not any(store.paths.evidence.rglob("*.*"))


def test_a_photo_over_25_mb_or_missing_is_refused(store: Store, tmp_path: Path) -> None:
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ValidationFailed) as too_big:
        store_photo(store.paths.evidence, store.photo_key, huge)
    assert too_big.value.field_errors == {"photos": "huge.jpg is larger than 25 MB."}
    with pytest.raises(ValidationFailed) as missing:
        store_photo(store.paths.evidence, store.photo_key, tmp_path / "gone.jpg")
    assert missing.value.field_errors == {
        "photos": "gone.jpg cannot be read (No such file or directory)."
    }
