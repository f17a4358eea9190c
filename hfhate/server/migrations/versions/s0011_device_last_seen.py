"""What the server last saw of each laptop: when, who, its last sync, its unsent changes, its
app version and store schema (devices.last_seen_at ... store_schema)

Revision ID: s0011
Revises: s0008
Create Date: 2026-12-03 18:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0011"
down_revision: str | None = "s0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_synced_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_user_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("app_version", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("store_schema", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("unsent_count", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        for name in (
            "unsent_count",
            "store_schema",
            "app_version",
            "last_user_id",
            "last_synced_at",
            "last_seen_at",
        ):
            batch_op.drop_column(name)
