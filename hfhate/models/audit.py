"""The append-only audit trail: who did what, when, on which device, to which record.

Rows are chained: each event stores the SHA-256 of the previous event's hash and its own
content, so an edited or removed row breaks the chain. Triggers in the migration refuse
UPDATE and DELETE on this table.

Since local migration 0010 each row also says what kind of processing it was (s.62 DPA 2018:
collection, alteration, consultation, disclosure, combination, erasure, or other), to whom
data was disclosed, the justification given when a setting asks for one, and the ids of every
record it concerns (a print run, a sync, a subject access search). None of it is personal data.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hfhate.models.base import Base, new_id, utc_now

# The execution option of a transaction that only reads and logs a consultation: it commits
# without waiting for the disk (``security/cipher_store.py``), and may write nothing else.
CONSULTATION_ONLY = "hfhate_consultation_only"


class ConsultationOnly(Exception):
    """A write other than its audit row, in a transaction that only logs a consultation."""


class AuditEvent(Base):
    """One thing that happened. ``details`` never holds passwords or personal data."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_record", "record_type", "record_id"),
        Index("ix_audit_events_at", "at"),
        Index("ix_audit_events_user", "user_id"),
    )

    # Local order of the chain; the UUID is the event's identity everywhere else.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=new_id)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    # The name typed at sign-in, kept only for sign-in events (the user may not exist).
    username: Mapped[str | None] = mapped_column(String(64), default=None)
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("device.id"))
    action: Mapped[str] = mapped_column(String(64))
    record_type: Mapped[str | None] = mapped_column(String(64), default=None)
    record_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    operation: Mapped[str | None] = mapped_column(String(16), default=None)
    recipients: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    justification: Mapped[str | None] = mapped_column(String(500), default=None)
    record_ids: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
