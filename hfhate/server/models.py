"""Tables of the central server, apart from the laptop store's tables.

Records that laptops sync are kept as JSON (``ServerRecordRow``) with their version and owner,
so the server stores whatever the allow-listed laptop tables hold without a column per field.
``change_log`` is the history every pull reads; its ``seq`` comes from the one ``counters``
row, updated inside the writing transaction, so sequence order is commit order.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Uuid,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from hfhate.models.base import NAMING_CONVENTION, UTCDateTime


def utc_now() -> datetime:
    return datetime.now(UTC)


class ServerBase(DeclarativeBase):
    """Base of the server's tables (a metadata of its own, apart from the laptop store)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        uuid.UUID: Uuid(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class ServerUser(ServerBase):
    """An account that signs in to the server; the same id as the user on the laptops."""

    __tablename__ = "server_users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON)
    authorisation_number: Mapped[str | None] = mapped_column(String(32), default=None)
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    deactivated_at: Mapped[datetime | None] = mapped_column(default=None)
    # After an administrator's reset the account must choose a new password at its next sign-in
    # (on any laptop); when its password last changed, published so laptops drop an older
    # verifier (server migration s0012).
    must_change_password: Mapped[bool] = mapped_column(default=False)
    password_changed_at: Mapped[datetime | None] = mapped_column(default=None)


class EnrolledDevice(ServerBase):
    """A laptop that enrolled, with the code used in its notice numbers and its token hash."""

    __tablename__ = "devices"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime] = mapped_column(default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # The install id (hfhate/sync/install.py) sent at enrolment or first seen with the token:
    # the legitimate laptop. The token presented with another one is a copy of its data folder
    # (server migration s0004): the device is then marked cloned and that copy refused.
    install_id: Mapped[str | None] = mapped_column(String(100), default=None)
    cloned_at: Mapped[datetime | None] = mapped_column(default=None)
    cloned_install_id: Mapped[str | None] = mapped_column(String(100), default=None)
    # Revoked with an order to erase (server migration s0007): the laptop may still sign in
    # and push what it has not sent, is sent nothing, and every answer to it says "erase".
    erase_ordered_at: Mapped[datetime | None] = mapped_column(default=None)
    # What the server last saw of it (server migration s0011; None until it has): any request,
    # its last pull, who signed in last, and what it said of itself (``sync/laptop_headers``).
    last_seen_at: Mapped[datetime | None] = mapped_column(default=None)
    last_synced_at: Mapped[datetime | None] = mapped_column(default=None)
    last_user_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    app_version: Mapped[str | None] = mapped_column(String(40), default=None)
    store_schema: Mapped[str | None] = mapped_column(String(40), default=None)
    unsent_count: Mapped[int | None] = mapped_column(default=None)


class EnrolmentCode(ServerBase):
    """A one-time enrolment code, kept only as its SHA-256."""

    __tablename__ = "enrolment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    used_by_device_id: Mapped[uuid.UUID | None] = mapped_column(default=None)


class SessionToken(ServerBase):
    """A signed-in user on one device; dies when idle too long, at its end, or on deactivation."""

    __tablename__ = "session_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("server_users.id"))
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("devices.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_used_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime]


class ServerRecordRow(ServerBase):
    """The current state of one synced record."""

    __tablename__ = "records"

    record_type: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    version: Mapped[int]
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


class AppliedChange(ServerBase):
    """A change id the server has answered, so a change sent again is never applied twice."""

    __tablename__ = "applied_changes"

    change_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[uuid.UUID]
    result: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utc_now)


class ChangeLogEntry(ServerBase):
    """One change as the server took it: what pulls serve, and losing edits kept on record."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_record", "record_type", "record_id", "version"),)

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    record_type: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[uuid.UUID]
    owner_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    version: Mapped[int]
    # The whole record after the change (for pulls) and the names of the fields it changed.
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed: Mapped[list[str]] = mapped_column(JSON)
    # A stale edit that lost to a central decision or to another edit: kept, never served.
    superseded: Mapped[bool] = mapped_column(default=False)
    # The record after the change is exactly what the laptop that sent it holds (a create, or
    # an update on the current version): not served back to that laptop.
    as_sent: Mapped[bool] = mapped_column(default=False, server_default=false())
    change_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    by_device_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    by_user_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    at: Mapped[datetime] = mapped_column(default=utc_now)


class Counter(ServerBase):
    """A named counter; ``change_log`` is the sequence of every change the server took."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class ServerSetting(ServerBase):
    """The server's own settings; ``epoch`` changes when a database is restored from backup."""

    __tablename__ = "server_settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class NoticeNumber(ServerBase):
    """A notice number the server has taken, and the notice holding it: the database keeps
    numbers unique (migration s0003), whatever reaches it by whichever server process."""

    __tablename__ = "notice_numbers"

    number: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[uuid.UUID]
    at: Mapped[datetime] = mapped_column(default=utc_now)


class NoticeNumberClash(ServerBase):
    """A notice found by migration s0003 holding a number an earlier notice already held
    (before the server kept numbers unique): kept as it was, listed for an administrator."""

    __tablename__ = "notice_number_clashes"

    number: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kept_record_id: Mapped[uuid.UUID]
    found_at: Mapped[datetime] = mapped_column(default=utc_now)


class SignInFailure(ServerBase):
    """A sign-in (or enrolment) refused, by the throttle's key: ``user:<username>`` or
    ``address:<client address>`` (``throttle.py``). Kept an hour at most."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utc_now)


class AuditChainRow(ServerBase):
    """One row of a laptop's audit trail, kept as its laptop hashed it (text as hashed, JSON
    as canonical text): one chain per device, appended to only after checking its links
    (``audit_chains.py``, server migration s0008)."""

    __tablename__ = "audit_chain_rows"

    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36))
    at: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[str | None] = mapped_column(String(36), default=None)
    username: Mapped[str | None] = mapped_column(String(64), default=None)
    row_device_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(64))
    record_type: Mapped[str | None] = mapped_column(String(64), default=None)
    record_id: Mapped[str | None] = mapped_column(String(36), default=None)
    details: Mapped[str] = mapped_column(Text)
    operation: Mapped[str | None] = mapped_column(String(16), default=None)
    recipients: Mapped[str | None] = mapped_column(Text, default=None)
    justification: Mapped[str | None] = mapped_column(String(500), default=None)
    record_ids: Mapped[str | None] = mapped_column(Text, default=None)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utc_now)


class AuditChainBreak(ServerBase):
    """A batch of audit rows refused because it broke its device's chain: for administrators
    (``hfhate-server audit breaks``); the same break seen again is counted, not repeated."""

    __tablename__ = "audit_chain_breaks"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    device_id: Mapped[uuid.UUID]
    seq: Mapped[int] = mapped_column(BigInteger)
    problem: Mapped[str] = mapped_column(String(16))
    row_at: Mapped[str] = mapped_column(String(40))
    found_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(default=utc_now)
    times: Mapped[int] = mapped_column(default=1)
