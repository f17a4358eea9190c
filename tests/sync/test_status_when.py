"""The status bar names the day of a sync that was not today, so an old sync never reads as
this morning's beside the staleness warning."""

from __future__ import annotations

from datetime import UTC, datetime

from hfhate.sync.status import when

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)


def test_a_sync_today_shows_its_time() -> None:
    assert when(datetime(2026, 12, 3, 8, 5, tzinfo=UTC), NOW) == "08:05"


def test_a_sync_on_an_earlier_day_shows_its_date() -> None:
    assert when(datetime(2026, 11, 16, 9, 7, tzinfo=UTC), NOW) == "16 Nov 09:07"


def test_the_day_is_londons() -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    summer_now = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert when(datetime(2026, 6, 30, 23, 30, tzinfo=UTC), summer_now) == "00:30"
