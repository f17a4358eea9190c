"""A report's period: London dates whose bounds are London midnights in UTC.

March 2025 loses an hour (clocks go forward on 30 March), October 2025 gains one (back on
26 October); a year end falls in winter, when London is on UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hfhate.services.reports.period import Period


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_march_starts_on_gmt_and_ends_on_summer_time() -> None:
    march = Period.month(2025, 3)
    assert (march.start, march.end) == (at(2025, 3, 1), at(2025, 3, 31, 23))
    assert march.end - march.start == timedelta(hours=743)
    assert march.label == "March 2025"
    # 00:30 on 1 April in London (23:30 UTC on 31 March) is after March.
    assert not march.start <= at(2025, 3, 31, 23, 30) < march.end
    assert Period.month(2025, 4).start == at(2025, 3, 31, 23)


def test_october_gains_an_hour() -> None:
    october = Period.month(2025, 10)
    assert (october.start, october.end) == (at(2025, 9, 30, 23), at(2025, 11, 1))
    assert october.end - october.start == timedelta(hours=745)


def test_a_year_ends_at_midnight_utc_in_winter() -> None:
    year = Period.year(2025)
    assert (year.start, year.end) == (at(2025, 1, 1), at(2026, 1, 1))
    assert year.start <= at(2025, 12, 31, 23, 59) < year.end
    assert not year.start <= at(2026, 1, 1, 0, 0) < year.end
    assert year.days == 365


def test_a_quarter_and_a_financial_year() -> None:
    quarter = Period.quarter(2025, 2)
    assert (quarter.first, quarter.last) == (date(2025, 4, 1), date(2025, 6, 30))
    assert quarter.label == "Quarter 2 2025 (April to June)"
    assert (quarter.start, quarter.end) == (at(2025, 3, 31, 23), at(2025, 6, 30, 23))
    council = Period.financial_year(2025)
    assert (council.first, council.last) == (date(2025, 4, 1), date(2026, 3, 31))
    assert council.label == "Financial year 2025/26"
    with pytest.raises(ValueError):
        Period.quarter(2025, 5)


def test_months_are_cut_to_the_period_across_a_year_end() -> None:
    winter = Period(date(2025, 12, 15), date(2026, 2, 10))
    months = list(winter.months())
    assert [(m.first, m.last) for m in months] == [
        (date(2025, 12, 15), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 10)),
    ]
    assert [m.label for m in months] == [
        "15 December 2025 to 31 December 2025",
        "January 2026",
        "1 February 2026 to 10 February 2026",
    ]
    # The months tile the period: each ends where the next starts.
    assert months[0].start == winter.start and months[-1].end == winter.end
    assert all(a.end == b.start for a, b in zip(months, months[1:], strict=False))


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="last day"):
        Period(date(2025, 5, 2), date(2025, 5, 1))
    assert Period(date(2025, 5, 1), date(2025, 5, 1)).label == "1 May 2025"
