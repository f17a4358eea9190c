"""Uploading this laptop's evidence photos before the records that name them are pushed.

Each photo waiting to be sent (an ``evidence_photos`` create in the outbox, made by the user
who syncs) is uploaded from the evidence folder under its SHA-256: the client asks how much
the server has, then sends the rest in pieces of ``PHOTO_PIECE`` bytes at that offset, so an
upload cut off (network, sleep, killed process) resumes where it stopped. The server keeps a
photo only when its bytes hash to its name. A photo missing from this laptop's evidence folder
is left out (its record still syncs).
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import or_, select

from hfhate.models import OutboxEntry, OutboxStatus
from hfhate.models.store import Store
from hfhate.services.evidence import photo_path
from hfhate.sync.schemas import PhotoStatus
from hfhate.sync.transport import Transport

log = logging.getLogger(__name__)
PHOTO_PIECE = 1024 * 1024


def upload_waiting_photos(store: Store, user_id: uuid.UUID, transport: Transport) -> int:
    """Upload the photos of this user's waiting photo records; how many were sent (in part)."""
    with store.session_factory() as session:
        entries = session.scalars(select(OutboxEntry).where(
            OutboxEntry.status == OutboxStatus.PENDING,
            OutboxEntry.record_type == "evidence_photos", OutboxEntry.operation == "create",
            or_(OutboxEntry.made_by_id == user_id, OutboxEntry.made_by_id.is_(None)),
        ).order_by(OutboxEntry.seq)).all()
        wanted = {(str(e.fields["sha256"]), str(e.fields["media_type"])) for e in entries}
    sent = 0
    for sha256, media_type in sorted(wanted):
        path = photo_path(store.paths.evidence, sha256, media_type)
        if not path.exists():
            log.warning("evidence photo %s is not on this laptop; its record syncs without it",
                        sha256)
            continue
        sent += upload_photo(transport, sha256, path.read_bytes())
    return sent


def upload_photo(transport: Transport, sha256: str, content: bytes) -> int:
    """Send what the server lacks of one photo; 1 if anything was sent, else 0."""
    now = transport.call("GET", f"/photos/{sha256}", PhotoStatus)
    if now.complete:
        return 0
    offset = now.received
    while offset < len(content):
        piece = content[offset:offset + PHOTO_PIECE]
        now = transport.call("PUT", f"/photos/{sha256}", PhotoStatus, content=piece,
                             params={"offset": offset, "total": len(content)})
        offset = now.received
    return 1
