"""Subject access requests: subject_access_requests

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 13:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subject_access_requests",
        sa.Column("requester_name", sa.String(length=200), nullable=False),
        sa.Column("requester_date_of_birth", sa.Date(), nullable=True),
        sa.Column("requester_address", sa.String(length=200), nullable=False),
        sa.Column("requester_postcode", sa.String(length=10), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("identified_by", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_subject_access_requests_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_subject_access_requests_created_on_device_id_device"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_access_requests")),
    )
    with op.batch_alter_table("subject_access_requests", schema=None) as batch_op:
        batch_op.create_index("ix_subject_access_requests_due", ["status", "due_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("subject_access_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_subject_access_requests_due")
    op.drop_table("subject_access_requests")
