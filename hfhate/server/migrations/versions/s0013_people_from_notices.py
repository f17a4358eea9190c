"""Every notice's victims and witnesses, and whoever made each session disclosure, as person
records in the server's copies: people, person_links and consents records (each with its
change-log entry, so laptops pull them) derived from the notices and disclosures held

The same derivation as the laptops' migration 0020 (``hfhate/services/victims/derive.py``):
the same ids and values, so a laptop and the server agree on every record, whichever derives
first; a record the server already holds is left as it is. Each belongs to the notice's
officer, or the officer who recorded the disclosure.

Revision ID: s0013
Revises: s0012
Create Date: 2026-12-04 17:00:00.000000
"""

import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from hfhate.services.victims import derive

revision: str = "s0013"
down_revision: str | None = "s0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_records = sa.table(
    "records",
    sa.column("record_type", sa.String()),
    sa.column("record_id", sa.Uuid()),
    sa.column("owner_id", sa.Uuid()),
    sa.column("version", sa.Integer()),
    sa.column("fields", sa.JSON()),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
_change_log = sa.table(
    "change_log",
    sa.column("seq", sa.BigInteger()),
    sa.column("record_type", sa.String()),
    sa.column("record_id", sa.Uuid()),
    sa.column("owner_id", sa.Uuid()),
    sa.column("version", sa.Integer()),
    sa.column("fields", sa.JSON()),
    sa.column("changed", sa.JSON()),
    sa.column("superseded", sa.Boolean()),
    sa.column("as_sent", sa.Boolean()),
    sa.column("at", sa.DateTime(timezone=True)),
)
_counters = sa.table(
    "counters", sa.column("name", sa.String()), sa.column("value", sa.BigInteger())
)


def _held(bind: sa.Connection, record_type: str) -> dict[uuid.UUID, dict[str, Any]]:
    rows = bind.execute(
        sa.select(_records.c.record_id, _records.c.fields).where(
            _records.c.record_type == record_type
        )
    )
    return {row.record_id: row.fields for row in rows}


def _derived(bind: sa.Connection) -> list[derive.Derived]:
    records: list[derive.Derived] = []
    for fields in _held(bind, derive.NOTICES).values():
        if fields.get("people"):
            records += derive.from_notice(fields)
    sessions = _held(bind, "engagement_sessions")
    for fields in _held(bind, derive.FOLLOW_UPS).values():
        parent = sessions.get(derive.as_uuid(fields["session_id"])) or {}
        records += derive.from_disclosure(fields, parent.get("title"), parent.get("session_date"))
    return records


def _seqs(bind: sa.Connection, count: int) -> list[int]:
    """``count`` change sequence numbers, as ``server.records.reserve_seqs`` takes them."""
    value = bind.execute(
        sa.select(_counters.c.value).where(_counters.c.name == "change_log")
    ).scalar_one_or_none()
    top = max(int(value or 0) + count, time.time_ns() // 1000)
    if value is None:  # a database never seeded (it holds no change either)
        bind.execute(_counters.insert().values(name="change_log", value=top))
    else:
        bind.execute(_counters.update().where(_counters.c.name == "change_log").values(value=top))
    return list(range(top - count + 1, top + 1))


def upgrade() -> None:
    bind = op.get_bind()
    held = {
        (record_type, record_id)
        for record_type, record_id in bind.execute(
            sa.select(_records.c.record_type, _records.c.record_id).where(
                _records.c.record_type.in_((derive.PEOPLE, derive.LINKS, derive.CONSENTS))
            )
        )
    }
    new = [r for r in _derived(bind) if (r.record_type, r.id) not in held]
    if not new:
        return
    now = datetime.now(UTC)
    if bind.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    rows, log_rows = [], []
    for record, seq in zip(new, _seqs(bind, len(new)), strict=True):
        fields = derive.wire(record.values)
        owner = record.values["created_by_id"]
        rows.append(
            {
                "record_type": record.record_type,
                "record_id": record.id,
                "owner_id": owner,
                "version": 1,
                "fields": fields,
                "updated_at": now,
            }
        )
        log_rows.append(
            {
                "seq": seq,
                "record_type": record.record_type,
                "record_id": record.id,
                "owner_id": owner,
                "version": 1,
                "fields": fields,
                "changed": sorted(fields),
                "superseded": False,
                "as_sent": False,
                "at": now,
            }
        )
    bind.execute(_records.insert(), rows)
    bind.execute(_change_log.insert(), log_rows)


def downgrade() -> None:
    """The person records stay, as records of the types the laptops' migration 0019 made."""
