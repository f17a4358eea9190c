"""A notice's life after issue: every move from every status, who may make it, and when.

The expected table below is written out from the issue's description of the lifecycle, not
read from the service's own TRANSITIONS, so a wrong entry there makes a test fail.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from hfhate.models import FixedPenaltyNotice, NoticeEvent, NoticeStatus, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.errors import PermissionDenied, ValidationFailed
from hfhate.services.notices.lifecycle import (
    Action,
    NotAllowedNow,
    Payment,
    allowed_actions,
    apply_action,
)

S, A = NoticeStatus, Action
Issue = Callable[..., FixedPenaltyNotice]
Counts = Callable[..., dict[str, int]]
# Issued on 12 March 2025: reduced amount until 22 March, no proceedings until 26 March.
LATER = date(2025, 4, 10)
REASON = "Recorded from the case file"
NEEDS_REASON = {
    A.RECEIVE_REPRESENTATION,
    A.ACCEPT_REPRESENTATION,
    A.REJECT_REPRESENTATION,
    A.CANCEL,
    A.REFER_FOR_PROSECUTION,
    A.RECORD_WITHDRAWN,
    A.WRITE_OFF,
}
UNPAID = (S.ISSUED, S.REMINDER_1, S.REMINDER_2)

# (status, action) -> status after; every pair not listed must raise NotAllowedNow.
ALLOWED: dict[tuple[NoticeStatus, Action], NoticeStatus] = {
    **{(s, A.RECORD_PAYMENT): S.PAID for s in (*UNPAID, S.REPRESENTATION_RECEIVED)},
    **{(s, A.RECEIVE_REPRESENTATION): S.REPRESENTATION_RECEIVED for s in UNPAID},
    (S.REPRESENTATION_RECEIVED, A.ACCEPT_REPRESENTATION): S.CANCELLED,
    (S.REPRESENTATION_RECEIVED, A.REJECT_REPRESENTATION): S.ISSUED,  # its status before
    **{(s, A.CANCEL): S.CANCELLED for s in (*UNPAID, S.REPRESENTATION_RECEIVED)},
    (S.ISSUED, A.SEND_REMINDER_1): S.REMINDER_1,
    (S.REMINDER_1, A.SEND_REMINDER_2): S.REMINDER_2,
    **{(s, A.REFER_FOR_PROSECUTION): S.REFERRED_FOR_PROSECUTION for s in UNPAID},
    (S.REFERRED_FOR_PROSECUTION, A.RECORD_CONVICTED): S.CONVICTED,
    (S.REFERRED_FOR_PROSECUTION, A.RECORD_DISMISSED): S.DISMISSED,
    (S.REFERRED_FOR_PROSECUTION, A.RECORD_WITHDRAWN): S.WITHDRAWN,
    **{(s, A.WRITE_OFF): S.WRITTEN_OFF for s in (*UNPAID, S.REFERRED_FOR_PROSECUTION)},
}
# How to bring a freshly issued notice to each status.
PATHS: dict[NoticeStatus, tuple[Action, ...]] = {
    S.ISSUED: (),
    S.PAID: (A.RECORD_PAYMENT,),
    S.REPRESENTATION_RECEIVED: (A.RECEIVE_REPRESENTATION,),
    S.CANCELLED: (A.CANCEL,),
    S.REMINDER_1: (A.SEND_REMINDER_1,),
    S.REMINDER_2: (A.SEND_REMINDER_1, A.SEND_REMINDER_2),
    S.REFERRED_FOR_PROSECUTION: (A.REFER_FOR_PROSECUTION,),
    S.CONVICTED: (A.REFER_FOR_PROSECUTION, A.RECORD_CONVICTED),
    S.DISMISSED: (A.REFER_FOR_PROSECUTION, A.RECORD_DISMISSED),
    S.WITHDRAWN: (A.REFER_FOR_PROSECUTION, A.RECORD_WITHDRAWN),
    S.WRITTEN_OFF: (A.WRITE_OFF,),
}
REFUSED_DETAILS = {
    "identity_method": "refused",
    "recipient_name": "",
    "recipient_date_of_birth": None,
    "recipient_address": "",
    "recipient_postcode": "",
    "identity_document": "",
    "recipient_description": "Man in his thirties, blue tracksuit, beard",
}


def _move(
    session: object, actor: Actor, notice_id: uuid.UUID, action: Action, today: date = LATER
) -> FixedPenaltyNotice:
    payment = Payment(today, 10000, "online", "WP-1001") if action is A.RECORD_PAYMENT else None
    return apply_action(
        session,
        actor,
        notice_id,
        action,  # type: ignore[arg-type]
        reason=REASON if action in NEEDS_REASON else "",
        payment=payment,
        today=today,
    )


def _notice_in(store: Store, issue: Issue, supervisor: Actor, status: NoticeStatus) -> uuid.UUID:
    if status is S.WARNING_GIVEN:
        return issue(warning=True).id
    if status is S.REFERRED_TO_POLICE:
        return issue(**REFUSED_DETAILS).id
    notice = issue()
    with store.session_factory.begin() as session:
        for action in PATHS[status]:
            notice = _move(session, supervisor, notice.id, action)
    assert notice.status is status
    return notice.id


def test_every_status_can_be_reached() -> None:
    assert set(PATHS) | {S.WARNING_GIVEN, S.REFERRED_TO_POLICE} == set(NoticeStatus)


@pytest.mark.parametrize("status", list(NoticeStatus))
def test_every_action_from_every_status(
    store: Store, issue: Issue, supervisor: Actor, status: NoticeStatus
) -> None:
    notice_id = _notice_in(store, issue, supervisor, status)
    outcome: dict[Action, NoticeStatus | str] = {}
    for action in Action:
        with store.session_factory() as session:
            try:
                moved = _move(session, supervisor, notice_id, action)
                outcome[action] = moved.status
                timeline = session.scalars(
                    select(NoticeEvent)
                    .where(NoticeEvent.notice_id == notice_id)
                    .order_by(NoticeEvent.at)
                ).all()
                assert (timeline[-1].action, timeline[-1].status_from, timeline[-1].status_to) == (
                    action.value,
                    status,
                    moved.status,
                )
            except NotAllowedNow as refused:
                outcome[action] = f"refused: {refused}"
            finally:
                session.rollback()
    expected = {a: ALLOWED.get((status, a)) for a in Action}
    got = {a: o if isinstance(o, NoticeStatus) else None for a, o in outcome.items()}
    assert got == expected
    for action, result in outcome.items():
        if isinstance(result, NoticeStatus):
            continue
        if status is S.WARNING_GIVEN:
            assert (
                result == "refused: A warning or a referral to police has no payment or "
                "prosecution."
            )
        else:
            assert (
                result == f"refused: Not possible while the notice is '{status.label.lower()}'."
            ), action


@pytest.mark.parametrize(
    "roles", [(Role.AUTHORISED_OFFICER,), (Role.ENGAGEMENT_OFFICER,), (Role.ADMINISTRATOR,)]
)
def test_only_supervisors_make_any_move(
    store: Store,
    issue: Issue,
    make_actor: Callable[..., Actor],
    roles: tuple[Role, ...],
    officer: Actor,
    count_rows: Counts,
) -> None:
    notice = issue()
    actor = officer if roles == (Role.AUTHORISED_OFFICER,) else make_actor(*roles)
    before = count_rows()
    for action in Action:
        with (
            store.session_factory.begin() as session,
            pytest.raises(PermissionDenied, match="Only a user with the supervisor role can"),
        ):
            _move(session, actor, notice.id, action)
    assert count_rows() == before
    with store.session_factory() as session:
        assert (
            allowed_actions(
                actor,
                session.get(FixedPenaltyNotice, notice.id),  # type: ignore[arg-type]
                LATER,
            )
            == []
        )


@pytest.mark.parametrize("action", sorted(NEEDS_REASON))
def test_moves_that_need_a_reason_refuse_without_one(
    store: Store, issue: Issue, supervisor: Actor, action: Action
) -> None:
    start = {
        A.ACCEPT_REPRESENTATION: S.REPRESENTATION_RECEIVED,
        A.REJECT_REPRESENTATION: S.REPRESENTATION_RECEIVED,
        A.RECORD_WITHDRAWN: S.REFERRED_FOR_PROSECUTION,
    }.get(action, S.ISSUED)
    notice_id = _notice_in(store, issue, supervisor, start)
    for reason in ("", "  ok  "):
        with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as no:
            apply_action(session, supervisor, notice_id, action, reason=reason, today=LATER)
        assert no.value.field_errors == {"reason": "Give the reason."}


def test_moves_without_a_reason_need_none(store: Store, issue: Issue, supervisor: Actor) -> None:
    notice_id = _notice_in(store, issue, supervisor, S.REFERRED_FOR_PROSECUTION)
    with store.session_factory.begin() as session:
        moved = apply_action(session, supervisor, notice_id, A.RECORD_CONVICTED, today=LATER)
    assert moved.status is S.CONVICTED


def test_each_move_writes_an_audit_event_and_two_outbox_entries(
    store: Store, issue: Issue, supervisor: Actor, count_rows: Counts
) -> None:
    notice = issue()
    before = count_rows()
    when = datetime(2025, 3, 30, 10, 0, tzinfo=UTC)
    with store.session_factory.begin() as session:
        moved = apply_action(session, supervisor, notice.id, A.SEND_REMINDER_1, now=when)
        assert (moved.version, moved.status) == (2, S.REMINDER_1)
    assert count_rows(since=before) == {"notices": 0, "events": 1, "audit": 1, "outbox": 2}
    with store.session_factory() as session:
        event = session.scalars(select(NoticeEvent).order_by(NoticeEvent.at.desc())).first()
        assert event is not None
        assert (event.at, event.by_name) == (when, "Super1 Person")


def test_reject_returns_to_the_status_before_the_representation(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    notice_id = _notice_in(store, issue, supervisor, S.REMINDER_2)
    with store.session_factory.begin() as session:
        received = apply_action(
            session,
            supervisor,
            notice_id,
            A.RECEIVE_REPRESENTATION,
            reason="Letter says he was not there",
            today=LATER,
        )
        assert received.status_before_representation is S.REMINDER_2
        rejected = apply_action(
            session,
            supervisor,
            notice_id,
            A.REJECT_REPRESENTATION,
            reason="Body-worn video shows him",
            today=LATER,
        )
    assert (rejected.status, rejected.status_before_representation) == (S.REMINDER_2, None)


def test_the_timeline_keeps_every_move_in_order(
    store: Store, issue: Issue, supervisor: Actor, now: datetime
) -> None:
    notice = issue()
    moves = [
        (A.SEND_REMINDER_1, datetime(2025, 3, 24, 9, 0, tzinfo=UTC)),
        (A.RECEIVE_REPRESENTATION, datetime(2025, 3, 25, 9, 0, tzinfo=UTC)),
        (A.REJECT_REPRESENTATION, datetime(2025, 3, 28, 9, 0, tzinfo=UTC)),
    ]
    with store.session_factory.begin() as session:
        for action, when in moves:
            apply_action(
                session,
                supervisor,
                notice.id,
                action,
                now=when,
                reason=f"Reason for {action.value}",
            )
    with store.session_factory() as session:
        timeline = session.scalars(
            select(NoticeEvent).where(NoticeEvent.notice_id == notice.id).order_by(NoticeEvent.at)
        ).all()
    assert [(e.action, e.status_from, e.status_to, e.reason, e.at) for e in timeline] == [
        ("notice_issued", None, S.ISSUED, "", now),
        ("send_reminder_1", S.ISSUED, S.REMINDER_1, "Reason for send_reminder_1", moves[0][1]),
        (
            "receive_representation",
            S.REMINDER_1,
            S.REPRESENTATION_RECEIVED,
            "Reason for receive_representation",
            moves[1][1],
        ),
        (
            "reject_representation",
            S.REPRESENTATION_RECEIVED,
            S.REMINDER_1,
            "Reason for reject_representation",
            moves[2][1],
        ),
    ]


def test_allowed_actions_follow_the_dates(store: Store, issue: Issue, supervisor: Actor) -> None:
    notice = issue()
    early = [A.RECORD_PAYMENT, A.RECEIVE_REPRESENTATION, A.CANCEL, A.WRITE_OFF]
    assert allowed_actions(supervisor, notice, date(2025, 3, 22)) == early
    assert allowed_actions(supervisor, notice, date(2025, 3, 23)) == [
        A.RECORD_PAYMENT,
        A.RECEIVE_REPRESENTATION,
        A.CANCEL,
        A.SEND_REMINDER_1,
        A.WRITE_OFF,
    ]
    assert allowed_actions(supervisor, notice, date(2025, 3, 27)) == [
        A.RECORD_PAYMENT,
        A.RECEIVE_REPRESENTATION,
        A.CANCEL,
        A.SEND_REMINDER_1,
        A.REFER_FOR_PROSECUTION,
        A.WRITE_OFF,
    ]
