"""The sync outbox (every local change waiting to reach the server), the sync state, and the
records whose pulled changes were held back (fetched again once nothing waits for them)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hfhate.models.base import Base, new_id, utc_now


class OutboxStatus(enum.StrEnum):
    """Where an outbox entry is on its way to the server."""

    PENDING = "pending"
    SENT = "sent"
    NEEDS_ATTENTION = "needs_attention"
    # Someone chose to keep the server's version: never sent, no longer holding the record back.
    RESOLVED = "resolved"


class OutboxEntry(Base):
    """One change to one record, written in the same transaction as the change itself."""

    __tablename__ = "sync_outbox"
    __table_args__ = (
        Index("ix_sync_outbox_status_seq", "status", "seq"),
        Index("ix_sync_outbox_record_id", "record_id"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=new_id)
    record_type: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[uuid.UUID]
    operation: Mapped[str] = mapped_column(String(16))  # create, update, delete
    base_version: Mapped[int | None] = mapped_column(default=None)
    version: Mapped[int]
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    status: Mapped[OutboxStatus] = mapped_column(
        Enum(
            OutboxStatus,
            native_enum=False,
            length=20,
            values_callable=lambda members: [m.value for m in members],
        ),
        default=OutboxStatus.PENDING,
    )
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    attention_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    # Who made the change: the server accepts each change only from the user who made it.
    made_by_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # For a conflict: the server's values of the fields this change touched (shown beside ours).
    server_values: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class SyncState(Base):
    """The one row of this laptop's link to the server: where, as whom, and how far pulled."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    server_url: Mapped[str] = mapped_column(String(500))
    device_id: Mapped[uuid.UUID]
    device_token: Mapped[str] = mapped_column(String(200))
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    epoch: Mapped[str] = mapped_column(String(100), default="")
    last_sync_at: Mapped[datetime | None] = mapped_column(default=None)
    enrolled_at: Mapped[datetime] = mapped_column(default=utc_now)
    # A PEM file of the certificate authority that signed the server's certificate, when it
    # is not one the system trusts (a council's own CA); None: the system's.
    ca_file: Mapped[str | None] = mapped_column(String(1000), default=None)
    # When the server refused this store as a copy of another laptop's data folder (another
    # install id with the same device token, ``hfhate/sync/install.py``); it may then enrol
    # again as a new device (local migration 0008).
    cloned_at: Mapped[datetime | None] = mapped_column(default=None)
    # When the server refused a copy of this laptop's data folder (this one is the original).
    copy_refused_at: Mapped[datetime | None] = mapped_column(default=None)


class PullCursor(Base):
    """How far one user's pulls on this laptop have gone (local migration 0017).

    The server sends each user what their roles let them see, so on a laptop shared by an
    officer and a supervisor one cursor for both would let the officer's pull pass records
    only the supervisor may see, and the supervisor would never receive them. Each user pulls
    from their own cursor; what is already here is skipped. ``SyncState.cursor`` stays the
    furthest any user reached (what a restored server is recognised by).
    """

    __tablename__ = "sync_pull_cursors"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    cursor: Mapped[int] = mapped_column(Integer, default=0)


class HeldBack(Base):
    """A record whose pulled change was not applied because it had changes waiting here.

    Once nothing waits for it any more (sent, or resolved in favour of the server), the next
    sync fetches the record as the server holds it and this row goes.

    A pulled change that could not be written here at all (another record here has its notice
    number, it refers to a record the laptop lacks, a value this version cannot read) is
    "set aside": ``reason`` says why in plain words (no personal data) and it needs
    attention; it is fetched again after the next sync's push, like a held-back one
    (local migration 0007).
    """

    __tablename__ = "sync_held_back"

    record_type: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    held_at: Mapped[datetime] = mapped_column(default=utc_now)
    reason: Mapped[str | None] = mapped_column(String(500), default=None)
