"""The session form driven as an engagement officer would: a school session and a staff
training session with its register, typed, chosen and clicked, and saved to the store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from hfhate.models import (
    AuditEvent,
    ConfidenceResult,
    EngagementSession,
    OutboxEntry,
    RegisterEntry,
)
from hfhate.ui.engagement.session_form import SessionForm

from .conftest import SCHOOL_CHOICE


def _open(qtbot, ui, ctx, **kwargs) -> SessionForm:  # type: ignore[no-untyped-def]
    form = SessionForm(ctx, **kwargs)
    qtbot.addWidget(form)
    ui.show_active(form)
    return form


def test_recording_a_school_session(
    qtbot, ui, driver, store, officer_ctx, officer, school, days_ago
):
    form = _open(qtbot, ui, officer_ctx)
    f = form.fields
    assert f.facilitators.chosen() == [str(officer.user_id)]  # the officer facilitated
    assert not f.register_box.isVisibleTo(form)
    driver.choose(f.session_type, "School education programme")
    assert f.year_groups.isVisibleTo(form) and not f.register_box.isVisibleTo(form)
    ui.type_into(f.title, "Year 6 hate crime awareness")
    driver.type_date(f.session_date, days_ago(3))
    driver.type_time(f.start_time, "09:15")
    driver.type_time(f.end_time, "10:30")
    ui.type_into(f.venue, "School hall")
    driver.choose(f.ward, "Lillie")
    driver.choose(f.organisation, SCHOOL_CHOICE)
    assert f.year_groups.codes() == [
        "Reception",
        "Year 1",
        "Year 2",
        "Year 3",
        "Year 4",
        "Year 5",
        "Year 6",
    ]
    driver.tick(f.year_groups, "Year 6")
    driver.choose(f.audience, "Pupils")
    ui.type_into(f.attendees, "30")
    ui.type_into(f.breakdown["pupils"], "28")
    ui.type_into(f.breakdown["staff"], "2")
    driver.tick(f.categories, "Race")
    driver.tick(f.topics, "How to report, including third-party reporting")
    ui.type_into(f.materials, "Assembly slides")
    question = f.confidence.questions["report"]
    form.scroll_area.ensureWidgetVisible(question.tick)  # scrolled down to it, as an officer would
    driver.click_box(question.tick)
    assert question.isChecked() and question.average["before"].isVisibleTo(form)
    ui.type_into(question.average["before"], "2.4")
    ui.type_into(question.responses["before"], "28")
    ui.type_into(question.average["after"], "4.1")
    ui.type_into(question.responses["after"], "27")
    ui.type_into(f.feedback, "Pupils asked for a follow-up lesson.")
    ui.click(form.save_button)

    assert form.result() == QDialog.DialogCode.Accepted and form.saved_id is not None
    with store.session_factory() as session:
        saved = session.get(EngagementSession, form.saved_id)
        assert (
            saved.session_type,
            saved.title,
            saved.session_date,
            saved.start_time.isoformat(),
            saved.end_time.isoformat(),
            saved.venue,
            saved.ward,
            saved.organisation_id,
            saved.year_groups,
            saved.audience,
            saved.attendees,
            saved.attendee_breakdown,
            saved.categories,
            saved.topics,
            saved.feedback,
        ) == (
            "school_programme",
            "Year 6 hate crime awareness",
            days_ago(3),
            "09:15:00",
            "10:30:00",
            "School hall",
            "Lillie",
            school.id,
            ["Year 6"],
            "pupils",
            30,
            {"pupils": 28, "staff": 2},
            ["race"],
            ["reporting"],
            "Pupils asked for a follow-up lesson.",
        )
        result = session.scalar(select(ConfidenceResult))
        assert (
            result.question,
            result.before_average,
            result.before_responses,
            result.after_average,
            result.after_responses,
        ) == ("report", 2.4, 28, 4.1, 27)
        assert (
            session.scalar(select(AuditEvent.action).where(AuditEvent.record_id == saved.id))
            == "session_recorded"
        )
        assert (
            session.scalar(select(OutboxEntry.operation).where(OutboxEntry.record_id == saved.id))
            == "create"
        )


def test_recording_staff_training_with_its_register(
    qtbot, ui, driver, store, officer_ctx, partner, days_ago
):
    form = _open(qtbot, ui, officer_ctx)
    f = form.fields
    driver.choose(f.session_type, "Staff or frontline-professional training")
    assert f.register_box.isVisibleTo(form) and not f.year_groups.isVisibleTo(form)
    driver.type_date(f.session_date, days_ago(1))
    driver.type_time(f.start_time, "14:00")
    driver.type_time(f.end_time, "16:00")
    ui.type_into(f.venue, "Hammersmith Town Hall")
    driver.choose(f.ward, "Hammersmith Broadway")
    driver.choose(f.organisation, "Metropolitan Police, H&F (police)")
    driver.choose(f.audience, "Staff")
    ui.type_into(f.attendees, "3")
    driver.tick(f.topics, "Identifying hate crime at work")
    register = f.register
    assert register.organisation.text() == "Metropolitan Police, H&F"
    for name, role in (("Jade Brooks", "PCSO"), ("Kofi Mensah", "PC"), ("Wrong Person", "")):
        ui.type_into(register.name, name)
        ui.type_into(register.role, role)
        qtbot.keyClick(register.role, Qt.Key.Key_Return)  # adds them, ready for the next
        assert register.name.text() == "" and register.name.hasFocus()
    register.table.selectRow(2)
    ui.click(register.remove_button)
    ui.type_into(register.name, "Lena Fischer")
    ui.type_into(register.role, "Community nurse")
    ui.type_into(register.organisation, "NHS North West London")
    ui.click(register.add_button)
    assert register.count_label.text() == "3 people on the register"
    ui.click(form.save_button)

    assert form.result() == QDialog.DialogCode.Accepted
    with store.session_factory() as session:
        people = session.execute(
            select(RegisterEntry.name, RegisterEntry.role, RegisterEntry.organisation).order_by(
                RegisterEntry.created_at, RegisterEntry.id
            )
        ).all()
        assert [tuple(p) for p in people] == [
            ("Jade Brooks", "PCSO", "Metropolitan Police, H&F"),
            ("Kofi Mensah", "PC", "Metropolitan Police, H&F"),
            ("Lena Fischer", "Community nurse", "NHS North West London"),
        ]
        saved = session.get(EngagementSession, form.saved_id)
        assert (saved.session_type, saved.attendees, saved.ward) == (
            "staff_training",
            3,
            "Hammersmith Broadway",
        )


def test_an_empty_name_is_not_added_to_the_register(qtbot, ui, driver, officer_ctx):
    form = _open(qtbot, ui, officer_ctx)
    driver.choose(form.fields.session_type, "Bystander training")
    register = form.fields.register
    ui.click(register.add_button)
    assert register.problem.text() == "Type the person's name, then add them."
    assert register.model.rowCount() == 0


def test_adding_a_school_from_the_form(qtbot, ui, driver, store, officer_ctx):
    from hfhate.ui.engagement.organisation_dialog import OrganisationDialog

    form = _open(qtbot, ui, officer_ctx)
    driver.choose(form.fields.session_type, "School education programme")

    def add(dialog: OrganisationDialog) -> None:
        ui.click(dialog.add_button)
        assert ui.shown_error(dialog, "name") == "Enter the organisation's name."
        assert ui.shown_error(dialog, "school_phase") == (
            "Choose the school's phase, for example primary."
        )
        ui.type_into(dialog.name, "Sands End Primary School")
        driver.choose(dialog.phase, "Primary")
        assert dialog.years.chosen()[-1] == "Year 6"
        ui.click(dialog.add_button)

    ui.click_and_drive(form.fields.new_organisation, OrganisationDialog, add)
    assert form.fields.organisation.currentText() == (
        "Sands End Primary School (primary school, Reception to Year 6)"
    )
    assert form.fields.year_groups.codes()[0] == "Reception"
