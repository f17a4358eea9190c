"""Sync state, outbox authors, remote devices

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 21:27:32.060746
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_url", sa.String(length=500), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("device_token", sa.String(length=200), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=100), nullable=False),
        sa.Column("last_sync_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.add_column(sa.Column("remote", sa.Boolean(), server_default="0", nullable=False))

    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("made_by_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.drop_column("made_by_id")

    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_column("remote")

    op.drop_table("sync_state")
