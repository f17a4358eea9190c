"""Notice numbers unique on the server: notice_numbers (number primary key, the notice
holding it) filled from the notices already held, and notice_number_clashes

Existing data is checked first. A number held by more than one notice (pushed before the
server kept numbers unique) is kept for the notice the server took first (its earliest
change-log entry); every later holder is left as it is (never dropped or renumbered) and
listed in ``notice_number_clashes`` with the notice that kept the number, and named in a
warning in the migration's log, so an administrator sees them and reissues one of each pair.

Revision ID: s0003
Revises: s0002
Create Date: 2026-12-02 19:10:00.000000
"""

import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "s0003"
down_revision: str | None = "s0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

_records = sa.table(
    "records",
    sa.column("record_type", sa.String()),
    sa.column("record_id", sa.Uuid()),
    sa.column("fields", sa.JSON()),
)
_change_log = sa.table(
    "change_log",
    sa.column("seq", sa.BigInteger()),
    sa.column("record_type", sa.String()),
    sa.column("record_id", sa.Uuid()),
)


def upgrade() -> None:
    numbers = op.create_table(
        "notice_numbers",
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_notice_numbers")),
    )
    clashes = op.create_table(
        "notice_number_clashes",
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("kept_record_id", sa.Uuid(), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("number", "record_id", name=op.f("pk_notice_number_clashes")),
    )
    kept, clashing = _existing_numbers(op.get_bind())
    now = datetime.now(UTC)
    if kept:
        op.bulk_insert(numbers, [{"number": n, "record_id": r, "at": now} for n, r in kept.items()])
    if clashing:
        op.bulk_insert(
            clashes,
            [
                {"number": n, "record_id": r, "kept_record_id": kept[n], "found_at": now}
                for n, r in clashing
            ],
        )
        for number, record_id in clashing:
            log.warning(
                "notice number %s is held by notice %s and also by notice %s: the first keeps "
                "it, the other is listed in notice_number_clashes to be reissued",
                number,
                kept[number],
                record_id,
            )


def _existing_numbers(
    connection: sa.Connection,
) -> tuple[dict[str, uuid.UUID], list[tuple[str, uuid.UUID]]]:
    """Each number's first holder (by the server's first change-log entry of the notice),
    and the later holders of a number already held."""
    first_seq = dict(
        connection.execute(
            sa.select(_change_log.c.record_id, sa.func.min(_change_log.c.seq))
            .where(_change_log.c.record_type == "notices")
            .group_by(_change_log.c.record_id)
        ).all()
    )
    held = [
        (str(fields["number"]), record_id)
        for record_id, fields in connection.execute(
            sa.select(_records.c.record_id, _records.c.fields).where(
                _records.c.record_type == "notices"
            )
        )
        if isinstance(fields, dict) and fields.get("number")
    ]
    held.sort(key=lambda pair: (first_seq.get(pair[1], 2**62), str(pair[1])))
    kept: dict[str, uuid.UUID] = {}
    clashing: list[tuple[str, uuid.UUID]] = []
    for number, record_id in held:
        if number in kept:
            clashing.append((number, record_id))
        else:
            kept[number] = record_id
    return kept, clashing


def downgrade() -> None:
    op.drop_table("notice_number_clashes")
    op.drop_table("notice_numbers")
