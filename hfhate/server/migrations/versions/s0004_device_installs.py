"""Each device's install id, and devices found cloned: devices.install_id, cloned_at,
cloned_install_id

Revision ID: s0004
Revises: s0003
Create Date: 2026-12-02 19:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0004"
down_revision: str | None = "s0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("install_id", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("cloned_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("cloned_install_id", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("cloned_install_id")
        batch_op.drop_column("cloned_at")
        batch_op.drop_column("install_id")
