"""Trend alerts: a hostility category whose recent count has risen beyond chance, so the
council can plan specialised training where the data shows a rise (the strategy's promise).

What is compared: for each hostility category, the warnings, notices and incidents of the
last ``reports.trend_recent_months`` whole months before this month (3 unless changed) against
the ``reports.trend_baseline_months`` months before those (12 unless changed), each by the
London date it happened or was issued. A record with two categories counts in both.

The test: the exact conditional binomial test for comparing two Poisson rates. If nothing
changed, records arrive at one steady rate, and of the ``n`` records seen in both windows
together each falls in the recent window with probability ``p0 = recent months / (recent +
baseline months)``; the recent count is then Binomial(n, p0). The p-value is the chance of
seeing at least the recent count that way, ``P(X >= recent)``, computed exactly (log-space
sums, no approximation). An alert fires when the p-value is below ``ALERT_P`` (1%), the
recent count is above what the baseline predicts, and it is at least
``reports.trend_minimum_count`` (5 unless changed).

Why this test and not a plain Poisson test against the baseline's average: the baseline is
itself a count, as noisy as the recent one. Taking its average as the true rate would make a
quiet baseline year look like a rise in any ordinary month; conditioning on the total allows
for the noise in both counts. Why a minimum count: with tiny numbers (0 last year, 3 this
quarter) the test can be "significant" from a handful of records, which is no basis for
commissioning training; below the minimum no alert is shown whatever the p-value. Being
exact, the test keeps its false alarms at or below 1% per category however small the counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select, true
from sqlalchemy.orm import Session

from hfhate.models import FixedPenaltyNotice, Incident, Role
from hfhate.services.actor import Actor, require
from hfhate.services.reference_lists import lists_for
from hfhate.services.reports.period import Period
from hfhate.services.settings.stored import settings_on

# The chance of a false alarm the council accepts, per category and month.
ALERT_P = 0.01
# "None apparent" is the absence of a category, not one that can rise.
NOT_A_CATEGORY = frozenset({"none_apparent"})


@dataclass(frozen=True)
class TrendAlert:
    """A category whose recent count is well above what its own baseline predicts."""

    category: str  # hostility code
    label: str  # "Transphobic"
    recent: int  # records in the recent window
    expected: float  # what the baseline rate predicts for the window
    recent_period: Period
    baseline_period: Period
    p_value: float

    def sentence(self) -> str:
        """The alert in words: "Transphobic incidents: 14 in the last 3 months against
        about 5 expected; consider specialised training"."""
        months = sum(1 for _ in self.recent_period.months())
        window = "last month" if months == 1 else f"last {months} months"
        about = round(self.expected)
        expected = f"about {about} expected" if about else "almost none expected"
        return (
            f"{self.label} incidents: {self.recent} in the {window} against {expected}; "
            "consider specialised training"
        )


def windows(today: date, recent_months: int, baseline_months: int) -> tuple[Period, Period]:
    """The recent window (whole months before ``today``'s month) and the baseline before it."""
    this_month = today.replace(day=1)
    recent_first = _months_before(this_month, recent_months)
    baseline_first = _months_before(recent_first, baseline_months)
    return (
        Period(recent_first, this_month - timedelta(days=1)),
        Period(baseline_first, recent_first - timedelta(days=1)),
    )


def _months_before(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed exactly in log space (no overflow for large
    n, no loss for tiny tails)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    log_n = math.lgamma(n + 1)
    terms = [
        log_n - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
        for i in range(k, n + 1)
    ]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def rise_p_value(recent: int, baseline: int, recent_months: int, baseline_months: int) -> float:
    """The exact conditional test's p-value for a rise: P(X >= recent), X ~ Bin(n, p0)."""
    share = recent_months / (recent_months + baseline_months)
    return binomial_tail(recent, recent + baseline, share)


def is_rise(
    recent: int, baseline: int, recent_months: int, baseline_months: int, minimum: int
) -> bool:
    """Whether the counts call for an alert: enough records, above the expected, not chance."""
    expected = baseline * recent_months / baseline_months
    return (
        recent >= minimum
        and recent > expected
        and rise_p_value(recent, baseline, recent_months, baseline_months) < ALERT_P
    )


def trend_alerts(session: Session, actor: Actor, today: date) -> list[TrendAlert]:
    """The categories that have risen, the strongest evidence first. Supervisors only."""
    require(actor, Role.SUPERVISOR, to="see trend alerts")
    settings = settings_on(session, today)
    recent_months, baseline_months = settings.trend_recent_months, settings.trend_baseline_months
    minimum = settings.trend_minimum_count
    recent_period, baseline_period = windows(today, recent_months, baseline_months)
    counts = category_counts(session, recent_period, baseline_period)
    lists = lists_for(session)
    alerts = []
    for code, (recent, baseline) in sorted(counts.items()):
        if code in NOT_A_CATEGORY or not is_rise(
            recent, baseline, recent_months, baseline_months, minimum
        ):
            continue
        alerts.append(
            TrendAlert(
                category=code,
                label=lists.label("hostilities", code),
                recent=recent,
                expected=baseline * recent_months / baseline_months,
                recent_period=recent_period,
                baseline_period=baseline_period,
                p_value=rise_p_value(recent, baseline, recent_months, baseline_months),
            )
        )
    return sorted(alerts, key=lambda alert: alert.p_value)


def category_counts(
    session: Session, recent: Period, baseline: Period
) -> dict[str, tuple[int, int]]:
    """Hostility code -> (records in ``recent``, records in ``baseline``): warnings and
    notices by when they were issued, incidents by when they happened; deleted ones left out."""
    counts: dict[str, tuple[int, int]] = {}
    for model, at in (
        (FixedPenaltyNotice, FixedPenaltyNotice.issued_at),
        (Incident, Incident.occurred_at),
    ):
        for code, in_recent, in_baseline in session.execute(_counted(model, at, recent, baseline)):
            before = counts.get(code, (0, 0))
            counts[code] = (before[0] + int(in_recent), before[1] + int(in_baseline))
    return counts


def _counted(model: Any, at: Any, recent: Period, baseline: Period) -> Any:
    each = func.json_each(model.hostilities).table_valued("value")

    def records_in(window: Period) -> Any:
        within = and_(at >= window.start, at < window.end)
        return func.count(func.distinct(case((within, model.id))))

    return (
        select(each.c.value, records_in(recent), records_in(baseline))
        .select_from(model)
        .join(each, true())
        .where(model.deleted_at.is_(None), at >= baseline.start, at < recent.end)
        .group_by(each.c.value)
    )
