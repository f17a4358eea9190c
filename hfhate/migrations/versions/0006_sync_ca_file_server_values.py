"""A custom CA file for the sync server; a conflict's server values in their own column

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 23:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ca_file", sa.String(length=1000), nullable=True))
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("server_values", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.drop_column("server_values")
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("ca_file")
