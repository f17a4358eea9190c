"""The Retention review as a supervisor does it, and the retention periods as an
administrator sets them, driven through the main window.

The laptop keeps notices a year (an administrator's setting), so on today's date a notice
paid in January 2025 and a session's register from 2023 are due; a notice with a
representation awaiting decision is held. The supervisor sees the three, reads in the
confirmation exactly what goes, confirms, and the due ones leave the list; the notice's
detail then says when its personal data was erased.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, OutboxEntry, OutboxStatus, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.retention.settings import (
    RetentionSettings,
    change_retention_settings,
    current_retention_settings,
)
from hfhate.ui.notices.detail import NoticeDetail
from hfhate.ui.retention.confirm_dialog import ConfirmErasureDialog
from hfhate.ui.retention.review_page import RetentionReviewPage
from hfhate.ui.settings.page import SettingsPage
from tests.fixtures.retention import (
    NAME,
    OTHER_BORN,
    OTHER_NAME,
    A,
    closed_notice,
    issue,
    move,
    session_with_register,
)

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


@pytest.fixture
def records(store: Store, admin: Actor, make_actor):  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
        change_retention_settings(session, admin, RetentionSettings(notice_years=1, photo_years=1))
    olly = make_actor(Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER, username="olly")
    sue = make_actor(Role.SUPERVISOR, username="sue")
    paid = closed_notice(store, olly, sue, datetime(2025, 1, 15, 12, tzinfo=UTC))
    held = issue(
        store, olly, datetime(2025, 1, 20, 12, tzinfo=UTC), name=OTHER_NAME, born=OTHER_BORN
    )
    move(store, sue, held, A.RECEIVE_REPRESENTATION, datetime(2025, 2, 1, 12, tzinfo=UTC))
    session_with_register(store, olly, date(2023, 9, 1))
    with store.session_factory.begin() as session:  # as after a sync
        session.execute(update(OutboxEntry).values(status=OutboxStatus.SENT))
    return sue, paid


def _cells(page: RetentionReviewPage) -> list[tuple[str, ...]]:
    model = page.model
    return [
        tuple(model.index(r, c).data() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def test_a_supervisor_reviews_confirms_and_the_due_records_are_erased(
    ui, open_window, store, records, ctx_for
):
    sue, paid = records
    window = open_window(sue)
    window.resize(1280, 720)
    window.open_area(window.area_titles().index("Retention review"))
    page = window.current_page()
    assert isinstance(page, RetentionReviewPage)
    rows = _cells(page)
    assert [row[3] for row in rows] == [
        "Due for erasure",
        "Due for erasure",
        "Held: Legal hold: a representation is awaiting a decision.",
    ]
    assert {row[2] for row in rows[:2]} == {"15 Jan 2026", "01 Sep 2026"}
    assert page.summary.text() == "2 due for erasure, 1 held."
    assert page.erase_button.isEnabled()
    _save(window, "retention-review")

    # Going back erases nothing.
    ui.click_and_drive(page.erase_button, ConfirmErasureDialog, lambda d: d.reject())
    assert len(_cells(page)) == 3

    seen: list[str] = []

    def confirm(dialog: ConfirmErasureDialog) -> None:
        seen.append(dialog.listing.text())
        dialog.resize(1000, 380)
        _save(dialog, "retention-confirm")
        ui.click(dialog.erase_button)

    ui.click_and_drive(page.erase_button, ConfirmErasureDialog, confirm)
    listing = seen[0]
    assert "Notice HF-042-" in listing and "Session of 01 Sep 2023" in listing
    assert "The recipient's name, date of birth, address" in listing
    assert "The names on its register" in listing
    assert OTHER_NAME not in listing and "Held" not in listing

    assert [row[3] for row in _cells(page)] == [
        "Held: Legal hold: a representation is awaiting a decision."
    ]
    assert page.summary.text().startswith("Erased the personal data of 2 records.")
    assert not page.erase_button.isEnabled()

    detail = NoticeDetail(ctx_for(sue))
    ui.qtbot.addWidget(detail)
    assert detail.show_notice(paid) == ""
    today = london_date(datetime.now(UTC))
    assert detail.value("recipient_erased") == (
        f"Personal data erased on {today:%d %B %Y} under the retention schedule"
    )
    assert detail.value("circumstances") == detail.value("recipient_erased")
    with store.session_factory() as session:
        assert session.get_one(FixedPenaltyNotice, paid).recipient_name == ""
    assert NAME not in " ".join(detail.value(k) for k in detail.values)


def test_an_administrator_sets_the_periods_in_the_settings_area(ui, open_window, admin, store):
    window = open_window(admin)
    window.resize(1280, 720)
    window.open_area(window.area_titles().index("Settings"))
    page = window.current_page()
    assert isinstance(page, SettingsPage)
    page.choose("retention.draft_days")
    ui.click(page.change_button)
    dialog = page.dialog
    assert dialog is not None
    ui.type_into(dialog.value, "0")
    ui.click(dialog.save_button)
    assert ui.shown_error(dialog, "value") == "Use 1 to 3650 days."
    _save(dialog, "retention-settings-errors")
    ui.type_into(dialog.value, "14")
    ui.click(dialog.save_button)
    assert not dialog.isVisible()
    with store.session_factory() as session:
        assert current_retention_settings(session) == RetentionSettings(draft_days=14)
    _save(page, "retention-settings")


def _save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    """The screen as a user sees it, kept in docs/images when HFHATE_SAVE_SHOTS is set."""
    import os

    if os.environ.get("HFHATE_SAVE_SHOTS"):
        assert widget.grab().save(str(IMAGES / f"{name}.png"))


def test_an_erased_session_says_so_where_the_names_and_disclosures_were(store, records, ctx_for):
    sue, _paid = records
    from sqlalchemy import select

    from hfhate.models import EngagementSession, FollowUp
    from hfhate.services.engagement.sessions import get_session
    from hfhate.services.retention.erasure import erase_record
    from hfhate.ui.engagement.session_view import details_html, follow_up_text

    with store.session_factory.begin() as session:
        session_id = session.scalars(select(EngagementSession.id)).one()
        erase_record(session, sue, "engagement_sessions", session_id, now=datetime.now(UTC))
    with store.session_factory.begin() as session:
        shown = details_html(get_session(session, sue, session_id))
        follow_up = session.scalars(select(FollowUp)).one()
        said = follow_up_text(follow_up, "Olly")
    today = london_date(datetime.now(UTC))
    note = f"Personal data erased on {today:%d %B %Y} under the retention schedule"
    assert note in shown and "Bartholomew" not in shown
    assert note in said and "Ignatius" not in said
