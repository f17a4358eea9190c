"""The complete s.62 processing log: audit_events.operation, recipients, justification,
record_ids, and an index by user for the Audit trail's filter

Rows already written keep no operation and are hashed as before (``audit_chain``), so the
chain stays verifiable. ``ALTER TABLE ADD COLUMN`` leaves the append-only triggers in place.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 13:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("operation", sa.String(16), nullable=True))
    op.add_column("audit_events", sa.Column("recipients", sa.JSON(), nullable=True))
    op.add_column("audit_events", sa.Column("justification", sa.String(500), nullable=True))
    op.add_column("audit_events", sa.Column("record_ids", sa.JSON(), nullable=True))
    op.create_index("ix_audit_events_user", "audit_events", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_user", "audit_events")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        for name in ("record_ids", "justification", "recipients", "operation"):
            batch_op.drop_column(name)
    # The table was copied without its triggers: the trail is append-only again.
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS audit_events_no_{verb.lower()} BEFORE {verb} "
            "ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )
