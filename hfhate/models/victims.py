"""Victims, witnesses and what was done for them: incidents, people, the records a person is
linked to, their consent per purpose, referrals to partners and victims' feedback.

An ``Incident`` is a hate crime or hate incident disclosed to an officer or witnessed, whether
or not a notice follows. A ``Person`` is a victim, witness or someone who disclosed, recorded
once and linked (``PersonLink``) to any number of incidents, notices and session disclosures,
so their story is not asked again. ``Consent`` rows are kept as given and never edited: the
latest for a purpose decides (a withdrawal is a new row saying no). A ``Referral`` goes to one
partner of the administrator's list and moves drafted, sent, acknowledged, outcome, closed
(or stopped before it was sent). ``VictimFeedback`` is reported only in aggregate.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hfhate.models.base import Base, SyncedRecord


class Incident(SyncedRecord, Base):
    """A hate crime or hate incident recorded by an officer, with what it arose from."""

    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_officer", "officer_id", "occurred_at"),
        Index("ix_incidents_occurred_at", "occurred_at"),
    )

    officer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    officer_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # hate_crime or hate_incident
    how_known: Mapped[str] = mapped_column(String(20))  # disclosed or witnessed
    occurred_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str] = mapped_column(String(10), default="")
    ward: Mapped[str] = mapped_column(String(60))
    hostilities: Mapped[list[str]] = mapped_column(JSON, default=list)
    account: Mapped[str] = mapped_column(Text, info={"max_length": 4000})  # what happened
    reported_to_police: Mapped[bool] = mapped_column(default=False)
    crime_reference: Mapped[str] = mapped_column(String(40), default="")
    # What it arose from, if anything: a warning or notice, a session, a session's disclosure.
    notice_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notices.id"), default=None)
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("engagement_sessions.id"), default=None
    )
    follow_up_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("session_follow_ups.id"), default=None
    )
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


class Person(SyncedRecord, Base):
    """A victim, witness or someone who disclosed: who they are and how to reach them."""

    __tablename__ = "people"
    __table_args__ = (Index("ix_people_created_by", "created_by_id"),)

    name: Mapped[str] = mapped_column(String(200))  # "" when they did not give it
    # How to tell them apart when no name was given ("Year 9 pupil at the assembly").
    known_as: Mapped[str] = mapped_column(String(200), default="")
    date_of_birth: Mapped[date | None] = mapped_column(default=None)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="", info={"max_length": 200})
    postcode: Mapped[str] = mapped_column(String(10), default="")
    # phone, email, post, in_person or none; and when and how it is safe to make contact.
    contact_preference: Mapped[str] = mapped_column(String(20), default="")
    contact_notes: Mapped[str] = mapped_column(Text, default="", info={"max_length": 500})
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


class PersonLink(SyncedRecord, Base):
    """A person's part in one incident, notice or session disclosure."""

    __tablename__ = "person_links"
    __table_args__ = (
        Index("ix_person_links_person", "person_id"),
        Index("ix_person_links_record", "record_type", "record_id"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"))
    role: Mapped[str] = mapped_column(String(20))  # victim, witness, discloser, perpetrator
    # The record: incidents, notices or session_follow_ups, and its id.
    record_type: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid())
    # Their place in the notice's list of victims and witnesses, as the officer entered them.
    position: Mapped[int] = mapped_column(default=0, info={"min": 0, "max": 1000})
    # What the notice recorded of a referral offered at the time, and whether it was accepted.
    referral_offered: Mapped[str] = mapped_column(String(40), default="")
    referral_accepted: Mapped[bool] = mapped_column(default=False)


class Consent(SyncedRecord, Base):
    """What a person agreed to, or withdrew, for one purpose, as it was recorded."""

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_person", "person_id", "recorded_at"),)

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"))
    # contact (by the council), police (sharing with the police) or referral (to ``partner``).
    purpose: Mapped[str] = mapped_column(String(20))
    partner: Mapped[str] = mapped_column(String(60), default="")
    given: Mapped[bool]
    recorded_at: Mapped[datetime]
    recorded_by_name: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(20))  # in_person, phone, paper_form, email
    note: Mapped[str] = mapped_column(Text, default="", info={"max_length": 500})


class Referral(SyncedRecord, Base):
    """A referral of a person to one partner, from an incident, notice or disclosure."""

    __tablename__ = "referrals"
    __table_args__ = (
        Index("ix_referrals_person", "person_id"),
        Index("ix_referrals_status", "status", "sent_at"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"))
    partner: Mapped[str] = mapped_column(String(60))  # a code of the referral_partners list
    # What it was made from: incidents, notices or session_follow_ups, and its id.
    from_type: Mapped[str] = mapped_column(String(30))
    from_id: Mapped[uuid.UUID] = mapped_column(Uuid())
    reason: Mapped[str] = mapped_column(Text, default="", info={"max_length": 2000})
    # The risk checklist (CMARAC referrals): the items answered yes, and the score.
    risk_answers: Mapped[list[str]] = mapped_column(JSON, default=list)
    risk_score: Mapped[int | None] = mapped_column(default=None, info={"min": 0, "max": 100})
    # drafted, sent, acknowledged, outcome, closed, or stopped (before it was sent).
    status: Mapped[str] = mapped_column(String(20), default="drafted")
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    sent_how: Mapped[str] = mapped_column(String(20), default="")  # secure_email, portal, ...
    acknowledged_at: Mapped[datetime | None] = mapped_column(default=None)
    partner_reference: Mapped[str] = mapped_column(String(60), default="")
    outcome: Mapped[str] = mapped_column(Text, default="", info={"max_length": 2000})
    outcome_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    stopped_at: Mapped[datetime | None] = mapped_column(default=None)
    stop_reason: Mapped[str] = mapped_column(Text, default="", info={"max_length": 500})


class VictimFeedback(SyncedRecord, Base):
    """What a victim said of the support they had; reported only in aggregate."""

    __tablename__ = "victim_feedback"
    __table_args__ = (Index("ix_victim_feedback_received", "received_on"),)

    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("people.id"), default=None)
    referral_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("referrals.id"), default=None)
    received_on: Mapped[date]
    source: Mapped[str] = mapped_column(String(20))  # officer or paper_form
    satisfaction: Mapped[int] = mapped_column(info={"min": 1, "max": 5})
    felt_listened_to: Mapped[str] = mapped_column(String(10))  # yes, partly or no
    comments: Mapped[str] = mapped_column(Text, default="", info={"max_length": 2000})
