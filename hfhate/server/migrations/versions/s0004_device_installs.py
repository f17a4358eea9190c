"""Each device's install id, and devices found cloned (filled in by the clone work)

Revision ID: s0004
Revises: s0003
Create Date: 2026-12-02 19:10:00.000000
"""

from collections.abc import Sequence

revision: str = "s0004"
down_revision: str | None = "s0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
