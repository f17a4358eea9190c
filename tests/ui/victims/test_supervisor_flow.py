"""A supervisor's morning: she signs in, and the Start page lists a referral sent three
weeks ago that the partner never acknowledged; she opens it from there, records the
partner's acknowledgement and the outcome, and it leaves the overdue list (on the Start page
and in Referrals); her person view then shows the referral's outcome beside everything she
is linked to.

With HFHATE_UI_SHOTS set, the Referrals list and the person view are saved there at
1280x720 (docs/images/referrals-list.png and person-view.png come from this test)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from hfhate.ui.operations import Operations
from hfhate.ui.sign_in import SignInDialog
from hfhate.ui.start_page import StartPage
from hfhate.ui.victims.people_page import PeoplePage
from hfhate.ui.victims.referral_actions import ReferralActionsDialog, StepDialog
from hfhate.ui.victims.referrals_page import ReferralsPage
from tests.fixtures.victims_people import NAME, add_variety, build_person, send_long_ago


def settle() -> None:
    """Let the layouts settle before a screenshot."""
    for _ in range(5):
        QApplication.processEvents()


def test_a_supervisor_clears_an_overdue_referral(  # type: ignore[no-untyped-def]
    ui, store, device_id, make_actor, admin_password, open_window
) -> None:
    scenario = build_person(store, make_actor)
    send_long_ago(store, scenario.officer, scenario.referral_id, days=21)
    add_variety(store, scenario)
    sign_in = SignInDialog(Operations.on(store), device_id)
    ui.qtbot.addWidget(sign_in)
    ui.show_active(sign_in)
    ui.type_into(sign_in.username, "grace")
    ui.type_into(sign_in.password, admin_password)
    with ui.qtbot.waitSignal(sign_in.accepted, timeout=5000):
        ui.click(sign_in.sign_in_button)
    assert sign_in.actor is not None and sign_in.actor.user_id == scenario.supervisor.user_id
    window = open_window(sign_in.actor)
    window.resize(1280, 720)
    referrals = window.page("Referrals")
    assert isinstance(referrals, ReferralsPage)
    assert [r.overdue for r in referrals.model.rows].count(True) == 1
    window.open_area(window.area_titles().index("Referrals"))
    settle()
    ui.shot(window, "referrals-list")
    window.open_area(window.area_titles().index("Start"))
    start = window.current_page()
    assert isinstance(start, StartPage)
    box = start.overdue_referrals
    assert box.isVisibleTo(start)
    assert box.list.count() == 1
    line = box.list.item(0).text()
    assert "Stop Hate UK" in line and NAME in line and "21 days" in line

    def clear(dialog: ReferralActionsDialog) -> None:
        assert dialog.allowed_actions() == ["acknowledge"]
        assert "not acknowledged after 21 days" in dialog.facts["state"].text()

        def acknowledge(step: StepDialog) -> None:
            ui.type_into(step.reference, "SHUK-20931")  # type: ignore[arg-type]
            ui.click(step.accept_button)

        ui.click_and_drive(dialog.step_buttons["acknowledge"], StepDialog, acknowledge)
        assert dialog.allowed_actions() == ["record_outcome"]

        def outcome(step: StepDialog) -> None:
            ui.type_into(step.text, "Support worker calls weekly; she feels safer.")  # type: ignore[arg-type]
            ui.click(step.accept_button)

        ui.click_and_drive(dialog.step_buttons["record_outcome"], StepDialog, outcome)
        assert dialog.row is not None and dialog.row.status == "outcome"
        dialog.accept()

    ui.click_and_drive(box.open_button, ReferralActionsDialog, clear)
    assert not box.isVisibleTo(start)  # nothing overdue any more

    window.open_area(window.area_titles().index("Referrals"))
    assert window.current_page() is referrals
    assert sorted(r.status for r in referrals.model.rows) == ["outcome", "sent"]
    assert not any(r.overdue for r in referrals.model.rows)
    referrals.overdue.setChecked(True)
    assert referrals.model.rows == []

    window.open_area(window.area_titles().index("People"))
    people = window.current_page()
    assert isinstance(people, PeoplePage)
    assert people.open_person(scenario.person_id)
    view = people.view
    assert [line.role for line in view.history_model.rows] == [
        "Witness",
        "Victim",
        "Victim",
        "Victim",
    ]
    assert [r.state for r in view.referrals_model.rows] == ["Outcome recorded"]
    settle()
    ui.shot(window, "person-view")
