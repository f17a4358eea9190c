"""Wire bodies of ``/audit-events``: a laptop's audit rows on their way to the server.

Rows go one way only (laptop to server) and are never pulled to other laptops. Each is sent
exactly as its laptop hashed it (``services.audit_chain.ChainRow``), so the server checks the
links itself: ``GET /audit-events/position`` says where the server's copy of this laptop's
chain ends, and the laptop sends the rows after it; a batch that breaks the chain is refused
with the first broken link, and the server keeps a report of it for administrators.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from hfhate.sync.schemas import WireModel

MAX_AUDIT_BATCH = 1000
# Record ids in one row (a sync's disclosure is split into rows of 5,000) and in one batch,
# so a batch stays well under the body cap (``schemas.MAX_BODY_BYTES``).
MAX_ROW_IDS = 10_000
MAX_BATCH_IDS = 50_000
HASH = r"^[0-9a-f]{64}$"


class AuditPosition(WireModel):
    """Where the server's copy of the caller's device chain ends (0 and the genesis hash)."""

    last_seq: int = Field(ge=0)
    last_hash: str = Field(pattern=HASH)


class AuditRow(WireModel):
    """One audit row as hashed on its laptop; no personal data (``services.audit``)."""

    seq: int = Field(ge=1)
    id: str = Field(max_length=36)
    at: str = Field(max_length=40)
    user_id: str | None = Field(default=None, max_length=36)
    username: str | None = Field(default=None, max_length=64)
    device_id: str = Field(max_length=36)
    action: str = Field(max_length=64)
    record_type: str | None = Field(default=None, max_length=64)
    record_id: str | None = Field(default=None, max_length=36)
    details: dict[str, Any]
    operation: str | None = Field(default=None, max_length=16)
    recipients: list[str] | None = Field(default=None, max_length=50)
    justification: str | None = Field(default=None, max_length=500)
    record_ids: list[str] | None = Field(default=None, max_length=MAX_ROW_IDS)
    prev_hash: str = Field(pattern=HASH)
    hash: str = Field(pattern=HASH)


class AuditPush(WireModel):
    """Rows after the server's position, in chain order."""

    rows: list[AuditRow] = Field(max_length=MAX_AUDIT_BATCH)


class AuditRefusal(WireModel):
    """The first broken link of a refused batch."""

    seq: int
    problem: str
    message: str


class AuditPushResult(WireModel):
    """Rows stored, rows the server already had, and its position after the batch."""

    stored: int
    duplicates: int
    position: AuditPosition
    refused: AuditRefusal | None = None
