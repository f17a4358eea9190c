"""Notices and warnings, their timeline, evidence photos and drafts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 20:22:32.737162
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "notice_drafts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("warning", "notice", name="noticekind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("form", sa.JSON(), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notice_drafts_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_drafts")),
    )
    op.create_table(
        "notices",
        sa.Column(
            "kind",
            sa.Enum("warning", "notice", name="noticekind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "warning_given",
                "referred_to_police",
                "issued",
                "paid",
                "representation_received",
                "cancelled",
                "reminder_1",
                "reminder_2",
                "referred_for_prosecution",
                "convicted",
                "dismissed",
                "withdrawn",
                "written_off",
                name="noticestatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("number", sa.String(length=20), nullable=True),
        sa.Column("device_code", sa.Integer(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column("officer_name", sa.String(length=200), nullable=False),
        sa.Column("officer_authorisation_number", sa.String(length=32), nullable=False),
        sa.Column("offence_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("ward", sa.String(length=60), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("prohibition", sa.String(length=40), nullable=False),
        sa.Column("hostilities", sa.JSON(), nullable=False),
        sa.Column("circumstances", sa.Text(), nullable=False),
        sa.Column("earlier_warning", sa.Boolean(), nullable=False),
        sa.Column("earlier_warning_id", sa.Uuid(), nullable=True),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("recipient_date_of_birth", sa.Date(), nullable=True),
        sa.Column("recipient_age_band", sa.String(length=10), nullable=True),
        sa.Column("recipient_address", sa.Text(), nullable=False),
        sa.Column("recipient_postcode", sa.String(length=10), nullable=False),
        sa.Column("identity_method", sa.String(length=20), nullable=False),
        sa.Column("identity_document", sa.String(length=60), nullable=True),
        sa.Column("recipient_description", sa.Text(), nullable=False),
        sa.Column("appears_vulnerable", sa.Boolean(), nullable=False),
        sa.Column("override_by_id", sa.Uuid(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("body_worn_video", sa.String(length=100), nullable=False),
        sa.Column("people", sa.JSON(), nullable=False),
        sa.Column("amount_pence", sa.Integer(), nullable=True),
        sa.Column("reduced_amount_pence", sa.Integer(), nullable=True),
        sa.Column("reduced_until", sa.Date(), nullable=True),
        sa.Column("pay_by", sa.Date(), nullable=True),
        sa.Column("no_proceedings_until", sa.Date(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_amount_pence", sa.Integer(), nullable=True),
        sa.Column(
            "status_before_representation",
            sa.Enum(
                "warning_given",
                "referred_to_police",
                "issued",
                "paid",
                "representation_received",
                "cancelled",
                "reminder_1",
                "reminder_2",
                "referred_for_prosecution",
                "convicted",
                "dismissed",
                "withdrawn",
                "written_off",
                name="noticestatus",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_notices_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_notices_created_on_device_id_device"),
        ),
        sa.ForeignKeyConstraint(
            ["earlier_warning_id"],
            ["notices.id"],
            name=op.f("fk_notices_earlier_warning_id_notices"),
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["users.id"], name=op.f("fk_notices_officer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["override_by_id"], ["users.id"], name=op.f("fk_notices_override_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("number", name=op.f("uq_notices_number")),
    )
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.create_index("ix_notices_offence_at", ["offence_at"], unique=False)
        batch_op.create_index("ix_notices_officer", ["officer_id", "offence_at"], unique=False)
        batch_op.create_index("ix_notices_recipient_name", ["recipient_name"], unique=False)
        batch_op.create_index("ix_notices_recipient_postcode", ["recipient_postcode"], unique=False)
        batch_op.create_index("ix_notices_status", ["status", "offence_at"], unique=False)
        batch_op.create_index("ix_notices_ward", ["ward", "offence_at"], unique=False)

    op.create_table(
        "evidence_photos",
        sa.Column("notice_id", sa.Uuid(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_evidence_photos_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_evidence_photos_created_on_device_id_device"),
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"], ["notices.id"], name=op.f("fk_evidence_photos_notice_id_notices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_photos")),
    )
    with op.batch_alter_table("evidence_photos", schema=None) as batch_op:
        batch_op.create_index("ix_evidence_photos_notice", ["notice_id"], unique=False)

    op.create_table(
        "notice_events",
        sa.Column("notice_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column(
            "status_from",
            sa.Enum(
                "warning_given",
                "referred_to_police",
                "issued",
                "paid",
                "representation_received",
                "cancelled",
                "reminder_1",
                "reminder_2",
                "referred_for_prosecution",
                "convicted",
                "dismissed",
                "withdrawn",
                "written_off",
                name="noticestatus",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column(
            "status_to",
            sa.Enum(
                "warning_given",
                "referred_to_police",
                "issued",
                "paid",
                "representation_received",
                "cancelled",
                "reminder_1",
                "reminder_2",
                "referred_for_prosecution",
                "convicted",
                "dismissed",
                "withdrawn",
                "written_off",
                name="noticestatus",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("by_name", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_notice_events_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_notice_events_created_on_device_id_device"),
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"], ["notices.id"], name=op.f("fk_notice_events_notice_id_notices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_events")),
    )
    with op.batch_alter_table("notice_events", schema=None) as batch_op:
        batch_op.create_index("ix_notice_events_notice", ["notice_id", "at"], unique=False)

    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_notice_sequence", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:

    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_column("last_notice_sequence")

    with op.batch_alter_table("notice_events", schema=None) as batch_op:
        batch_op.drop_index("ix_notice_events_notice")

    op.drop_table("notice_events")
    with op.batch_alter_table("evidence_photos", schema=None) as batch_op:
        batch_op.drop_index("ix_evidence_photos_notice")

    op.drop_table("evidence_photos")
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_index("ix_notices_ward")
        batch_op.drop_index("ix_notices_status")
        batch_op.drop_index("ix_notices_recipient_postcode")
        batch_op.drop_index("ix_notices_recipient_name")
        batch_op.drop_index("ix_notices_officer")
        batch_op.drop_index("ix_notices_offence_at")

    op.drop_table("notices")
    op.drop_table("notice_drafts")
