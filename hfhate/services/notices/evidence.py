"""Evidence photos: copied into the data folder under their SHA-256, never used from elsewhere.

The same photo added twice is stored once. Only JPEG, PNG, HEIC and WebP images are taken,
up to MAX_BYTES; a file is written to a temporary name and renamed, so a crash never leaves a
half-written photo under a real hash.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import EvidencePhoto
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
    """A photo copied into the evidence folder."""

    sha256: str
    original_name: str
    size_bytes: int
    media_type: str
    path: Path


def photo_path(evidence_dir: Path, sha256: str, media_type: str) -> Path:
    extension = next(ext for _sig, _at, kind, ext in _SIGNATURES if kind == media_type)
    return evidence_dir / sha256[:2] / f"{sha256}{extension}"


def store_photo(evidence_dir: Path, source: Path) -> StoredPhoto:
    """Copy ``source`` into the evidence folder; raise ValidationFailed('photos') if unusable."""
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
    digest = hashlib.sha256(content).hexdigest()
    target = photo_path(evidence_dir, digest, media_type)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{digest}.{uuid.uuid4().hex}.part")
        # Readable by this user only (0600): a photo of an offence is personal data.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
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
