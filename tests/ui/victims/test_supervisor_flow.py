"""A supervisor's morning: the Start page lists a referral sent three weeks ago that the
partner never acknowledged; she opens it from there, records the partner's acknowledgement
and the outcome, and it leaves the overdue list (on the Start page and in Referrals)."""

from __future__ import annotations

from hfhate.ui.start_page import StartPage
from hfhate.ui.victims.referral_actions import ReferralActionsDialog, StepDialog
from hfhate.ui.victims.referrals_page import ReferralsPage
from tests.fixtures.victims_people import NAME, build_person, send_long_ago


def test_a_supervisor_clears_an_overdue_referral(  # type: ignore[no-untyped-def]
    ui, store, make_actor, open_window
) -> None:
    scenario = build_person(store, make_actor)
    send_long_ago(store, scenario.officer, scenario.referral_id, days=21)
    window = open_window(scenario.supervisor)
    window.resize(1280, 720)
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
    page = window.current_page()
    assert isinstance(page, ReferralsPage)
    assert [r.status for r in page.model.rows] == ["outcome"]
    page.overdue.setChecked(True)
    assert page.model.rows == []
