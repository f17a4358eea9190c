"""Wire bodies of ``/audit-events``: a laptop's audit rows on their way to the server.

Rows go one way only (laptop to server) and are never pulled to other laptops. Each is sent
exactly as its laptop hashed it (``services.audit_chain.ChainRow``), so the server checks the
links itself: ``GET /audit-events/position`` says where the server's copy of this laptop's
chain ends, and the laptop sends the rows after it; a batch that breaks the chain is refused
with the first broken link, and the server keeps a report of it for administrators.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, model_validator

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


UUID_TEXT = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# As ``datetime.isoformat()`` writes an aware UTC time (``audit_rows.iso_utc``).
UTC_TEXT = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$"
NAME_TEXT = r"^[a-z][a-z0-9_]{0,63}$"  # an action or a record type
PLAIN_TEXT = r"^[^\x00-\x1f\x7f]*$"
LARGEST_SEQ = 2**63 - 1  # a 64-bit integer column, on SQLite and PostgreSQL
OPERATION_TEXT = r"^(collection|alteration|consultation|disclosure|combination|erasure|other)$"


def _encodable(value: Any) -> None:
    """Refuse text that cannot be stored or hashed: lone surrogates, or nesting too deep."""
    json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")


class AuditRow(WireModel):
    """One audit row as hashed on its laptop; no personal data (``services.audit``).

    Every field is checked as strictly as the laptop writes it, whatever the laptop checked."""

    seq: int = Field(ge=1, le=LARGEST_SEQ)
    id: str = Field(pattern=UUID_TEXT)
    at: str = Field(pattern=UTC_TEXT)
    user_id: str | None = Field(default=None, pattern=UUID_TEXT)
    username: str | None = Field(default=None, max_length=64, pattern=PLAIN_TEXT)
    device_id: str = Field(pattern=UUID_TEXT)
    action: str = Field(pattern=NAME_TEXT)
    record_type: str | None = Field(default=None, pattern=NAME_TEXT)
    record_id: str | None = Field(default=None, pattern=UUID_TEXT)
    details: dict[str, Any] = Field(max_length=50)
    operation: str | None = Field(default=None, pattern=OPERATION_TEXT)
    recipients: list[Annotated[str, Field(max_length=200, pattern=PLAIN_TEXT)]] | None = Field(
        default=None, max_length=50
    )
    justification: str | None = Field(default=None, max_length=500)
    record_ids: list[Annotated[str, Field(pattern=UUID_TEXT)]] | None = Field(
        default=None, max_length=MAX_ROW_IDS
    )
    prev_hash: str = Field(pattern=HASH)
    hash: str = Field(pattern=HASH)

    @model_validator(mode="after")
    def _storable(self) -> AuditRow:
        try:
            _encodable([self.username, self.justification, self.details])
            datetime.fromisoformat(self.at)
        except (ValueError, TypeError, RecursionError) as error:
            raise ValueError(f"the row cannot be stored as sent ({type(error).__name__})") from None
        return self


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
