"""Filling in the notice form from empty, as an officer would, and issuing or recording.

Messages appear beside a field once the officer has been in it; the Issue button stays
disabled until the rules find nothing; what is saved is found in the store with its number.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hfhate.clock import LONDON
from hfhate.models import NoticeKind, NoticeStatus
from hfhate.services.device import this_device
from hfhate.services.notices.numbering import parse_notice_number
from hfhate.services.postcodes import NOT_A_POSTCODE
from hfhate.ui.notices.earlier_warning_dialog import EarlierWarningDialog
from hfhate.ui.notices.form import sections as form_sections


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_an_empty_form_waits_quietly_with_the_issue_button_disabled(officer_form):
    form = officer_form.form
    officer_form.settle()
    assert form.notice_choice.isChecked()
    assert not form.issue_button.isEnabled()
    assert form.issue_button.text() == "&Issue notice"
    assert form.summary.text() == "7 things to fix"
    assert all(form.rows.shown(key) == "" for key in form.rows.errors)  # nothing touched yet
    assert form.what.count.text() == "0 of at least 80 characters."
    officer_form.shot("notice-form-empty", full=True)


def test_check_what_is_missing_shows_every_message_and_goes_to_the_first(officer_form):
    form = officer_form.form
    officer_form.ui.click(form.check_button)
    assert officer_form.message("place") == "Enter the street or landmark where it happened."
    assert officer_form.message("postcode") == "Enter the postcode of the place."
    assert officer_form.message("ward") == "Choose the ward where it happened."
    assert officer_form.message("prohibition") == (
        "Choose which prohibition of the order was breached."
    )
    assert officer_form.message("hostilities") == "Choose the hostility shown, or None apparent."
    assert officer_form.message("circumstances") == (
        "Describe what you saw and heard in at least 80 characters, so it can stand as "
        "evidence (0 so far)."
    )
    assert officer_form.message("identity_method") == (
        "Say how the recipient's identity was confirmed, or that they refused."
    )
    assert form.when.place.hasFocus()
    assert form.summary.text() == "7 things to fix"
    officer_form.shot("notice-form-errors", full=True)


def test_filling_the_form_from_empty_then_issuing_a_numbered_notice(
    officer_form, numbered_laptop, stored_notices, stored_drafts, officer, qtbot
):
    form, when, what, recipient = (
        officer_form.form,
        officer_form.form.when,
        officer_form.form.what,
        officer_form.form.recipient,
    )
    # Tabbing through a field without typing marks it as touched: its message shows.
    officer_form.leave(when.place)
    assert officer_form.message("place") == "Enter the street or landmark where it happened."
    assert officer_form.message("postcode") == ""  # not reached yet
    officer_form.type(when.place, "King Street, outside Lyric Square")
    officer_form.type(when.postcode, "W6")
    officer_form.leave(when.postcode)
    assert officer_form.message("place") == ""
    assert officer_form.message("postcode") == NOT_A_POSTCODE
    officer_form.type(when.postcode, "w6 9ju")
    officer_form.leave(when.postcode)
    assert when.postcode.text() == "W6 9JU"  # written the standard way once left
    assert officer_form.message("postcode") == ""
    officer_form.choose(when.ward, "Ravenscourt")
    officer_form.choose(what.prohibition, "Unwanted sexualised comments")
    officer_form.tick(what.hostilities["none_apparent"])
    officer_form.tick(what.hostilities["misogyny"])
    assert officer_form.message("hostilities") == (
        "None apparent cannot go with another hostility."
    )
    officer_form.tick(what.hostilities["none_apparent"])
    assert officer_form.message("hostilities") == ""

    officer_form.type(what.circumstances, "He shouted at her.")
    assert what.count.text() == "18 of at least 80 characters."
    officer_form.leave(what.circumstances)
    assert officer_form.message("circumstances") == (
        "Describe what you saw and heard in at least 80 characters, so it can stand as "
        "evidence (18 so far)."
    )
    officer_form.type(
        what.circumstances,
        (
            "At 14:00 I saw the recipient follow a woman along King Street for about fifty "
            "metres, shouting sexual comments at her while she asked him to stop."
        ),
    )
    assert what.count.text() == (
        "146 of 2000 characters, 23 different words: enough to stand as evidence."
    )
    assert officer_form.message("circumstances") == ""

    officer_form.choose(recipient.identity_method, "Identity document seen")
    assert recipient.identity_document.isVisibleTo(form)
    officer_form.leave(recipient.identity_document)
    assert officer_form.message("identity_document") == "Choose the document you saw."
    officer_form.choose(recipient.identity_document, "Passport")
    officer_form.leave(recipient.name)
    assert officer_form.message("recipient_name") == "Enter the recipient's full name."
    officer_form.type(recipient.name, "Kevin Example")
    officer_form.tick(recipient.date_of_birth_known)
    assert recipient.date_of_birth.hasFocus() and not recipient.age_band.isEnabled()
    officer_form.leave(recipient.date_of_birth)
    assert officer_form.message("recipient_date_of_birth") == (
        "Enter the date of birth, or choose an estimated age band."
    )
    officer_form.type_date(recipient.date_of_birth, "17051990")
    assert recipient.date_of_birth.text() == "17/05/1990"
    assert officer_form.message("recipient_date_of_birth") == ""
    officer_form.type(recipient.address, "12 Sample Road, London")
    officer_form.type(recipient.postcode, "W12 8Q")
    officer_form.leave(recipient.postcode)
    assert officer_form.message("recipient_postcode") == (NOT_A_POSTCODE)
    assert not form.issue_button.isEnabled()
    assert form.summary.text() == "1 thing to fix"
    officer_form.type(recipient.postcode, "W12 8QQ")
    officer_form.type(recipient.description, "Tall, grey hooded top")
    officer_form.type(form.evidence.body_worn_video, "BWV-0312-01")
    officer_form.wait_ready()
    assert form.summary.text() == "Ready to issue the notice."

    with qtbot.waitSignal(
        form.ctx.changes.changed, check_params_cb=lambda changes: changes.touches("notices")
    ):
        officer_form.ui.click(form.issue_button)
    result = officer_form.page.desk.result
    assert officer_form.page.desk.currentWidget() is result
    assert result.title.text() == "Notice issued"
    number = parse_notice_number(result.number.text())  # a valid check digit, or it raises
    assert (number.device_code, number.sequence) == (42, 1)
    issued_on = datetime.now(LONDON).date()
    assert result.explanation.text() == (
        "Write this number on the notice you give to Kevin Example.\n"
        f"£60.00 if paid by {_day(issued_on + timedelta(days=10))}, "
        f"otherwise £100.00 by {_day(issued_on + timedelta(days=14))}."
    )
    officer_form.shot("notice-issued")

    [notice] = stored_notices()
    assert notice.number == result.number.text() == str(number)
    assert (notice.kind, notice.status) == (NoticeKind.NOTICE, NoticeStatus.ISSUED)
    assert (notice.place, notice.postcode, notice.ward) == (
        "King Street, outside Lyric Square",
        "W6 9JU",
        "Ravenscourt",
    )
    assert (notice.prohibition, notice.hostilities) == ("sexualised_comments", ["misogyny"])
    assert notice.circumstances.startswith("At 14:00 I saw the recipient follow a woman")
    assert (notice.recipient_name, notice.recipient_date_of_birth) == (
        "Kevin Example",
        date(1990, 5, 17),
    )
    assert (notice.identity_method, notice.identity_document) == ("document", "Passport")
    assert (notice.recipient_postcode, notice.body_worn_video) == ("W12 8QQ", "BWV-0312-01")
    assert (notice.amount_pence, notice.reduced_amount_pence) == (10000, 6000)
    assert notice.officer_id == officer.user_id
    assert stored_drafts() == []  # the draft it was saved as is finished

    officer_form.ui.click(result.start_button)
    assert officer_form.page.desk.currentWidget() is form
    assert form.when.place.text() == "" and form.draft_id is None


def test_recording_a_warning_then_a_notice_linked_to_it(
    officer_form, numbered_laptop, stored_notices, ui
):
    form = officer_form.form
    officer_form.tick(form.warning_choice)
    officer_form.fill_notice(name="Kevin Example")
    officer_form.wait_ready()
    assert form.issue_button.text() == "&Record warning"
    assert form.summary.text() == "Ready to record the warning."
    ui.click(form.issue_button)
    result = officer_form.page.desk.result
    assert result.title.text() == "Warning recorded"
    assert not result.number.isVisibleTo(result)
    [warning] = stored_notices()
    assert (warning.kind, warning.status, warning.number) == (
        NoticeKind.WARNING,
        NoticeStatus.WARNING_GIVEN,
        None,
    )

    ui.click(result.start_button)
    assert form.notice_choice.isChecked()
    officer_form.fill_notice(name="Kevin  example")  # spacing and case do not matter
    officer_form.tick(form.what.warned_before)

    def link(dialog: EarlierWarningDialog) -> None:
        assert dialog.results.count() == 1
        assert dialog.message.text() == "1 warning found. Choose the one given to this person."
        ui.click(dialog.link_button)

    assert not ui.click_and_drive(form.what.find_button, EarlierWarningDialog, link).left_open
    assert form.what.link_label.text().startswith("Linked: warning of ")
    assert "King Street, outside Lyric Square W6 9JU" in form.what.link_label.text()
    officer_form.wait_ready()
    ui.click(form.issue_button)
    notice = stored_notices()[-1]
    assert notice.kind is NoticeKind.NOTICE and notice.earlier_warning
    assert notice.earlier_warning_id == warning.id


def test_a_recipient_who_refuses_their_details_is_referred_to_police(
    officer_form, numbered_laptop, stored_notices, store, ui
):
    form = officer_form.form
    officer_form.type(form.when.place, "Fulham Broadway station entrance")
    officer_form.type(form.when.postcode, "SW6 1BY")
    officer_form.choose(form.when.ward, "Fulham Town")
    officer_form.choose(form.what.prohibition, "Whistling or catcalling")
    officer_form.tick(form.what.hostilities["misogyny"])
    officer_form.type(
        form.what.circumstances,
        (
            "The recipient whistled and shouted comments at two women waiting at the entrance, "
            "and carried on when they asked him to stop."
        ),
    )
    officer_form.choose(form.recipient.identity_method, "Refused to give details")
    officer_form.settle()
    assert form.issue_button.text() == "&Refer to police"
    assert form.refused_note.text() == (
        "The recipient refused their details, so no notice will be issued: it will be "
        "referred to police instead, with your description of them."
    )
    officer_form.type(form.recipient.description, "Short")
    officer_form.leave(form.recipient.description)
    assert officer_form.message("recipient_description") == (
        "The recipient refused their details: describe them so police can identify them."
    )
    assert officer_form.message("recipient_name") == ""  # not needed when refused
    officer_form.type(
        form.recipient.description, "Short, about 30, red cap, blue puffer jacket, beard"
    )
    officer_form.wait_ready()
    assert form.summary.text() == "Ready to refer to police."
    ui.click(form.issue_button)
    assert officer_form.page.desk.result.title.text() == "Referred to police"
    [notice] = stored_notices()
    assert (notice.status, notice.number, notice.recipient_name) == (
        NoticeStatus.REFERRED_TO_POLICE,
        None,
        "Details refused",
    )
    with store.session_factory.begin() as session:
        assert this_device(session).last_notice_sequence == 0  # no number was used


def test_without_a_device_code_the_notice_is_not_issued_and_the_officer_is_told(
    officer_form, stored_notices, ui
):
    officer_form.fill_notice()
    officer_form.wait_ready()
    ui.click(officer_form.form.issue_button)
    assert officer_form.form.problem.text() == (
        "This laptop has no device code yet, so it cannot number notices. Ask an "
        "administrator to set one (Laptop area)."
    )
    assert officer_form.page.desk.currentWidget() is officer_form.form
    assert stored_notices() == []


def test_an_untouched_form_offers_the_time_it_is_opened_not_when_it_was_built(
    officer_form, monkeypatch, stored_drafts
):
    form, window = officer_form.form, officer_form.window
    clock = [datetime(2026, 3, 1, 9, 30, tzinfo=LONDON)]
    monkeypatch.setattr(form_sections, "london_now", lambda: clock[0])

    def reopen() -> None:
        window.open_area(window.area_titles().index("Drafts"))
        window.open_area(window.area_titles().index("New notice"))

    reopen()
    assert form.when.offence_at.text() == "01/03/2026 09:30"
    assert not form.dirty and stored_drafts() == []
    officer_form.type(form.when.place, "Askew Road")
    clock[0] = datetime(2026, 3, 1, 11, 0, tzinfo=LONDON)
    reopen()
    assert form.when.offence_at.text() == "01/03/2026 09:30"  # the officer's entry stays
