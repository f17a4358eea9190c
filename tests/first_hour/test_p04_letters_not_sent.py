"""Issue 12 point 4: saving is not sending.

Making reminder letters (``hfhate letters --out FILE.pdf``, or the print queue's Print / Save
PDF) changes nothing. Recording that they were posted is a second step that asks for the date
of posting and a confirmation; the reminder's last date to pay runs from that date, and the
letter states it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from hfhate.cli.main import main
from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeEvent, NoticeStatus, Role, utc_now
from hfhate.models.store import Store
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.notices import issuing
from tests.conftest import ADMIN_PASSWORD
from tests.fixtures.notices import notice_entry

TODAY = london_date(utc_now())
PASSWORD = "posted letters are sent letters"


@pytest.fixture
def desk(
    store: Store, admin: Actor, make_actor: Callable[..., Actor], monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """An officer, a supervisor, and two notices issued 20 days ago (reduced period over)."""
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    officer = make_actor(Role.AUTHORISED_OFFICER, username="oliver")
    supervisor = make_actor(Role.SUPERVISOR, username="sarah")
    issued = utc_now() - timedelta(days=20)
    with store.session_factory.begin() as session:
        notices = [
            issuing.issue_notice(session, officer, notice_entry(issued), now=issued)
            for _ in range(2)
        ]
    with store.session_factory.begin() as session:  # the supervisor chose their own
        accounts.change_own_password(
            session, supervisor, current=ADMIN_PASSWORD, password=PASSWORD, confirm=PASSWORD
        )
    monkeypatch.setenv("HFHATE_PASSWORD", PASSWORD)
    return {"supervisor": supervisor, "notices": notices, "data": store.paths.data_dir}


def _hfhate(desk: dict[str, Any], *args: str) -> int:
    return main(["letters", "--data-dir", str(desk["data"]), "--user", "sarah", *args])


def _stored(store: Store, notice: FixedPenaltyNotice) -> tuple[NoticeStatus, date | None]:
    with store.session_factory() as session:
        found = session.get_one(FixedPenaltyNotice, notice.id)
        return found.status, found.reminder_pay_by


def _reminder_events(store: Store, notice: FixedPenaltyNotice) -> list[NoticeEvent]:
    with store.session_factory() as session:
        return list(
            session.scalars(
                select(NoticeEvent).where(
                    NoticeEvent.notice_id == notice.id, NoticeEvent.action == "send_reminder_1"
                )
            )
        )


def test_making_the_letters_changes_nothing(
    store: Store, desk: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = desk["notices"][0]
    out = tmp_path / "letters.pdf"
    assert _hfhate(desk, "--reminder", "1", "--out", str(out), str(notice.number)) == 0
    said = capsys.readouterr().out
    assert "Nothing is recorded as sent" in said and "--record-posted" in said
    assert out.exists()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    pay_by = TODAY + timedelta(days=14)
    assert f"Date: {TODAY:%d %B %Y}" in text and f"by {pay_by:%d %B %Y}" in text
    assert _stored(store, notice)[0] is NoticeStatus.ISSUED
    assert _reminder_events(store, notice) == []


def test_recording_as_posted_asks_and_runs_the_dates_from_the_posting(
    store: Store,
    desk: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, second = desk["notices"]
    posted = TODAY - timedelta(days=2)
    record = ["--reminder", "1", "--record-posted", "--posted-on", posted.isoformat()]
    # Without --yes it asks; anything but yes records nothing.
    monkeypatch.setattr("builtins.input", lambda question: "n")
    assert _hfhate(desk, *record, str(first.number)) == 1
    assert "nothing was recorded" in capsys.readouterr().err
    assert _stored(store, first)[0] is NoticeStatus.ISSUED

    questions: list[str] = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "y")
    assert _hfhate(desk, *record, str(first.number)) == 0
    assert f"as posted on {posted:%d %B %Y}?" in questions[0]
    assert _stored(store, first) == (NoticeStatus.REMINDER_1, posted + timedelta(days=14))
    assert _reminder_events(store, first)[0].details["posted_on"] == posted.isoformat()

    # A date of posting in the future is refused, and nothing is recorded.
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    late = ["--reminder", "1", "--record-posted", "--posted-on", tomorrow, "--yes"]
    assert _hfhate(desk, *late, str(second.number)) == 1
    assert "cannot be in the future" in capsys.readouterr().err
    assert _stored(store, second)[0] is NoticeStatus.ISSUED


def test_the_window_records_letters_only_once_posted(
    store: Store, desk: dict[str, Any], qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QDate, QThreadPool
    from PySide6.QtWidgets import QDialog, QFileDialog, QLabel

    from hfhate.ui.context import Changes, UiContext
    from hfhate.ui.print_queue.queue_page import PrintQueuePage

    saved = tmp_path / "saved.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), "PDF files (*.pdf)")
    )
    asked: list[Any] = []

    def not_yet(dialog: Any) -> int:  # the "Record as posted" dialog, answered "Not yet"
        asked.append(dialog)
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(QDialog, "exec", not_yet)
    ctx = UiContext(
        session_factory=store.session_factory,
        actor=desk["supervisor"],
        paths=store.paths,
        store_key=store.key,
        demo=False,
        changes=Changes(),
    )
    page = PrintQueuePage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.status.setCurrentIndex(page.status.findText("Any status"))
    page.find_button.click()
    page.tick_all_button.click()
    page.reminder_1_button.click()
    qtbot.waitUntil(lambda: page.preview.page_count() > 0, timeout=30_000)
    page.preview.save_button.click()
    QThreadPool.globalInstance().waitForDone(30_000)

    # Saved, the dialog asked, the supervisor said "Not yet": nothing moved.
    assert saved.exists()
    assert [d.objectName() for d in asked] == ["posted_dialog"]
    assert [_stored(store, n)[0] for n in desk["notices"]] == [NoticeStatus.ISSUED] * 2
    assert "Nothing is recorded as sent" in page.message.text()
    assert page.posted_button.isEnabled()

    # Later, "Record as posted…": not in the future, not before the letters were made (today).
    def posted_today(dialog: Any) -> int:
        today = QDate(TODAY.year, TODAY.month, TODAY.day)
        assert dialog.posted_on.maximumDate() == today == dialog.posted_on.minimumDate()
        assert "last date to pay is 14 days after the date of posting" in dialog.windowTitle() + (
            " ".join(label.text() for label in dialog.findChildren(QLabel))
        )
        dialog.save_button.click()
        return dialog.result()

    monkeypatch.setattr(QDialog, "exec", posted_today)
    page.posted_button.click()
    assert [_stored(store, n) for n in desk["notices"]] == [
        (NoticeStatus.REMINDER_1, TODAY + timedelta(days=14))
    ] * 2
    assert "recorded as posted on" in page.message.text()
    assert not page.posted_button.isEnabled()
