"""The period a report covers: a month, a quarter, a year or any run of days, in London dates.

A period is a first and a last day, both counted in full, as the council's calendar has them.
Its bounds in time are London midnights turned into UTC, so a notice issued at 00:30 on
1 April during British Summer Time (23:30 UTC on 31 March) counts in April, and the month of a
clock change is 743 or 745 hours long, not 744.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from hfhate.clock import LONDON

MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


def london_midnight_utc(day: date) -> datetime:
    """The start of ``day`` in London, as an aware UTC datetime."""
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """The days ``first`` to ``last``, both included."""

    first: date
    last: date
    label: str = ""

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("a period's last day cannot come before its first")
        if not self.label:
            object.__setattr__(self, "label", _describe(self.first, self.last))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(
            date(year, month, 1), _month_end(year, month), f"{MONTH_NAMES[month - 1]} {year}"
        )

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """A calendar quarter: 1 is January to March."""
        if quarter not in (1, 2, 3, 4):
            raise ValueError("a quarter is 1, 2, 3 or 4")
        first_month = 3 * quarter - 2
        return cls(
            date(year, first_month, 1),
            _month_end(year, first_month + 2),
            f"Quarter {quarter} {year} ({MONTH_NAMES[first_month - 1]} to "
            f"{MONTH_NAMES[first_month + 1]})",
        )

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), str(year))

    @classmethod
    def financial_year(cls, starting: int) -> Period:
        """The council's year, April ``starting`` to March of the next year."""
        return cls(
            date(starting, 4, 1),
            date(starting + 1, 3, 31),
            f"Financial year {starting}/{str(starting + 1)[-2:]}",
        )

    @property
    def start(self) -> datetime:
        """The first instant of the period (UTC)."""
        return london_midnight_utc(self.first)

    @property
    def end(self) -> datetime:
        """The first instant after the period (UTC): ranges are ``start <= at < end``."""
        return london_midnight_utc(self.last + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def months(self) -> Iterator[Period]:
        """The calendar months the period touches, each cut to the period's own days."""
        year, month = self.first.year, self.first.month
        while date(year, month, 1) <= self.last:
            whole = Period.month(year, month)
            first, last = max(whole.first, self.first), min(whole.last, self.last)
            yield Period(
                first,
                last,
                whole.label
                if (first, last) == (whole.first, whole.last)
                else _describe(first, last),
            )
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


def _describe(first: date, last: date) -> str:
    if first == last:
        return f"{first.day} {MONTH_NAMES[first.month - 1]} {first.year}"
    return (
        f"{first.day} {MONTH_NAMES[first.month - 1]} {first.year} to "
        f"{last.day} {MONTH_NAMES[last.month - 1]} {last.year}"
    )
