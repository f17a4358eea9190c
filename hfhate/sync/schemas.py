"""Wire schemas of the sync protocol, shared by the laptop client and the server.

Every body that crosses the network is one of these pydantic models, so both ends refuse the
same malformed input. Record types and their fields are an allow-list taken from the registry
of record types (``hfhate.records.registry``): a type that does not sync, or a field the
laptop does not send (password hashes), is refused. The values of a record's fields are
checked by its type's wire schema (``hfhate.records.wire``) one change at a time on the
server, so one bad change never refuses its whole batch. Sizes are capped so one request
cannot exhaust the server.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hfhate.records.registry import record_type

API_PREFIX = "/api/v1"
MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_BATCH = 500
MAX_PAGE = 1000
MAX_PHOTO_BYTES = 50 * 1024 * 1024  # one evidence photo, uploaded or downloaded
# The local store schema this protocol speaks; the server refuses a laptop on another one.
# It names the last local migration that changed synced tables (0019: incidents, people,
# consents, referrals, feedback; 0012: subject access requests;
# 0011: erased_at; 0010: the s.62 columns of the audit rows pushed to ``/audit-events``; 0009:
# notices.prosecute_by, reminder_pay_by; 0005 to 0008 and 0013 changed local-only ones or
# indexes).
STORE_SCHEMA = "0019"
# What release a laptop runs, on every request of this release's laptops (an older laptop
# sends neither: it is of the previous release, ``compat.PREVIOUS_STORE_SCHEMA``). The server
# answers a laptop of its own store schema or of the previous one in that one's wire format
# (``hfhate/sync/compat.py``), and refuses others saying which side to upgrade.
STORE_SCHEMA_HEADER = "X-Hfhate-Store-Schema"
APP_VERSION_HEADER = "X-Hfhate-App-Version"
# On the answer to ``GET /health``: the store schemas the server accepts, comma-separated
# (its own store schema in ``STORE_SCHEMA_HEADER``). The Health body cannot say it: a laptop
# of the previous release refuses a field it does not know.
ACCEPTS_HEADER = "X-Hfhate-Accepts-Store-Schemas"
# The epoch a laptop's cursor and sent changes belong to, on every request after sign-in: a
# server that proves it lost some of them starts a new epoch (``hfhate/server/restore.py``).
EPOCH_HEADER = "X-Hfhate-Epoch"
# On every answer to a laptop revoked with an order to erase (its value: when it was ordered,
# ISO 8601). The laptop finishes sending, then destroys its key and data (``sync/erase.py``).
ERASE_HEADER = "X-Hfhate-Erase"
# How many changes wait unsent on the laptop (every user's), on its pull: for the
# administrator's list of laptops (``sync/laptop_headers.py``), with the two release headers
# above; optional: a laptop of an older release sends none of them.
UNSENT_HEADER = "X-Hfhate-Unsent"

# "erase": a supervisor erased the record's personal data under the retention schedule.
Operation = Literal["create", "update", "erase"]
ResultKind = Literal["applied", "duplicate", "conflict", "rejected"]


class WireModel(BaseModel):
    """Base of every wire body: unknown keys are refused, values are not coerced loosely."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Health(WireModel):
    """``GET /health``: who the server is and which schemas it speaks."""

    app: Literal["hfhate-server"] = "hfhate-server"
    version: str
    server_schema: str
    store_schema: str
    epoch: str


class EnrolRequest(WireModel):
    """A laptop asking to join, with the one-time code an administrator gave out."""

    code: str = Field(min_length=6, max_length=64)
    device_id: uuid.UUID
    device_name: str = Field(min_length=1, max_length=200)
    # The code this laptop already used in notice numbers as a stand-alone install, if any.
    device_code: int | None = Field(default=None, ge=1, le=999)
    store_schema: str = Field(max_length=20)


class EnrolResponse(WireModel):
    """The laptop's identity on the server and the token that proves it."""

    device_id: uuid.UUID
    device_code: int
    device_token: str
    epoch: str


class SignInRequest(WireModel):
    """A user's username and password, checked by the server."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=128)


class SignInResponse(WireModel):
    """A short-lived session token for one user on one device."""

    session_token: str
    user_id: uuid.UUID
    roles: list[str]
    expires_at: datetime


class Change(WireModel):
    """One outbox entry: a create or an update of one record, made on one device."""

    change_id: uuid.UUID
    record_type: str
    record_id: uuid.UUID
    operation: Operation
    base_version: int | None = Field(default=None, ge=1)
    version: int = Field(ge=1)
    fields: dict[str, Any]
    made_at: datetime
    made_by: uuid.UUID
    device_id: uuid.UUID

    @field_validator("record_type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if record_type(value) is None:
            raise ValueError(f"unknown record type {value!r}")
        return value

    @model_validator(mode="after")
    def _fields_allowed(self) -> Change:
        kind = record_type(self.record_type)
        assert kind is not None
        extra = set(self.fields) - kind.wire_fields
        if extra:
            raise ValueError(f"fields not allowed on {self.record_type}: {sorted(extra)}")
        if self.operation == "create" and (self.base_version is not None or self.version != 1):
            raise ValueError("a create has no base version and is version 1")
        if self.operation != "create" and self.base_version is None:
            raise ValueError("an update or erasure carries the version it was based on")
        return self


class PushRequest(WireModel):
    """A batch of changes, in the order they were made."""

    changes: list[Change] = Field(max_length=MAX_BATCH)


class ServerRecord(WireModel):
    """A record as the server holds it now."""

    record_type: str
    record_id: uuid.UUID
    version: int
    fields: dict[str, Any]


class ChangeResult(WireModel):
    """What the server did with one change."""

    change_id: uuid.UUID
    result: ResultKind
    reason: str | None = None
    server_record: ServerRecord | None = None


class PushResponse(WireModel):
    """One result per change, in the order sent."""

    results: list[ChangeResult]


class PulledChange(WireModel):
    """A record as it stands after one change on the server, with its place in the log."""

    seq: int
    record_type: str
    record_id: uuid.UUID
    version: int
    fields: dict[str, Any]


class PullPage(WireModel):
    """Changes after a cursor; ask again from ``next_cursor`` while ``has_more``."""

    changes: list[PulledChange]
    next_cursor: int
    has_more: bool
    epoch: str


class RecordRef(WireModel):
    """One record, by type and id."""

    record_type: str
    record_id: uuid.UUID


class RecordsRequest(WireModel):
    """``POST /records``: records to fetch as the server holds them now (held back before)."""

    records: list[RecordRef] = Field(max_length=MAX_PAGE)


class RecordsResponse(WireModel):
    """The asked-for records this user may see; one the server lacks is simply left out."""

    records: list[ServerRecord]


class KnownRequest(WireModel):
    """``POST /known-changes``: which of these change ids has the server answered?

    With the ``X-Hfhate-Epoch`` header, the ids are ones the server acknowledged in that epoch
    and ``cursor`` is the laptop's pull cursor in it: a server that lacks one of the ids, or
    never reached the cursor, was restored and starts a new epoch.
    """

    change_ids: list[uuid.UUID] = Field(max_length=MAX_PAGE)
    cursor: int | None = Field(default=None, ge=0)


class KnownResponse(WireModel):
    """The asked-for change ids the server has a record of (after a restore, maybe fewer),
    and the server's epoch after the question (a new one if it found itself restored)."""

    known: list[uuid.UUID]
    epoch: str


class PhotoStatus(WireModel):
    """``GET``/``PUT /photos/{sha256}``: how much of a photo the server has, and if all."""

    sha256: str
    received: int
    complete: bool


class MissingPhoto(WireModel):
    """A photo record whose photo the server does not have whole yet (``received`` bytes)."""

    record_id: uuid.UUID
    notice_id: uuid.UUID
    sha256: str
    media_type: str
    size_bytes: int
    received: int


class MissingPhotos(WireModel):
    """``GET /incomplete-photos``: photo records still waiting for their photo."""

    photos: list[MissingPhoto]
    truncated: bool  # more than MAX_PAGE: the rest come once these have arrived
