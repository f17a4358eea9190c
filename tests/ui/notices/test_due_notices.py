"""The supervisors' Due actions area: which notices are listed and why, opening one, and the
list following the moves made from it."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from hfhate.clock import london_date
from hfhate.models import NoticeStatus, utc_now
from hfhate.services.notices.lifecycle import Action, Payment
from hfhate.services.ops import OpChanges
from hfhate.ui.notices.due_page import DueActionsPage


def rows(page: DueActionsPage) -> list[list[str]]:
    model = page.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_due_actions_lists_what_waits_for_a_supervisor(open_window, area, desk, qtmodeltester):
    overdue = desk.issue(days_ago=20, recipient_name="Overdue Person")
    reduced_over = desk.issue(desk.other_officer, days_ago=12, recipient_name="Late Person")
    representation = desk.issue(days_ago=3, recipient_name="Writing Person")
    desk.act(
        representation,
        Action.RECEIVE_REPRESENTATION,
        reason="Letter says he was at work at the time",
    )
    desk.issue(days_ago=2, recipient_name="Fresh Person")  # nothing due yet
    paid = desk.issue(days_ago=25, recipient_name="Paid Person")
    desk.act(
        paid,
        Action.RECORD_PAYMENT,
        payment=Payment(london_date(paid.issued_at) + timedelta(days=2), 6000, "online", "WP-2"),
    )
    desk.issue(warning=True, days_ago=30, recipient_name="Warned Person")

    page = area(open_window(desk.supervisor), "Due actions")
    assert isinstance(page, DueActionsPage)
    proceedings = london_date(overdue.issued_at) + timedelta(days=14)
    assert rows(page) == [
        [
            overdue.number,
            f"Unpaid; proceedings possible since {proceedings:%d %b %Y}",
            "Issued",
            "Overdue Person",
            page.model.index(0, 4).data(),
            "Olu Person",
            "£100.00 due",
            f"{overdue.prosecute_by:%d %b %Y}",  # the nearest deadline first
        ],
        [
            reduced_over.number,
            "Reduced-payment period over; unpaid",
            "Issued",
            "Late Person",
            page.model.index(1, 4).data(),
            "Sam Person",
            "£100.00 due",
            f"{reduced_over.prosecute_by:%d %b %Y}",
        ],
        [
            representation.number,
            "Representation waiting for a decision",
            "Representation received",
            "Writing Person",
            page.model.index(2, 4).data(),
            "Olu Person",
            "£60.00 due",
            f"{representation.prosecute_by:%d %b %Y}",
        ],
    ]
    assert page.count_label.text() == "3 notices waiting for a supervisor"
    qtmodeltester.check(page.model)


def test_nothing_due_says_so(open_window, area, desk):
    desk.issue(days_ago=1)
    page = area(open_window(desk.supervisor), "Due actions")
    assert page.model.rowCount() == 0
    assert page.count_label.text() == "Nothing is due."
    assert not page.open_button.isEnabled()


def test_opening_a_due_notice_and_acting_on_it(ui, open_window, area, desk):
    late = desk.issue(days_ago=12, recipient_name="Late Person")
    desk.issue(days_ago=20, recipient_name="Overdue Person")
    window = open_window(desk.supervisor)
    page = area(window, "Due actions")
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(1, 0))
    assert page.open_button.isEnabled()
    ui.qtbot.keyClick(page.table, Qt.Key.Key_Return)
    detail = page.detail
    assert page.stack.currentWidget() is detail
    assert detail.value("number") == late.number

    run = ui.drive_modal(
        QMessageBox, lambda box: ui.click(box.button(QMessageBox.StandardButton.Yes))
    )
    ui.click(detail.actions_panel.buttons[Action.SEND_REMINDER_1])
    run.check()
    assert desk.notice(late).status is NoticeStatus.REMINDER_1
    assert page.model.index(1, 2).data() == "First reminder sent"  # the list followed

    desk.act(
        late,
        Action.RECORD_PAYMENT,
        payment=Payment(london_date(utc_now()), 10000, "in_person", "CASH-7"),
    )
    window.ctx.changes.changed.emit(OpChanges.of("notices"))
    ui.click(detail.back_button)
    assert page.stack.currentWidget() is page.list_page
    assert [row[3] for row in rows(page)] == ["Overdue Person"]
    assert page.count_label.text() == "1 notice waiting for a supervisor"


def test_the_open_button_opens_the_selected_notice(ui, open_window, area, desk):
    overdue = desk.issue(days_ago=20)
    page = area(open_window(desk.supervisor), "Due actions")
    rect = page.table.visualRect(page.model.index(0, 1))
    ui.qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    ui.click(page.open_button)
    assert page.stack.currentWidget() is page.detail
    assert page.detail.value("number") == overdue.number
    assert page.detail.actions_panel.buttons[Action.REFER_FOR_PROSECUTION].isEnabled()


def test_due_actions_is_for_supervisors_only(open_window, desk, unnamed_controls, area):
    assert "Due actions" not in open_window(desk.officer).area_titles()
    desk.issue(days_ago=20)
    assert unnamed_controls(area(open_window(desk.supervisor), "Due actions")) == []


def test_the_reason_is_in_full_in_its_tooltip(open_window, area, desk) -> None:
    desk.issue(days_ago=20)
    model = area(open_window(desk.supervisor), "Due actions").model
    index = model.index(0, 1)
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == model.data(index)
    assert model.data(index).startswith("Unpaid; proceedings possible since")
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) is None
