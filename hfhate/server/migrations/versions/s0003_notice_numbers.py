"""Notice numbers unique on the server (filled in by the numbers work)

Revision ID: s0003
Revises: s0002
Create Date: 2026-12-02 19:10:00.000000
"""

from collections.abc import Sequence

revision: str = "s0003"
down_revision: str | None = "s0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
