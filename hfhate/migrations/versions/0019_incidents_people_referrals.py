"""Incidents, people, their links, consent, referrals and victims' feedback (issue 15)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("known_as", sa.String(length=200), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("contact_preference", sa.String(length=20), nullable=False),
        sa.Column("contact_notes", sa.Text(), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_people_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_people_created_on_device_id_device"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    op.create_index("ix_people_created_by", "people", ["created_by_id"], unique=False)
    op.create_table(
        "consents",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("partner", sa.String(length=60), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_name", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_consents_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_consents_created_on_device_id_device"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_consents_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    op.create_index("ix_consents_person", "consents", ["person_id", "recorded_at"], unique=False)
    op.create_table(
        "person_links",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("record_type", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("referral_offered", sa.String(length=40), nullable=False),
        sa.Column("referral_accepted", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_person_links_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_person_links_created_on_device_id_device"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_person_links_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_links")),
    )
    op.create_index("ix_person_links_person", "person_links", ["person_id"], unique=False)
    op.create_index(
        "ix_person_links_record", "person_links", ["record_type", "record_id"], unique=False
    )
    op.create_table(
        "referrals",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("partner", sa.String(length=60), nullable=False),
        sa.Column("from_type", sa.String(length=30), nullable=False),
        sa.Column("from_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("risk_answers", sa.JSON(), nullable=False),
        sa.Column("risk_score", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_how", sa.String(length=20), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("partner_reference", sa.String(length=60), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stop_reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_referrals_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_referrals_created_on_device_id_device"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_referrals_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    op.create_index("ix_referrals_person", "referrals", ["person_id"], unique=False)
    op.create_index("ix_referrals_status", "referrals", ["status", "sent_at"], unique=False)
    op.create_table(
        "victim_feedback",
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("referral_id", sa.Uuid(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=False),
        sa.Column("felt_listened_to", sa.String(length=10), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_victim_feedback_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_victim_feedback_created_on_device_id_device"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_victim_feedback_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_victim_feedback_referral_id_referrals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_victim_feedback")),
    )
    op.create_index("ix_victim_feedback_received", "victim_feedback", ["received_on"], unique=False)
    op.create_table(
        "incidents",
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column("officer_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("how_known", sa.String(length=20), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("ward", sa.String(length=60), nullable=False),
        sa.Column("hostilities", sa.JSON(), nullable=False),
        sa.Column("account", sa.Text(), nullable=False),
        sa.Column("reported_to_police", sa.Boolean(), nullable=False),
        sa.Column("crime_reference", sa.String(length=40), nullable=False),
        sa.Column("notice_id", sa.Uuid(), nullable=True),
        sa.Column("session_id", sa.Uuid(), nullable=True),
        sa.Column("follow_up_id", sa.Uuid(), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_on_device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_incidents_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_on_device_id"],
            ["device.id"],
            name=op.f("fk_incidents_created_on_device_id_device"),
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["session_follow_ups.id"],
            name=op.f("fk_incidents_follow_up_id_session_follow_ups"),
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"], ["notices.id"], name=op.f("fk_incidents_notice_id_notices")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["users.id"], name=op.f("fk_incidents_officer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["engagement_sessions.id"],
            name=op.f("fk_incidents_session_id_engagement_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    op.create_index("ix_incidents_occurred_at", "incidents", ["occurred_at"], unique=False)
    op.create_index(
        "ix_incidents_officer", "incidents", ["officer_id", "occurred_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_incidents_officer", table_name="incidents")
    op.drop_index("ix_incidents_occurred_at", table_name="incidents")
    op.drop_table("incidents")
    op.drop_index("ix_victim_feedback_received", table_name="victim_feedback")
    op.drop_table("victim_feedback")
    op.drop_index("ix_referrals_status", table_name="referrals")
    op.drop_index("ix_referrals_person", table_name="referrals")
    op.drop_table("referrals")
    op.drop_index("ix_person_links_record", table_name="person_links")
    op.drop_index("ix_person_links_person", table_name="person_links")
    op.drop_table("person_links")
    op.drop_index("ix_consents_person", table_name="consents")
    op.drop_table("consents")
    op.drop_index("ix_people_created_by", table_name="people")
    op.drop_table("people")
