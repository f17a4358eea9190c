"""The Notices and Warnings lists in a real main window: what they show, search, filters,
sorting by header, paging, who sees what, and opening a notice's detail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from hfhate.clock import LONDON, london_date
from hfhate.models import NoticeKind, Role, utc_now
from hfhate.services.notices.lifecycle import Action, Payment
from hfhate.services.ops import OpChanges
from hfhate.ui.notices.list_page import NoticesPage, WarningsPage, count_text
from hfhate.ui.tables import PAGE_SIZE
from tests.fixtures.notices import numbered_name

NUMBER, DATE, STATUS, RECIPIENT, WARD, PROHIBITION, OFFICER, AMOUNT = range(8)


def column(page: NoticesPage, index: int) -> list[str]:
    return [page.model.index(row, index).data() for row in range(page.model.rowCount())]


def search(ui, page: NoticesPage, text: str) -> None:  # type: ignore[no-untyped-def]
    ui.type_into(page.filters.search, text)
    ui.qtbot.keyClick(page.filters.search, Qt.Key.Key_Return)


def choose(ui, combo: QComboBox, text: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an entry by typing its first word, as a keyboard user does (Space would open
    the list)."""
    combo.setFocus()
    interval = QApplication.keyboardInputInterval()
    ui.qtbot.wait(interval + 50)  # a new search, not a longer one
    word = text.split(" ")[0]
    ui.qtbot.keyClicks(combo, word[0])
    # The rest of the word continues the search even on a loaded machine, where the gap
    # between two simulated keys can outlast the usual interval and start a new search.
    QApplication.setKeyboardInputInterval(60_000)
    try:
        ui.qtbot.keyClicks(combo, word[1:])
    finally:
        QApplication.setKeyboardInputInterval(interval)
    assert combo.currentText() == text


def click_header(ui, page: NoticesPage, section: int) -> None:  # type: ignore[no-untyped-def]
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    ui.qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


@pytest.fixture
def supervisor_page(open_window, area, desk) -> NoticesPage:  # type: ignore[no-untyped-def]
    def open_() -> NoticesPage:
        page = area(open_window(desk.supervisor), "Notices")
        assert isinstance(page, NoticesPage)
        return page

    return open_  # type: ignore[return-value]


def test_the_list_shows_each_notice_in_words(supervisor_page, desk, qtmodeltester):
    first = desk.issue(
        days_ago=3, recipient_name="Kevin Example", ward="Addison", prohibition="following"
    )
    paid = desk.issue(days_ago=2, recipient_name="Mark Sample")
    desk.act(
        paid, Action.RECORD_PAYMENT, payment=Payment(london_date(utc_now()), 6000, "online", "WP-1")
    )
    late = desk.issue(desk.other_officer, days_ago=12, recipient_name="Dan Test")
    page = supervisor_page()

    assert page.count_label.text() == "3 notices"
    assert [page.model.headerData(i, Qt.Orientation.Horizontal) for i in range(8)] == [
        "Number",
        "Offence date",
        "Status",
        "Recipient",
        "Ward",
        "Prohibition",
        "Officer",
        "Amount due/paid",
    ]
    # Newest offence first.
    assert column(page, NUMBER) == [paid.number, first.number, late.number]
    assert column(page, STATUS) == ["Paid", "Issued", "Issued"]
    assert column(page, RECIPIENT) == ["Mark Sample", "Kevin Example", "Dan Test"]
    assert column(page, WARD) == ["Ravenscourt", "Addison", "Ravenscourt"]
    assert column(page, PROHIBITION)[1] == "Following"
    assert column(page, OFFICER) == ["Olu Person", "Olu Person", "Sam Person"]
    assert column(page, AMOUNT) == ["£60.00 paid", "£60.00 due", "£100.00 due"]
    offence = (utc_now() - timedelta(days=3, minutes=30)).astimezone(LONDON)
    assert column(page, DATE)[1] == offence.strftime("%d %b %Y %H:%M")
    qtmodeltester.check(page.model)


def test_search_by_number_name_or_postcode(ui, supervisor_page, desk):
    kevin = desk.issue(recipient_name="Kevin Example", recipient_postcode="W12 8QQ")
    desk.issue(recipient_name="Mark Sample", recipient_postcode="SW6 1AA")
    desk.issue(recipient_name="Kevina Other", recipient_postcode="W6 0AA")
    page = supervisor_page()

    search(ui, page, kevin.number.replace("-", " ").lower())
    assert column(page, NUMBER) == [kevin.number]
    assert page.count_label.text() == "1 notice"

    search(ui, page, "kevin")
    assert sorted(column(page, RECIPIENT)) == ["Kevin Example", "Kevina Other"]

    search(ui, page, "sw61aa")
    assert column(page, RECIPIENT) == ["Mark Sample"]

    search(ui, page, "Nobody Here")
    assert page.model.rowCount() == 0
    assert page.count_label.text() == "0 notices"


def test_typing_searches_after_a_pause_without_enter(ui, supervisor_page, desk):
    desk.issue(recipient_name="Kevin Example")
    desk.issue(recipient_name="Mark Sample")
    page = supervisor_page()
    ui.type_into(page.filters.search, "mark")
    ui.qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert column(page, RECIPIENT) == ["Mark Sample"]


def test_a_wrong_check_digit_is_reported_beside_the_search_box(ui, supervisor_page, desk):
    notice = desk.issue()
    page = supervisor_page()
    check = int(notice.number[-1])
    wrong = f"{notice.number[:-1]}{(check + 1) % 10}"

    search(ui, page, wrong)
    error = page.filters.search_error
    assert error.isVisible()
    assert error.text() == (
        "The check digit does not match: a digit is mistyped or two digits "
        "are swapped. Check the number on the notice."
    )
    assert error.property("role") == "error"
    assert page.filters.search.accessibleDescription() == error.text()
    assert page.model.rowCount() == 0
    assert page.count_label.text() == "No search: check the notice number."
    click_header(ui, page, RECIPIENT)  # sorting must not bring back rows for another search
    assert page.model.rowCount() == 0

    search(ui, page, notice.number)
    assert not error.isVisible()
    assert column(page, NUMBER) == [notice.number]


def test_filters_by_status_ward_and_dates_then_clear(ui, supervisor_page, desk):
    desk.issue(days_ago=1, recipient_name="Recent Ravenscourt", ward="Ravenscourt")
    paid = desk.issue(days_ago=2, recipient_name="Paid Addison", ward="Addison")
    desk.act(
        paid, Action.RECORD_PAYMENT, payment=Payment(london_date(utc_now()), 6000, "phone", "PH-1")
    )
    desk.issue(days_ago=40, recipient_name="Old Addison", ward="Addison")
    page = supervisor_page()
    filters = page.filters
    assert page.model.rowCount() == 3

    choose(ui, filters.status, "Paid")
    assert column(page, RECIPIENT) == ["Paid Addison"]
    choose(ui, filters.status, "Unpaid (issued or reminded)")
    assert column(page, RECIPIENT) == ["Recent Ravenscourt", "Old Addison"]
    choose(ui, filters.ward, "Addison")
    assert column(page, RECIPIENT) == ["Old Addison"]

    ui.click(filters.clear_button)
    assert filters.status.currentText() == "Any status"
    assert filters.ward.currentText() == "Any ward"
    assert page.model.rowCount() == 3

    ui.click(filters.use_from)
    assert filters.date_from.isEnabled()
    week_ago = london_date(utc_now()) - timedelta(days=7)
    filters.date_from.setDate(QDate(week_ago.year, week_ago.month, week_ago.day))
    assert sorted(column(page, RECIPIENT)) == ["Paid Addison", "Recent Ravenscourt"]
    ui.click(filters.use_to)
    until = london_date(paid.offence_at)  # a day before the recent one's, at any hour
    filters.date_to.setDate(QDate(until.year, until.month, until.day))
    assert column(page, RECIPIENT) == ["Paid Addison"]
    ui.click(filters.use_from)  # no lower limit any more
    assert column(page, RECIPIENT) == ["Paid Addison", "Old Addison"]


def test_filters_by_hostility_and_prohibition(ui, supervisor_page, desk):
    desk.issue(recipient_name="Race Following", hostilities=("race",), prohibition="following")
    desk.issue(recipient_name="Misogyny Comments")
    page = supervisor_page()
    choose(ui, page.filters.hostility, "Race")
    assert column(page, RECIPIENT) == ["Race Following"]
    ui.click(page.filters.clear_button)
    choose(ui, page.filters.prohibition, "Unwanted sexualised comments")
    assert column(page, RECIPIENT) == ["Misogyny Comments"]


def test_clicking_a_header_sorts_in_the_store(ui, supervisor_page, desk):
    for days, name in ((1, "Bravo Smith"), (2, "Charlie Smith"), (3, "Alpha Smith")):
        desk.issue(days_ago=days, recipient_name=name)
    page = supervisor_page()
    assert column(page, RECIPIENT) == ["Bravo Smith", "Charlie Smith", "Alpha Smith"]

    click_header(ui, page, RECIPIENT)
    assert column(page, RECIPIENT) == ["Alpha Smith", "Bravo Smith", "Charlie Smith"]
    assert (page.model.sort_key, page.model.descending) == ("recipient_name", False)
    click_header(ui, page, RECIPIENT)
    assert column(page, RECIPIENT) == ["Charlie Smith", "Bravo Smith", "Alpha Smith"]

    click_header(ui, page, PROHIBITION)  # not sortable: nothing changes
    header = page.table.horizontalHeader()
    assert column(page, RECIPIENT) == ["Charlie Smith", "Bravo Smith", "Alpha Smith"]
    assert header.sortIndicatorSection() == RECIPIENT
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    click_header(ui, page, DATE)  # a date column starts newest first
    assert column(page, RECIPIENT) == ["Bravo Smith", "Charlie Smith", "Alpha Smith"]


def test_rows_are_paged_in_as_the_user_scrolls(ui, supervisor_page, desk):
    desk.issue_many(450)
    page = supervisor_page()
    model = page.model
    assert page.count_label.text() == "First 200 notices shown, counting the rest…"
    ui.qtbot.waitUntil(lambda: page.count_label.text() == "450 notices", timeout=5000)
    ui.show_active(page.window())  # waiting let the offscreen window lose the focus
    assert model.rowCount() == PAGE_SIZE == 200
    assert model.canFetchMore(model.index(-1, -1))

    page.table.setFocus()
    ui.qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    ui.qtbot.waitUntil(lambda: model.rowCount() >= 400, timeout=3000)
    assert model.rowCount() == 400
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 450
    assert not model.canFetchMore(model.index(-1, -1))
    names = column(page, RECIPIENT)
    assert len(set(names)) == 450  # no page repeated a row
    assert names[:2] == [numbered_name(0), numbered_name(1)] and names[-1] == numbered_name(449)


def test_officers_see_only_their_own_notices(open_window, area, desk):
    desk.issue(recipient_name="Olu One")
    desk.issue(recipient_name="Olu Two")
    desk.issue(desk.other_officer, recipient_name="Sam One")
    window = open_window(desk.officer)
    assert "Due actions" not in window.area_titles()
    page = area(window, "Notices")
    assert sorted(column(page, RECIPIENT)) == ["Olu One", "Olu Two"]
    assert set(column(page, OFFICER)) == {"Olu Person"}
    assert not page.filters.officer.isVisibleTo(page)


def test_supervisors_see_everyone_and_filter_by_officer(ui, supervisor_page, desk):
    desk.issue(recipient_name="Olu One")
    desk.issue(desk.other_officer, recipient_name="Sam One")
    page = supervisor_page()
    assert page.model.rowCount() == 2
    assert page.filters.officer.isVisibleTo(page)
    choose(ui, page.filters.officer, "Sam Person")
    assert column(page, RECIPIENT) == ["Sam One"]


def test_enter_or_double_click_opens_the_detail_and_back_returns(ui, supervisor_page, desk):
    first = desk.issue(days_ago=1, recipient_name="Kevin Example")
    second = desk.issue(days_ago=2, recipient_name="Mark Sample")
    page = supervisor_page()
    table = page.table
    table.setFocus()
    table.setCurrentIndex(page.model.index(1, 0))
    assert page.open_button.isEnabled()
    ui.qtbot.keyClick(table, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.detail
    assert page.detail.value("number") == second.number

    ui.click(page.detail.back_button)
    assert page.stack.currentWidget() is page.list_page
    assert table.hasFocus()

    rect = table.visualRect(page.model.index(0, RECIPIENT))
    # A real double-click starts with a press and release, then the double-click event.
    ui.qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    ui.qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.stack.currentWidget() is page.detail
    assert page.detail.value("recipient_name") == "Kevin Example"
    assert page.detail.value("number") == first.number


def test_the_list_follows_changes_made_on_other_screens(supervisor_page, desk):
    desk.issue(recipient_name="Kevin Example")
    page = supervisor_page()
    assert page.count_label.text() == "1 notice"
    desk.issue(recipient_name="Mark Sample")
    page.ctx.changes.changed.emit(OpChanges.of("users"))
    assert page.model.rowCount() == 1
    page.ctx.changes.changed.emit(OpChanges.of("notices"))
    assert page.model.rowCount() == 2
    assert page.count_label.text() == "2 notices"


def test_warnings_have_their_own_list(open_window, area, desk, qtmodeltester):
    desk.issue(warning=True, recipient_name="Walter Warned", ward="Grove")
    desk.issue(recipient_name="Kevin Example")
    page = area(open_window(desk.supervisor), "Warnings")
    assert isinstance(page, WarningsPage)
    headers = [
        page.model.headerData(i, Qt.Orientation.Horizontal) for i in range(page.model.columnCount())
    ]
    assert headers == ["Date", "Recipient", "Ward", "Prohibition", "Officer"]
    assert [page.model.index(0, i).data() for i in range(1, 5)] == [
        "Walter Warned",
        "Grove",
        "Unwanted sexualised comments",
        "Olu Person",
    ]
    assert page.count_label.text() == "1 warning"
    assert not page.filters.status.isVisibleTo(page)
    assert page.filters.search.placeholderText() == "Name or postcode"
    qtmodeltester.check(page.model)


def test_every_control_of_the_lists_is_named(open_window, area, desk, unnamed_controls):
    desk.issue()
    window = open_window(desk.supervisor)
    for title in ("Notices", "Warnings"):
        assert unnamed_controls(area(window, title)) == []
    inner = area(window, "Notices").filters.date_from.findChild(QLineEdit)
    assert inner.accessibleName() == "Notices from date"


@pytest.mark.parametrize(
    ("count", "kind", "text"),
    [
        (0, NoticeKind.NOTICE, "0 notices"),
        (1, NoticeKind.NOTICE, "1 notice"),
        (1234, NoticeKind.NOTICE, "1,234 notices"),
        (1, NoticeKind.WARNING, "1 warning"),
        (25, NoticeKind.WARNING, "25 warnings"),
    ],
)
def test_count_text(count, kind, text):
    assert count_text(count, kind) == text


def test_navigation_by_role(open_window, desk, make_actor):
    assert {"Notices", "Warnings", "Due actions"} <= set(open_window(desk.supervisor).area_titles())
    engagement = open_window(make_actor(Role.ENGAGEMENT_OFFICER, username="eve"))
    assert not {"Notices", "Warnings", "Due actions"} & set(engagement.area_titles())
