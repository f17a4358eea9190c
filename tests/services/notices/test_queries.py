"""Finding notices: who sees what, search, filters, sorting, paging, due actions, earlier warnings.

A small set of notices with known values is issued by two officers; each test asks the
query services and compares the exact notices returned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, FixedPenaltyNotice, NoticeKind, NoticeStatus, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.errors import PermissionDenied
from hfhate.services.notices import issuing as notices
from hfhate.services.notices.lifecycle import Action, Payment, apply_action
from hfhate.services.notices.numbering import InvalidNoticeNumber
from hfhate.services.notices.queries import (
    NoticeFilter,
    count_notices,
    due_actions,
    earlier_warnings,
    list_notices,
)

Issue = Callable[..., FixedPenaltyNotice]
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@dataclass
class Book:
    """The notices of the tests, by a short name."""

    a: FixedPenaltyNotice  # officer, Ravenscourt, misogyny, 1 March
    b: FixedPenaltyNotice  # officer, Grove, homophobic, following, 5 March
    c: FixedPenaltyNotice  # other officer, Ravenscourt, race, 10 March, reminder 1
    d: FixedPenaltyNotice  # other officer, Sands End, 30 June 23:30 UTC (1 July in London)
    w: FixedPenaltyNotice  # officer's warning to Kevin Example


@pytest.fixture
def book(
    store: Store, issue: Issue, officer: Actor, other_officer: Actor, supervisor: Actor
) -> Book:
    a = issue(now=T0, offence_at=T0 - timedelta(minutes=5))
    b = issue(
        now=T0 + timedelta(days=4),
        offence_at=T0 + timedelta(days=4),
        ward="Grove",
        hostilities=("homophobic",),
        prohibition="following",
        recipient_name="Ann Other",
        postcode="W12 0AA",
        recipient_postcode="SW6 2BB",
    )
    c = issue(
        other_officer,
        now=T0 + timedelta(days=9),
        offence_at=T0 + timedelta(days=9),
        hostilities=("race", "religion"),
        recipient_name="Kev Examples",
    )
    late = datetime(2025, 6, 30, 23, 30, tzinfo=UTC)
    d = issue(
        other_officer, now=late, offence_at=late, ward="Sands End", recipient_name="Dora Late"
    )
    w = issue(warning=True, now=T0 - timedelta(days=20), offence_at=T0 - timedelta(days=20))
    with store.session_factory.begin() as session:
        apply_action(session, supervisor, c.id, Action.SEND_REMINDER_1, today=date(2025, 4, 1))
    return Book(a, b, c, d, w)


def _numbers(store: Store, actor: Actor, flt: NoticeFilter, **kwargs: object) -> list[str]:
    with store.session_factory() as session:
        found = list_notices(session, actor, flt, **kwargs)  # type: ignore[arg-type]
        assert count_notices(session, actor, flt) == len(found) or "limit" in kwargs
    return [n.number or n.recipient_name for n in found]


def _n(*notices_: FixedPenaltyNotice) -> list[str]:
    return [n.number or n.recipient_name for n in notices_]


def test_officers_see_their_own_and_supervisors_everyones(
    store: Store, book: Book, officer: Actor, other_officer: Actor, supervisor: Actor
) -> None:
    everything = NoticeFilter()
    assert _numbers(store, officer, everything) == _n(book.b, book.a)
    assert _numbers(store, other_officer, everything) == _n(book.d, book.c)
    assert _numbers(store, supervisor, everything) == _n(book.d, book.c, book.b, book.a)
    warnings = NoticeFilter(kind=NoticeKind.WARNING)
    assert _numbers(store, officer, warnings) == ["Kevin Example"]
    assert _numbers(store, other_officer, warnings) == []


def test_engagement_officers_see_no_notices(
    store: Store, book: Book, make_actor: Callable[..., Actor]
) -> None:
    engagement = make_actor(Role.ENGAGEMENT_OFFICER)
    with store.session_factory() as session:
        for look in (
            lambda: count_notices(session, engagement, NoticeFilter()),
            lambda: list_notices(session, engagement, NoticeFilter()),
            lambda: earlier_warnings(session, engagement, "Kevin Example"),
            lambda: notices.visible_notice(session, engagement, book.a.id),
        ):
            with pytest.raises(PermissionDenied):
                look()


def test_opening_another_officers_notice_is_refused_and_viewing_is_audited(
    store: Store, book: Book, officer: Actor, supervisor: Actor
) -> None:
    with store.session_factory.begin() as session:
        with pytest.raises(PermissionDenied, match="only the notices and warnings you issued"):
            notices.open_notice(session, officer, book.c.id)
        assert notices.open_notice(session, supervisor, book.c.id).number == book.c.number
    with store.session_factory() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event is not None
    assert (event.action, event.record_id, event.username) == ("notice_viewed", book.c.id, "super1")


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (NoticeFilter(statuses=frozenset({NoticeStatus.REMINDER_1})), "c"),
        (NoticeFilter(statuses=frozenset({NoticeStatus.ISSUED, NoticeStatus.PAID})), "dba"),
        (NoticeFilter(ward="Ravenscourt"), "ca"),
        (NoticeFilter(ward="Ravenscourt", statuses=frozenset({NoticeStatus.ISSUED})), "a"),
        (NoticeFilter(date_from=date(2025, 3, 5), date_to=date(2025, 3, 10)), "cb"),
        (NoticeFilter(date_to=date(2025, 3, 4)), "a"),
        (NoticeFilter(date_from=date(2025, 7, 1)), "d"),
        (NoticeFilter(date_to=date(2025, 6, 30)), "cba"),
        (NoticeFilter(hostility="race"), "c"),
        (NoticeFilter(hostility="religion"), "c"),
        (NoticeFilter(hostility="misogyny"), "da"),
        (NoticeFilter(prohibition="following"), "b"),
        (NoticeFilter(text="kev"), "ca"),
        (NoticeFilter(text="KEVIN example"), "a"),
        (NoticeFilter(text="50%_off"), ""),
        (NoticeFilter(text="sw62bb"), "b"),
        (NoticeFilter(text="w12 0aa"), "b"),
        (NoticeFilter(text="W12 8QQ"), "dca"),
    ],
)
def test_filters_and_search(
    store: Store, book: Book, supervisor: Actor, flt: NoticeFilter, expected: str
) -> None:
    assert _numbers(store, supervisor, flt) == _n(*(getattr(book, k) for k in expected))


def test_filter_by_officer(
    store: Store, book: Book, supervisor: Actor, other_officer: Actor
) -> None:
    flt = NoticeFilter(officer_id=other_officer.user_id)
    assert _numbers(store, supervisor, flt) == _n(book.d, book.c)


def test_search_by_number_in_any_typing(store: Store, book: Book, supervisor: Actor) -> None:
    assert book.b.number == "HF-042-000002-6"
    assert _numbers(store, supervisor, NoticeFilter(text=" hf 042 000002 6")) == _n(book.b)
    with pytest.raises(InvalidNoticeNumber, match="The check digit does not match"):
        _numbers(store, supervisor, NoticeFilter(text="HF-042-000002-5"))
    with pytest.raises(InvalidNoticeNumber, match="HF, 3 digits, 6 digits"):
        _numbers(store, supervisor, NoticeFilter(text="HF-42-2"))


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        ("recipient_name", False, "bdca"),
        ("recipient_name", True, "acdb"),
        ("number", False, "abcd"),
        ("ward", False, "bacd"),  # a and c share Ravenscourt: ties go by id
        ("offence_at", False, "abcd"),
        ("no_such_column", True, "dcba"),
    ],
)
def test_sorting(
    store: Store, book: Book, supervisor: Actor, sort: str, descending: bool, expected: str
) -> None:
    found = _numbers(store, supervisor, NoticeFilter(), sort=sort, descending=descending)
    assert found == _n(*(getattr(book, k) for k in expected))


def test_pages_never_overlap_even_when_sort_values_tie(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    issued = [issue(now=T0, offence_at=T0 - timedelta(hours=1)).number for _ in range(23)]
    pages: list[str] = []
    for offset in range(0, 30, 10):
        page = _numbers(store, supervisor, NoticeFilter(), offset=offset, limit=10)
        assert len(page) == min(10, 23 - offset)
        pages += page
    assert sorted(pages) == sorted(issued) and len(set(pages)) == 23
    assert pages == sorted(issued, reverse=True)  # same time: newest id (last issued) first


def test_due_actions_say_why(store: Store, issue: Issue, supervisor: Actor, officer: Actor) -> None:
    today = date(2025, 4, 1)

    def at(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 11, 0, tzinfo=UTC)

    long_unpaid = issue(now=at(date(2025, 3, 1)), offence_at=at(date(2025, 3, 1)))
    reduced_over = issue(now=at(date(2025, 3, 20)), offence_at=at(date(2025, 3, 20)))
    recent = issue(now=at(date(2025, 3, 25)), offence_at=at(date(2025, 3, 25)))
    awaiting = issue(now=at(date(2025, 3, 26)), offence_at=at(date(2025, 3, 26)))
    paid = issue(now=at(date(2025, 3, 2)), offence_at=at(date(2025, 3, 2)))
    with store.session_factory.begin() as session:
        apply_action(
            session,
            supervisor,
            awaiting.id,
            Action.RECEIVE_REPRESENTATION,
            reason="Letter from solicitor",
            today=today,
        )
        apply_action(
            session,
            supervisor,
            paid.id,
            Action.RECORD_PAYMENT,
            today=today,
            payment=Payment(date(2025, 3, 3), 6000, "online", "P-1"),
        )
        due = due_actions(session, supervisor, today)
        assert [(d.notice.number, d.why) for d in due] == [
            (long_unpaid.number, "Unpaid; proceedings possible since 15 Mar 2025"),
            (reduced_over.number, "Reduced-payment period over; unpaid"),
            (awaiting.number, "Representation waiting for a decision"),
        ]
        assert recent.number not in [d.notice.number for d in due]
        with pytest.raises(PermissionDenied):
            due_actions(session, officer, today)


def test_earlier_warnings_match_whole_names_and_are_audited(
    store: Store, book: Book, other_officer: Actor
) -> None:
    with store.session_factory.begin() as session:
        found = earlier_warnings(session, other_officer, "  kevin   EXAMPLE ")
        assert [(w.id, w.kind) for w in found] == [(book.w.id, NoticeKind.WARNING)]
        assert earlier_warnings(session, other_officer, "Kevin") == []
        assert earlier_warnings(session, other_officer, "Ke") == []
    with store.session_factory() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "earlier_warnings_looked_up")
            .order_by(AuditEvent.seq)
        ).all()
    assert [(e.username, e.details) for e in events] == [
        ("officer2", {"found": 1}),
        ("officer2", {"found": 0}),
    ]
