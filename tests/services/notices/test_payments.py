"""Payments and the dates in a notice's life: the amount due on the day, reminders, prosecution.

The notice is issued on 12 March 2025: GBP 60 until 22 March, GBP 100 after; no proceedings
until 26 March.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from hfhate.models import FixedPenaltyNotice, NoticeEvent, NoticeStatus
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.errors import ValidationFailed
from hfhate.services.notices.lifecycle import (
    Action,
    NotAllowedNow,
    Payment,
    amount_due,
    apply_action,
)

Issue = Callable[..., FixedPenaltyNotice]
REDUCED_LAST_DAY = date(2025, 3, 22)


def _act(
    store: Store,
    supervisor: Actor,
    notice: FixedPenaltyNotice,
    action: Action,
    today: date,
    *,
    reason: str = "",
    payment: Payment | None = None,
) -> FixedPenaltyNotice:
    """Take ``action`` on ``notice`` on the day ``today``, in a transaction of its own."""
    with store.session_factory.begin() as session:
        return apply_action(
            session, supervisor, notice.id, action, reason=reason, payment=payment, today=today
        )


def _pay(
    store: Store,
    supervisor: Actor,
    notice: FixedPenaltyNotice,
    payment: Payment | None,
    today: date,
) -> FixedPenaltyNotice:
    return _act(store, supervisor, notice, Action.RECORD_PAYMENT, today, payment=payment)


def _refused(
    store: Store,
    supervisor: Actor,
    notice: FixedPenaltyNotice,
    payment: Payment | None,
    today: date,
) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        _pay(store, supervisor, notice, payment, today)
    return refused.value.field_errors


def test_amount_due_is_reduced_until_the_last_reduced_day(issue: Issue) -> None:
    notice = issue()
    assert amount_due(notice, date(2025, 3, 12)) == 6000
    assert amount_due(notice, REDUCED_LAST_DAY) == 6000
    assert amount_due(notice, date(2025, 3, 23)) == 10000
    assert amount_due(issue(warning=True), REDUCED_LAST_DAY) is None


@pytest.mark.parametrize(
    ("paid_on", "amount"),
    [
        (date(2025, 3, 12), 6000),
        (REDUCED_LAST_DAY, 6000),
        (date(2025, 3, 23), 10000),
        (date(2025, 5, 1), 10000),
    ],
)
def test_the_amount_due_on_the_day_is_accepted(
    store: Store, issue: Issue, supervisor: Actor, paid_on: date, amount: int
) -> None:
    paid = _pay(
        store,
        supervisor,
        issue(),
        Payment(paid_on, amount, "phone", " CP-778 "),
        today=date(2025, 5, 1),
    )
    assert (paid.status, paid.paid_on, paid.paid_amount_pence) == (
        NoticeStatus.PAID,
        paid_on,
        amount,
    )
    with store.session_factory() as session:
        event = session.scalars(
            select(NoticeEvent).where(NoticeEvent.action == "record_payment")
        ).one()
    assert event.details == {
        "paid_on": paid_on.isoformat(),
        "amount_pence": amount,
        "method": "phone",
        "reference": "CP-778",
    }


@pytest.mark.parametrize(
    ("paid_on", "pence", "status"),
    [
        # More than the reduced amount: paid, the difference to refund (issue 12 point 5).
        (REDUCED_LAST_DAY, 10000, NoticeStatus.PAID),
        # The reduced amount after its period: recorded, a balance of £40.00 left.
        (date(2025, 3, 23), 6000, NoticeStatus.ISSUED),
    ],
)
def test_a_different_amount_is_recorded_as_received(
    store: Store, issue: Issue, supervisor: Actor, paid_on: date, pence: int, status: NoticeStatus
) -> None:
    payment = Payment(paid_on, pence, "online", "A1")
    paid = _pay(store, supervisor, issue(), payment, date(2025, 4, 1))
    assert (paid.status, paid.paid_amount_pence) == (status, pence)


@pytest.mark.parametrize(
    ("pence", "message"),
    [
        (0, "Enter the amount received, more than £0.00."),
        (
            1_000_001,
            "£10,000.01 is more than one notice could take (£10,000.00 at most): check the amount.",
        ),
    ],
)
def test_nothing_or_a_typing_slip_is_refused(
    store: Store, issue: Issue, supervisor: Actor, pence: int, message: str
) -> None:
    payment = Payment(REDUCED_LAST_DAY, pence, "online", "A1")
    assert _refused(store, supervisor, issue(), payment, date(2025, 4, 1)) == {"amount": message}


@pytest.mark.parametrize(
    ("paid_on", "message"),
    [
        (date(2025, 3, 16), "The payment date cannot be in the future."),
        (date(2025, 3, 11), "The payment date cannot be before the notice was issued."),
    ],
)
def test_payment_dates_must_be_between_issue_and_today(
    store: Store, issue: Issue, supervisor: Actor, paid_on: date, message: str
) -> None:
    payment = Payment(paid_on, 6000, "online", "A1")
    assert _refused(store, supervisor, issue(), payment, date(2025, 3, 15)) == {"paid_on": message}


def test_payment_method_and_reference_are_needed(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    notice = issue()
    payment = Payment(date(2025, 3, 14), 6000, "bitcoin", "  ")
    assert _refused(store, supervisor, notice, payment, date(2025, 3, 15)) == {
        "method": "Choose how it was paid.",
        "payment_reference": "Enter the payment reference.",
    }
    assert _refused(store, supervisor, notice, None, date(2025, 3, 15)) == {
        "paid_on": "Enter the payment."
    }
    with store.session_factory() as session:
        assert session.get(FixedPenaltyNotice, notice.id).status is NoticeStatus.ISSUED  # type: ignore[union-attr]


def test_a_payment_during_a_representation_is_accepted(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    notice = issue()
    reason = "Says it was a misunderstanding"
    _act(store, supervisor, notice, Action.RECEIVE_REPRESENTATION, date(2025, 3, 14), reason=reason)
    payment = Payment(date(2025, 3, 20), 6000, "post", "CHQ 12")
    assert _pay(store, supervisor, notice, payment, date(2025, 3, 20)).status is NoticeStatus.PAID


def test_prosecution_only_after_the_no_proceedings_period(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    notice = issue()
    refer, reason = Action.REFER_FOR_PROSECUTION, "Unpaid after reminders"
    with pytest.raises(NotAllowedNow) as early:
        _act(store, supervisor, notice, refer, date(2025, 3, 26), reason=reason)
    assert str(early.value) == "No proceedings may be taken until after 26 March 2025."
    referred = _act(store, supervisor, notice, refer, date(2025, 3, 27), reason=reason)
    assert referred.status is NoticeStatus.REFERRED_FOR_PROSECUTION


def test_first_reminder_only_after_the_reduced_period(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    notice = issue()
    with pytest.raises(NotAllowedNow) as early:
        _act(store, supervisor, notice, Action.SEND_REMINDER_1, REDUCED_LAST_DAY)
    assert str(early.value) == "The reduced-payment period runs until 22 March 2025."
    reminded = _act(store, supervisor, notice, Action.SEND_REMINDER_1, date(2025, 3, 23))
    assert reminded.status is NoticeStatus.REMINDER_1


def test_a_paid_notice_takes_no_second_payment(
    store: Store, issue: Issue, supervisor: Actor
) -> None:
    notice = issue()
    first = Payment(date(2025, 3, 13), 6000, "online", "A1")
    second = Payment(date(2025, 3, 14), 6000, "online", "A2")
    _pay(store, supervisor, notice, first, date(2025, 3, 13))
    with pytest.raises(NotAllowedNow, match="Not possible while the notice is 'paid'"):
        _pay(store, supervisor, notice, second, date(2025, 3, 14))
