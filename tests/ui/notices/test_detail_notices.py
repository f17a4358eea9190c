"""A notice's detail: every field in its group, photos with their SHA-256, the supervisor's
approval, the timeline in words, the audited viewing, and what each role may do from it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel
from sqlalchemy import func, select, update

from hfhate.clock import london_date
from hfhate.models import AuditEvent, Device, EvidencePhoto, utc_now
from hfhate.services.notices import issuing as notices
from hfhate.services.notices.evidence import store_photo
from hfhate.services.notices.lifecycle import Action, Payment
from hfhate.services.notices.rules import Override
from hfhate.services.ops import OpChanges
from hfhate.ui.formatting import london_time
from hfhate.ui.notices.detail import file_size
from hfhate.ui.notices.list_page import NoticesPage
from tests.fixtures.notices import DETAILS_REFUSED


def open_detail(ui, page: NoticesPage, number_or_name: str):  # type: ignore[no-untyped-def]
    """Select the row showing ``number_or_name`` and press Enter, as a user would."""
    model = page.model
    row = next(
        r
        for r in range(model.rowCount())
        if number_or_name
        in (model.index(r, 0).data(), model.index(r, 3).data(), model.index(r, 1).data())
    )
    page.table.setFocus()
    page.table.setCurrentIndex(model.index(row, 0))
    ui.qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.detail
    return page.detail


def viewings(store, notice_id) -> int:  # type: ignore[no-untyped-def]
    with store.session_factory() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "notice_viewed", AuditEvent.record_id == notice_id)
            )
            or 0
        )


@pytest.fixture
def photo(store, tmp_path: Path):  # type: ignore[no-untyped-def]
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    source = tmp_path / "king-street.png"
    assert image.save(str(source))
    return store_photo(store.paths.evidence, store.photo_key, source)


def test_the_detail_shows_every_group(ui, open_window, area, desk, photo):
    notice = desk.issue(days_ago=2, photos=[photo])
    page = area(open_window(desk.supervisor), "Notices")
    detail = open_detail(ui, page, notice.number)
    issued_day = london_date(notice.issued_at)

    assert detail.title.text() == f"Notice {notice.number}: Issued"
    assert detail.value("kind") == "Fixed penalty notice"
    assert detail.value("offence_at") == london_time(notice.offence_at)
    assert detail.value("place") == "King Street, outside Lyric Square"
    assert detail.value("postcode") == "W6 9JU"
    assert detail.value("ward") == "Ravenscourt"
    assert detail.value("prohibition") == "Unwanted sexualised comments"
    assert detail.value("hostilities") == "Misogyny / sexist"
    assert detail.value("circumstances").startswith("At 14:00 I saw the recipient follow")
    assert detail.value("officer") == "Olu Person (LET-olu)"
    assert detail.value("recipient_name") == "Kevin Example"
    age = issued_day.year - 1990 - ((issued_day.month, issued_day.day) < (5, 17))
    assert detail.value("recipient_date_of_birth") == f"17 May 1990 (aged {age} then)"
    assert detail.value("recipient_address") == "12 Sample Road, London"
    assert detail.value("identity") == "Identity document seen: Driving licence"

    assert detail.value("amount") == "£100.00"
    reduced_until = issued_day + timedelta(days=10)
    assert detail.value("reduced_amount") == f"£60.00 if paid by {reduced_until:%d %b %Y}"
    assert detail.value("no_proceedings_until") == f"{issued_day + timedelta(days=14):%d %b %Y}"
    assert detail.value("paid") == "Not paid"
    assert detail.value("due_today") == "£60.00"

    assert detail.value("body_worn_video") == "BWV-0312-01"
    assert detail.value("photos") == "1 (below)"
    about = detail.findChild(QLabel, "photo_about")
    assert about.text() == f"king-street.png ({photo.size_bytes} bytes)\nSHA-256: {photo.sha256}"
    thumbnails = [
        label
        for label in detail.findChildren(QLabel)
        if label.accessibleName() == "Photo king-street.png"
    ]
    assert len(thumbnails) == 1 and not thumbnails[0].pixmap().isNull()
    assert detail.value("person_1") == (
        "Jane Witness; contact 07700 900123; consents to be "
        "contacted; referral to Stop Hate UK offered, accepted"
    )
    assert not detail.groups["Supervisor's approval"].isVisibleTo(detail)
    assert detail.groups["Money"].isVisibleTo(detail)


def test_opening_another_notice_replaces_what_was_shown(ui, open_window, area, desk, photo):
    with_photo = desk.issue(days_ago=2, photos=[photo], recipient_name="Kevin Example")
    plain = desk.issue(days_ago=1, recipient_name="Mark Sample")
    page = area(open_window(desk.supervisor), "Notices")
    detail = open_detail(ui, page, with_photo.number)
    assert detail.findChild(QLabel, "photo_about").isVisibleTo(detail)
    ui.click(detail.back_button)
    open_detail(ui, page, plain.number)
    shown = [
        label.text()
        for label in detail.findChildren(QLabel, "value_recipient_name")
        if label.isVisibleTo(detail)
    ]
    assert shown == ["Mark Sample"]
    assert [
        label for label in detail.findChildren(QLabel, "photo_about") if label.isVisibleTo(detail)
    ] == []
    assert detail.value("photos") == "None"


def test_a_photo_not_on_this_laptop_says_whether_it_is_still_to_come(
    ui, open_window, area, desk, store, photo
):
    notice = desk.issue(days_ago=1, photos=[photo])
    photo.path.unlink()  # as on a supervisor's laptop before the photo came down
    page = area(open_window(desk.supervisor), "Notices")
    detail = open_detail(ui, page, notice.number)
    thumbnail = detail.findChild(QLabel, "photo_thumbnail")
    assert (thumbnail.text(), thumbnail.property("role")) == ("(photo file missing)", "error")

    with store.session_factory.begin() as session:  # taken on another laptop, pulled here
        elsewhere = Device(name="north", remote=True)
        session.add(elsewhere)
        session.flush()
        session.execute(update(EvidencePhoto).values(created_on_device_id=elsewhere.id))
    ui.click(detail.back_button)
    detail = open_detail(ui, page, notice.number)
    [thumbnail] = [
        label
        for label in detail.findChildren(QLabel, "photo_thumbnail")
        if label.isVisibleTo(detail)
    ]
    [about] = [
        label for label in detail.findChildren(QLabel, "photo_about") if label.isVisibleTo(detail)
    ]
    assert (thumbnail.text(), thumbnail.property("role")) == ("Not downloaded yet", "hint")
    assert about.text().endswith(
        "It arrives with a sync, once the laptop it was taken on has sent it to the server."
    )
    ui.shot(detail.groups["Evidence"], "notice-detail-photo-not-downloaded")


def test_viewing_is_audited_each_time_a_notice_is_opened(ui, open_window, area, desk, store):
    notice = desk.issue()
    page = area(open_window(desk.supervisor), "Notices")
    assert viewings(store, notice.id) == 0
    detail = open_detail(ui, page, notice.number)
    assert viewings(store, notice.id) == 1
    # A refresh on screen is not a new viewing.
    page.ctx.changes.changed.emit(OpChanges.of("notices"))
    assert detail.value("number") == notice.number
    assert viewings(store, notice.id) == 1
    ui.click(detail.back_button)
    open_detail(ui, page, notice.number)
    assert viewings(store, notice.id) == 2


def test_the_timeline_tells_the_story_in_words(ui, open_window, area, desk, qtmodeltester):
    notice = desk.issue(days_ago=2)
    with desk.store.session_factory.begin() as session:
        notices.amend_notice(
            session,
            desk.officer,
            notice.id,
            {"recipient_address": "14 Sample Road, London"},
            reason="House number misheard at the scene",
        )
    today = london_date(utc_now())
    desk.act(notice, Action.RECORD_PAYMENT, payment=Payment(today, 6000, "phone", "PH-20391"))
    page = area(open_window(desk.supervisor), "Notices")
    detail = open_detail(ui, page, notice.number)
    model = detail.timeline_model

    rows = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
    assert [row[1:] for row in rows] == [
        ["Olu Person", "Notice issued", "Issued", f"Number {notice.number}"],
        [
            "Olu Person",
            "Amended",
            "",
            "Address: from “12 Sample Road, London” to “14 Sample Road, London”\n"
            "Reason: House number misheard at the scene",
        ],
        [
            "Sue Person",
            "Payment recorded",
            "Issued → Paid",
            f"£60.00 paid on {today:%d %b %Y} (by phone, reference PH-20391)",
        ],
    ]
    assert rows[0][0] == london_time(notice.issued_at)
    assert detail.value("recipient_address") == "14 Sample Road, London"
    assert detail.value("paid") == f"£60.00 on {today:%d %b %Y} (by phone, reference PH-20391)"
    assert "due_today" not in detail.values
    assert detail.title.text() == f"Notice {notice.number}: Paid"
    table = detail.timeline
    assert table.height() >= sum(table.rowHeight(r) for r in range(3))  # no inner scrolling
    qtmodeltester.check(model)


def test_a_supervisors_approval_is_shown(ui, open_window, area, desk):
    today = london_date(utc_now())
    approval = Override(
        desk.supervisor.user_id,
        "Sue Person",
        "Parent present and agreed; repeated behaviour after warnings.",
    )
    notice = desk.issue(
        recipient_name="Young Person",
        override=approval,
        recipient_date_of_birth=date(today.year - 16, 1, 1),
    )
    page = area(open_window(desk.supervisor), "Notices")
    detail = open_detail(ui, page, notice.number)
    assert detail.groups["Supervisor's approval"].isVisibleTo(detail)
    assert detail.value("override_by") == "Sue Person"
    assert detail.value("override_reason") == approval.reason


def test_an_officer_may_amend_their_notice_but_not_move_it(ui, open_window, area, desk):
    notice = desk.issue()
    page = area(open_window(desk.officer), "Notices")
    detail = open_detail(ui, page, notice.number)
    assert detail.actions_panel.buttons == {}
    assert detail.actions_panel.amend_button.isEnabled()
    assert detail.actions_panel.why.text() == (
        "Supervisors record payments, decide representations and refer notices for "
        "prosecution. To correct what was recorded, amend it."
    )


def test_a_warning_has_no_money_and_no_moves(ui, open_window, area, desk):
    desk.issue(warning=True, recipient_name="Walter Warned")
    page = area(open_window(desk.supervisor), "Warnings")
    detail = open_detail(ui, page, "Walter Warned")
    assert detail.title.text() == "Warning for Walter Warned: Warning given"
    assert detail.value("number") == "None (no notice was issued)"
    assert detail.value("kind") == "Warning"
    assert not detail.groups["Money"].isVisibleTo(detail)
    buttons = detail.actions_panel.buttons
    assert len(buttons) == len(Action)
    assert not any(button.isEnabled() for button in buttons.values())
    assert buttons[Action.CANCEL].toolTip() == (
        "A warning or a referral to police has no payment or prosecution."
    )
    assert detail.actions_panel.why.text() == (
        "A warning or a referral to police has no payment or prosecution."
    )
    assert detail.actions_panel.amend_button.isEnabled()


def test_a_referral_to_police_shows_the_description(ui, open_window, area, desk):
    referral = desk.issue(
        **DETAILS_REFUSED,
        recipient_description="Tall man, about 30, grey hoodie, red trainers, beard",
    )
    page = area(open_window(desk.supervisor), "Notices")
    assert page.model.index(0, 0).data() == "No number (police)"
    detail = open_detail(ui, page, "Details refused")
    assert detail.title.text() == (
        f"Referred to police (details refused), {london_time(referral.offence_at)}"
    )
    assert detail.value("identity") == "Refused to give details"
    assert detail.value("recipient_description") == (
        "Tall man, about 30, grey hoodie, red trainers, beard"
    )
    assert not detail.groups["Money"].isVisibleTo(detail)


def test_every_control_of_the_detail_is_named(ui, open_window, area, desk, unnamed_controls):
    notice = desk.issue()
    page = area(open_window(desk.supervisor), "Notices")
    detail = open_detail(ui, page, notice.number)
    assert unnamed_controls(detail) == []
    assert detail.actions_panel.buttons[Action.RECORD_PAYMENT].text() == "Record payment…"
    assert detail.actions_panel.buttons[Action.RECORD_PAYMENT].accessibleName() == "Record payment"


@pytest.mark.parametrize(
    ("size", "text"),
    [(850, "850 bytes"), (12 * 1024 + 100, "12 KB"), (int(2.4 * 1024 * 1024), "2.4 MB")],
)
def test_file_sizes_read_naturally(size, text):
    assert file_size(size) == text
