"""Subject access requests (Data Protection Act 2018 s.45): who asked, when, by when the
council must answer, how the requester was identified, and what was decided about each item.

A request syncs to every supervisor's laptop (registry entry ``subject_access_requests``), so
another supervisor can take it over. ``decisions`` holds, per item found (``"notices:<id>"``),
whether it was included or withheld and why: record ids and reasons, never the items' contents.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hfhate.models.base import Base, SyncedRecord


class RequestStatus(enum.StrEnum):
    """An open request is still to be answered; an answered one has its answered date."""

    OPEN = "open"
    ANSWERED = "answered"


class SubjectAccessRequest(SyncedRecord, Base):
    """One person's request to see what the council holds about them."""

    __tablename__ = "subject_access_requests"
    __table_args__ = (Index("ix_subject_access_requests_due", "status", "due_on"),)

    requester_name: Mapped[str] = mapped_column(String(200))
    requester_date_of_birth: Mapped[date | None] = mapped_column(default=None)
    requester_address: Mapped[str] = mapped_column(String(200), default="")
    requester_postcode: Mapped[str] = mapped_column(String(10), default="")
    received_on: Mapped[date]
    # One calendar month after ``received_on`` (``services.subject_access.deadlines``).
    due_on: Mapped[date]
    # How the requester proved who they are ("passport seen at the Town Hall").
    identified_by: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=RequestStatus.OPEN.value)
    answered_on: Mapped[date | None] = mapped_column(default=None)
    decisions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
