"""Evidence photos between this laptop and the server: uploads of its own, downloads of others'.

Photos are kept sealed on the laptop (``hfhate.services.notices.evidence``); they are opened
in memory with the store's photo key to be sent, and what comes down is sealed before it
touches the disk.

Uploads, before the push: each photo of one of the user's waiting ``evidence_photos`` creates,
and each photo made on this laptop that the server reports it still lacks (its record went
ahead of it), is opened from the evidence folder and sent under its SHA-256. The client asks
how much the server has and sends the rest in pieces of ``PHOTO_PIECE`` bytes from there, so
an upload cut off (network, sleep, killed process) resumes where it stopped. A photo missing
here, or that no longer opens to the photo its name says, is left out. A photo that cannot be
sent never holds the records back: uploads stop for this sync and the records are pushed (the
server shows the notice as waiting for its photo until it arrives).

Downloads: each photo record here whose photo is not in the evidence folder (made on another
laptop, pulled) is fetched, asked for by its record so the server can check the user may see
it. Pieces go, sealed, to ``.<sha256>.download-sealed`` beside the photo and are fsynced
(``hfhate.sync.sealed_download``); a cut-off download goes on from there next time (HTTP
``Range``). The photo is sealed under its real name only if its bytes hash to the name:
anything else is deleted and fetched again at the next sync.
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
from hfhate.security.errors import SecurityError
from hfhate.security.photo_box import write_sealed
from hfhate.services.notices.evidence import photo_path, read_photo
from hfhate.sync.file_lock import Busy, exclusive
from hfhate.sync.schemas import MAX_PHOTO_BYTES, MissingPhotos, PhotoStatus
from hfhate.sync.sealed_download import add_piece, open_partial, partial_path, received
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
        content = _own_photo(store.paths.evidence, store.photo_key, sha256, media_type)
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


def _own_photo(evidence_dir: Path, key: bytes, sha256: str, media_type: str) -> bytes | None:
    """The photo's clear bytes (in memory), if it is here and opens to the photo it names."""
    try:
        return read_photo(evidence_dir, key, sha256, media_type)
    except (StopIteration, OSError):
        log.warning("evidence photo %s is not on this laptop; its record syncs without it", sha256)
        return None
    except SecurityError:
        log.error(
            "evidence photo %s on this laptop no longer opens to its SHA-256: not sent", sha256
        )
        return None


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
            .where(EvidencePhoto.deleted_at.is_(None), EvidencePhoto.erased_at.is_(None))
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
            arrived += fetch_photo(transport, record_id, sha256, target, store.photo_key)
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


def fetch_photo(
    transport: Transport, record_id: uuid.UUID, sha256: str, target: Path, key: bytes
) -> int:
    """Download one photo, sealed with ``key`` at ``target``, if it matches ``sha256``; 1 if
    it arrived."""
    partial = partial_path(target, sha256)
    try:
        with exclusive(target.with_name(f".{sha256}.lock"), wait=False):
            if not _receive(transport, record_id, sha256, partial, key):
                return 0
            clear = received(partial, key)
            if hashlib.sha256(clear).hexdigest() != sha256:
                partial.unlink(missing_ok=True)
                log.warning(
                    "the photo %s from the server does not match its SHA-256: not kept", sha256
                )
                return 0
            write_sealed(target, key, clear)
            partial.unlink()
            return 1
    except Busy:
        return 0  # another sync on this laptop is fetching it


def _receive(
    transport: Transport, record_id: uuid.UUID, sha256: str, partial: Path, key: bytes
) -> bool:
    """Bring ``partial`` up to the whole photo (from where it stopped); False if not now."""
    offset = len(received(partial, key))
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
            total = offset if resumed else 0
            with open_partial(partial, resume=resumed) as out:
                try:
                    for chunk in reply.iter_bytes(PHOTO_PIECE):
                        add_piece(out, key, chunk)
                        total += len(chunk)
                        if total > MAX_PHOTO_BYTES:
                            break
                finally:  # what came before a cut is kept, sealed, to go on from
                    out.flush()
                    os.fsync(out.fileno())
                whole = total <= MAX_PHOTO_BYTES
    except httpx.TransportError as error:
        raise SyncError(
            f"The download of photo {sha256[:12]} was cut off ({error}); it goes "
            "on from there at the next sync."
        ) from error
    if not whole:
        partial.unlink()
        log.warning("photo %s from the server is larger than a photo can be: not kept", sha256)
    return whole
