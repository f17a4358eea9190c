"""Trend alerts: the exact conditional binomial test, the windows, and what is counted.

The test is checked three ways: the binomial tail against sums done by hand, a store with a
clear rise in transphobic records (14 in three months against 20 in the twelve before, about 5
expected) beside categories that must stay silent, and a seeded simulation of quiet series
drawn from a constant rate, whose false alarms must stay at about 1% or fewer.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime

import pytest

from hfhate.models import Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.errors import PermissionDenied
from hfhate.services.reports.period import Period
from hfhate.services.reports.trends import (
    ALERT_P,
    TrendAlert,
    binomial_tail,
    is_rise,
    rise_p_value,
    trend_alerts,
    windows,
)
from hfhate.services.settings.stored import change_setting
from tests.fixtures.report_rows import Rows

TODAY = date(2025, 7, 15)  # recent: April to June 2025; baseline: April 2024 to March 2025


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_the_binomial_tail_is_exact() -> None:
    by_hand = sum(math.comb(10, i) for i in range(3, 11)) / 2**10
    assert binomial_tail(3, 10, 0.5) == pytest.approx(by_hand, rel=1e-12)
    assert binomial_tail(0, 5, 0.3) == 1.0
    assert binomial_tail(6, 5, 0.3) == 0.0
    assert binomial_tail(4, 4, 0.2) == pytest.approx(0.2**4)
    # A large count, against the sum done in whole numbers: 4^(1000-i) / 5^1000 is each term.
    exact = sum(math.comb(1000, i) * 4 ** (1000 - i) for i in range(300, 1001)) / 5**1000
    assert binomial_tail(300, 1000, 0.2) == pytest.approx(exact, rel=1e-9)


def test_the_windows_are_whole_london_months_before_this_month() -> None:
    recent, baseline = windows(TODAY, 3, 12)
    assert (recent.first, recent.last) == (date(2025, 4, 1), date(2025, 6, 30))
    assert (baseline.first, baseline.last) == (date(2024, 4, 1), date(2025, 3, 31))
    recent, baseline = windows(date(2026, 1, 1), 1, 6)
    assert (recent.first, recent.last) == (date(2025, 12, 1), date(2025, 12, 31))
    assert (baseline.first, baseline.last) == (date(2025, 6, 1), date(2025, 11, 30))


def test_a_clear_rise_fires_and_small_numbers_do_not() -> None:
    # 14 against about 5 expected (20 in 12 months): p about 0.004.
    assert rise_p_value(14, 20, 3, 12) < ALERT_P
    assert is_rise(14, 20, 3, 12, minimum=5)
    # 4 against none is unlikely by chance (p = 0.2**4) but too few to act on.
    assert rise_p_value(4, 0, 3, 12) < ALERT_P
    assert not is_rise(4, 0, 3, 12, minimum=5)
    # An ordinary quarter.
    assert not is_rise(6, 20, 3, 12, minimum=5)


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: count uniform draws until their product falls below e^-mean."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def test_quiet_series_give_few_false_alarms_and_real_rises_are_found() -> None:
    rng = random.Random(16)
    per_month = 2.0  # a steady rate: 6 expected in 3 months, 24 in 12

    def alarms(recent_rate: float) -> int:
        return sum(
            is_rise(_poisson(rng, recent_rate * 3), _poisson(rng, per_month * 12), 3, 12, minimum=5)
            for _ in range(1000)
        )

    # About 1% of 1,000 quiet series at most: the rate itself is 0.6% (below), and 1,000
    # draws wander by about 2.5 alarms either side of 6.
    assert alarms(per_month) <= 15
    assert alarms(per_month * 3) >= 500  # a tripled rate is found most of the time


def _poisson_chance(count: int, mean: float) -> float:
    return math.exp(count * math.log(mean) - mean - math.lgamma(count + 1))


@pytest.mark.parametrize("per_month", [0.5, 2.0, 10.0])
def test_the_false_alarm_rate_of_a_steady_rate_is_below_one_percent(per_month: float) -> None:
    """Summed over every pair of counts a steady rate can give, not sampled."""
    recent_mean, baseline_mean = per_month * 3, per_month * 12
    rate = sum(
        _poisson_chance(recent, recent_mean) * _poisson_chance(baseline, baseline_mean)
        for recent in range(int(recent_mean * 4) + 30)
        for baseline in range(int(baseline_mean * 3) + 60)
        if is_rise(recent, baseline, 3, 12, minimum=5)
    )
    assert 0 < rate <= ALERT_P


@pytest.fixture
def supervisor(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.SUPERVISOR, username="sunita")


@pytest.fixture
def records(store: Store, admin: Actor) -> None:
    """Transphobic: 14 recent (notices, warnings, incidents), 20 baseline. Misogyny: 3 and 12.
    Race: 4 and none. Homophobic: 10 recent, all deleted."""
    with store.session_factory.begin() as session:
        add = Rows(session, admin)
        trans = ("transphobic",)
        # Recent: April to June 2025, the first at 00:30 on 1 April in summer time.
        add.notice(at(2025, 3, 31, 23, 30), hostilities=trans)
        for day in range(1, 5):
            add.notice(at(2025, 5, day, 12), hostilities=("homophobic", "transphobic"))
        for day in range(1, 4):
            add.warning(at(2025, 6, day, 12), hostilities=trans)
        for day in range(1, 7):
            add.incident(at(2025, 4, day + 10, 20), hostilities=trans)
        # Baseline: April 2024 to March 2025, 20 records, the first at 00:30 on 1 April 2024.
        add.notice(at(2024, 3, 31, 23, 30), hostilities=trans)
        for month in range(1, 13):
            year = 2024 if month >= 4 else 2025
            add.notice(at(year, month, 10, 12), hostilities=trans)
        for month in range(5, 12):
            add.incident(at(2024, month, 20, 12), hostilities=trans)
        # Neither: 23:30 on 31 March 2024 in London, and 00:30 on 1 July 2025.
        add.notice(at(2024, 3, 31, 22, 30), hostilities=trans)
        add.incident(at(2025, 6, 30, 23, 30), hostilities=trans)

        for day in range(1, 4):
            add.notice(at(2025, 4, day, 9), hostilities=("misogyny",))
        for month in range(1, 13):
            year = 2024 if month >= 4 else 2025
            add.warning(at(year, month, 3, 9), hostilities=("misogyny",))
        for day in range(1, 5):
            add.incident(at(2025, 6, day, 9), hostilities=("race",))
        for day in range(1, 11):
            add.notice(at(2025, 5, day, 9), hostilities=("homophobic",), deleted_at=at(2025, 6, 1))


def test_the_store_alerts_on_the_transphobic_rise_alone(
    store: Store, records: None, supervisor: Actor
) -> None:
    with store.session_factory.begin() as session:
        alerts = trend_alerts(session, supervisor, TODAY)

    assert [alert.category for alert in alerts] == ["transphobic"]
    alert = alerts[0]
    assert (alert.label, alert.recent, alert.expected) == ("Transphobic", 14, 5.0)
    assert alert.p_value == pytest.approx(rise_p_value(14, 20, 3, 12))
    assert alert.recent_period == Period(date(2025, 4, 1), date(2025, 6, 30))
    assert alert.baseline_period == Period(date(2024, 4, 1), date(2025, 3, 31))
    assert alert.sentence() == (
        "Transphobic incidents: 14 in the last 3 months against about 5 expected; "
        "consider specialised training"
    )


def test_the_minimum_count_is_a_setting(
    store: Store, records: None, supervisor: Actor, admin: Actor
) -> None:
    with store.session_factory.begin() as session:
        change_setting(session, admin, "reports.trend_minimum_count", 15, TODAY, today=TODAY)
    with store.session_factory.begin() as session:
        assert trend_alerts(session, supervisor, TODAY) == []


def test_the_sentence_for_one_month_and_almost_nothing_expected() -> None:
    alert = TrendAlert(
        category="antisemitic",
        label="Religion: antisemitic",
        recent=6,
        expected=0.4,
        recent_period=Period.month(2025, 6),
        baseline_period=Period(date(2024, 12, 1), date(2025, 5, 31)),
        p_value=0.0001,
    )
    assert alert.sentence() == (
        "Religion: antisemitic incidents: 6 in the last month against almost none expected; "
        "consider specialised training"
    )


def test_an_officer_is_refused(store: Store, make_actor) -> None:  # type: ignore[no-untyped-def]
    officer = make_actor(Role.AUTHORISED_OFFICER, username="olu")
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        trend_alerts(session, officer, TODAY)
