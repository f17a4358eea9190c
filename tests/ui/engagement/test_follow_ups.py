"""Follow-ups on screen: adding an action and recording a disclosure from the session,
completing a follow-up from the Follow-ups area, and overdue ones on the start page."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select

from hfhate.models import FollowUp
from hfhate.services.engagement.follow_ups import add_follow_up
from hfhate.services.engagement.rules import FollowUpInput, london_today
from hfhate.ui.engagement.follow_up_dialogs import CompleteFollowUpDialog, FollowUpDialog
from hfhate.ui.engagement.follow_ups_page import FollowUpsPage
from hfhate.ui.engagement.session_view import SessionView
from hfhate.ui.start_page import StartPage


def _action(store, officer, session_id, text, due):  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        return add_follow_up(
            session,
            officer,
            session_id,
            FollowUpInput("action", text, owner_id=officer.user_id, due_on=due),
        )


def _show(qtbot, ui, widget):  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    ui.show_active(widget)
    return widget


def test_adding_an_action_and_a_disclosure_from_the_session(
    qtbot, ui, driver, store, officer_ctx, record, days_ago
):
    saved = record(session_date=days_ago(2))
    view = _show(qtbot, ui, SessionView(officer_ctx, saved.id))
    assert view.tabs.tabText(1) == "&Follow-ups (0)"

    def add_action(dialog: FollowUpDialog) -> None:
        ui.click(dialog.save_button)
        assert ui.shown_error(dialog, "description") == "Say what needs doing."
        ui.type_into(dialog.description, "Send the slides to the head teacher")
        driver.type_date(dialog.due_on, days_ago(3))
        ui.click(dialog.save_button)
        assert ui.shown_error(dialog, "due_on").startswith("The due date is before the session")
        driver.type_date(dialog.due_on, london_today() + timedelta(days=7))
        ui.click(dialog.save_button)

    ui.click_and_drive(view.add_action_button, FollowUpDialog, add_action)

    def add_disclosure(dialog: FollowUpDialog) -> None:
        assert not dialog.owner.isVisibleTo(dialog)  # only once flagged
        ui.click(dialog.save_button)
        assert ui.shown_error(dialog, "category") == "Choose what kind of disclosure it was."
        assert ui.shown_error(dialog, "referral") == (
            "Choose where it was referred, or that no referral was made."
        )
        driver.choose(dialog.category, "Hate incident")
        driver.choose(dialog.referral, "School safeguarding lead")
        ui.type_into(dialog.description, "Pupil described name-calling on the bus")
        driver.click_box(dialog.flagged)
        assert dialog.owner.isVisibleTo(dialog) and dialog.owner.currentText() == "Priya Person"
        ui.click(dialog.save_button)

    ui.click_and_drive(view.add_disclosure_button, FollowUpDialog, add_disclosure)
    assert view.tabs.tabText(1) == "&Follow-ups (2)"
    texts = [view.follow_list.item(i).text() for i in range(view.follow_list.count())]
    assert texts[0].startswith("Action: Send the slides to the head teacher | Priya Person, due ")
    assert texts[1].startswith("Disclosure (Hate incident), referral: School safeguarding lead.")
    with store.session_factory() as session:
        rows = session.execute(
            select(FollowUp.kind, FollowUp.referral, FollowUp.flagged).order_by(FollowUp.created_at)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("action", "", False),
        ("disclosure", "school_safeguarding_lead", True),
    ]


def test_completing_a_follow_up(qtbot, ui, driver, store, officer_ctx, officer, record, days_ago):
    saved = record(session_date=days_ago(20))
    late = _action(store, officer, saved.id, "Send the feedback summary", days_ago(3))
    _action(store, officer, saved.id, "Book the next session", days_ago(-10))
    page = _show(qtbot, ui, FollowUpsPage(officer_ctx))
    assert page.count_label.text() == "2 follow-ups"
    assert page.model.index(0, 0).data() == f"3 days overdue (due {days_ago(3):%d %b %Y})"
    assert page.model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert page.model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert not page.done_button.isEnabled()
    page.table.selectRow(0)

    def complete(dialog: CompleteFollowUpDialog) -> None:
        ui.click(dialog.done_button)
        assert ui.shown_error(dialog, "outcome") == "Say what was done, in a sentence."
        ui.type_into(dialog.outcome, "Emailed to the head of service.")
        ui.click(dialog.done_button)

    ui.click_and_drive(page.done_button, CompleteFollowUpDialog, complete)
    assert page.count_label.text() == "1 follow-up"
    driver.choose(page.state, "Done")
    assert page.model.rowCount() == 1
    assert page.model.index(0, 6).data() == (
        f"{london_today():%d %b %Y}: Emailed to the head of service."
    )
    with store.session_factory() as session:
        done = session.get(FollowUp, late.id)
        assert (done.done, done.done_by_id) == (True, officer.user_id)


def test_supervisors_see_everyones_follow_ups_but_do_not_complete_them(
    qtbot, ui, store, ctx_for, supervisor, officer, record, days_ago
):
    saved = record()
    _action(store, officer, saved.id, "Send the slides", days_ago(1))
    page = _show(qtbot, ui, FollowUpsPage(ctx_for(supervisor)))
    assert not page.mine.isChecked() and not page.done_button.isVisible()
    assert page.model.index(0, 4).data() == "Priya Person"


def test_the_engagement_officers_start_page_lists_overdue_follow_ups(
    qtbot, ui, store, officer_ctx, officer, colleague, record, days_ago
):
    saved = record(session_date=days_ago(30))
    _action(store, officer, saved.id, "Send the register", days_ago(10))
    _action(store, officer, saved.id, "Not yet due", days_ago(-3))
    _action(store, colleague, saved.id, "Someone else's", days_ago(10))
    page = _show(qtbot, ui, StartPage(officer_ctx, []))
    box = page.overdue
    assert box.summary.text() == (
        "1 of your follow-ups is overdue. Double-click one to open its session."
    )
    assert box.list.count() == 1
    assert (
        box.list.item(0)
        .text()
        .startswith(
            f"10 days overdue (due {days_ago(10):%d %b %Y}): Send the register (Year 6 hate crime"
        )
    )


def test_no_overdue_box_for_other_roles(qtbot, ui, ctx_for, supervisor):
    page = _show(qtbot, ui, StartPage(ctx_for(supervisor), []))
    assert not hasattr(page, "overdue")
