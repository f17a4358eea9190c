"""Each notice's last day to start proceedings and its reminder's last date to pay:
notices.prosecute_by (filled for issued notices: six months after the London date of the
offence, Magistrates' Courts Act 1980 s.127), notices.reminder_pay_by

The fill repeats ``moves.prosecution_deadline`` with the shipped six months rather than
importing it, so this script keeps meaning what it meant when the code moves on; the server
fills its copies the same way (``s0005``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 08:00:00.000000
"""

import calendar
from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONTHS = 6


def deadline(offence_at: datetime) -> date:
    """Six calendar months after the London date of the offence (the month's last day if
    shorter)."""
    aware = offence_at if offence_at.tzinfo else offence_at.replace(tzinfo=UTC)
    day = aware.astimezone(ZoneInfo("Europe/London")).date()
    index = day.month - 1 + MONTHS
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def upgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prosecute_by", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("reminder_pay_by", sa.Date(), nullable=True))
    notices = sa.table(
        "notices",
        sa.column("id", sa.Uuid()),
        sa.column("number", sa.String()),
        sa.column("offence_at", sa.DateTime()),
        sa.column("prosecute_by", sa.Date()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(notices.c.id, notices.c.offence_at).where(notices.c.number.is_not(None))
    ).all()
    for notice_id, offence_at in rows:
        bind.execute(
            notices.update()
            .where(notices.c.id == notice_id)
            .values(prosecute_by=deadline(offence_at))
        )


def downgrade() -> None:
    # SQLite drops a column in place: copying the table would break the timeline's keys to it.
    with op.batch_alter_table("notices", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("reminder_pay_by")
        batch_op.drop_column("prosecute_by")
