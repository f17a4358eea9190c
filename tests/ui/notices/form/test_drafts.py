"""Drafts: saved as the officer types and when the page is left, listed in Drafts, resumed with
every value, discarded only after asking, and kept when the process is killed mid-entry."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from hfhate.config import Paths
from hfhate.models import AuditEvent, NoticeKind
from hfhate.services.notices.drafts import list_drafts, save_draft
from hfhate.services.postcodes import NOT_A_POSTCODE
from hfhate.ui.context import Changes, UiContext
from hfhate.ui.notices.drafts_page import DraftsPage
from hfhate.ui.notices.form.page import NoticeForm
from hfhate.ui.notices.form.values import values_from_json
from hfhate.ui.notices.override_dialog import SupervisorApprovalDialog
from tests.fixtures.keys import open_test_store

CHILD = Path(__file__).with_name("draft_child.py")


def _drafts_page(officer_form) -> DraftsPage:  # type: ignore[no-untyped-def]
    window = officer_form.window
    window.open_area(window.area_titles().index("Drafts"))
    page = window.current_page()
    assert isinstance(page, DraftsPage)
    return page


def _audited(store, action: str) -> int:  # type: ignore[no-untyped-def]
    with store.session_factory() as session:
        return len(list(session.scalars(select(AuditEvent).where(AuditEvent.action == action))))


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("green"))
    path = tmp_path / "IMG_0042.png"
    assert image.save(str(path), "PNG")
    return path


def test_a_draft_is_saved_as_the_officer_types_and_resumed_with_every_value(
    officer_form, supervisor, photo, monkeypatch, stored_drafts, qtbot, qtmodeltester, ui
):
    form = officer_form.form
    officer_form.fill_notice()
    officer_form.type(form.when.latitude, "51.4927")
    officer_form.type(form.when.longitude, "-0.224")
    officer_form.tick(form.what.hostilities["race"])
    officer_form.tick(form.recipient.appears_vulnerable)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(photo)], "Photos")
    )
    ui.click(form.photos.add_button)
    ui.click(form.people.add_victim)
    victim = form.people.boxes[0]
    officer_form.type(victim.name, "Amina Example")
    officer_form.type(victim.contact, "07700 900001")
    officer_form.tick(victim.consent)
    officer_form.choose(victim.referral, "Stop Hate UK")
    officer_form.tick(victim.accepted)
    ui.click(form.people.add_witness)
    officer_form.type(form.people.boxes[1].name, "Bus driver")

    def approve(dialog: SupervisorApprovalDialog) -> None:
        ui.type_into(dialog.username, "sue")
        ui.type_into(dialog.password, "correct horse battery")
        ui.type_into(dialog.reason, "Known to the outreach team, who will follow up.")
        ui.click(dialog.approve_button)

    run = ui.drive_modal(SupervisorApprovalDialog, approve)
    officer_form.settle()
    with qtbot.waitSignal(form.draft_saved, timeout=5000):
        ui.click(form.approve_button)
    run.check()
    typed = form.values()
    assert typed.entry.override is not None and len(typed.photos) == 1
    assert form.errors == {} and form.issue_button.isEnabled()
    officer_form.shot("notice-form-complete", full=True)

    [draft] = stored_drafts()
    assert draft.kind is NoticeKind.NOTICE
    assert values_from_json(draft.form) == typed
    assert draft.summary.startswith("Kevin Example, King Street, outside Lyric Square W6 9JU, ")

    page = _drafts_page(officer_form)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 1
    assert page.model.index(0, 0).data() == "Notice"
    assert page.model.index(0, 1).data() == draft.summary
    officer_form.shot("drafts")
    ui.click(page.resume_button)
    resumed = page.desk.form
    assert resumed is not form and resumed.draft_id == draft.id
    assert resumed.values() == typed
    assert resumed.recipient.name.text() == "Kevin Example"
    assert resumed.recipient.date_of_birth.text() == "17/05/1990"
    assert [b.title() for b in resumed.people.boxes] == ["Victim 1", "Witness 2"]
    assert all(box.isVisible() for box in resumed.people.boxes)
    assert resumed.photos.table.topLevelItem(0).text(0) == "IMG_0042.png"
    assert resumed.approval.text() == (
        "Approved by Sue Person: Known to the outreach team, who will follow up."
    )


def test_leaving_the_page_saves_the_draft_at_once(officer_form, stored_drafts):
    form = officer_form.form
    officer_form.type(form.when.place, "Hammersmith Broadway, by the bus station")
    assert form.draft_due and stored_drafts() == []
    page = _drafts_page(officer_form)  # hiding the form saves it, before the timer
    [draft] = stored_drafts()
    assert draft.summary.startswith("No name yet, Hammersmith Broadway, by the bus station, ")
    assert page.model.rowCount() == 1 and page.resume_button.isEnabled()


def test_closing_the_window_keeps_what_was_typed(officer_form, stored_drafts):
    form = officer_form.form
    officer_form.type(form.recipient.name, "Dale Sample")
    assert form.draft_due and stored_drafts() == []
    officer_form.window.close()
    [draft] = stored_drafts()
    assert values_from_json(draft.form).entry.recipient_name == "Dale Sample"


def test_the_new_notice_page_says_when_other_drafts_wait(
    officer_form, officer, store, stored_drafts
):
    form, page, window = officer_form.form, officer_form.page, officer_form.window
    assert page.drafts_note.isHidden()
    officer_form.type(form.when.place, "Askew Road")
    _drafts_page(officer_form)
    window.open_area(window.area_titles().index("New notice"))
    assert page.drafts_note.isHidden()  # the draft open here is not waiting
    with store.session_factory.begin() as session:  # one left from before a restart
        save_draft(
            session,
            officer,
            None,
            NoticeKind.WARNING,
            {"place": "Lillie Road"},
            "No name yet, Lillie Road",
        )
    _drafts_page(officer_form)
    window.open_area(window.area_titles().index("New notice"))
    assert page.drafts_note.text() == (
        "You have 1 unfinished draft: open Drafts to resume or discard them."
    )
    assert len(stored_drafts()) == 2


def test_discarding_a_draft_asks_first_with_its_summary(
    officer_form, monkeypatch, stored_drafts, store, ui
):
    form = officer_form.form
    officer_form.type(form.recipient.name, "Dale Sample")
    page = _drafts_page(officer_form)
    [draft] = stored_drafts()
    questions: list[str] = []
    answer = QMessageBox.StandardButton.No

    def ask(_parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        questions.append(f"{title}: {text}")
        return answer

    monkeypatch.setattr(QMessageBox, "question", ask)
    ui.click(page.discard_button)
    assert questions[0].startswith(
        f"Discard draft: Discard the draft notice “{draft.summary}”, last saved "
    )
    assert questions[0].endswith("? What you typed in it will be lost.")
    assert len(stored_drafts()) == 1  # No keeps it

    answer = QMessageBox.StandardButton.Yes
    ui.click(page.discard_button)
    assert stored_drafts() == []
    assert page.empty.isVisible() and page.empty.text() == "You have no drafts."
    assert _audited(store, "draft_discarded") == 1

    window = officer_form.window
    window.open_area(window.area_titles().index("New notice"))
    assert form.draft_id is None and form.recipient.name.text() == ""  # not kept open


def test_a_resumed_draft_issued_from_drafts_is_finished(
    officer_form, numbered_laptop, stored_drafts, stored_notices, store, ui
):
    form = officer_form.form
    officer_form.tick(form.warning_choice)
    officer_form.fill_notice(name="Jo Example")
    officer_form.type(form.recipient.postcode, "W12")  # left unfinished
    page = _drafts_page(officer_form)
    ui.click(page.resume_button)
    resumed = page.desk.form
    assert resumed.warning_choice.isChecked()
    assert resumed.rows.shown("recipient_postcode") == (  # a resumed draft shows its problems
        NOT_A_POSTCODE
    )
    officer_form.ui.type_into(resumed.recipient.postcode, "W12 8QQ")
    ui.qtbot.waitUntil(lambda: resumed.issue_button.isEnabled(), timeout=3000)
    ui.click(resumed.issue_button)
    assert page.desk.result.title.text() == "Warning recorded"
    assert stored_drafts() == [] and _audited(store, "draft_finished") == 1
    [warning] = stored_notices()
    assert (warning.recipient_name, warning.recipient_postcode) == ("Jo Example", "W12 8QQ")
    ui.click(page.back_button)
    assert page.currentWidget() is page.list_page and page.model.rowCount() == 0
    window = officer_form.window
    window.open_area(window.area_titles().index("New notice"))
    assert form.draft_id is None and form.recipient.name.text() == ""


def _read_line(stream, timeout: float) -> str:  # type: ignore[no-untyped-def]
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return ""


def test_a_draft_survives_the_process_being_killed_mid_entry(tmp_path, store, officer, qtbot):
    typed = {
        "place": "Lillie Road, outside the Clem Attlee estate",
        "postcode": "SW6 7PN",
        "ward": "Lillie",
        "circumstances": "Shouted homophobic slurs at two men walking past",
        "name": "Sam Sample",
    }
    env = os.environ | {
        "QT_QPA_PLATFORM": "offscreen",
        "HFHATE_LOG_DIR": str(tmp_path / "child-logs"),
    }
    child = subprocess.Popen(
        [
            sys.executable,
            str(CHILD),
            str(store.paths.data_dir),
            officer.username,
            json.dumps(typed),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        line = _read_line(child.stdout, timeout=60)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert line.startswith("saved "), child.stderr.read() if child.stderr else line
    assert child.returncode == -signal.SIGKILL
    store.close()

    reopened = open_test_store(Paths(store.paths.data_dir))
    try:
        with reopened.session_factory.begin() as session:
            [draft] = list_drafts(session, officer)
            assert str(draft.id) == line.split()[1]
        ctx = UiContext(
            session_factory=reopened.session_factory,
            actor=officer,
            paths=reopened.paths,
            store_key=reopened.key,
            demo=False,
            changes=Changes(),
        )
        form = NoticeForm(ctx)
        qtbot.addWidget(form)
        form.resume(draft.id)
        assert form.when.place.text() == typed["place"]
        assert form.when.postcode.text() == typed["postcode"]
        assert form.when.ward.currentText() == typed["ward"]
        assert form.what.circumstances.toPlainText() == typed["circumstances"]
        assert form.recipient.name.text() == typed["name"]
        assert form.values().entry.hostilities == ("misogyny",)
        assert form.values().entry.offence_at is not None
        assert form.values().entry.offence_at.date() <= date.today()
    finally:
        reopened.close()
