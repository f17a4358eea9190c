"""The partnership report: what the Hate Crime Steering Group tells the Community Safety
Partnership and the Policy and Accountability Committee about a period.

``partnership_report`` gathers the dashboard's figures (``figures.dashboard_figures``) and a
few of its own SQL aggregates (disclosures at sessions, referrals by partner, victims'
feedback) into a ``PartnershipReport``: headline figures, tables by ward, hostility category,
prohibition and session type, what was delivered against each of the strategy's four
objectives (and which figures show it), the trend alerts and the supervisor's commentary.

It holds words and numbers only, already as printed: every count of 1 to the small-number
threshold less one (``reports.small_number_threshold``, 5 unless changed) is "fewer than 5"
(``suppression.shown``), and there is no field a name of a recipient, victim, witness or
attendee could reach (the commentary is the supervisor's own text). The printing module
(``printing.partnership_report_pdf``) draws it; making one is audited, without personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from hfhate.models import EngagementSession, FollowUp, Referral, Role, VictimFeedback
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.reports.figures import (
    Breakdown,
    DashboardFigures,
    _in_ward,
    _sessions_in,
    dashboard_figures,
)
from hfhate.services.reports.period import Period
from hfhate.services.reports.suppression import shown
from hfhate.services.reports.trends import TrendAlert, trend_alerts
from hfhate.services.settings.stored import settings_on

E = EngagementSession
TITLE = "Hate crime: enforcement, engagement and support"
# The strategy's objectives (H&F Hate Crime Strategy 2024-2028) and the session types that
# deliver the first; partner meetings build the referral routes of the second.
OBJECTIVES = (
    (1, "Prevent hate crime"),
    (2, "Build trust and confidence to report"),
    (3, "Support victims and witnesses"),
    (4, "Take action against perpetrators"),
)
PREVENTION_TYPES = (
    "school_programme",
    "bystander_training",
    "staff_training",
    "specialised_training",
    "community_event",
)
REFERRAL_ROUTE_TYPES = ("partner_meeting",)
ACTION_PARTNERS = ("cmarac", "housing_tenancy", "perpetrator_support")
_Say = Callable[[int], str]  # a count in printed words: "12", "fewer than 5"


@dataclass(frozen=True)
class Figure:
    """One figure as printed: what it is, and its value in words ("12", "fewer than 5")."""

    label: str
    value: str


@dataclass(frozen=True)
class Table:
    """A table of the report: its title, column headings and rows of printed cells."""

    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, and its height (None: fewer than the threshold, drawn
    empty and labelled so)."""

    label: str
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart: its title, the series' names, and the bars."""

    title: str
    series: tuple[str, ...]
    bars: tuple[Bar, ...]
    note: str = ""


@dataclass(frozen=True)
class Objective:
    """What was delivered against one objective of the strategy, and which figures show it."""

    number: int
    title: str
    figures: tuple[Figure, ...]
    supported_by: str


@dataclass(frozen=True)
class PartnershipReport:
    """Everything the printed report says, suppressed already, with no personal data."""

    title: str
    council: str
    team: str
    period: Period
    ward: str  # "" = the whole borough
    made_on: date
    threshold: int
    headlines: tuple[Figure, ...]
    monthly: Chart
    wards: Chart
    tables: tuple[Table, ...]
    objectives: tuple[Objective, ...]
    alerts: tuple[str, ...]
    commentary: str

    @property
    def area(self) -> str:
        return f"{self.ward} ward" if self.ward else "The whole borough"

    @property
    def suppression_note(self) -> str:
        return (
            f"To protect the people concerned, any count from 1 to {self.threshold - 1} is "
            f'shown as "fewer than {self.threshold}".'
        )


@dataclass(frozen=True)
class _Extra:
    """Figures the dashboard does not show: disclosures, referrals by kind, feedback."""

    disclosures: int
    disclosures_referred: int
    referrals_for_action: int
    feedback: int
    feedback_satisfied: int
    feedback_listened_to: int


def partnership_report(
    session: Session,
    actor: Actor,
    period: Period,
    *,
    commentary: str,
    today: date,
    ward: str = "",
) -> PartnershipReport:
    """The report for ``period`` (and ``ward``, when given) with the supervisor's
    ``commentary``; supervisors only, audited as a report made (no personal data)."""
    require(actor, Role.SUPERVISOR, to="make a partnership report")
    in_force = settings_on(session, today)
    threshold = int(in_force.small_number_threshold)
    figures = dashboard_figures(session, actor, period, ward=ward, today=today)
    extra = _extra(session, period, ward)
    # The alerts as they stood when the period ended (its last months against the year
    # before them), or today for a period not over yet; they are the borough's, ward or not.
    alerts = trend_alerts(session, actor, min(today, period.last + timedelta(days=1)))
    council = in_force.council

    def say(count: int) -> str:
        return shown(count, threshold)

    report = PartnershipReport(
        title=TITLE,
        council=council.get("council_name", ""),
        team=council.get("team", ""),
        period=period,
        ward=ward,
        made_on=today,
        threshold=threshold,
        headlines=_headlines(figures, say, threshold),
        monthly=_monthly(figures, threshold),
        wards=_wards(figures, threshold),
        tables=_tables(figures, say),
        objectives=_objectives(figures, extra, say),
        alerts=tuple(_alert(alert, say) for alert in alerts),
        commentary=commentary.strip(),
    )
    audit(
        session,
        actor,
        "partnership_report_made",
        details={
            "from": period.first.isoformat(),
            "to": period.last.isoformat(),
            "ward": ward or "all",
            "commentary": bool(report.commentary),
        },
    )
    return report


def _headlines(figures: DashboardFigures, say: _Say, threshold: int) -> tuple[Figure, ...]:
    n, e, v = figures.notices, figures.engagement, figures.victims
    return (
        Figure("Warnings given", say(n.warnings_issued)),
        Figure("Fixed penalty notices issued", say(n.notices_issued)),
        Figure("Notices paid", say(n.paid_full + n.paid_reduced)),
        Figure("Payment rate", _rate(n.payment_rate, n.notices_issued - n.cancelled, threshold)),
        Figure("Engagement sessions delivered", say(e.sessions)),
        Figure("People who attended", say(e.attendees)),
        Figure("Staff and professionals trained", say(e.staff_trained)),
        Figure("Hate incidents and crimes recorded", say(v.incidents)),
        Figure("Referrals made for victims", say(v.referrals_made)),
    )


def _monthly(figures: DashboardFigures, threshold: int) -> Chart:
    return Chart(
        "Month by month",
        ("Warnings and notices issued", "Engagement sessions"),
        tuple(
            Bar(
                _month_label(m.month),
                (_bar(m.warnings + m.notices, threshold), _bar(m.sessions, threshold)),
            )
            for m in figures.months
        ),
        note=f"A month with fewer than {threshold} is drawn without a bar.",
    )


def _wards(figures: DashboardFigures, threshold: int) -> Chart:
    rows = [row for row in figures.by_ward if row.key or row.count]
    if figures.ward:
        rows = [row for row in rows if row.key == figures.ward]
    return Chart(
        "Warnings and notices by ward",
        ("Warnings and notices issued",),
        tuple(Bar(row.label, (_bar(row.count, threshold),)) for row in rows),
        note=f"A ward with fewer than {threshold} is drawn without a bar.",
    )


def _tables(figures: DashboardFigures, say: _Say) -> tuple[Table, ...]:
    sessions = {row.key: row for row in figures.engagement.by_ward}
    wards = [row for row in figures.by_ward if not figures.ward or row.key == figures.ward]
    by_ward = tuple(
        (
            row.label,
            say(row.count),
            say(sessions[row.key].count if row.key in sessions else 0),
            say(sessions[row.key].second if row.key in sessions else 0),
        )
        for row in wards
        if row.key or row.count
    )
    return (
        Table(
            "By ward",
            ("Ward", "Warnings and notices", "Sessions", "Attendees"),
            by_ward,
        ),
        _breakdown_table(
            "By hostility category",
            "Hostility category",
            figures.by_hostility,
            say,
            note="A warning or notice recording two categories counts under each.",
        ),
        _breakdown_table("By prohibition", "Prohibition", figures.by_prohibition, say),
        Table(
            "Engagement sessions by type",
            ("Session type", "Sessions", "Attendees"),
            tuple(
                (row.label, say(row.count), say(row.second))
                for row in figures.engagement.by_type
                if row.key or row.count
            ),
        ),
    )


def _breakdown_table(
    title: str, heading: str, rows: Sequence[Breakdown], say: _Say, note: str = ""
) -> Table:
    return Table(
        title,
        (heading, "Warnings and notices"),
        tuple((row.label, say(row.count)) for row in rows if row.key or row.count),
        note,
    )


def _objectives(figures: DashboardFigures, extra: _Extra, say: _Say) -> tuple[Objective, ...]:
    n, e, v = figures.notices, figures.engagement, figures.victims
    types = {row.key: row for row in e.by_type}

    def sessions_of(code: str) -> Figure:
        row = types.get(code)
        label = row.label if row else code
        count, people = (row.count, row.second) if row else (0, 0)
        return Figure(label, f"{say(count)} sessions, {say(people)} attendees")

    confidence = (
        "not measured"
        if e.confidence_change is None
        else f"{e.confidence_change:+.1f} on a scale of 1 to 5"
    )
    prevent = (
        *(sessions_of(code) for code in PREVENTION_TYPES),
        Figure("Staff and professionals trained", say(e.staff_trained)),
        Figure("Change in attendees' confidence, after against before", confidence),
    )
    trust = (
        Figure("Hate incidents and crimes recorded", say(v.incidents)),
        Figure("Disclosures made at sessions", say(extra.disclosures)),
        Figure("Of those, referred on", say(extra.disclosures_referred)),
        *(sessions_of(code) for code in REFERRAL_ROUTE_TYPES),
    )
    support = (
        Figure("Referrals made for victims and witnesses", say(v.referrals_made)),
        Figure("Of those, acknowledged by the partner", say(v.referrals_acknowledged)),
        Figure("Victims' feedback received", say(extra.feedback)),
        Figure("Of those, satisfied with the support (4 or 5 of 5)", say(extra.feedback_satisfied)),
        Figure("Of those, felt listened to", say(extra.feedback_listened_to)),
    )
    action = (
        Figure("Warnings given", say(n.warnings_issued)),
        Figure("Fixed penalty notices issued", say(n.notices_issued)),
        Figure("Paid in full", say(n.paid_full)),
        Figure("Paid at the reduced amount", say(n.paid_reduced)),
        Figure("Unpaid", say(n.unpaid)),
        Figure("Cancelled", say(n.cancelled)),
        Figure("Referred to the police (details refused)", say(n.referred_to_police)),
        Figure("Referred for prosecution", say(n.prosecuted)),
        Figure(
            "Referrals for action (Community MARAC, tenancy, perpetrator support)",
            say(extra.referrals_for_action),
        ),
    )
    sources = (
        "Engagement sessions recorded in the period, by type, with their attendees; staff "
        "trained are the attendees of staff and specialised training; confidence is the "
        "before-and-after answers of attendees.",
        "Incidents recorded by officers in the period, and disclosures made during the "
        "period's sessions and where they were referred.",
        "Referrals sent in the period and whether the partner has acknowledged them; "
        "victims' feedback received in the period.",
        "Warnings and notices issued in the period, by what has become of each since; "
        "referrals for action sent in the period.",
    )
    return tuple(
        Objective(number, title, found, source)
        for (number, title), found, source in zip(
            OBJECTIVES, (prevent, trust, support, action), sources, strict=True
        )
    )


def _extra(session: Session, period: Period, ward: str) -> _Extra:
    within = _sessions_in(period, ward)
    disclosure = FollowUp.kind == "disclosure"
    referred = and_(disclosure, FollowUp.referral.not_in(("", "none")))
    disclosures, referred_on = session.execute(
        select(_count(disclosure), _count(referred))
        .select_from(FollowUp)
        .join(E, E.id == FollowUp.session_id)
        .where(FollowUp.deleted_at.is_(None), *within)
    ).one()
    R = Referral
    query = (
        select(func.count())
        .select_from(R)
        .where(
            R.deleted_at.is_(None),
            R.sent_at >= period.start,
            R.sent_at < period.end,
            R.partner.in_(ACTION_PARTNERS),
        )
    )
    if ward:
        query = _in_ward(query, ward)
    for_action = session.execute(query).scalar_one()
    F = VictimFeedback
    feedback = select(
        func.count(), _count(F.satisfaction >= 4), _count(F.felt_listened_to == "yes")
    ).where(F.deleted_at.is_(None), F.received_on >= period.first, F.received_on <= period.last)
    if ward:  # feedback on a referral counts in the ward of what the referral was made from
        feedback = _in_ward(feedback.select_from(F).join(R, R.id == F.referral_id), ward)
    received, satisfied, listened = session.execute(feedback).one()
    return _Extra(
        int(disclosures or 0),
        int(referred_on or 0),
        int(for_action or 0),
        int(received or 0),
        int(satisfied or 0),
        int(listened or 0),
    )


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _alert(alert: TrendAlert, say: _Say) -> str:
    """The alert's sentence, its count suppressed like every other (the minimum count for an
    alert is a setting of its own, and may be below the small-number threshold)."""
    sentence = alert.sentence()
    counted = f": {alert.recent} in the "
    return sentence.replace(counted, f": {say(alert.recent)} in the ", 1)


def _rate(rate: float | None, payable: int, threshold: int) -> str:
    if rate is None:
        return "none payable"
    if payable < threshold:
        return f"not shown (fewer than {threshold} payable notices)"
    return f"{rate:.0%}"


def _bar(count: int, threshold: int) -> int | None:
    return None if 0 < count < threshold else count


def _month_label(month: Period) -> str:
    return f"{month.first:%b %Y}"
