"""Each notice's last day to start proceedings in the server's copies: prosecute_by added to
the fields of the notices held, and of their change-log entries that carry the whole notice

The same six months after the London date of the offence as the laptops' migration 0009
(Magistrates' Courts Act 1980 s.127), so a laptop and the server agree on every notice issued
before the setting existed, and a laptop that pulls an old notice receives its deadline.

Revision ID: s0005
Revises: s0004
Create Date: 2026-12-03 08:00:00.000000
"""

import calendar
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "s0005"
down_revision: str | None = "s0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONTHS = 6
NOTICES = "notices"


def deadline(offence_at: str) -> str:
    """Six calendar months after the London date of the offence, as ISO text."""
    moment = datetime.fromisoformat(offence_at)
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    day = aware.astimezone(ZoneInfo("Europe/London")).date()
    index = day.month - 1 + MONTHS
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1])).isoformat()


def _filled(fields: dict[str, Any]) -> dict[str, Any] | None:
    """``fields`` with the deadline added, or None when they need none."""
    if not fields.get("number") or not fields.get("offence_at") or "prosecute_by" in fields:
        return None
    return dict(fields) | {"prosecute_by": deadline(str(fields["offence_at"]))}


def upgrade() -> None:
    bind = op.get_bind()
    records = sa.table(
        "records",
        sa.column("record_type", sa.String()),
        sa.column("record_id", sa.Uuid()),
        sa.column("fields", sa.JSON()),
    )
    change_log = sa.table(
        "change_log",
        sa.column("seq", sa.BigInteger()),
        sa.column("record_type", sa.String()),
        sa.column("fields", sa.JSON()),
    )
    for record_id, fields in bind.execute(
        sa.select(records.c.record_id, records.c.fields).where(records.c.record_type == NOTICES)
    ).all():
        if (filled := _filled(fields)) is not None:
            bind.execute(
                records.update()
                .where(records.c.record_type == NOTICES, records.c.record_id == record_id)
                .values(fields=filled)
            )
    for seq, fields in bind.execute(
        sa.select(change_log.c.seq, change_log.c.fields).where(change_log.c.record_type == NOTICES)
    ).all():
        if (filled := _filled(fields)) is not None:
            bind.execute(change_log.update().where(change_log.c.seq == seq).values(fields=filled))


def downgrade() -> None:
    """The deadlines stay in the fields: an older server ignores a field it does not know."""
