"""A supervisor's moves from a notice's detail, with the real dialogs: payments (amount due on
the date, errors beside the fields), reasons, confirmations, moves held back by the 14 days,
a move made elsewhere meanwhile, and amendments that keep the original on the timeline."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from hfhate.clock import london_date
from hfhate.models import NoticeStatus, utc_now
from hfhate.services.notices.lifecycle import Action, Payment
from hfhate.services.postcodes import NOT_A_POSTCODE
from hfhate.ui.notices.actions import AMOUNT_FORMAT, PaymentDialog, ReasonDialog, parse_pounds
from hfhate.ui.notices.amend_dialog import DATE_PROBLEM, AmendmentDialog


def qdate(day):  # type: ignore[no-untyped-def]
    return QDate(day.year, day.month, day.day)


def choose_method(ui, dialog: PaymentDialog, text: str) -> None:  # type: ignore[no-untyped-def]
    dialog.method.setFocus()
    ui.qtbot.keyClicks(dialog.method, text.split(" ")[0])
    assert dialog.method.currentText() == text


def last_entry(detail) -> list[str]:  # type: ignore[no-untyped-def]
    model = detail.timeline_model
    return [model.index(model.rowCount() - 1, c).data() for c in range(1, 5)]


def test_recording_the_reduced_amount_within_ten_days(ui, open_detail, desk):
    notice = desk.issue(days_ago=3)
    detail = open_detail(desk.supervisor, notice)
    list_page = detail.parent().parent()
    today = london_date(utc_now())

    def fill(dialog: PaymentDialog) -> None:
        assert dialog.paid_on.date() == qdate(today)
        assert dialog.amount.text() == "60.00"
        choose_method(ui, dialog, "Online")
        ui.type_into(dialog.reference, "WP-88123")
        ui.click(dialog.save_button)

    run = ui.click_and_drive(
        detail.actions_panel.buttons[Action.RECORD_PAYMENT], PaymentDialog, fill
    )
    assert not run.left_open, "the payment dialog stayed open after a valid payment"

    stored = desk.notice(notice)
    assert (stored.status, stored.paid_amount_pence, stored.paid_on) == (
        NoticeStatus.PAID,
        6000,
        today,
    )
    assert detail.title.text() == f"Notice {notice.number}: Paid"
    assert detail.message.text() == "Payment of £60.00 recorded. The notice is paid."
    assert detail.message.property("role") == "ok"
    assert last_entry(detail) == [
        "Sue Person",
        "Payment recorded",
        "Issued → Paid",
        f"£60.00 paid on {today:%d %b %Y} (online, reference WP-88123)",
    ]
    assert not detail.actions_panel.buttons[Action.RECORD_PAYMENT].isEnabled()
    assert list_page.model.index(0, 2).data() == "Paid"  # the list behind followed
    assert list_page.model.index(0, 7).data() == "£60.00 paid"


def test_the_amount_follows_the_payment_date(ui, open_detail, desk):
    notice = desk.issue(days_ago=12)
    issued = london_date(notice.issued_at)
    detail = open_detail(desk.supervisor, notice)
    seen: list[tuple[int, str]] = []

    def change_dates(dialog: PaymentDialog) -> None:
        seen.append((-1, dialog.amount.text()))  # today: the reduced period is over
        for days in (3, 10, 11):
            dialog.paid_on.setDate(qdate(issued + timedelta(days=days)))
            seen.append((days, dialog.amount.text()))
        dialog.paid_on.setDate(qdate(issued - timedelta(days=5)))  # before issue: not allowed
        assert dialog.paid_on.date() == qdate(issued)

    run = ui.drive_modal(PaymentDialog, change_dates)
    ui.click(detail.actions_panel.buttons[Action.RECORD_PAYMENT])
    run.check()
    assert seen == [(-1, "100.00"), (3, "60.00"), (10, "60.00"), (11, "100.00")]
    assert run.left_open
    assert desk.notice(notice).status is NoticeStatus.ISSUED


def test_a_wrong_amount_is_reported_beside_the_amount(ui, open_detail, desk):
    notice = desk.issue(days_ago=2)
    detail = open_detail(desk.supervisor, notice)

    def fill(dialog: PaymentDialog) -> None:
        ui.type_into(dialog.amount, "0")
        ui.click(dialog.save_button)
        assert dialog.isVisible()
        assert ui.shown_error(dialog, "amount") == "Enter the amount received, more than £0.00."
        assert ui.shown_error(dialog, "method") == "Choose how it was paid."
        assert ui.shown_error(dialog, "payment_reference") == "Enter the payment reference."
        assert ui.shown_error(dialog, "paid_on") == ""
        assert dialog.amount.hasFocus()
        ui.shot(dialog, "payment-dialog")
        ui.type_into(dialog.amount, "sixty")
        ui.click(dialog.save_button)
        assert ui.shown_error(dialog, "amount") == AMOUNT_FORMAT
        assert ui.shown_error(dialog, "method") == ""

    run = ui.click_and_drive(
        detail.actions_panel.buttons[Action.RECORD_PAYMENT], PaymentDialog, fill
    )
    assert run.left_open
    assert desk.notice(notice).status is NoticeStatus.ISSUED
    assert detail.title.text() == f"Notice {notice.number}: Issued"


def test_cancelling_needs_a_reason(ui, open_detail, desk):
    notice = desk.issue(days_ago=1)
    detail = open_detail(desk.supervisor, notice)

    def fill(dialog: ReasonDialog) -> None:
        assert dialog.save_button.text() == "Cancel the notice"
        ui.click(dialog.save_button)
        assert ui.shown_error(dialog, "reason") == "Give the reason."
        ui.type_into(dialog.reason, "Issued to the wrong person: identity mix-up")
        ui.click(dialog.save_button)

    run = ui.click_and_drive(detail.actions_panel.buttons[Action.CANCEL], ReasonDialog, fill)
    assert not run.left_open
    assert desk.notice(notice).status is NoticeStatus.CANCELLED
    assert last_entry(detail) == [
        "Sue Person",
        "Cancelled",
        "Issued → Cancelled",
        "Reason: Issued to the wrong person: identity mix-up",
    ]
    assert detail.message.text() == "Done: cancel the notice."


def test_prosecution_waits_for_the_14_days(ui, open_detail, desk):
    recent = desk.issue(days_ago=5, recipient_name="Recent Recipient")
    detail = open_detail(desk.supervisor, recent)
    issued = london_date(recent.issued_at)
    refer = detail.actions_panel.buttons[Action.REFER_FOR_PROSECUTION]
    reminder = detail.actions_panel.buttons[Action.SEND_REMINDER_1]
    no_proceedings = f"{issued + timedelta(days=14):%d %B %Y}"
    assert not refer.isEnabled()
    assert refer.toolTip() == f"No proceedings may be taken until after {no_proceedings}."
    assert refer.accessibleDescription() == refer.toolTip()
    assert not reminder.isEnabled()
    why = detail.actions_panel.why.text().splitlines()
    assert (
        f"Send the first reminder: The reduced-payment period runs until "
        f"{issued + timedelta(days=10):%d %B %Y}." in why
    )
    assert (
        f"Refer for prosecution: No proceedings may be taken until after {no_proceedings}." in why
    )
    assert "Record outcome: convicted: Not possible while the notice is 'issued'." in why
    assert detail.actions_panel.buttons[Action.RECORD_PAYMENT].isEnabled()
    assert detail.actions_panel.buttons[Action.CANCEL].isEnabled()


def test_referring_an_unpaid_notice_after_the_14_days(ui, open_detail, desk):
    overdue = desk.issue(days_ago=20)
    detail = open_detail(desk.supervisor, overdue)
    refer = detail.actions_panel.buttons[Action.REFER_FOR_PROSECUTION]
    assert refer.isEnabled() and refer.toolTip() == ""

    def fill(dialog: ReasonDialog) -> None:
        ui.type_into(dialog.reason, "Unpaid after two reminders were due; file prepared")
        ui.click(dialog.save_button)

    ui.click_and_drive(refer, ReasonDialog, fill)
    assert desk.notice(overdue).status is NoticeStatus.REFERRED_FOR_PROSECUTION
    assert detail.actions_panel.buttons[Action.RECORD_CONVICTED].isEnabled()
    assert not refer.isEnabled()


def test_a_reminder_is_sent_only_when_confirmed(ui, open_detail, desk):
    notice = desk.issue(days_ago=12)
    detail = open_detail(desk.supervisor, notice)
    button = detail.actions_panel.buttons[Action.SEND_REMINDER_1]

    def answer(reply: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def click(box: QMessageBox) -> None:
            assert box.text() == (
                f"Send the first reminder for notice {notice.number} (Kevin Example)?"
            )
            ui.click(box.button(reply))

        return click

    ui.click_and_drive(button, QMessageBox, answer(QMessageBox.StandardButton.No))
    assert desk.notice(notice).status is NoticeStatus.ISSUED

    ui.click_and_drive(button, QMessageBox, answer(QMessageBox.StandardButton.Yes))
    assert desk.notice(notice).status is NoticeStatus.REMINDER_1
    assert detail.message.text() == "Done: send the first reminder."
    assert detail.actions_panel.buttons[Action.SEND_REMINDER_2].isEnabled()


def test_a_move_made_elsewhere_meanwhile_is_explained(ui, open_detail, desk):
    notice = desk.issue(days_ago=2)
    detail = open_detail(desk.supervisor, notice)
    desk.act(
        notice,
        Action.RECORD_PAYMENT,  # on another screen, after this one was opened
        payment=Payment(london_date(utc_now()), 6000, "post", "CHQ-1"),
    )

    def fill(dialog: ReasonDialog) -> None:
        ui.type_into(dialog.reason, "Recipient was under 10 on the day")
        ui.click(dialog.save_button)
        assert dialog.problem.isVisible()
        assert dialog.problem.text() == "Not possible while the notice is 'paid'."

    run = ui.click_and_drive(detail.actions_panel.buttons[Action.CANCEL], ReasonDialog, fill)
    assert run.left_open
    assert desk.notice(notice).status is NoticeStatus.PAID


def test_an_amendment_keeps_the_original_on_the_timeline(ui, open_detail, desk):
    notice = desk.issue(days_ago=1)
    detail = open_detail(desk.officer, notice)

    def fill(dialog: AmendmentDialog) -> None:
        assert dialog.recipient_address.toPlainText() == "12 Sample Road, London"
        assert dialog.date_of_birth.text() == "17/05/1990"
        ui.click(dialog.save_button)
        assert ui.shown_error(dialog, "reason") == "Nothing was changed: correct a field first."
        ui.type_into(dialog.recipient_address, "14 Sample Road, London")
        ui.type_into(dialog.recipient_postcode, "W12 8Q")
        ui.type_into(dialog.date_of_birth, "31/02/1990")
        ui.click(dialog.save_button)
        assert ui.shown_error(dialog, "recipient_date_of_birth") == DATE_PROBLEM
        ui.type_into(dialog.date_of_birth, "17/05/1990")
        ui.click(dialog.save_button)
        assert ui.shown_error(dialog, "recipient_postcode") == (NOT_A_POSTCODE)
        assert ui.shown_error(dialog, "reason") == ("Say why the notice is amended, in a sentence.")
        ui.type_into(dialog.recipient_postcode, "W12 8QQ")
        ui.type_into(dialog.reason, "House number misheard at the scene")
        ui.click(dialog.save_button)

    run = ui.click_and_drive(detail.actions_panel.amend_button, AmendmentDialog, fill)
    assert not run.left_open

    assert desk.notice(notice).recipient_address == "14 Sample Road, London"
    assert detail.value("recipient_address") == "14 Sample Road, London"
    assert last_entry(detail) == [
        "Olu Person",
        "Amended",
        "",
        "Address: from “12 Sample Road, London” to “14 Sample Road, London”\n"
        "Reason: House number misheard at the scene",
    ]
    assert detail.message.text() == (
        "Amendment saved: 1 field corrected; the original stays on the timeline."
    )


def test_a_supervisor_amends_the_date_of_birth(ui, open_detail, desk):
    notice = desk.issue(days_ago=1)
    detail = open_detail(desk.supervisor, notice)

    def fill(dialog: AmendmentDialog) -> None:
        ui.type_into(dialog.date_of_birth, "07/05/1991")
        ui.type_into(dialog.reason, "Date of birth read wrongly from the licence")
        ui.click(dialog.save_button)

    ui.click_and_drive(detail.actions_panel.amend_button, AmendmentDialog, fill)
    assert str(desk.notice(notice).recipient_date_of_birth) == "1991-05-07"
    assert last_entry(detail)[3].startswith(
        "Date of birth: from 17 May 1990 to 07 May 1991\nReason: "
    )


def test_the_dialogs_name_every_control(ui, ctx_for, desk, unnamed_controls, qtbot):
    notice = desk.notice(desk.issue())
    ctx = ctx_for(desk.supervisor)
    for dialog in (
        PaymentDialog(ctx, notice),
        ReasonDialog(ctx, notice, Action.CANCEL),
        AmendmentDialog(ctx, notice),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        assert unnamed_controls(dialog) == []


def test_amounts_are_read_in_pounds_and_pence():
    assert [parse_pounds(t) for t in ("60", "60.00", "£60.5", " £1,060.00 ", "0.01")] == [
        6000,
        6000,
        6050,
        106000,
        1,
    ]
    assert [parse_pounds(t) for t in ("", "sixty", "60.001", "-5", "NaN", "inf")] == [
        None,
        None,
        None,
        None,
        None,
        None,
    ]


def test_a_confirmed_move_no_longer_possible_is_explained(ui, open_detail, desk):
    notice = desk.issue(days_ago=12)
    detail = open_detail(desk.supervisor, notice)
    desk.act(notice, Action.CANCEL, reason="Accepted at the office over the phone")

    run = ui.drive_modal(
        QMessageBox, lambda box: ui.click(box.button(QMessageBox.StandardButton.Yes))
    )
    ui.click(detail.actions_panel.buttons[Action.SEND_REMINDER_1])
    run.check()
    assert detail.message.isVisible()
    assert detail.message.text() == "Not possible while the notice is 'cancelled'."
    assert detail.message.property("role") == "error"
    assert desk.notice(notice).status is NoticeStatus.CANCELLED
    assert detail.title.text() == f"Notice {notice.number}: Cancelled"  # read again
    assert not detail.actions_panel.buttons[Action.SEND_REMINDER_1].isEnabled()


def test_a_payment_no_longer_possible_is_explained_in_the_dialog(ui, open_detail, desk):
    notice = desk.issue(days_ago=2)
    detail = open_detail(desk.supervisor, notice)
    desk.act(notice, Action.CANCEL, reason="Accepted at the office over the phone")

    def fill(dialog: PaymentDialog) -> None:
        choose_method(ui, dialog, "In person")
        ui.type_into(dialog.reference, "CASH-1")
        ui.click(dialog.save_button)
        assert dialog.problem.text() == "Not possible while the notice is 'cancelled'."
        assert dialog.problem.isVisible()

    run = ui.click_and_drive(
        detail.actions_panel.buttons[Action.RECORD_PAYMENT], PaymentDialog, fill
    )
    assert run.left_open
    assert desk.notice(notice).paid_on is None
