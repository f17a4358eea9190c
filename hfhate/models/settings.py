"""Dated changes to the council's settings (``setting_changes``): one row per change.

A change says that setting ``name`` takes ``value`` from ``in_force_from`` on; the history of
a setting is its changes. Which value is in force on a date is worked out from them by
``hfhate.services.settings.resolution`` (the same function on the laptop and the server).
Changes made centrally reach every laptop by sync; on a stand-alone laptop an administrator
makes them here, and they stay here (registry entry ``setting_changes``: ``sent=False``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hfhate.models.base import Base, SyncedRecord, utc_now


class SettingChange(SyncedRecord, Base):
    """One setting's new value from a date, who made the change, when and why."""

    __tablename__ = "setting_changes"
    __table_args__ = (Index("ix_setting_changes_name", "name", "in_force_from"),)

    name: Mapped[str] = mapped_column(String(80))  # a name in the settings catalogue
    # The value as JSON text: a whole number (pence, days, minutes...), a date as ISO text
    # in quotes, or a text in quotes (``json.dumps``).
    value: Mapped[str] = mapped_column(String(1000))
    in_force_from: Mapped[date]
    note: Mapped[str] = mapped_column(String(500), default="")
    made_by: Mapped[str] = mapped_column(String(200), default="")  # the administrator's name
    made_at: Mapped[datetime] = mapped_column(default=utc_now)
