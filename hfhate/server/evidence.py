"""Which photo records still wait for their photo, and who may download a photo.

A photo record (``evidence_photos``) arrives by push; its photo by upload, maybe later, maybe
cut off. The photo's file is the mark: a record is complete once ``evidence/<2>/<sha256>``
exists in the data folder, and that file exists only after its bytes matched the hash
(``photos.receive``). Nothing is kept in process memory or in a second table that could
disagree with the folder, so every server process sharing the database and the data folder
gives the same answer, at the cost of one ``stat`` per photo record looked at. A photo may
be downloaded by a caller who may see a photo record naming it (the pull's visibility), asked
for by that record's id, so the check is one primary-key lookup.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from hfhate.server import photos
from hfhate.server.accounts import Caller, Refused
from hfhate.server.models import ServerRecordRow
from hfhate.server.pull import visible_to
from hfhate.sync.schemas import MAX_PAGE, MissingPhoto, MissingPhotos

PHOTOS = "evidence_photos"
_FIELDS = ServerRecordRow.fields


def missing_photos(
    session: Session,
    data_dir: Path,
    *,
    caller: Caller | None = None,
    device_id: uuid.UUID | None = None,
    limit: int = MAX_PAGE,
) -> MissingPhotos:
    """Photo records (that ``caller`` may see, made on ``device_id``) whose photo is not here."""
    query = _photo_records()
    if caller is not None:
        query = query.where(visible_to(caller, ServerRecordRow))
    if device_id is not None:
        query = query.where(_FIELDS["created_on_device_id"].as_string() == str(device_id))
    found: list[MissingPhoto] = []
    for record_id, notice_id, sha256, media_type, size in session.execute(query):
        received = 0
        if photos.SHA256.match(sha256 or ""):
            now = photos.status(data_dir, sha256)
            if now.complete:
                continue
            received = now.received
        found.append(
            MissingPhoto(
                record_id=record_id,
                notice_id=uuid.UUID(notice_id),
                sha256=sha256 or "",
                media_type=media_type or "",
                size_bytes=size or 0,
                received=received,
            )
        )
        if len(found) > limit:
            break
    return MissingPhotos(photos=found[:limit], truncated=len(found) > limit)


def _photo_records() -> Select[uuid.UUID, str, str, str, int]:
    """The live photo records, with only the fields needed (read out of the JSON by the DB)."""
    return (
        select(
            ServerRecordRow.record_id,
            _FIELDS["notice_id"].as_string(),
            _FIELDS["sha256"].as_string(),
            _FIELDS["media_type"].as_string(),
            _FIELDS["size_bytes"].as_integer(),
        )
        .where(
            ServerRecordRow.record_type == PHOTOS,
            _FIELDS["deleted_at"].as_string().is_(None),
            _FIELDS["erased_at"].as_string().is_(None),  # its file was deleted on purpose
        )
        .order_by(ServerRecordRow.record_id)
    )


def readable_photo(
    session: Session, data_dir: Path, caller: Caller, sha256: str, record_id: uuid.UUID
) -> Path:
    """The file of photo ``sha256``, if ``caller`` may see photo record ``record_id`` naming it."""
    if not photos.SHA256.match(sha256):
        raise Refused("A photo is named by its SHA-256 (64 lowercase hex digits).", 422)
    record = session.scalar(
        select(ServerRecordRow).where(
            ServerRecordRow.record_type == PHOTOS,
            ServerRecordRow.record_id == record_id,
            visible_to(caller, ServerRecordRow),
        )
    )
    if record is None or record.fields.get("sha256") != sha256:
        raise Refused("This photo is not one of a notice you may see.", 403)
    path = photos.final_path(data_dir, sha256)
    if not path.exists():
        raise Refused(
            "The server does not have this photo yet: it comes when the laptop that took it syncs.",
            404,
        )
    return path


@dataclass(frozen=True)
class IncompleteNotice:
    """A notice with photo records whose photos have not all arrived."""

    notice_id: uuid.UUID
    number: str
    officer_name: str
    missing: list[MissingPhoto]

    def line(self) -> str:
        received = sum(p.received for p in self.missing)
        size = sum(p.size_bytes for p in self.missing)
        count = len(self.missing)
        return (
            f"{self.number or self.notice_id}  {self.officer_name}  {count} photo"
            f"{'s' if count != 1 else ''} not here yet ({received:,} of {size:,} bytes "
            "received)"
        )


def incomplete_notices(session: Session, data_dir: Path) -> list[IncompleteNotice]:
    """Every notice still waiting for a photo, in notice-number order (``hfhate-server``)."""
    by_notice: dict[uuid.UUID, list[MissingPhoto]] = {}
    for photo in missing_photos(session, data_dir, limit=1_000_000).photos:
        by_notice.setdefault(photo.notice_id, []).append(photo)
    notices = {row.record_id: row.fields for row in _notices(session, by_notice)}
    found = [
        IncompleteNotice(
            notice_id,
            str(notices.get(notice_id, {}).get("number") or ""),
            str(notices.get(notice_id, {}).get("officer_name") or ""),
            missing,
        )
        for notice_id, missing in by_notice.items()
    ]
    return sorted(found, key=lambda n: (n.number, str(n.notice_id)))


def _notices(session: Session, ids: Iterable[uuid.UUID]) -> list[ServerRecordRow]:
    wanted = list(ids)
    found: list[ServerRecordRow] = []
    for start in range(0, len(wanted), MAX_PAGE):
        found += session.scalars(
            select(ServerRecordRow).where(
                ServerRecordRow.record_type == "notices",
                ServerRecordRow.record_id.in_(wanted[start : start + MAX_PAGE]),
            )
        )
    return found
