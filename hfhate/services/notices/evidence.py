"""Evidence photos: sealed into the data folder under their SHA-256, never used from elsewhere.

The same photo added twice is stored once. Only JPEG, PNG, HEIC and WebP images are taken,
up to MAX_BYTES. A photo is kept only sealed (AES-256-GCM under the photo key, which the
caller takes from the open store: ``Store.photo_key``; see ``hfhate.security.photo_box``) as
``<sha256><ext>.sealed``, written to a temporary name and renamed, so a crash never leaves a
half-written photo under a real hash and no clear copy is ever written. ``read_photo`` gives
the clear bytes, in memory, to what shows, prints or uploads a photo.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import EvidencePhoto
from hfhate.security.photo_box import read_sealed, sealed_path, write_sealed
from hfhate.services import image_check
from hfhate.services.actor import Actor
from hfhate.services.changes import record_created
from hfhate.services.errors import ValidationFailed

MAX_BYTES = 25 * 1024 * 1024
_SIGNATURES: tuple[tuple[bytes, int, str, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", ".png"),
    (b"WEBP", 8, "image/webp", ".webp"),
    (b"ftypheic", 4, "image/heic", ".heic"),
    (b"ftypheix", 4, "image/heic", ".heic"),
    (b"ftypmif1", 4, "image/heic", ".heic"),
)


@dataclass(frozen=True)
class StoredPhoto:
    """A photo sealed into the evidence folder (``path`` is the sealed file)."""

    sha256: str
    original_name: str
    size_bytes: int
    media_type: str
    path: Path


def photo_path(evidence_dir: Path, sha256: str, media_type: str) -> Path:
    """The sealed file of a photo: ``evidence/ab/<sha256><ext>.sealed``."""
    extension = next(ext for _sig, _at, kind, ext in _SIGNATURES if kind == media_type)
    return sealed_path(evidence_dir / sha256[:2] / f"{sha256}{extension}")


def read_photo(evidence_dir: Path, key: bytes, sha256: str, media_type: str) -> bytes:
    """The clear bytes of a kept photo, checked against ``sha256``, in memory only.

    Raises OSError when it is not here, PhotoUnreadable (a SecurityError) when it does not
    open to the photo it should be.
    """
    return read_sealed(photo_path(evidence_dir, sha256, media_type), key, sha256)


def store_photo(evidence_dir: Path, key: bytes, source: Path) -> StoredPhoto:
    """Seal ``source`` into the evidence folder with the photo ``key``.

    Raises ValidationFailed('photos') if it is not a photo hfhate can keep."""
    try:
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise ValidationFailed({"photos": f"{source.name} is larger than 25 MB."})
        content = source.read_bytes()
    except OSError as error:
        raise ValidationFailed(
            {"photos": f"{source.name} cannot be read ({error.strerror})."}
        ) from error
    media_type = _media_type(content)
    if media_type is None:
        raise ValidationFailed(
            {"photos": f"{source.name} is not a photo (JPEG, PNG, HEIC or WebP)."}
        )
    try:
        image_check.check_photo(content, image_check.MAX_PHOTO_PIXELS)
    except image_check.NotAPhoto as error:
        # The server refuses what this refuses: better said now than at the next sync.
        raise ValidationFailed({"photos": f"{source.name}: {error}"}) from error
    digest = hashlib.sha256(content).hexdigest()
    target = photo_path(evidence_dir, digest, media_type)
    if not target.exists():
        # Sealed in memory, then written atomically and readable by this user only (0600).
        write_sealed(target, key, content)
    return StoredPhoto(digest, source.name[:255], len(content), media_type, target)


def attach_photos(
    session: Session, actor: Actor, notice_id: uuid.UUID, photos: list[StoredPhoto]
) -> list[EvidencePhoto]:
    """Link stored photos to a notice, once each (the same hash twice is linked once)."""
    existing = set(
        session.scalars(select(EvidencePhoto.sha256).where(EvidencePhoto.notice_id == notice_id))
    )
    attached = []
    for photo in photos:
        if photo.sha256 in existing:
            continue
        existing.add(photo.sha256)
        record = EvidencePhoto(
            notice_id=notice_id,
            sha256=photo.sha256,
            original_name=photo.original_name,
            size_bytes=photo.size_bytes,
            media_type=photo.media_type,
        )
        record_created(
            session, actor, record, action="photo_attached", details={"sha256": photo.sha256}
        )
        attached.append(record)
    return attached


def _media_type(content: bytes) -> str | None:
    for signature, offset, media_type, _ext in _SIGNATURES:
        if content[offset : offset + len(signature)] == signature:
            return media_type
    return None
