"""Issue 12 point 5: payments as received.

What was actually received is recorded, to the penny: less than due leaves a balance and the
notice unpaid (shown on the detail and asked for on reminder letters), more is recorded with a
refund due, part payments add up, and the reduced amount counts only when the total reached it
within the reduced period. The payment dialog reads pounds and pence exactly; the server
checks a pushed payment the same way.

The notice is issued on 12 March 2025: GBP 60 until 22 March, GBP 100 after.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from hfhate.models import FixedPenaltyNotice, NoticeStatus, Role
from hfhate.models.store import Store
from hfhate.printing.letters_pdf import write_letters
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.errors import ValidationFailed
from hfhate.services.notices import issuing, queries
from hfhate.services.notices import print_queue as printing
from hfhate.services.notices.lifecycle import Action, Payment, apply_action
from hfhate.services.notices.wording import current_wording
from tests.first_hour.pushed import pushed_update_problems
from tests.fixtures.notices import notice_entry

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
LATER = date(2025, 5, 1)


@pytest.fixture
def desk(store: Store, admin: Actor, make_actor: Callable[..., Actor]) -> dict[str, Any]:
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    officer = make_actor(Role.AUTHORISED_OFFICER, username="oliver")
    with store.session_factory.begin() as session:
        notice = issuing.issue_notice(session, officer, notice_entry(NOW), now=NOW)
    return {"supervisor": make_actor(Role.SUPERVISOR, username="sarah"), "notice": notice}


def _pay(
    store: Store, desk: dict[str, Any], paid_on: date, pence: int, today: date = LATER
) -> FixedPenaltyNotice:
    with store.session_factory.begin() as session:
        return apply_action(
            session,
            desk["supervisor"],
            desk["notice"].id,
            Action.RECORD_PAYMENT,
            payment=Payment(paid_on, pence, "online", "WEB-1"),
            today=today,
        )


def test_an_underpayment_leaves_a_balance_and_a_second_payment_clears_it(
    store: Store, desk: dict[str, Any]
) -> None:
    short = _pay(store, desk, date(2025, 3, 14), 5999)  # £59.99 of £60.00
    assert (short.status, short.paid_amount_pence) == (NoticeStatus.ISSUED, 5999)
    from hfhate.services.notices.lifecycle import balance_due, refund_due

    assert balance_due(short, date(2025, 3, 14)) == 1
    paid = _pay(store, desk, date(2025, 3, 20), 1)  # £0.01, still in the reduced period
    assert (paid.status, paid.paid_amount_pence, paid.paid_on) == (
        NoticeStatus.PAID,
        6000,
        date(2025, 3, 20),
    )
    assert refund_due(paid) == 0


def test_an_overpayment_is_recorded_with_a_refund_due(store: Store, desk: dict[str, Any]) -> None:
    paid = _pay(store, desk, date(2025, 4, 2), 100_000)  # £1,000 when £100 was due
    assert (paid.status, paid.paid_amount_pence) == (NoticeStatus.PAID, 100_000)
    from hfhate.services.notices.lifecycle import refund_due

    assert refund_due(paid) == 90_000


def test_the_reduced_amount_counts_only_if_reached_within_its_period(
    store: Store, desk: dict[str, Any]
) -> None:
    _pay(store, desk, date(2025, 3, 17), 3000)
    late = _pay(store, desk, date(2025, 3, 25), 3000)  # £60 in all, but after 22 March
    assert late.status is NoticeStatus.ISSUED
    from hfhate.services.notices.lifecycle import balance_due

    assert balance_due(late, date(2025, 3, 25)) == 4000
    with pytest.raises(ValidationFailed) as refused:
        _pay(store, desk, date(2025, 3, 20), 4000)  # before the last payment recorded
    assert "before the last payment" in refused.value.field_errors["paid_on"]
    assert _pay(store, desk, date(2025, 4, 1), 4000).status is NoticeStatus.PAID


def _server_answer(notice: FixedPenaltyNotice, actor: Actor, changes: dict[str, Any]) -> str:
    problems = pushed_update_problems(notice, actor, changes, datetime(2025, 5, 1, 12, tzinfo=UTC))
    return " ".join(problems.values())


def test_the_server_checks_payments_as_received(store: Store, desk: dict[str, Any]) -> None:
    notice, supervisor = desk["notice"], desk["supervisor"]
    overpaid = {
        "status": NoticeStatus.PAID,
        "paid_on": date(2025, 3, 14),
        "paid_amount_pence": 10000,
    }
    assert _server_answer(notice, supervisor, overpaid) == ""
    part = {"paid_on": date(2025, 3, 14), "paid_amount_pence": 3000}
    assert _server_answer(notice, supervisor, part) == ""
    short_but_paid = {
        "status": NoticeStatus.PAID,
        "paid_on": date(2025, 3, 14),
        "paid_amount_pence": 5999,
    }
    assert "reach the amount due" in _server_answer(notice, supervisor, short_but_paid)


def test_the_balance_is_on_the_detail_and_on_the_reminder_letter(
    store: Store, desk: dict[str, Any], tmp_path: Path, qtbot: Any
) -> None:
    from hfhate.ui.notices.detail_fields import money_rows

    _pay(store, desk, date(2025, 3, 25), 3000)
    with store.session_factory() as session:
        view = queries.read_notice(session, desk["supervisor"], desk["notice"].id, audited=False)
        rows = {key: text for key, _label, text in money_rows(view)}
        letters, skipped = printing.prepare_reminder_letters(
            session,
            desk["supervisor"],
            [desk["notice"].id],
            1,
            now=datetime(2025, 4, 1, 10, tzinfo=UTC),
        )
        wording = current_wording(session)
    assert rows["paid"].startswith("£30.00 on 25 Mar 2025")
    assert rows["balance"] == "£70.00"
    assert skipped == []
    out = tmp_path / "letter.pdf"
    write_letters(out, letters, wording)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "We have received £30.00 towards this notice" in text
    assert "Amount to pay: £70.00 by 15 April 2025" in text


def test_the_payment_dialog_takes_pounds_and_pence_exactly(
    store: Store, desk: dict[str, Any], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QDate

    from hfhate.ui.context import Changes, UiContext
    from hfhate.ui.notices.actions import PaymentDialog, parse_pounds

    assert [parse_pounds(t) for t in ("59.99", "£1,000", "0.01", " £ 60 ")] == [
        5999,
        100_000,
        1,
        6000,
    ]
    assert [parse_pounds(t) for t in ("abc", "1,00", "-5", "12.345", "")] == [None] * 5

    ctx = UiContext(
        session_factory=store.session_factory,
        actor=desk["supervisor"],
        paths=store.paths,
        store_key=store.key,
        demo=False,
        changes=Changes(),
    )
    dialog = PaymentDialog(ctx, desk["notice"])
    qtbot.addWidget(dialog)
    dialog.paid_on.setDate(QDate(2025, 3, 14))
    dialog.amount.setText("abc")
    dialog.method.setCurrentIndex(dialog.method.findData("online"))
    dialog.reference.setText("CARD-77")
    dialog.save_button.click()
    error = dialog.rows.labels["amount"]
    assert not error.isHidden() and "pounds and pence" in error.text()
    assert dialog.recorded is None

    dialog.amount.setText("£59.99")
    dialog.save_button.click()
    assert dialog.recorded is not None and dialog.recorded.amount_pence == 5999
    with store.session_factory() as session:
        stored = session.get_one(FixedPenaltyNotice, desk["notice"].id)
    assert (stored.status, stored.paid_amount_pence) == (NoticeStatus.ISSUED, 5999)
