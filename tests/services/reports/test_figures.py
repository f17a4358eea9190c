"""The dashboard's figures, each against a small fixture counted by hand.

The period is March and April 2025, which holds the spring clock change (30 March): a notice
issued at 00:30 on 1 April in summer time (23:30 UTC on 31 March) is April's, one issued at
23:30 UTC on 30 April (00:30 on 1 May) is not. A second fixture sits either side of a year end.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hfhate.models import NoticeStatus, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.errors import PermissionDenied
from hfhate.services.reports.figures import DashboardFigures, NoticeFigures, dashboard_figures
from hfhate.services.reports.period import Period
from tests.fixtures.report_rows import Rows

S = NoticeStatus
SPRING = Period(date(2025, 3, 1), date(2025, 4, 30))
TODAY = date(2025, 5, 10)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def supervisor(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.SUPERVISOR, username="sunita")


@pytest.fixture
def spring(store: Store, admin: Actor) -> None:
    """The records of the spring fixture (comments: what each adds to the figures)."""
    with store.session_factory.begin() as session:
        add = Rows(session, admin)
        # Warnings and notices issued in the period.
        add.warning(at(2025, 3, 1, 0, 10), prohibition="following")  # Grove, misogyny
        add.warning(
            at(2025, 4, 30, 22, 30),  # 23:30 on 30 April in London
            ward="Addison",
            prohibition="whistling_catcalling",
            hostilities=("race",),
        )
        add.notice(at(2025, 3, 3, 10), status=S.PAID, paid_pence=10000)  # paid in full
        add.notice(
            at(2025, 3, 10, 10),
            status=S.PAID,
            paid_pence=6000,  # the reduced amount
            prohibition="slurs",
            hostilities=("homophobic", "transphobic"),
        )
        add.notice(
            at(2025, 3, 20, 10),
            status=S.CANCELLED,
            ward="Addison",
            prohibition="slurs",
            hostilities=("transphobic",),
        )
        add.notice(
            at(2025, 3, 31, 23, 30), ward="Addison", hostilities=("race",)
        )  # 00:30 BST 1 April: April, issued (unpaid)
        add.notice(at(2025, 4, 15, 9), status=S.REMINDER_2, hostilities=())  # unpaid, none
        add.notice(at(2025, 4, 20, 9), status=S.CONVICTED, ward="Sands End", prohibition="flashing")
        add.notice(
            at(2025, 4, 29, 22, 59),
            status=S.REFERRED_TO_POLICE,
            prohibition="persistent_questioning",
        )
        add.notice(  # erased under the retention schedule: still issued in March
            at(2025, 3, 5, 12),
            status=S.DISMISSED,
            ward="Sands End",
            prohibition="flashing",
            hostilities=("religion",),
            erased_at=at(2025, 4, 1),
        )
        # Not in the period, or deleted.
        add.notice(at(2025, 2, 28, 23, 30), status=S.PAID, paid_pence=10000)  # February
        add.notice(at(2025, 4, 30, 23, 30))  # 00:30 on 1 May in London
        add.notice(at(2025, 3, 12, 10), deleted_at=at(2025, 3, 13))

        # Sessions on London dates, with confidence results and follow-ups.
        school = add.session_held(date(2025, 3, 5), "school_programme", "Grove", 30)
        staff = add.session_held(date(2025, 3, 31), "staff_training", "Addison", 12)
        special = add.session_held(date(2025, 4, 1), "specialised_training", "Grove", 8)
        add.session_held(date(2025, 4, 30), "community_event", "Sands End", 50)
        before = add.session_held(date(2025, 2, 28), "staff_training", "Grove", 20)
        add.session_held(date(2025, 5, 1), "staff_training", "Grove", 10)
        add.session_held(
            date(2025, 4, 10), "staff_training", "Grove", 99, deleted_at=at(2025, 4, 11)
        )
        add.confidence(school, (2.0, 10), (4.0, 10))
        add.confidence(staff, (3.0, 30), (3.5, 30))
        add.confidence(special, (1.0, 5), None)  # asked before only: says nothing of a change
        add.confidence(before, (1.0, 10), (5.0, 10))  # February's session
        add.follow_up(school, date(2025, 5, 1))  # open and overdue on 10 May
        add.follow_up(school, date(2025, 6, 1))  # open, not yet due
        add.follow_up(school, date(2025, 4, 1), done=True, done_on=date(2025, 4, 1))
        add.follow_up(school, date(2025, 4, 1), deleted_at=at(2025, 4, 2))
        add.follow_up(staff, None)  # open, no date
        add.follow_up(before, date(2025, 3, 1))  # February's session

        # Incidents and referrals.
        grove = add.incident(at(2025, 3, 15, 18))
        add.incident(at(2025, 3, 31, 23, 30), ward="Addison")  # April in London
        add.incident(at(2025, 2, 28, 23, 30))  # February
        add.incident(at(2025, 3, 20, 12), deleted_at=at(2025, 3, 21))
        addison_notice = add.notice(at(2025, 2, 20, 9), ward="Addison")  # February
        disclosure = add.follow_up(before, None, done=True)
        add.referral(
            "incidents", grove.id, sent_at=at(2025, 3, 16), acknowledged_at=at(2025, 3, 20)
        )
        add.referral("notices", addison_notice.id, sent_at=at(2025, 4, 2))
        add.referral(
            "session_follow_ups",
            disclosure.id,
            sent_at=at(2025, 4, 5),
            acknowledged_at=at(2025, 5, 5),  # after the period: still acknowledged
        )
        add.referral("incidents", grove.id, sent_at=None)  # drafted, not sent
        add.referral("incidents", grove.id, sent_at=at(2025, 2, 20))  # sent in February


def figures(
    store: Store, actor: Actor, period: Period = SPRING, ward: str = ""
) -> DashboardFigures:
    with store.session_factory.begin() as session:
        return dashboard_figures(session, actor, period, ward=ward, today=TODAY)


def counts(rows: tuple) -> dict[str, int]:  # type: ignore[type-arg]
    return {row.key: row.count for row in rows if row.count}


def test_notices_are_counted_by_what_became_of_them(
    store: Store, spring: None, supervisor: Actor
) -> None:
    shown = figures(store, supervisor)

    assert shown.notices == NoticeFigures(
        warnings_issued=2,
        notices_issued=8,
        paid_full=1,
        paid_reduced=1,
        cancelled=1,
        unpaid=2,
        referred_to_police=1,
        prosecuted=2,
    )
    assert shown.notices.payment_rate == pytest.approx(2 / 7)


def test_breakdowns_by_ward_prohibition_and_hostility(
    store: Store, spring: None, supervisor: Actor
) -> None:
    shown = figures(store, supervisor)

    assert len(shown.by_ward) == 21
    assert counts(shown.by_ward) == {"Grove": 5, "Addison": 3, "Sands End": 2}
    assert counts(shown.by_prohibition) == {
        "following": 4,
        "slurs": 2,
        "flashing": 2,
        "whistling_catcalling": 1,
        "persistent_questioning": 1,
    }
    assert shown.by_prohibition[0].label == "Unwanted sexualised comments"
    assert counts(shown.by_hostility) == {
        "misogyny": 4,
        "homophobic": 1,
        "transphobic": 2,
        "race": 2,
        "religion": 1,
        "": 1,
    }
    labels = {row.key: row.label for row in shown.by_hostility}
    assert labels["transphobic"] == "Transphobic"
    assert labels[""] == "Not recorded"


def test_engagement_figures(store: Store, spring: None, supervisor: Actor) -> None:
    shown = figures(store, supervisor).engagement

    assert (shown.sessions, shown.attendees, shown.staff_trained) == (4, 100, 20)
    # Before: (2 x 10 + 3 x 30) / 40 = 2.75; after: (4 x 10 + 3.5 x 30) / 40 = 3.625.
    assert shown.confidence_change == pytest.approx(0.875)
    assert (shown.follow_ups_open, shown.follow_ups_overdue) == (3, 1)
    by_type = {row.key: (row.count, row.second) for row in shown.by_type}
    assert by_type == {
        "school_programme": (1, 30),
        "bystander_training": (0, 0),
        "staff_training": (1, 12),
        "specialised_training": (1, 8),
        "community_event": (1, 50),
        "partner_meeting": (0, 0),
    }
    assert shown.by_type[0].label == "School education programme"
    by_ward = {row.key: (row.count, row.second) for row in shown.by_ward if row.count}
    assert by_ward == {"Grove": (2, 38), "Addison": (1, 12), "Sands End": (1, 50)}


def test_victims_figures(store: Store, spring: None, supervisor: Actor) -> None:
    shown = figures(store, supervisor).victims

    assert (shown.incidents, shown.referrals_made, shown.referrals_acknowledged) == (2, 3, 2)


def test_months_follow_london_dates_across_the_clock_change(
    store: Store, spring: None, supervisor: Actor
) -> None:
    months = figures(store, supervisor).months

    assert [m.month.label for m in months] == ["March 2025", "April 2025"]
    assert [(m.warnings, m.notices, m.sessions, m.attendees) for m in months] == [
        (1, 4, 2, 42),
        (1, 4, 2, 58),
    ]


def test_a_ward_narrows_every_figure(store: Store, spring: None, supervisor: Actor) -> None:
    shown = figures(store, supervisor, ward="Grove")

    assert shown.ward == "Grove"
    assert shown.notices == NoticeFigures(1, 4, 1, 1, 0, 1, 1, 0)
    assert counts(shown.by_ward) == {"Grove": 5}
    assert counts(shown.by_hostility) == {"misogyny": 3, "homophobic": 1, "transphobic": 1, "": 1}
    engagement = shown.engagement
    assert (engagement.sessions, engagement.attendees, engagement.staff_trained) == (2, 38, 8)
    assert engagement.confidence_change == pytest.approx(2.0)
    assert (engagement.follow_ups_open, engagement.follow_ups_overdue) == (2, 1)
    # The referral from the Addison notice is left out; the disclosure's session is in Grove.
    victims = shown.victims
    assert (victims.incidents, victims.referrals_made, victims.referrals_acknowledged) == (1, 2, 2)
    assert [(m.warnings, m.notices) for m in shown.months] == [(1, 2), (0, 2)]


def test_an_empty_period_has_no_payment_rate_or_confidence_change(
    store: Store, spring: None, supervisor: Actor
) -> None:
    shown = figures(store, supervisor, Period.month(2024, 6))

    assert shown.notices == NoticeFigures(0, 0, 0, 0, 0, 0, 0, 0)
    assert shown.notices.payment_rate is None
    assert shown.engagement.confidence_change is None
    assert all(row.count == 0 for row in shown.by_ward)


def test_a_year_end_splits_at_london_midnight(
    store: Store, admin: Actor, supervisor: Actor
) -> None:
    with store.session_factory.begin() as session:
        add = Rows(session, admin)
        add.notice(at(2025, 12, 31, 23, 59), ward="Wormholt")  # GMT: London is UTC
        add.notice(at(2026, 1, 1, 0, 0), ward="Wormholt")
        add.warning(at(2026, 1, 1, 0, 30), ward="Wormholt")
        add.session_held(date(2025, 12, 31), "community_event", "Wormholt", 40)
        add.session_held(date(2026, 1, 1), "community_event", "Wormholt", 25)

    old, new = (
        figures(store, supervisor, Period.year(2025)),
        figures(store, supervisor, Period.year(2026)),
    )
    assert (old.notices.notices_issued, old.notices.warnings_issued) == (1, 0)
    assert (new.notices.notices_issued, new.notices.warnings_issued) == (1, 1)
    assert (old.engagement.attendees, new.engagement.attendees) == (40, 25)
    assert len(old.months) == 12
    assert (old.months[-1].notices, old.months[-1].attendees) == (1, 40)
    assert (new.months[0].notices, new.months[0].warnings) == (1, 1)

    winter = figures(store, supervisor, Period(date(2025, 12, 15), date(2026, 1, 15)))
    assert [m.month.label for m in winter.months] == [
        "15 December 2025 to 31 December 2025",
        "1 January 2026 to 15 January 2026",
    ]
    assert [(m.notices, m.warnings, m.sessions) for m in winter.months] == [(1, 0, 1), (1, 1, 1)]


def test_an_officer_is_refused(store: Store, spring: None, make_actor) -> None:  # type: ignore[no-untyped-def]
    officer = make_actor(Role.AUTHORISED_OFFICER, username="olu")
    with pytest.raises(PermissionDenied, match="supervisor"):
        figures(store, officer)
