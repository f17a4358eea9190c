"""An index on notices (kind, deleted_at, offence_at): the notices and warnings lists count
and page their live records from it without reading every row (on an encrypted store every
row read is a page decrypted)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 14:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_notices_kind_live", "notices", ["kind", "deleted_at", "offence_at"])


def downgrade() -> None:
    op.drop_index("ix_notices_kind_live", table_name="notices")
