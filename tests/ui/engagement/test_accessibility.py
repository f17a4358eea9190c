"""Every engagement screen names its controls as their labels read, and draws no button
narrower than its text: the form (also with its messages showing), the dialogs and the areas."""

from __future__ import annotations

import pytest

from hfhate.models import Role
from hfhate.ui.engagement.follow_up_dialogs import CompleteFollowUpDialog, FollowUpDialog
from hfhate.ui.engagement.organisation_dialog import OrganisationDialog
from hfhate.ui.engagement.session_form import SessionForm
from hfhate.ui.engagement.session_view import SessionView


@pytest.fixture
def show(qtbot, ui):  # type: ignore[no-untyped-def]
    def show_(widget):  # type: ignore[no-untyped-def]
        qtbot.addWidget(widget)
        ui.show_active(widget)
        return widget

    return show_


@pytest.mark.parametrize("kind", ["school_programme", "staff_training", "specialised_training"])
def test_the_session_form(show, ui, driver, officer_ctx, check_screen, kind):
    form = show(SessionForm(officer_ctx))
    form.fields.session_type.set_value(kind)
    for box in form.fields.confidence.questions.values():
        box.setChecked(True)
    check_screen(form)
    ui.click(form.save_button)
    check_screen(form)
    assert form.fields.venue.accessibleName() == "Venue"
    assert form.fields.confidence.questions["report"].average["before"].accessibleName() == (
        "Average before"
    )


def test_the_dialogs(show, ui, officer_ctx, record, check_screen):
    saved = record()
    check_screen(show(OrganisationDialog(officer_ctx, "school")))
    for kind in ("action", "disclosure"):
        dialog = show(FollowUpDialog(officer_ctx, saved.id, kind))
        ui.click(dialog.save_button)
        check_screen(dialog)
    check_screen(show(CompleteFollowUpDialog(officer_ctx, saved.id, "Send the slides")))
    view = show(SessionView(officer_ctx, saved.id))
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        check_screen(view)


@pytest.mark.parametrize("roles", [{Role.ENGAGEMENT_OFFICER}, {Role.SUPERVISOR}])
def test_the_engagement_areas(open_window, make_actor, record, check_screen, roles):
    record()
    window = open_window(make_actor(*roles))
    for title in ("Sessions", "Follow-ups", "Staff training"):
        window.open_area(window.area_titles().index(title))
        check_screen(window.current_page())
    window.open_area(0)
    check_screen(window.current_page())
