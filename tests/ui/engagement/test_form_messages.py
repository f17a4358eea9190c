"""Every rule of the session form shows its message beside its field, in words an officer can
act on, and nothing is saved until they are put right."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from hfhate.models import EngagementSession
from hfhate.services.engagement.rules import london_today
from hfhate.ui.engagement.session_form import SessionForm

from .conftest import SCHOOL_CHOICE


def _form(qtbot, ui, ctx) -> SessionForm:  # type: ignore[no-untyped-def]
    form = SessionForm(ctx)
    qtbot.addWidget(form)
    ui.show_active(form)
    return form


def _shown(ui, form, *keys):  # type: ignore[no-untyped-def]
    return {key: ui.shown_error(form, key) for key in keys}


def test_an_empty_form_says_what_is_missing(qtbot, ui, officer_ctx, store):
    form = _form(qtbot, ui, officer_ctx)
    ui.click(form.save_button)
    assert _shown(
        ui,
        form,
        "session_type",
        "venue",
        "ward",
        "audience",
        "attendees",
        "end_time",
        "organisation",
    ) == {
        "session_type": "Choose the type of session.",
        "venue": "Enter where the session took place.",
        "ward": "Choose the ward the venue is in.",
        "audience": "Choose who the session was for.",
        "attendees": "Enter the number of attendees (0 if nobody came).",
        "end_time": "",
        "organisation": "",
    }
    assert form.status.text() == ("Not saved yet: 5 things to put right, shown beside the fields.")
    assert form.fields.session_type.hasFocus()
    assert form.fields.session_type.accessibleDescription() == "Choose the type of session."
    assert form.result() != QDialog.DialogCode.Accepted
    with store.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(EngagementSession)) == 0


def test_each_rule_of_a_school_session(qtbot, ui, driver, officer_ctx, school, partner, days_ago):
    form = _form(qtbot, ui, officer_ctx)
    f = form.fields
    driver.choose(f.session_type, "School education programme")
    ui.type_into(f.venue, "School hall")
    driver.choose(f.ward, "Lillie")
    driver.choose(f.audience, "Pupils")
    driver.type_time(f.start_time, "10:00")
    driver.type_time(f.end_time, "09:30")
    driver.type_date(f.session_date, london_today() + timedelta(days=1))
    ui.type_into(f.attendees, "lots")
    ui.click(form.save_button)
    assert _shown(ui, form, "organisation", "end_time", "session_date", "attendees") == {
        "organisation": "Choose the school: a school programme must name its school.",
        "end_time": "The session must end after it starts (10:00). Check the start and end times.",
        "session_date": "The date is in the future: record a session once it has taken place.",
        "attendees": "Enter a whole number, like 25.",
    }

    driver.choose(f.organisation, "Metropolitan Police, H&F (police)")
    driver.type_time(f.end_time, "11:00")
    driver.type_date(f.session_date, days_ago(2))
    ui.type_into(f.attendees, "-3")
    ui.click(form.save_button)
    assert _shown(ui, form, "organisation", "end_time", "session_date", "attendees") == {
        "organisation": "Metropolitan Police, H&F is not a school. Choose the school, or add "
        "it as a school.",
        "end_time": "",
        "session_date": "",
        "attendees": "The number of attendees cannot be negative.",
    }

    driver.choose(f.organisation, SCHOOL_CHOICE)
    ui.type_into(f.attendees, "30")
    ui.type_into(f.breakdown["pupils"], "20")
    ui.type_into(f.breakdown["staff"], "2")
    driver.tick(f.facilitators, "Priya Person")  # unticks the officer
    question = f.confidence.questions["intervene"]
    form.scroll_area.ensureWidgetVisible(question.tick)
    driver.click_box(question.tick)
    ui.type_into(question.average["before"], "6")
    ui.type_into(question.responses["before"], "20")
    ui.type_into(question.average["after"], "4")
    ui.type_into(question.responses["after"], "40")
    ui.click(form.save_button)
    assert _shown(ui, form, "breakdown", "facilitators", "attendees") == {
        "breakdown": "The breakdown adds up to 22, but 30 attended. Make them match, or "
        "clear the breakdown.",
        "facilitators": "Choose at least one facilitator.",
        "attendees": "",
    }
    assert ui.shown_error(form, "confidence.intervene.before") == (
        "Answers are from 1 to 5, so the average cannot be 6."
    )
    assert ui.shown_error(form, "confidence.intervene.after") == (
        "40 answers, but only 30 attended: check both numbers."
    )

    ui.type_into(f.breakdown["pupils"], "28")
    driver.tick(f.facilitators, "Priya Person")
    driver.choose(question.mode, "Number giving each answer, 1 to 5")
    ui.type_into(question.counts["before"], "1, 2, 3")
    ui.type_into(question.counts["after"], "0, 0, 5, 10, 15")
    ui.click(form.save_button)
    assert ui.shown_error(form, "confidence.intervene.before") == (
        "Enter five numbers (how many answered 1, 2, 3, 4 and 5); you entered 3."
    )
    assert ui.shown_error(form, "confidence.intervene.after") == ""

    ui.type_into(question.counts["before"], "4, 10, 10, 4, 2")
    ui.click(form.save_button)
    assert form.result() == QDialog.DialogCode.Accepted


def test_the_rules_of_training_sessions(qtbot, ui, driver, officer_ctx, days_ago):
    form = _form(qtbot, ui, officer_ctx)
    f = form.fields
    driver.choose(f.session_type, "Specialised training")
    ui.type_into(f.venue, "Town Hall")
    driver.choose(f.ward, "Grove")
    driver.choose(f.audience, "Professionals")
    ui.type_into(f.attendees, "1")
    for name in ("Ann Lee", "Bo Chan"):
        ui.type_into(f.register.name, name)
        ui.click(f.register.add_button)
    ui.click(form.save_button)
    assert _shown(ui, form, "specialised_topic", "register") == {
        "specialised_topic": "Choose the topic of the specialised training, for example "
        "antisemitism.",
        "register": "The register has 2 names but the attendee count is 1. Correct the "
        "number of attendees.",
    }
    driver.choose(f.specialised_topic, "Antisemitism")
    ui.type_into(f.attendees, "2")
    ui.click(form.save_button)
    assert form.result() == QDialog.DialogCode.Accepted
