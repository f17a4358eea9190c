"""The Subject access area as a supervisor uses it: record a request, search, withhold an item
with a reason, export the reply, correct a name; an overdue request shows on the Start page."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from hfhate.models import AuditEvent, FixedPenaltyNotice, SubjectAccessRequest
from hfhate.ui.start_page import StartPage
from hfhate.ui.subject_access.page import SubjectAccessPage
from hfhate.ui.subject_access.rectify_dialog import RectifyDialog
from hfhate.ui.subject_access.request_dialog import NewRequestDialog
from tests.fixtures.screens import screen_problems
from tests.fixtures.subject_access import build_scenario

RECEIVED = date(2025, 1, 31)  # due 28 February 2025: long overdue by the time tests run


def _fill_request(ui, dialog: NewRequestDialog) -> None:  # type: ignore[no-untyped-def]
    assert screen_problems(dialog, label_buddies=False) == []
    ui.type_into(dialog.name, "John Smith")
    dialog.born.check.setChecked(True)
    dialog.born.edit.setDate(QDate(1985, 4, 2))
    ui.type_into(dialog.postcode, "w6 8nj")
    dialog.received.setDate(QDate(RECEIVED.year, RECEIVED.month, RECEIVED.day))
    assert dialog.due.text() == "28 February 2025"
    ui.click(dialog.save_button)
    assert ui.shown_error(dialog, "identified_by")  # said beside the field, dialog still open
    ui.type_into(dialog.identified, "Passport seen at the Town Hall")
    ui.click(dialog.save_button)


def test_a_supervisor_answers_a_request(  # type: ignore[no-untyped-def]
    ui, store, admin, make_actor, open_window, tmp_path
) -> None:
    scenario = build_scenario(store, admin, make_actor, tmp_path / "photos")
    window = open_window(scenario.supervisor)
    window.resize(1280, 720)
    start = window.current_page()
    assert isinstance(start, StartPage)
    assert not start.overdue_requests.isVisibleTo(start)  # nothing overdue yet

    window.open_area(window.area_titles().index("Subject access"))
    page = window.current_page()
    assert isinstance(page, SubjectAccessPage)
    ui.click_and_drive(page.new_button, NewRequestDialog, lambda d: _fill_request(ui, d))
    assert [line.requester_name for line in page.model.rows] == ["John Smith"]
    assert page.model.rows[0].state == "Overdue"
    assert page.selected_id() == page.model.rows[0].id

    review = page.review
    assert review.name.text() == "John Smith" and review.postcode.text() == "W6 8NJ"
    ui.click(review.search_button)
    found = [hit.where for hit in review.hits]
    assert any(w.startswith("Recipient of notice") for w in found)
    assert any(w.startswith("Recipient of a warning") for w in found)  # "Jon Smyth"
    assert any(w.startswith("Witness in notice") for w in found)
    assert any(w.startswith("On the register of") for w in found)
    assert "look like someone else" in review.summary.text()  # Joan Smith
    ui.shot(window, "subject-access")

    disclosure = next(i for i, h in enumerate(review.hits) if h.record_type == "session_follow_ups")
    review.set_decision(disclosure, "withhold", "")
    folder = tmp_path / "reply"
    review.ask_folder = lambda _parent: folder
    ui.click(review.export_button)
    assert "Give the reason" in review.problem.text()
    assert not folder.exists()  # nothing written while a reason is missing
    review.set_decision(disclosure, "withhold", "prejudice to an investigation")
    ui.click(review.export_button)
    assert review.exported is not None
    assert "withheld" in review.summary.text()
    reply = json.loads(review.exported.json.read_text())
    assert [w["reason"] for w in reply["withheld"]] == ["prejudice to an investigation"]
    assert review.exported.pdf.exists()

    # Correct the misspelt warning's name, chosen from the hits.
    warning_row = next(i for i, h in enumerate(review.hits) if h.record_id == scenario.warning.id)
    review.table.selectRow(warning_row)

    def correct(dialog: RectifyDialog) -> None:
        assert screen_problems(dialog, label_buddies=False) == []
        ui.shot(dialog, "subject-access-correct")
        dialog.name.check.setChecked(True)
        ui.type_into(dialog.name.edit, "John Smith")
        ui.type_into(dialog.reason, "Misspelt when the warning was given; passport seen.")
        ui.click(dialog.save_button)

    run = ui.click_and_drive(review.correct_button, RectifyDialog, correct)
    assert not run.left_open
    with store.session_factory.begin() as session:
        warning = session.get(FixedPenaltyNotice, scenario.warning.id)
        assert warning.recipient_name == "John Smith"
        actions = session.scalars(select(AuditEvent.action)).all()
        assert actions.count("personal_details_rectified") == 1
        assert actions.count("subject_access_exported") == 1

    # The Start page lists the overdue request, until it is answered.
    window.open_area(0)
    assert start.overdue_requests.isVisibleTo(start)
    assert "due 28 February 2025" in start.overdue_requests.list.item(0).text()
    ui.shot(window, "subject-access-start-page")
    window.open_area(window.area_titles().index("Subject access"))
    ui.click(page.answer_button)
    with store.session_factory.begin() as session:
        request = session.scalars(select(SubjectAccessRequest)).one()
        assert request.status == "answered"
    assert not start.overdue_requests.isVisibleTo(start)
    assert page.model.rows[0].state.startswith("Answered")


def test_the_area_is_for_supervisors_only(open_window, make_actor) -> None:  # type: ignore[no-untyped-def]
    from hfhate.models import Role

    officer = make_actor(Role.AUTHORISED_OFFICER, username="ola")
    window = open_window(officer)
    assert "Subject access" not in window.area_titles()
    assert not [b for b in window.findChildren(QPushButton) if "Subject access" in b.text()]
