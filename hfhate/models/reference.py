"""Entries of the council's reference lists kept centrally: a ward, prohibition, hostility,
partner, school or referral partner added, relabelled or retired by an administrator, synced
to every laptop.

The shipped lists (resources/reference) stay the base: an entry with the same list and code
overrides the shipped one, a new code adds to the list (``services.reference_lists``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hfhate.models.base import Base, SyncedRecord

# The lists an administrator may change.
# referral_partners: where victims, witnesses and perpetrators are referred (issue 15).
REFERENCE_LISTS = (
    "wards",
    "prohibitions",
    "hostilities",
    "partners",
    "schools",
    "referral_partners",
)


class ReferenceEntry(SyncedRecord, Base):
    """One entry of one reference list, as the administrator last left it."""

    __tablename__ = "reference_entries"
    __table_args__ = (Index("ix_reference_entries_list_code", "list_name", "code"),)

    list_name: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(200))
    # What else the list needs: a ward's postcode districts and sectors for the lookup.
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0, info={"min": 0, "max": 100000})
    # Set when retired: old records still show it, new ones cannot choose it.
    retired_at: Mapped[datetime | None] = mapped_column(default=None)
