"""This install's id and notices numbered by a clone: sync_state.cloned_at, copy_refused_at

The install id itself is kept outside the store (``hfhate/sync/install.py``), so that a copy
of the data folder does not carry it. The store notes when the server refused it as a copy,
so an administrator may enrol it again as a new device, or, on the original laptop, when the
server refused a copy of it. ``STORE_SCHEMA`` stays: no synced table changed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 19:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cloned_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("copy_refused_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("copy_refused_at")
        batch_op.drop_column("cloned_at")
