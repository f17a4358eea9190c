"""Engagement sessions, organisations, registers, confidence results, follow-ups and drafts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 20:27:14.185393
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("school_phase", sa.String(length=40), nullable=True),
        sa.Column("year_groups", sa.JSON(), nullable=False),
        sa.Column("ward", sa.String(length=60), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_organisations_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_organisations_created_on_device_id_device"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index("ix_organisations_name_key", ["name_key"], unique=False)

    op.create_table(
        "engagement_sessions",
        sa.Column("session_type", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("specialised_topic", sa.String(length=40), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("ward", sa.String(length=60), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("year_groups", sa.JSON(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.Column("attendee_breakdown", sa.JSON(), nullable=False),
        sa.Column("facilitator_ids", sa.JSON(), nullable=False),
        sa.Column("partner_ids", sa.JSON(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("duplicated_from_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_engagement_sessions_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_engagement_sessions_created_on_device_id_device"),
        ),
        sa.ForeignKeyConstraint(
            ["duplicated_from_id"],
            ["engagement_sessions.id"],
            name=op.f("fk_engagement_sessions_duplicated_from_id_engagement_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_engagement_sessions_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement_sessions")),
    )
    with op.batch_alter_table("engagement_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_engagement_sessions_date", ["session_date", "start_time"], unique=False
        )
        batch_op.create_index(
            "ix_engagement_sessions_organisation", ["organisation_id", "session_date"], unique=False
        )
        batch_op.create_index(
            "ix_engagement_sessions_type", ["session_type", "session_date"], unique=False
        )
        batch_op.create_index("ix_engagement_sessions_ward", ["ward", "session_date"], unique=False)

    op.create_table(
        "session_confidence",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("before_average", sa.Double(), nullable=True),
        sa.Column("before_responses", sa.Integer(), nullable=True),
        sa.Column("after_average", sa.Double(), nullable=True),
        sa.Column("after_responses", sa.Integer(), nullable=True),
        sa.Column("before_counts", sa.JSON(), nullable=False),
        sa.Column("after_counts", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_session_confidence_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_session_confidence_created_on_device_id_device"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["engagement_sessions.id"],
            name=op.f("fk_session_confidence_session_id_engagement_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_confidence")),
    )
    with op.batch_alter_table("session_confidence", schema=None) as batch_op:
        batch_op.create_index("ix_session_confidence_session", ["session_id"], unique=False)

    op.create_table(
        "session_drafts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=True),
        sa.Column("form", sa.JSON(), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["engagement_sessions.id"],
            name=op.f("fk_session_drafts_session_id_engagement_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_session_drafts_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_drafts")),
    )
    op.create_table(
        "session_follow_ups",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("referral", sa.String(length=40), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by_id", sa.Uuid(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_session_follow_ups_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_session_follow_ups_created_on_device_id_device"),
        ),
        sa.ForeignKeyConstraint(
            ["done_by_id"], ["users.id"], name=op.f("fk_session_follow_ups_done_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_session_follow_ups_owner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["engagement_sessions.id"],
            name=op.f("fk_session_follow_ups_session_id_engagement_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_follow_ups")),
    )
    with op.batch_alter_table("session_follow_ups", schema=None) as batch_op:
        batch_op.create_index("ix_session_follow_ups_due", ["done", "due_on"], unique=False)
        batch_op.create_index("ix_session_follow_ups_session", ["session_id"], unique=False)

    op.create_table(
        "session_register",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("organisation_key", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_session_register_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_session_register_created_on_device_id_device"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["engagement_sessions.id"],
            name=op.f("fk_session_register_session_id_engagement_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_register")),
    )
    with op.batch_alter_table("session_register", schema=None) as batch_op:
        batch_op.create_index(
            "ix_session_register_person", ["name_key", "organisation_key"], unique=False
        )
        batch_op.create_index("ix_session_register_session", ["session_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("session_register", schema=None) as batch_op:
        batch_op.drop_index("ix_session_register_session")
        batch_op.drop_index("ix_session_register_person")

    op.drop_table("session_register")
    with op.batch_alter_table("session_follow_ups", schema=None) as batch_op:
        batch_op.drop_index("ix_session_follow_ups_session")
        batch_op.drop_index("ix_session_follow_ups_due")

    op.drop_table("session_follow_ups")
    op.drop_table("session_drafts")
    with op.batch_alter_table("session_confidence", schema=None) as batch_op:
        batch_op.drop_index("ix_session_confidence_session")

    op.drop_table("session_confidence")
    with op.batch_alter_table("engagement_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_engagement_sessions_ward")
        batch_op.drop_index("ix_engagement_sessions_type")
        batch_op.drop_index("ix_engagement_sessions_organisation")
        batch_op.drop_index("ix_engagement_sessions_date")

    op.drop_table("engagement_sessions")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index("ix_organisations_name_key")

    op.drop_table("organisations")
