"""Accounts administered on the server: whether the account must choose a new password at its
next sign-in (after a reset) and when its password last changed, published to laptops

Revision ID: s0012
Revises: s0011
Create Date: 2026-12-03 18:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0012"
down_revision: str | None = "s0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("server_users") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(
            sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("server_users") as batch:
        batch.drop_column("password_changed_at")
        batch.drop_column("must_change_password")
