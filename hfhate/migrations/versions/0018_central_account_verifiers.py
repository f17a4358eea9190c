"""Accounts from the server: when this laptop last confirmed an account's password with the
server (its verifier was made or checked online), and the server's password_changed_at that
verifier belongs to. Both local-only (never sent): users.online_confirmed_at,
users.verifier_changed_at

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 18:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", recreate="never") as batch:
        batch.add_column(
            sa.Column("online_confirmed_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.add_column(
            sa.Column("verifier_changed_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("users", recreate="never") as batch:
        batch.drop_column("verifier_changed_at")
        batch.drop_column("online_confirmed_at")
