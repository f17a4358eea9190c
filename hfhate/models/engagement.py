"""Engagement sessions: school programmes, training, community events and what came of them.

A session (``EngagementSession``) may have an attendance register (``RegisterEntry``, for
staff and professional training), confidence results before and after (``ConfidenceResult``)
and follow-ups (``FollowUp``: actions, and disclosures with the referral made). Schools and
partners come from ``Organisation``, a list that grows as officers add to it. Facilitators,
partners, categories and topics are JSON lists on the session, so a session syncs as one row.
Reference codes (session types, audiences, topics...) are listed in
resources/reference/engagement.json.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hfhate.models.base import Base, SyncedRecord

# A confidence answer's range (``services.engagement.rules.ANSWER_RANGE``), as column info.
_ANSWER = {"min": 1.0, "max": 5.0}


class Organisation(SyncedRecord, Base):
    """A school, council service, partner or group that sessions are held with or for."""

    __tablename__ = "organisations"
    __table_args__ = (Index("ix_organisations_name_key", "name_key"),)

    name: Mapped[str] = mapped_column(String(200))
    # The name folded to lower case with single spaces: two spellings are one organisation.
    name_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    # Schools only: phase and the year groups the school teaches.
    school_phase: Mapped[str | None] = mapped_column(String(40), default=None)
    year_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    ward: Mapped[str] = mapped_column(String(60), default="")


class EngagementSession(SyncedRecord, Base):
    """One session delivered: what, when, where, with whom, for whom, and its feedback."""

    __tablename__ = "engagement_sessions"
    __table_args__ = (
        Index("ix_engagement_sessions_date", "session_date", "start_time"),
        Index("ix_engagement_sessions_type", "session_type", "session_date"),
        Index("ix_engagement_sessions_ward", "ward", "session_date"),
        Index("ix_engagement_sessions_organisation", "organisation_id", "session_date"),
    )

    session_type: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200), default="")
    # The topic of specialised training (for example antisemitism); empty for other types.
    specialised_topic: Mapped[str] = mapped_column(String(40), default="")
    # Local (London) date and wall-clock times, as written in the session plan.
    session_date: Mapped[date]
    start_time: Mapped[time]
    end_time: Mapped[time]
    venue: Mapped[str] = mapped_column(String(200))
    ward: Mapped[str] = mapped_column(String(60))
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id"), default=None
    )
    # School programmes: the year groups that took part.
    year_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience: Mapped[str] = mapped_column(String(20))
    attendees: Mapped[int] = mapped_column(info={"min": 0})
    # Optional: attendees by audience group ({"pupils": 28, "staff": 2}), adding up to the total.
    attendee_breakdown: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    facilitator_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    partner_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    materials: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    feedback: Mapped[str] = mapped_column(Text, default="")
    # The session this one was started from, for recurring programmes.
    duplicated_from_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("engagement_sessions.id"), default=None
    )
    # When its personal data was erased under the retention schedule (local migration 0011).
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


class SessionPart(SyncedRecord):
    """A record that belongs to one session: a register entry, a confidence result, a follow-up."""

    # First, before the record's own columns, as the migrations made these tables.
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("engagement_sessions.id"), sort_order=-1
    )


class RegisterEntry(SessionPart, Base):
    """One person on a session's attendance register: so the council knows who was trained."""

    __tablename__ = "session_register"
    __table_args__ = (
        Index("ix_session_register_session", "session_id"),
        Index("ix_session_register_person", "name_key", "organisation_key"),
    )

    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(120), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    # Folded forms of name and organisation, to find the same person across registers.
    name_key: Mapped[str] = mapped_column(String(200))
    organisation_key: Mapped[str] = mapped_column(String(200), default="")
    # When its personal data was erased under the retention schedule (local migration 0011).
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


class ConfidenceResult(SessionPart, Base):
    """Answers to one confidence question (1 to 5) before and after a session."""

    __tablename__ = "session_confidence"
    __table_args__ = (Index("ix_session_confidence_session", "session_id"),)

    question: Mapped[str] = mapped_column(String(40))
    # ``info`` min/max: the ranges the server's wire schema holds a pushed record to.
    before_average: Mapped[float | None] = mapped_column(default=None, info=_ANSWER)
    before_responses: Mapped[int | None] = mapped_column(default=None, info={"min": 0})
    after_average: Mapped[float | None] = mapped_column(default=None, info=_ANSWER)
    after_responses: Mapped[int | None] = mapped_column(default=None, info={"min": 0})
    # When the officer counted each answer: how many gave 1, 2, 3, 4 and 5.
    before_counts: Mapped[list[int]] = mapped_column(JSON, default=list)
    after_counts: Mapped[list[int]] = mapped_column(JSON, default=list)


class FollowUp(SessionPart, Base):
    """An action arising from a session, or a disclosure made during it and its referral."""

    __tablename__ = "session_follow_ups"
    __table_args__ = (
        Index("ix_session_follow_ups_session", "session_id"),
        Index("ix_session_follow_ups_due", "done", "due_on"),
    )

    kind: Mapped[str] = mapped_column(String(20))  # action or disclosure
    description: Mapped[str] = mapped_column(Text)
    # Disclosures: what kind, where it was referred, and whether someone must follow it up.
    category: Mapped[str] = mapped_column(String(40), default="")
    referral: Mapped[str] = mapped_column(String(40), default="")
    flagged: Mapped[bool] = mapped_column(default=False)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    due_on: Mapped[date | None] = mapped_column(default=None)
    done: Mapped[bool] = mapped_column(default=False)
    done_on: Mapped[date | None] = mapped_column(default=None)
    done_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    outcome: Mapped[str] = mapped_column(Text, default="")
    # When its personal data was erased under the retention schedule (local migration 0011).
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


class SessionDraft(Base):
    """A session form as typed so far, saved as the officer types. Stays on this laptop."""

    __tablename__ = "session_drafts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    # The session being changed, when the draft is of an edit.
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("engagement_sessions.id"), default=None
    )
    form: Mapped[dict[str, Any]] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
