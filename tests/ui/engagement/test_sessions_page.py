"""The Sessions area: searching and filtering the list, duplicating a past session, changing
one with its edit history shown, and drafts kept while typing and continued later."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from hfhate.models import EngagementSession, SessionDraft
from hfhate.ui.engagement.session_form import SessionForm
from hfhate.ui.engagement.session_view import SessionView
from hfhate.ui.engagement.sessions_page import SessionsPage


def _page(qtbot, ui, ctx) -> SessionsPage:  # type: ignore[no-untyped-def]
    page = SessionsPage(ctx)
    qtbot.addWidget(page)
    ui.show_active(page)
    return page


def _titles(page: SessionsPage) -> list[str]:
    return [page.model.index(r, 3).data() for r in range(page.model.rowCount())]


def test_search_and_filters(qtbot, ui, driver, officer_ctx, record, colleague, partner, days_ago):
    record(title="Year 6 assembly")
    record(
        title="Bystander evening",
        session_type="bystander_training",
        organisation_id=None,
        year_groups=(),
        audience="residents",
        ward="White City",
        session_date=days_ago(40),
        topics=("bystander_intervention",),
    )
    record(
        title="Antisemitism awareness",
        session_type="specialised_training",
        specialised_topic="antisemitism",
        organisation_id=partner.id,
        year_groups=(),
        audience="professionals",
        session_date=days_ago(90),
        ward="Addison",
        facilitator_ids=(colleague.user_id,),
    )
    page = _page(qtbot, ui, officer_ctx)
    assert _titles(page) == ["Year 6 assembly", "Bystander evening", "Antisemitism awareness"]
    assert page.count_label.text() == "3 sessions found"
    assert page.model.index(2, 2).data() == "Specialised training: Antisemitism"

    driver.choose(page.session_type, "Bystander training")
    assert _titles(page) == ["Bystander evening"]
    driver.choose(page.session_type, "All types")
    driver.choose(page.ward, "Addison")
    assert _titles(page) == ["Antisemitism awareness"]
    ui.click(page.clear_button)
    driver.choose(page.facilitator, "Jordan Person")
    assert _titles(page) == ["Antisemitism awareness"]
    ui.click(page.clear_button)
    driver.choose(page.topic, "Safe bystander intervention")
    assert _titles(page) == ["Bystander evening"]
    ui.click(page.clear_button)
    driver.choose(page.organisation, "Metropolitan Police, H&F")
    assert page.count_label.text() == "1 session found"
    ui.click(page.clear_button)
    driver.click_box(page.date_from.check)
    driver.type_date(page.date_from.edit, days_ago(60))
    driver.click_box(page.date_to.check)
    driver.type_date(page.date_to.edit, days_ago(10))
    assert _titles(page) == ["Bystander evening"]
    ui.click(page.clear_button)
    ui.type_into(page.search, "assembly")
    qtbot.waitUntil(lambda: _titles(page) == ["Year 6 assembly"], timeout=2000)


def test_the_list_pages_rows_in_as_the_officer_scrolls(qtbot, ui, officer_ctx, bulk_sessions):
    bulk_sessions(450)
    page = _page(qtbot, ui, officer_ctx)
    qtbot.waitUntil(lambda: page.count_label.text() == "450 sessions found", timeout=5000)
    assert page.model.rowCount() == 200
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == 400, timeout=3000)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == 450, timeout=3000)
    assert not page.model.canFetchMore(page.model.index(-1, -1))
    assert page.model.index(449, 3).data() == "Forum 449"


def test_supervisors_read_but_do_not_record(qtbot, ui, ctx_for, supervisor, record):
    record()
    page = _page(qtbot, ui, ctx_for(supervisor))
    assert page.open_button.isVisible()
    assert not any(
        b.isVisible() for b in (page.new_button, page.duplicate_button, page.change_button)
    )
    assert not page.drafts_row.isVisible()
    assert _titles(page) == ["Year 6 hate crime awareness"]


def test_duplicating_a_past_session(qtbot, ui, driver, store, officer_ctx, record, days_ago):
    past = record(session_date=days_ago(7), attendees=28, notes="Lively class")
    page = _page(qtbot, ui, officer_ctx)
    page.table.selectRow(0)

    def fill(form: SessionForm) -> None:
        f = form.fields
        assert form.windowTitle().startswith("Record a session from a past one")
        assert (
            f.session_type.value(),
            f.venue.text(),
            f.year_groups.chosen(),
            f.attendees.text(),
            f.notes.toPlainText(),
        ) == ("school_programme", "School hall", ["Year 6"], "", "")
        driver.type_date(f.session_date, days_ago(0))
        ui.type_into(f.attendees, "29")
        ui.click(form.save_button)

    ui.click_and_drive(page.duplicate_button, SessionForm, fill)
    with store.session_factory() as session:
        copy = session.scalar(select(EngagementSession).where(EngagementSession.id != past.id))
        assert (
            copy.duplicated_from_id,
            copy.session_date,
            copy.attendees,
            copy.title,
            copy.start_time,
        ) == (past.id, days_ago(0), 29, past.title, time(9, 15))
    assert page.model.rowCount() == 2
    assert page.selected_id() == copy.id


def test_changing_a_session_shows_in_its_edit_history(qtbot, ui, officer_ctx, record):
    saved = record()
    page = _page(qtbot, ui, officer_ctx)
    page.table.selectRow(0)

    def change(form: SessionForm) -> None:
        assert form.fields.organisation.currentText().startswith("Lillie Road Primary School")
        ui.type_into(form.fields.venue, "Library")
        ui.type_into(form.fields.attendees, "31")
        ui.click(form.save_button)

    ui.click_and_drive(page.change_button, SessionForm, change)
    view = SessionView(officer_ctx, saved.id)
    qtbot.addWidget(view)
    history = [view.history.item(i).text() for i in range(view.history.count())]
    assert history[0].endswith("Priya Person  Changed the session: attendees, venue")
    assert history[1].endswith("Priya Person  Recorded the session")
    assert view.tabs.tabText(2) == "&Edit history (2)"
    assert "Library, Lillie ward" in view.details.toPlainText()


def test_a_draft_is_kept_while_typing_and_continued(qtbot, ui, driver, store, officer_ctx):
    page = _page(qtbot, ui, officer_ctx)
    assert not page.drafts_row.isVisible()

    def start(form: SessionForm) -> None:
        driver.choose(form.fields.session_type, "Community event or forum")
        ui.type_into(form.fields.venue, "Lyric Square")
        qtbot.waitUntil(lambda: form.draft_id is not None, timeout=5000)
        assert form.status.text().startswith("Draft kept on this laptop at ")
        form.reject()

    ui.click_and_drive(page.new_button, SessionForm, start)
    assert page.drafts_row.isVisible()
    assert page.drafts.currentText().startswith("Community event or forum - Lyric Square - ")

    def finish(form: SessionForm) -> None:
        f = form.fields
        assert (f.session_type.value(), f.venue.text()) == ("community_event", "Lyric Square")
        driver.choose(f.ward, "Hammersmith Broadway")
        driver.choose(f.audience, "Mixed")
        ui.type_into(f.attendees, "40")
        ui.click(form.save_button)

    ui.click_and_drive(page.continue_button, SessionForm, finish)
    assert not page.drafts_row.isVisible()
    with store.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(SessionDraft)) == 0
        assert session.scalar(select(EngagementSession.venue)) == "Lyric Square"


def test_a_draft_can_be_discarded(qtbot, ui, store, officer_ctx, officer):
    from hfhate.services.engagement.drafts import save_session_draft

    with store.session_factory.begin() as session:
        save_session_draft(session, officer, None, {"venue": "Hall"}, "Half-typed session")
    page = _page(qtbot, ui, officer_ctx)
    assert page.drafts.currentText() == "Half-typed session"
    ui.click(page.discard_button)
    assert not page.drafts_row.isVisible()


def test_opening_a_session_from_the_list(qtbot, ui, officer_ctx, record):
    record()
    page = _page(qtbot, ui, officer_ctx)
    page.table.selectRow(0)

    def read(view: SessionView) -> None:
        text = view.details.toPlainText()
        assert "School education programme" in text and "Year 6" in text
        view.accept()

    run = ui.drive_modal(SessionView, read)
    qtbot.keyClick(page.open_button, Qt.Key.Key_Space)
    run.check()
