"""The form by keyboard and for assistive technology: the tab order follows the page, every
control is named as its label reads, and no button is cut short, in each state of the form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from hfhate.ui.notices.earlier_warning_dialog import EarlierWarningDialog
from hfhate.ui.notices.override_dialog import SupervisorApprovalDialog


def _tab_through(qtbot, start: QWidget, stop: QWidget, limit: int = 120) -> list[str]:  # type: ignore[no-untyped-def]
    """The accessible names of the controls Tab reaches from ``start`` to ``stop``."""
    start.setFocus()
    names = [start.accessibleName()]
    for _press in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        name = focused.accessibleName()
        if name != names[-1]:  # the sections of a date and time are one control
            names.append(name)
        if focused is stop:
            return names
    raise AssertionError(f"Tab never reached {stop.accessibleName()}: {names}")


def test_tab_goes_down_the_form_then_to_the_buttons(officer_form, qtbot, ui):
    form = officer_form.form
    ui.click(form.people.add_victim)  # a person added later still sits in page order
    names = _tab_through(qtbot, form.when.offence_at, form.check_button)
    assert names[:7] == [
        "Date and time",
        "Place",
        "Postcode",
        "Ward",
        "Latitude",
        "Longitude",
        "Prohibition breached",
    ]
    assert names[7:17] == [box.text() for box in form.what.hostilities.values()]
    assert names[17:] == [
        "Circumstances",
        "Warned before",
        "How identity was confirmed",
        "Full name",
        "Gave one name only",
        "Date of birth known",
        "Estimated age band",
        "Address",
        "No fixed abode",
        "Their postcode",
        "Description",
        "Appears vulnerable (needs a supervisor's approval)",
        "Body-worn video reference",
        "Photos",
        "Add photos",
        "Role",
        "Name",
        "Contact",
        "Agrees to be contacted",
        "Referral offered",
        "Remove this person",
        "Add a victim",
        "Add a witness",
        "Check what is missing",
    ]


def test_every_state_of_the_form_is_named_and_unclipped(
    officer_form, supervisor, screen_problems, ui
):
    form, window = officer_form.form, officer_form.window
    assert screen_problems(window) == []
    ui.click(form.check_button)
    ui.click(form.people.add_victim)
    ui.click(form.people.add_witness)
    officer_form.choose(form.recipient.identity_method, "Identity document seen")
    officer_form.tick(form.recipient.appears_vulnerable)
    officer_form.settle()
    assert form.approve_button.isVisible()
    assert screen_problems(window) == []
    officer_form.choose(form.recipient.identity_method, "Refused to give details")
    officer_form.settle()
    assert form.refused_note.isVisible()
    assert screen_problems(window) == []


def test_the_dialogs_are_named_and_unclipped(officer_form, supervisor, screen_problems, ui):
    form = officer_form.form
    found: dict[str, list[str]] = {}
    officer_form.fill_notice()
    officer_form.tick(form.recipient.appears_vulnerable)
    officer_form.settle()
    run = ui.drive_modal(
        SupervisorApprovalDialog,
        lambda dialog: found.setdefault("approval", screen_problems(dialog)),
    )
    ui.click(form.approve_button)
    run.check()
    officer_form.tick(form.what.warned_before)
    run = ui.drive_modal(
        EarlierWarningDialog, lambda dialog: found.setdefault("earlier", screen_problems(dialog))
    )
    ui.click(form.what.find_button)
    run.check()
    assert found == {"approval": [], "earlier": []}


def test_finding_an_earlier_warning_needs_the_name_first(officer_form, ui):
    form = officer_form.form
    officer_form.tick(form.what.warned_before)
    assert form.what.find_button.isEnabled()
    ui.click(form.what.find_button)
    assert form.what.link_label.text() == (
        "Enter the recipient's full name first (in The recipient), then find their earlier warning."
    )
    assert form.recipient.name.hasFocus()
    officer_form.type(form.recipient.name, "Nobody Known")
    seen = {}

    def look(dialog: EarlierWarningDialog) -> None:
        seen["message"] = dialog.message.text()
        seen["link"] = dialog.link_button.isEnabled()

    ui.click_and_drive(form.what.find_button, EarlierWarningDialog, look)
    assert seen == {
        "message": "No warning to anyone named Nobody Known was found. Only whole "
        "names match: check the spelling, or leave the warning unlinked.",
        "link": False,
    }
    assert form.what.earlier_warning_id is None
