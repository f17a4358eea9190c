"""Time as the council counts it: instants are stored in UTC, dates in law are London dates."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

# The order's period, ages, deadlines and the dates printed on notices are London dates,
# whatever zone an instant comes in.
LONDON = ZoneInfo("Europe/London")


def london_date(at: datetime) -> date:
    """The date in London at the instant ``at`` (a timezone-aware datetime)."""
    return at.astimezone(LONDON).date()
