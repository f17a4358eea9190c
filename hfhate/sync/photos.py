"""Evidence photos between this laptop and the server: uploads of its own, downloads of others'.

Uploads, before the push: each photo of one of the user's waiting ``evidence_photos`` creates,
and each photo made on this laptop that the server reports it still lacks (its record went
ahead of it), is sent from the evidence folder under its SHA-256. The client asks how much
the server has and sends the rest in pieces of ``PHOTO_PIECE`` bytes from there, so an upload
cut off (network, sleep, killed process) resumes where it stopped. A photo missing here, or
whose bytes no longer match its name, is left out. A photo that cannot be sent never holds
the records back: uploads stop for this sync and the records are pushed (the server shows the
notice as waiting for its photo until it arrives).

Downloads: each photo record here whose photo is not in the evidence folder (made on another
laptop, pulled) is fetched, asked for by its record so the server can check the user may see
it. Bytes go to ``.<sha256>.download`` beside the photo and are fsynced; a cut-off download
goes on from there next time (HTTP ``Range``). The file is renamed to its real name only
if its bytes hash to the name: anything else is deleted and fetched again at the next sync.
A photo the server does not have yet is skipped and tried at the next sync.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from pathlib import Path

import httpx
from sqlalchemy import or_, select

from hfhate.models import EvidencePhoto, OutboxEntry, OutboxStatus
from hfhate.models.store import Store
from hfhate.services.notices.evidence import photo_path
from hfhate.sync.file_lock import Busy, exclusive
from hfhate.sync.schemas import MAX_PHOTO_BYTES, MissingPhotos, PhotoStatus
from hfhate.sync.transport import SyncError, Transport

log = logging.getLogger(__name__)
PHOTO_PIECE = 1024 * 1024


def upload_waiting_photos(store: Store, user_id: uuid.UUID, transport: Transport) -> int:
    """Upload this user's waiting photos and this laptop's the server lacks; how many were sent.

    Stops at the first photo that cannot be sent (the rest go at the next sync) without
    raising, so the records are pushed all the same.
    """
    with store.session_factory() as session:
        entries = session.scalars(
            select(OutboxEntry)
            .where(
                OutboxEntry.status == OutboxStatus.PENDING,
                OutboxEntry.record_type == "evidence_photos",
                OutboxEntry.operation == "create",
                or_(OutboxEntry.made_by_id == user_id, OutboxEntry.made_by_id.is_(None)),
            )
            .order_by(OutboxEntry.seq)
        ).all()
        wanted = {(str(e.fields["sha256"]), str(e.fields["media_type"])) for e in entries}
    wanted |= _lacking_on_server(transport)
    sent = 0
    for sha256, media_type in sorted(wanted):
        content = _own_photo(store.paths.evidence, sha256, media_type)
        if content is None:
            continue
        try:
            sent += upload_photo(transport, sha256, content)
        except SyncError as error:
            log.warning(
                "photo uploads stopped for this sync (%s); the records still go and "
                "the photos at the next sync",
                error,
            )
            break
    return sent


def _lacking_on_server(transport: Transport) -> set[tuple[str, str]]:
    """Photos made on this laptop whose records reached the server before they did."""
    try:
        answer = transport.call(
            "GET", "/incomplete-photos", MissingPhotos, params={"from_this_laptop": True}
        )
    except SyncError as error:
        log.warning("could not ask the server which photos it lacks: %s", error)
        return set()
    return {(p.sha256, p.media_type) for p in answer.photos}


def _own_photo(evidence_dir: Path, sha256: str, media_type: str) -> bytes | None:
    """The photo's bytes from the evidence folder, if it is there and matches its name."""
    try:
        path = photo_path(evidence_dir, sha256, media_type)
        content = path.read_bytes()
    except (StopIteration, OSError):
        log.warning("evidence photo %s is not on this laptop; its record syncs without it", sha256)
        return None
    if hashlib.sha256(content).hexdigest() != sha256:
        log.error(
            "evidence photo %s on this laptop no longer matches its SHA-256: not sent", sha256
        )
        return None
    return content


def upload_photo(transport: Transport, sha256: str, content: bytes) -> int:
    """Send what the server lacks of one photo; 1 if anything was sent, else 0."""
    now = transport.call("GET", f"/photos/{sha256}", PhotoStatus)
    if now.complete:
        return 0
    offset = now.received
    while offset < len(content):
        piece = content[offset : offset + PHOTO_PIECE]
        now = transport.call(
            "PUT",
            f"/photos/{sha256}",
            PhotoStatus,
            content=piece,
            params={"offset": offset, "total": len(content)},
        )
        if now.complete:
            break
        offset = now.received
    return 1


def download_missing_photos(store: Store, transport: Transport) -> int:
    """Fetch the photos of photo records here that are not in the evidence folder.

    How many arrived. Stops (without raising) when the server cannot be reached; a photo
    the server lacks, or this user may not see, is skipped until the next sync.
    """
    evidence = store.paths.evidence
    with store.session_factory() as session:
        records = session.execute(
            select(EvidencePhoto.id, EvidencePhoto.sha256, EvidencePhoto.media_type)
            .where(EvidencePhoto.deleted_at.is_(None))
            .order_by(EvidencePhoto.created_at)
        ).all()
    here = _names_in(evidence)
    arrived, tried = 0, set()
    for record_id, sha256, media_type in records:
        try:
            target = photo_path(evidence, sha256, media_type)
        except StopIteration:
            continue
        if target.name in here or sha256 in tried:
            continue
        tried.add(sha256)
        try:
            arrived += fetch_photo(transport, record_id, sha256, target)
        except SyncError as error:
            log.warning("photo downloads stopped for this sync: %s", error)
            break
    return arrived


def _names_in(evidence_dir: Path) -> set[str]:
    """The names of the files in the evidence folder's subfolders (one listing, no stat each)."""
    names: set[str] = set()
    if not evidence_dir.is_dir():
        return names
    with os.scandir(evidence_dir) as folders:
        for folder in folders:
            if folder.is_dir():
                with os.scandir(folder.path) as files:
                    names.update(entry.name for entry in files)
    return names


def fetch_photo(transport: Transport, record_id: uuid.UUID, sha256: str, target: Path) -> int:
    """Download one photo to ``target`` if its bytes match ``sha256``; 1 if it arrived."""
    partial = target.with_name(f".{sha256}.download")
    try:
        with exclusive(target.with_name(f".{sha256}.lock"), wait=False):
            if not _receive(transport, record_id, sha256, partial):
                return 0
            if _sha256_of(partial) != sha256:
                partial.unlink(missing_ok=True)
                log.warning(
                    "the photo %s from the server does not match its SHA-256: not kept", sha256
                )
                return 0
            os.replace(partial, target)
            return 1
    except Busy:
        return 0  # another sync on this laptop is fetching it


def _receive(transport: Transport, record_id: uuid.UUID, sha256: str, partial: Path) -> bool:
    """Bring ``partial`` up to the whole photo (from where it stopped); False if not now."""
    offset = partial.stat().st_size if partial.exists() else 0
    headers = dict(transport.headers)
    if offset:
        headers["Range"] = f"bytes={offset}-"
    try:
        with transport.client.stream(
            "GET", f"/photos/{sha256}/content", headers=headers, params={"record": str(record_id)}
        ) as reply:
            if reply.status_code in (403, 404):
                log.info("photo %s is not on the server for this user yet", sha256)
                return False
            if reply.status_code == 416:
                return True  # every byte is here already: check them
            kind = reply.headers.get("content-type", "").split(";")[0].strip()
            if reply.status_code not in (200, 206) or kind != "application/octet-stream":
                raise SyncError(
                    f"The server did not send photo {sha256[:12]} (HTTP "
                    f"{reply.status_code}, {kind or 'no content type'})."
                )
            resumed = reply.status_code == 206
            if resumed and not reply.headers.get("content-range", "").startswith(
                f"bytes {offset}-"
            ):
                partial.unlink(missing_ok=True)  # not the part asked for: start again
                return False
            flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if resumed else os.O_TRUNC)
            with open(os.open(partial, flags, 0o600), "ab" if resumed else "wb") as out:
                for chunk in reply.iter_bytes(PHOTO_PIECE):
                    out.write(chunk)
                    if out.tell() > MAX_PHOTO_BYTES:
                        break
                out.flush()
                os.fsync(out.fileno())
                whole = out.tell() <= MAX_PHOTO_BYTES
    except httpx.TransportError as error:
        raise SyncError(
            f"The download of photo {sha256[:12]} was cut off ({error}); it goes "
            "on from there at the next sync."
        ) from error
    if not whole:
        partial.unlink()
        log.warning("photo %s from the server is larger than a photo can be: not kept", sha256)
    return whole


def _sha256_of(path: Path) -> str:
    with path.open("rb") as whole:
        return hashlib.file_digest(whole, "sha256").hexdigest()
