"""A pull cursor per user on a shared laptop, so no user's pull passes records that only
another user may see (sync_pull_cursors). Every user starts from the beginning once: what is
already here is skipped.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 18:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_pull_cursors",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_sync_pull_cursors")),
    )


def downgrade() -> None:
    op.drop_table("sync_pull_cursors")
