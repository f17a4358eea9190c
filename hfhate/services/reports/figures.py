"""The supervisor's dashboard: what was issued, paid and done in a period, counted by SQL.

Every figure is an aggregate (``count``/``sum`` with ``CASE``, ``GROUP BY``) run in the store,
never a loop over rows in Python, so the dashboard stays quick over a hundred thousand notices.

What belongs to the period:
- warnings and notices by ``issued_at``, between the London midnights that bound the period
  (a notice issued at 00:30 on 1 April in summer time is April's); each is counted by its
  status now, a cohort view: "of the notices issued in March, 12 are paid";
- sessions by their ``session_date`` (a London date already), with their confidence results
  and follow-ups;
- incidents by ``occurred_at``; referrals by ``sent_at``.
Deleted records (``deleted_at`` set) are left out; erased ones still count: they happened.
With a ward chosen, every figure is of that ward (a referral's ward is that of the incident,
notice or session it was made from).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select, true
from sqlalchemy.orm import Session, aliased

from hfhate.models import (
    ConfidenceResult,
    EngagementSession,
    FixedPenaltyNotice,
    FollowUp,
    Incident,
    NoticeKind,
    NoticeStatus,
    Referral,
    Role,
)
from hfhate.services.actor import Actor, require
from hfhate.services.engagement.rules import engagement_reference
from hfhate.services.notices.lifecycle import UNPAID
from hfhate.services.reference_lists import ListEntry, ReferenceLists, lists_for
from hfhate.services.reports.period import Period

N = FixedPenaltyNotice
E = EngagementSession
S = NoticeStatus
NOT_RECORDED = "Not recorded"
# Sessions whose attendees are staff trained (the strategy's count of trained professionals).
TRAINING_TYPES = ("staff_training", "specialised_training")
PROSECUTED = (S.REFERRED_FOR_PROSECUTION, S.CONVICTED, S.DISMISSED)


@dataclass(frozen=True)
class Breakdown:
    """One row of a table behind a chart: what a list is filtered on, its words, its count."""

    key: str  # ward name, prohibition, hostility or session type code; "" for not recorded
    label: str
    count: int
    second: int = 0  # a second figure where a table has one (attendees for sessions)


@dataclass(frozen=True)
class MonthFigures:
    """One month's bars: warnings, notices, sessions and attendees."""

    month: Period  # one month, cut to the period's own days
    warnings: int
    notices: int
    sessions: int
    attendees: int


@dataclass(frozen=True)
class NoticeFigures:
    """The warnings and notices issued in the period, by what has become of them since."""

    warnings_issued: int
    notices_issued: int
    paid_full: int
    paid_reduced: int
    cancelled: int
    unpaid: int
    referred_to_police: int
    prosecuted: int

    @property
    def payment_rate(self) -> float | None:
        """Paid notices as a share of those not cancelled; None when there are none."""
        payable = self.notices_issued - self.cancelled
        if payable <= 0:
            return None
        return (self.paid_full + self.paid_reduced) / payable


@dataclass(frozen=True)
class EngagementFigures:
    """Sessions delivered in the period, who came, what changed and what is left to do."""

    sessions: int
    attendees: int
    staff_trained: int
    confidence_change: float | None
    follow_ups_open: int
    follow_ups_overdue: int
    by_type: tuple[Breakdown, ...]
    by_ward: tuple[Breakdown, ...]


@dataclass(frozen=True)
class VictimFigures:
    """Incidents recorded and referrals made for victims in the period."""

    incidents: int
    referrals_made: int
    referrals_acknowledged: int


@dataclass(frozen=True)
class DashboardFigures:
    """Everything the dashboard shows for one period and ward."""

    period: Period
    ward: str  # "" = every ward
    notices: NoticeFigures
    by_ward: tuple[Breakdown, ...]
    by_prohibition: tuple[Breakdown, ...]
    by_hostility: tuple[Breakdown, ...]
    engagement: EngagementFigures
    victims: VictimFigures
    months: tuple[MonthFigures, ...]


def dashboard_figures(
    session: Session, actor: Actor, period: Period, *, ward: str = "", today: date
) -> DashboardFigures:
    """The dashboard's figures for ``period`` (and ``ward``, when given). Supervisors only;
    reads and writes nothing else (no audit row: no personal data is shown)."""
    require(actor, Role.SUPERVISOR, to="see the reports dashboard")
    lists = lists_for(session)
    months = tuple(period.months())
    notices, notice_months = _notice_totals(session, period, ward, months)
    engagement, session_months = _engagement(session, period, ward, today, months, lists)
    return DashboardFigures(
        period=period,
        ward=ward,
        notices=notices,
        by_ward=_by_ward(session, period, ward, lists),
        by_prohibition=_by_prohibition(session, period, ward, lists),
        by_hostility=_by_hostility(session, period, ward, lists),
        engagement=engagement,
        victims=_victims(session, period, ward),
        months=tuple(
            MonthFigures(month, w, n, s, a)
            for month, (w, n), (s, a) in zip(months, notice_months, session_months, strict=True)
        ),
    )


def issued_in(period: Period, ward: str = "") -> list[ColumnElement[bool]]:
    """The conditions for warnings and notices issued in ``period`` (and ``ward``)."""
    conditions = [N.deleted_at.is_(None), N.issued_at >= period.start, N.issued_at < period.end]
    if ward:
        conditions.append(N.ward == ward)
    return conditions


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.count(case((condition, 1)))


def _sum(condition: ColumnElement[bool], value: Any) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


def _notice_totals(
    session: Session, period: Period, ward: str, months: Sequence[Period]
) -> tuple[NoticeFigures, list[tuple[int, int]]]:
    warning, notice = N.kind == NoticeKind.WARNING, N.kind == NoticeKind.NOTICE
    paid = and_(notice, N.status == S.PAID)
    full = func.coalesce(N.paid_amount_pence, 0) >= func.coalesce(N.amount_pence, 0)
    columns = [
        _count(warning),
        _count(notice),
        _count(and_(paid, full)),
        _count(and_(paid, ~full)),
        _count(and_(notice, N.status == S.CANCELLED)),
        _count(and_(notice, N.status.in_(UNPAID))),
        _count(N.status == S.REFERRED_TO_POLICE),
        _count(and_(notice, N.status.in_(PROSECUTED))),
    ]
    for month in months:
        within = and_(N.issued_at >= month.start, N.issued_at < month.end)
        columns += [_count(and_(within, warning)), _count(and_(within, notice))]
    row = session.execute(select(*columns).where(*issued_in(period, ward))).one()
    totals = NoticeFigures(*(int(v) for v in row[:8]))
    rest = [int(v) for v in row[8:]]
    return totals, [(rest[i], rest[i + 1]) for i in range(0, len(rest), 2)]


def _breakdown(
    counted: Iterable[tuple[str | None, int]], lists: ReferenceLists, name: str
) -> tuple[Breakdown, ...]:
    """Every entry of list ``name`` in its order (zeros kept; retired entries only when
    counted), then codes no list holds, then "not recorded" last."""
    counts: dict[str, int] = {}
    for key, count in counted:
        counts[key or ""] = counts.get(key or "", 0) + int(count)
    rows = [
        Breakdown(entry.code, entry.label, counts.pop(entry.code, 0))
        for entry in lists.entries(name)
        if not entry.retired or counts.get(entry.code)
    ]
    blank = counts.pop("", 0)
    rows += [Breakdown(code, code, count) for code, count in sorted(counts.items())]
    if blank:
        rows.append(Breakdown("", NOT_RECORDED, blank))
    return tuple(rows)


def _by_ward(
    session: Session, period: Period, ward: str, lists: ReferenceLists
) -> tuple[Breakdown, ...]:
    rows = session.execute(
        select(N.ward, func.count()).where(*issued_in(period, ward)).group_by(N.ward)
    )
    return _breakdown(rows, lists, "wards")


def _by_prohibition(
    session: Session, period: Period, ward: str, lists: ReferenceLists
) -> tuple[Breakdown, ...]:
    rows = session.execute(
        select(N.prohibition, func.count()).where(*issued_in(period, ward)).group_by(N.prohibition)
    )
    return _breakdown(rows, lists, "prohibitions")


def hostility_rows(conditions: Sequence[ColumnElement[bool]], model: Any = N) -> Any:
    """``(hostility code, records)`` of ``model`` rows meeting ``conditions``: a record with
    two categories counts once in each (SQLite's ``json_each`` over the JSON list)."""
    each = func.json_each(model.hostilities).table_valued("value")
    return (
        select(each.c.value, func.count(func.distinct(model.id)))
        .select_from(model)
        .join(each, true())
        .where(*conditions)
        .group_by(each.c.value)
    )


def _by_hostility(
    session: Session, period: Period, ward: str, lists: ReferenceLists
) -> tuple[Breakdown, ...]:
    conditions = issued_in(period, ward)
    counted: list[tuple[str | None, int]] = [
        (code, count) for code, count in session.execute(hostility_rows(conditions))
    ]
    unrecorded = session.execute(
        select(func.count()).where(
            *conditions, func.coalesce(func.json_array_length(N.hostilities), 0) == 0
        )
    ).scalar_one()
    counted.append(("", int(unrecorded)))
    return _breakdown(counted, lists, "hostilities")


def _sessions_in(period: Period, ward: str) -> list[ColumnElement[bool]]:
    conditions = [
        E.deleted_at.is_(None),
        E.session_date >= period.first,
        E.session_date <= period.last,
    ]
    if ward:
        conditions.append(E.ward == ward)
    return conditions


def _engagement(
    session: Session,
    period: Period,
    ward: str,
    today: date,
    months: Sequence[Period],
    lists: ReferenceLists,
) -> tuple[EngagementFigures, list[tuple[int, int]]]:
    within = _sessions_in(period, ward)
    columns: list[ColumnElement[Any]] = [
        func.count(),
        func.coalesce(func.sum(E.attendees), 0),
        _sum(E.session_type.in_(TRAINING_TYPES), E.attendees),
    ]
    for month in months:
        in_month = and_(E.session_date >= month.first, E.session_date <= month.last)
        columns += [_count(in_month), _sum(in_month, E.attendees)]
    row = session.execute(select(*columns).where(*within)).one()
    rest = [int(v) for v in row[3:]]
    types = ReferenceLists(
        {
            "session_types": tuple(
                ListEntry(code, label)
                for code, label in engagement_reference().session_types.items()
            )
        }
    )
    by_type = session.execute(
        select(E.session_type, func.count(), func.sum(E.attendees))
        .where(*within)
        .group_by(E.session_type)
    )
    by_ward = session.execute(
        select(E.ward, func.count(), func.sum(E.attendees)).where(*within).group_by(E.ward)
    )
    open_, overdue = _follow_ups(session, within, today)
    figures = EngagementFigures(
        sessions=int(row[0]),
        attendees=int(row[1]),
        staff_trained=int(row[2]),
        confidence_change=_confidence_change(session, within),
        follow_ups_open=open_,
        follow_ups_overdue=overdue,
        by_type=_paired(by_type, types, "session_types"),
        by_ward=_paired(by_ward, lists, "wards"),
    )
    return figures, [(rest[i], rest[i + 1]) for i in range(0, len(rest), 2)]


def _paired(
    rows: Iterable[tuple[str, int, int | None]], lists: ReferenceLists, name: str
) -> tuple[Breakdown, ...]:
    """Sessions and attendees by a code, every code of the list kept (zeros too)."""
    attendees: dict[str, int] = {}
    counted = []
    for key, count, people in rows:
        counted.append((key, count))
        attendees[key or ""] = attendees.get(key or "", 0) + int(people or 0)
    return tuple(
        Breakdown(row.key, row.label, row.count, attendees.get(row.key, 0))
        for row in _breakdown(counted, lists, name)
    )


def _confidence_change(session: Session, within: Sequence[ColumnElement[bool]]) -> float | None:
    """Mean answer after minus mean answer before, each weighted by its responses, over the
    questions answered both before and after (a question asked only once says nothing of a
    change)."""
    C = ConfidenceResult
    answered = and_(
        C.before_average.is_not(None),
        C.after_average.is_not(None),
        C.before_responses > 0,
        C.after_responses > 0,
    )
    row = session.execute(
        select(
            func.sum(C.after_average * C.after_responses),
            func.sum(C.after_responses),
            func.sum(C.before_average * C.before_responses),
            func.sum(C.before_responses),
        )
        .join(E, E.id == C.session_id)
        .where(*within, C.deleted_at.is_(None), answered)
    ).one()
    after_total, after_n, before_total, before_n = row
    if not after_n or not before_n or after_total is None or before_total is None:
        return None
    return float(after_total) / float(after_n) - float(before_total) / float(before_n)


def _follow_ups(
    session: Session, within: Sequence[ColumnElement[bool]], today: date
) -> tuple[int, int]:
    F = FollowUp
    row = session.execute(
        select(
            func.count(),
            _count(and_(F.due_on.is_not(None), F.due_on < today)),
        )
        .join(E, E.id == F.session_id)
        .where(*within, F.deleted_at.is_(None), F.done.is_(False))
    ).one()
    return int(row[0]), int(row[1])


def _victims(session: Session, period: Period, ward: str) -> VictimFigures:
    incidents = [
        Incident.deleted_at.is_(None),
        Incident.occurred_at >= period.start,
        Incident.occurred_at < period.end,
    ]
    if ward:
        incidents.append(Incident.ward == ward)
    count = session.execute(select(func.count()).where(*incidents)).scalar_one()
    R = Referral
    query = select(func.count(), _count(R.acknowledged_at.is_not(None))).where(
        R.deleted_at.is_(None), R.sent_at >= period.start, R.sent_at < period.end
    )
    if ward:
        query = _in_ward(query, ward)
    made, acknowledged = session.execute(query).one()
    return VictimFigures(int(count), int(made), int(acknowledged))


def _in_ward(query: Any, ward: str) -> Any:
    """Referrals whose incident, notice or session (by its follow-up) is in ``ward``."""
    R = Referral
    incident, notice, follow_up, held = (
        aliased(Incident),
        aliased(N),
        aliased(FollowUp),
        aliased(E),
    )
    from_ward = func.coalesce(incident.ward, notice.ward, held.ward, literal(""))
    return (
        query.outerjoin(incident, and_(R.from_type == "incidents", incident.id == R.from_id))
        .outerjoin(notice, and_(R.from_type == "notices", notice.id == R.from_id))
        .outerjoin(follow_up, and_(R.from_type == "session_follow_ups", follow_up.id == R.from_id))
        .outerjoin(held, held.id == follow_up.session_id)
        .where(from_ward == ward)
    )
