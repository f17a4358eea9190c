"""Warnings and fixed penalty notices under the street-harassment PSPO, with their evidence.

One table holds both: a warning is a record with ``kind = warning`` and no number or amounts.
Amounts and last dates are copied onto the notice when it is issued, so later changes to the
settings never change an issued notice. Status changes, payments and amendments are kept as
``NoticeEvent`` rows, the notice's timeline.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hfhate.models.base import Base, SyncedRecord


class NoticeKind(enum.StrEnum):
    """A warning (no penalty) or a fixed penalty notice."""

    WARNING = "warning"
    NOTICE = "notice"


class NoticeStatus(enum.StrEnum):
    """Where a warning or notice is in its life (see services/lifecycle.py)."""

    WARNING_GIVEN = "warning_given"
    REFERRED_TO_POLICE = "referred_to_police"
    ISSUED = "issued"
    PAID = "paid"
    REPRESENTATION_RECEIVED = "representation_received"
    CANCELLED = "cancelled"
    REMINDER_1 = "reminder_1"
    REMINDER_2 = "reminder_2"
    REFERRED_FOR_PROSECUTION = "referred_for_prosecution"
    CONVICTED = "convicted"
    DISMISSED = "dismissed"
    WITHDRAWN = "withdrawn"
    WRITTEN_OFF = "written_off"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    NoticeStatus.WARNING_GIVEN: "Warning given",
    NoticeStatus.REFERRED_TO_POLICE: "Referred to police (details refused)",
    NoticeStatus.ISSUED: "Issued",
    NoticeStatus.PAID: "Paid",
    NoticeStatus.REPRESENTATION_RECEIVED: "Representation received",
    NoticeStatus.CANCELLED: "Cancelled",
    NoticeStatus.REMINDER_1: "First reminder sent",
    NoticeStatus.REMINDER_2: "Second reminder sent",
    NoticeStatus.REFERRED_FOR_PROSECUTION: "Referred for prosecution",
    NoticeStatus.CONVICTED: "Convicted",
    NoticeStatus.DISMISSED: "Dismissed",
    NoticeStatus.WITHDRAWN: "Withdrawn",
    NoticeStatus.WRITTEN_OFF: "Written off",
}


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(
        kind,
        native_enum=False,
        length=40,
        values_callable=lambda members: [m.value for m in members],
    )


class FixedPenaltyNotice(SyncedRecord, Base):
    """A warning or notice: the offence, the recipient, the evidence, the money and dates."""

    __tablename__ = "notices"
    __table_args__ = (
        Index("ix_notices_status", "status", "offence_at"),
        Index("ix_notices_offence_at", "offence_at"),
        Index("ix_notices_officer", "officer_id", "offence_at"),
        Index("ix_notices_ward", "ward", "offence_at"),
        Index("ix_notices_recipient_name", "recipient_name"),
        Index("ix_notices_recipient_postcode", "recipient_postcode"),
        # The lists count and page live notices (or warnings) from this alone.
        Index("ix_notices_kind_live", "kind", "deleted_at", "offence_at"),
    )

    kind: Mapped[NoticeKind] = mapped_column(_enum(NoticeKind))
    status: Mapped[NoticeStatus] = mapped_column(_enum(NoticeStatus))
    # HF-DDD-NNNNNN-C; None for warnings and for referrals to police (never issued).
    number: Mapped[str | None] = mapped_column(String(20), unique=True, default=None)
    # ``info`` min/max: the ranges the server's wire schema holds a pushed record to.
    device_code: Mapped[int | None] = mapped_column(default=None, info={"min": 0, "max": 999})
    sequence: Mapped[int | None] = mapped_column(default=None, info={"min": 1, "max": 999_999})
    # When the officer issued it (or recorded the warning): the date of the notice in law.
    issued_at: Mapped[datetime]

    officer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    officer_name: Mapped[str] = mapped_column(String(200))
    officer_authorisation_number: Mapped[str] = mapped_column(String(32))

    offence_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str] = mapped_column(String(10))
    ward: Mapped[str] = mapped_column(String(60))
    latitude: Mapped[float | None] = mapped_column(default=None, info={"min": -90, "max": 90})
    longitude: Mapped[float | None] = mapped_column(default=None, info={"min": -180, "max": 180})
    prohibition: Mapped[str] = mapped_column(String(40))
    hostilities: Mapped[list[str]] = mapped_column(JSON, default=list)
    circumstances: Mapped[str] = mapped_column(Text, info={"max_length": 2000})
    earlier_warning: Mapped[bool] = mapped_column(default=False)
    earlier_warning_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("notices.id"), default=None
    )

    recipient_name: Mapped[str] = mapped_column(String(200))
    recipient_date_of_birth: Mapped[date | None] = mapped_column(default=None)
    recipient_age_band: Mapped[str | None] = mapped_column(String(10), default=None)
    recipient_address: Mapped[str] = mapped_column(Text, default="", info={"max_length": 200})
    recipient_postcode: Mapped[str] = mapped_column(String(10), default="")
    identity_method: Mapped[str] = mapped_column(String(20))
    identity_document: Mapped[str | None] = mapped_column(String(60), default=None)
    recipient_description: Mapped[str] = mapped_column(Text, default="", info={"max_length": 500})
    appears_vulnerable: Mapped[bool] = mapped_column(default=False)
    override_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    override_reason: Mapped[str | None] = mapped_column(
        Text, default=None, info={"max_length": 500}
    )

    body_worn_video: Mapped[str] = mapped_column(String(100), default="")
    # Victims and witnesses: name, contact, consent, referral offered and accepted.
    people: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    amount_pence: Mapped[int | None] = mapped_column(default=None, info={"min": 0})
    reduced_amount_pence: Mapped[int | None] = mapped_column(default=None, info={"min": 0})
    reduced_until: Mapped[date | None] = mapped_column(default=None)
    pay_by: Mapped[date | None] = mapped_column(default=None)
    no_proceedings_until: Mapped[date | None] = mapped_column(default=None)
    # The last day proceedings may start (Magistrates' Courts Act 1980 s.127: six months from
    # the offence); after it the notice is time-barred and can only be written off.
    prosecute_by: Mapped[date | None] = mapped_column(default=None)

    # The date of the latest payment and the total received so far (part payments add up).
    paid_on: Mapped[date | None] = mapped_column(default=None)
    paid_amount_pence: Mapped[int | None] = mapped_column(default=None, info={"min": 0})
    # The last date to pay that the latest reminder letter gives, counted from its posting.
    reminder_pay_by: Mapped[date | None] = mapped_column(default=None)
    # The status a representation interrupted, to return to if it is rejected.
    status_before_representation: Mapped[NoticeStatus | None] = mapped_column(
        _enum(NoticeStatus), default=None
    )
    # When its personal data was erased under the retention schedule (local migration 0011).
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


class NoticeEvent(SyncedRecord, Base):
    """One entry on a notice's timeline: issued, payment, reminder, amendment, decision."""

    __tablename__ = "notice_events"
    __table_args__ = (Index("ix_notice_events_notice", "notice_id", "at"),)

    notice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("notices.id"))
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(40))
    status_from: Mapped[NoticeStatus | None] = mapped_column(_enum(NoticeStatus), default=None)
    status_to: Mapped[NoticeStatus | None] = mapped_column(_enum(NoticeStatus), default=None)
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    by_name: Mapped[str] = mapped_column(String(200))
    # When its personal data was erased under the retention schedule (local migration 0011).
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


class EvidencePhoto(SyncedRecord, Base):
    """A photo kept under its SHA-256 in the data folder's evidence/ folder."""

    __tablename__ = "evidence_photos"
    __table_args__ = (Index("ix_evidence_photos_notice", "notice_id"),)

    notice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("notices.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(info={"min": 0})
    media_type: Mapped[str] = mapped_column(String(40))
    # When its personal data was erased under the retention schedule (local migration 0011).
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


class NoticeDraft(Base):
    """What an officer has typed so far, saved as they type. Stays on this laptop; not synced."""

    __tablename__ = "notice_drafts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[NoticeKind] = mapped_column(_enum(NoticeKind))
    form: Mapped[dict[str, Any]] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
