"""The People area as an officer uses it: find a returning victim though her name is
misspelt, open her, see everything she is linked to and her consent, correct her particulars,
and withdraw her consent to a referral, which stops the referral not yet sent."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hfhate.services.justification import set_justification_required
from hfhate.services.victims.people import person_history
from hfhate.ui.justification_dialog import JustificationDialog
from hfhate.ui.victims.consent_dialog import ConsentDialog
from hfhate.ui.victims.feedback_dialog import FeedbackDialog
from hfhate.ui.victims.people_page import PeoplePage, Search, read_search
from tests.fixtures.screens import screen_problems
from tests.fixtures.victims_people import ACCOUNTS, BORN, NAME, build_person


def _page(ui, ctx_for, actor) -> PeoplePage:  # type: ignore[no-untyped-def]
    page = PeoplePage(ctx_for(actor))
    ui.qtbot.addWidget(page)
    page.resize(1100, 640)
    ui.show_active(page)
    return page


def _search(ui, page: PeoplePage, text: str) -> None:  # type: ignore[no-untyped-def]
    ui.type_into(page.search, text)
    ui.qtbot.keyClick(page.search, Qt.Key.Key_Return)


def test_the_search_reads_a_date_or_a_phone_or_a_name() -> None:
    assert read_search("14/05/1988") == Search(date_of_birth=BORN)
    assert read_search("07700 900123") == Search(phone="07700 900123")
    assert read_search(" Siobhan ") == Search(name="Siobhan")
    assert read_search("31/02/1990") == Search(name="31/02/1990")


def test_a_misspelt_name_finds_her(ui, store, make_actor, ctx_for) -> None:  # type: ignore[no-untyped-def]
    scenario = build_person(store, make_actor)
    page = _page(ui, ctx_for, scenario.officer)
    assert [line.label for line in page.model.rows] == [NAME]  # everyone, with nothing typed
    assert screen_problems(page) == []

    _search(ui, page, "Shiobhan O Conor")
    assert page.model.rows, page.count_label.text()
    best = page.model.rows[0]
    assert best.id == scenario.person_id and best.why
    assert "best first" in page.count_label.text()

    _search(ui, page, "14/05/1988")
    assert [line.id for line in page.model.rows] == [scenario.person_id]
    _search(ui, page, "Nobody Ofthatname Atall")
    assert page.model.rows == [] and "Nobody found" in page.count_label.text()


def test_her_view_shows_history_and_consent(ui, store, make_actor, ctx_for) -> None:  # type: ignore[no-untyped-def]
    scenario = build_person(store, make_actor)
    page = _page(ui, ctx_for, scenario.officer)
    page.table.selectRow(0)
    ui.click(page.open_button)
    view = page.view
    assert page.stack.currentWidget() is view
    assert view.title.text() == NAME
    assert view.name.text() == NAME and view.phone.text() == "07700 900123"
    assert view.born.value() == BORN

    history = view.history_model.rows
    assert len(history) == 3
    # Newest first: the market (26 days ago), Lillie Road (40), Fulham Broadway (60).
    for line, (_place, ward, account) in zip(history, reversed(ACCOUNTS), strict=True):
        assert line.title.startswith("Incident") and ward in line.title, line.title
        assert line.summary.split()[:3] == account.split()[:3], line.summary
    assert all(line.role == "Victim" for line in history)
    assert "Spat at" in view.history_model.text(history[0], 3)

    consents = {line.label: line for line in view.consent_model.rows}
    assert set(consents) == {"Contact by the council", "Referral to Stop Hate UK"}
    assert all(c.given and c.recorded_by == "Omar Person" for c in consents.values())
    assert [r.partner for r in view.referrals_model.rows] == ["Stop Hate UK"]
    assert view.referrals_model.rows[0].status == "drafted"
    assert screen_problems(view) == []

    ui.click(view.back_button)
    assert page.stack.currentWidget() is page.list_page


def test_a_wrong_email_is_said_beside_it_and_a_right_one_saved(  # type: ignore[no-untyped-def]
    ui, store, make_actor, ctx_for
) -> None:
    scenario = build_person(store, make_actor)
    page = _page(ui, ctx_for, scenario.officer)
    assert page.open_person(scenario.person_id)
    view = page.view
    ui.type_into(view.email, "siobhan at example")
    ui.click(view.save_button)
    assert "email" in ui.shown_error(view, "email").lower()
    ui.type_into(view.email, "siobhan@example.org")
    ui.click(view.save_button)
    assert ui.shown_error(view, "email") == ""
    assert view.saved_label.text() == "Saved."
    with store.session_factory.begin() as session:
        history = person_history(session, scenario.officer, scenario.person_id)
        assert history.person.email == "siobhan@example.org"


def test_withdrawing_consent_stops_the_drafted_referral(  # type: ignore[no-untyped-def]
    ui, store, make_actor, ctx_for
) -> None:
    scenario = build_person(store, make_actor)
    page = _page(ui, ctx_for, scenario.officer)
    assert page.open_person(scenario.person_id)
    view = page.view
    assert not view.withdraw_button.isEnabled()  # nothing chosen yet
    row = next(
        i for i, c in enumerate(view.consent_model.rows) if c.label == "Referral to Stop Hate UK"
    )
    view.consent_table.selectRow(row)
    assert view.withdraw_button.isEnabled()

    def withdraw(dialog: ConsentDialog) -> None:
        assert dialog.purpose.value() == "referral"
        assert dialog.partner.value() == "stop_hate_uk"
        assert screen_problems(dialog, label_buddies=False) == []
        dialog.method.set_value("phone")
        ui.type_into(dialog.note, "Rang to say she has support from family now.")
        ui.click(dialog.save_button)

    run = ui.click_and_drive(view.withdraw_button, ConsentDialog, withdraw)
    assert not run.left_open

    consents = {line.label: line for line in view.consent_model.rows}
    assert not consents["Referral to Stop Hate UK"].given
    assert consents["Contact by the council"].given
    referral = view.referrals_model.rows[0]
    assert referral.status == "stopped"
    assert "Consent withdrawn" in referral.state
    assert "stopped" in view.message.text() and "Stop Hate UK" in view.message.text()
    assert view.message.isVisible()


def test_a_supervisor_says_why_she_opens_an_officers_person(  # type: ignore[no-untyped-def]
    ui, store, admin, make_actor, ctx_for
) -> None:
    scenario = build_person(store, make_actor)
    with store.session_factory.begin() as session:
        set_justification_required(session, admin, True)
    page = _page(ui, ctx_for, scenario.supervisor)
    assert [line.id for line in page.model.rows] == [scenario.person_id]

    run = ui.drive_modal(JustificationDialog, lambda dialog: dialog.reject())
    assert not page.open_person(scenario.person_id)  # cancelled: she stays closed
    run.check()
    assert page.stack.currentWidget() is page.list_page

    def give_reason(dialog: JustificationDialog) -> None:
        ui.type_into(dialog.reason, "Checking the referral is not overdue")
        ui.click(dialog.open_button)

    run = ui.drive_modal(JustificationDialog, give_reason)
    assert page.open_person(scenario.person_id)
    run.check()
    assert page.view.title.text() == NAME
    assert page.view.justification == "Checking the referral is not overdue"


def test_feedback_is_recorded_from_her_view(ui, store, make_actor, ctx_for) -> None:  # type: ignore[no-untyped-def]
    scenario = build_person(store, make_actor)
    page = _page(ui, ctx_for, scenario.officer)
    assert page.open_person(scenario.person_id)
    view = page.view
    assert view.feedback_count.text() == ""

    def give(dialog: FeedbackDialog) -> None:
        assert screen_problems(dialog, label_buddies=False) == []
        ui.click(dialog.save_button)  # nothing chosen: said beside the fields
        assert ui.shown_error(dialog, "satisfaction")
        assert ui.shown_error(dialog, "felt_listened_to")
        dialog.satisfaction.set_value(4)
        dialog.listened.set_value("partly")
        ui.type_into(dialog.comments, "Helpful, though the first call took a week.")
        ui.click(dialog.save_button)

    run = ui.click_and_drive(view.feedback_button, FeedbackDialog, give)
    assert not run.left_open
    assert view.feedback_count.text() == "1 feedback record"
    assert view.message.text() == "Feedback recorded."


def test_consent_is_recorded_with_its_partner_only_for_a_referral(  # type: ignore[no-untyped-def]
    ui, store, make_actor, ctx_for
) -> None:
    scenario = build_person(store, make_actor)
    page = _page(ui, ctx_for, scenario.officer)
    assert page.open_person(scenario.person_id)
    view = page.view

    def give(dialog: ConsentDialog) -> None:
        assert not dialog.partner.isVisibleTo(dialog)  # "Contact by the council" first
        dialog.purpose.set_value("referral")
        assert dialog.partner.isVisibleTo(dialog)
        ui.click(dialog.save_button)  # no partner chosen
        assert ui.shown_error(dialog, "partner")
        dialog.partner.set_value("met_police")
        ui.click(dialog.save_button)
        assert not dialog.isVisible()

    ui.click_and_drive(view.consent_button, ConsentDialog, give)
    labels = {line.label for line in view.consent_model.rows if line.given}
    assert any("Metropolitan Police" in label for label in labels)

    def police(dialog: ConsentDialog) -> None:
        dialog.purpose.set_value("police")
        assert not dialog.partner.isVisibleTo(dialog)
        ui.click(dialog.save_button)

    ui.click_and_drive(view.consent_button, ConsentDialog, police)
    assert "Sharing with the police" in {line.label for line in view.consent_model.rows}
    assert view.message.text() == "Consent recorded."
