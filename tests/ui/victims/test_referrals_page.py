"""The Referrals list: filtered by state, "Overdue only", overdue rows in red, and a
double-click opens the referral with its steps; hidden, it is not read (a logged listing)
until it is shown again."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hfhate.services.engagement.rules import london_today
from hfhate.services.victims.consent import record_consent
from hfhate.services.victims.feedback import FeedbackInput, record_feedback
from hfhate.services.victims.referrals import ReferralInput, draft_referral, send_referral
from hfhate.ui.victims.referral_actions import ReferralActionsDialog
from hfhate.ui.victims.referrals_page import OVERDUE_COLOUR, ReferralsPage
from tests.fixtures.screens import screen_problems
from tests.fixtures.victims_people import build_person, send_long_ago


def test_overdue_referrals_are_red_and_can_be_shown_alone(  # type: ignore[no-untyped-def]
    ui, store, make_actor, ctx_for
) -> None:
    scenario = build_person(store, make_actor)
    send_long_ago(store, scenario.officer, scenario.referral_id, days=15)
    with store.session_factory.begin() as session:
        record_consent(
            session,
            scenario.officer,
            scenario.person_id,
            "referral",
            True,
            "phone",
            partner="victim_support",
        )
        drafted = draft_referral(
            session,
            scenario.officer,
            scenario.person_id,
            "incidents",
            scenario.incident_ids[0],
            ReferralInput(partner="victim_support", reason="Emotional support."),
        ).id
    page = ReferralsPage(ctx_for(scenario.officer))
    ui.qtbot.addWidget(page)
    page.resize(1100, 600)
    ui.show_active(page)
    assert screen_problems(page) == []
    by_id = {row.id: i for i, row in enumerate(page.model.rows)}
    assert set(by_id) == {scenario.referral_id, drafted}
    assert "1 overdue" in page.count_label.text()

    def colour(row: int) -> object:
        return page.model.data(page.model.index(row, 0), Qt.ItemDataRole.ForegroundRole)

    assert colour(by_id[scenario.referral_id]) == OVERDUE_COLOUR
    assert colour(by_id[drafted]) is None
    assert "overdue" in page.model.text(page.model.rows[by_id[scenario.referral_id]], 2)

    page.overdue.setChecked(True)
    assert [r.id for r in page.model.rows] == [scenario.referral_id]
    page.overdue.setChecked(False)
    page.state.set_value("drafted")
    assert [r.id for r in page.model.rows] == [drafted]

    run = ui.drive_modal(
        ReferralActionsDialog,
        lambda dialog: (
            None if dialog.allowed_actions() == ["send", "stop"] else pytest_fail(dialog)
        ),
    )
    index = page.model.index(0, 0)
    page.table.selectRow(0)
    rect = page.table.visualRect(index)
    viewport = page.table.viewport()
    ui.qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    ui.qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    run.check()


def pytest_fail(dialog: ReferralActionsDialog) -> None:
    raise AssertionError(f"steps offered: {dialog.allowed_actions()}")


def test_a_hidden_list_is_read_again_only_when_shown(  # type: ignore[no-untyped-def]
    ui, store, make_actor, ctx_for
) -> None:
    scenario = build_person(store, make_actor)
    ctx = ctx_for(scenario.officer)
    page = ReferralsPage(ctx)
    ui.qtbot.addWidget(page)
    assert [r.status for r in page.model.rows] == ["drafted"]
    ctx.run(
        lambda session: send_referral(session, scenario.officer, scenario.referral_id, "portal")
    )
    assert page.stale and [r.status for r in page.model.rows] == ["drafted"]  # not read: hidden
    ui.show_active(page)
    assert not page.stale and [r.status for r in page.model.rows] == ["sent"]


def test_a_supervisor_sees_victims_feedback_counted_without_names(  # type: ignore[no-untyped-def]
    ui, store, make_actor, ctx_for
) -> None:
    scenario = build_person(store, make_actor)
    today = london_today()
    with store.session_factory.begin() as session:
        for satisfaction, listened in ((5, "yes"), (4, "yes"), (2, "partly")):
            record_feedback(
                session,
                scenario.officer,
                FeedbackInput(
                    received_on=today,
                    satisfaction=satisfaction,
                    felt_listened_to=listened,
                    comments="Zoe said the caseworker rang back the same day.",
                    person_id=scenario.person_id,
                ),
            )
    page = ReferralsPage(ctx_for(scenario.supervisor))
    ui.qtbot.addWidget(page)
    said = page.feedback_label.text()
    assert "3 responses, average satisfaction 3.7 of 5" in said
    assert "yes 2, partly 1, no 0" in said
    assert "Zoe" not in said and "caseworker" not in said
    officers = ReferralsPage(ctx_for(scenario.officer))
    ui.qtbot.addWidget(officers)
    assert officers.feedback_label.isHidden()
