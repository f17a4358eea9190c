"""As a supervisor: "Who looked at this notice" on its detail page lists each opening and
print with who, when, to whom and the reason given; where this laptop asks for a reason,
opening an officer's notice asks first and Cancel leaves it closed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QScrollArea

from hfhate.models import Role
from hfhate.printing.particulars import Layout
from hfhate.services.justification import set_justification_required
from hfhate.services.notices import print_queue as printing
from hfhate.ui.justification_dialog import JustificationDialog
from hfhate.ui.notices.who_looked import WhoLookedBox


def test_a_supervisor_sees_who_opened_and_printed_a_notice(
    desk: Any, open_detail: Callable[..., Any], ui: Any, qtbot: Any
) -> None:
    notice = desk.issue()
    with desk.store.session_factory.begin() as session:
        prints = printing.prepare_notice_prints(session, desk.supervisor, [notice.id])
        printing.record_prints(
            session,
            desk.supervisor,
            prints,
            reason="For posting to the recipient",
            layout=Layout.A4,
            destination="printed on Office LaserJet (1 pages)",
        )
    detail = open_detail(desk.officer, notice)
    assert not detail.who_looked.isVisibleTo(detail)  # officers do not see it
    detail = open_detail(desk.supervisor, notice)
    box = detail.findChild(WhoLookedBox)
    assert box is not None and box.isVisibleTo(detail)
    rows = box.rows()
    assert [r[1:4] for r in rows] == [
        ["Sue Person", "Opened it", ""],  # this opening, newest first
        ["Olu Person", "Opened it", ""],
        ["Sue Person", "Printed it", "printer Office LaserJet"],
        ["Sue Person", "Prepared it for printing", ""],
    ]
    assert rows[2][4] == "For posting to the recipient"
    assert box.title() == "Who looked at this notice (4)"
    detail.window().resize(1280, 720)
    qtbot.wait(50)
    scroll = detail.findChild(QScrollArea)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    qtbot.wait(50)
    ui.shot(detail.window(), "who-looked")


def test_opening_an_officers_notice_asks_why_and_cancel_leaves_it_closed(
    desk: Any, admin: Any, open_window: Callable[..., Any], area: Any, ui: Any, qtbot: Any
) -> None:
    notice = desk.issue()
    with desk.store.session_factory.begin() as session:
        set_justification_required(session, admin, True)
    page = area(open_window(desk.supervisor), "Notices")
    row = next(r for r in range(page.model.rowCount()) if page.model.notice_id(r) == notice.id)

    def cancel(dialog: JustificationDialog) -> None:
        ui.type_into(dialog.reason, "just looking")
        ui.click(dialog.open_button)  # too short: said beside the field, still open
        assert ui.shown_error(dialog, "justification").startswith("Say why in a few words")
        dialog.reject()

    run = ui.drive_modal(JustificationDialog, cancel)
    page.open_index(page.model.index(row, 0))
    run.check()
    assert page.stack.currentWidget() is not page.detail
    assert "Not opened" in page.problem.text()

    def give_reason(dialog: JustificationDialog) -> None:
        ui.type_into(dialog.reason, "checking the evidence before a representation")
        ui.click(dialog.open_button)

    run = ui.drive_modal(JustificationDialog, give_reason)
    page.open_index(page.model.index(row, 0))
    run.check()
    assert page.stack.currentWidget() is page.detail
    assert page.detail.who_looked.rows()[0][4] == "checking the evidence before a representation"


def test_an_officer_opening_their_own_notice_is_not_asked(
    desk: Any, admin: Any, open_detail: Callable[..., Any]
) -> None:
    notice = desk.issue()
    with desk.store.session_factory.begin() as session:
        set_justification_required(session, admin, True)
    detail = open_detail(desk.officer, notice)  # no dialog: it would time the test out
    assert detail.title.text().startswith("Notice ")
    assert Role.SUPERVISOR not in desk.officer.roles
