"""The main window: areas by role, keyboard shortcuts, status bar, demo banner, saved geometry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from sqlalchemy import select

from hfhate.app import build_main_window
from hfhate.models import AuditEvent, Role
from hfhate.ui.accounts.users_page import UsersPage
from hfhate.ui.areas import AREAS
from hfhate.ui.audit_page import AuditPage
from hfhate.ui.main_window import DEMO_BANNER
from hfhate.ui.start_page import StartPage

ADMINISTRATION = ["Users", "Settings", "Laptop", "Audit trail", "Lists", "Laptops"]
SUPERVISION = [
    "Notices",
    "Warnings",
    "Due actions",
    "Reports",
    "Print queue",
    "Sessions",
    "Follow-ups",
    "Staff training",
    "Incidents",
    "People",
    "Referrals",
    "Subject access",
]
ISSUING = ["New notice", "Drafts", "Notices", "Warnings"]
ENGAGEMENT = ["Sessions", "Follow-ups", "Staff training"]
VICTIMS = ["Incidents", "People", "Referrals"]


@pytest.mark.parametrize(
    ("roles", "titles"),
    [
        ({Role.ADMINISTRATOR}, ["Start", *ADMINISTRATION, "Sync"]),
        ({Role.SUPERVISOR}, ["Start", *SUPERVISION, "Audit trail", "Retention review", "Sync"]),
        ({Role.AUTHORISED_OFFICER}, ["Start", *ISSUING, *VICTIMS, "Sync"]),
        ({Role.ENGAGEMENT_OFFICER}, ["Start", *ENGAGEMENT, *VICTIMS, "Sync"]),
        (
            {Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER},
            ["Start", *ISSUING, *ENGAGEMENT, *VICTIMS, "Sync"],
        ),
        (
            {Role.SUPERVISOR, Role.ADMINISTRATOR},
            ["Start", *SUPERVISION, *ADMINISTRATION, "Retention review", "Sync"],
        ),
    ],
)
def test_navigation_lists_only_the_areas_the_roles_allow(open_window, make_actor, roles, titles):
    window = open_window(make_actor(*roles))
    assert window.area_titles() == titles
    assert window.stack.count() == len(titles)
    assert window.stack.currentIndex() == 0
    assert isinstance(window.current_page(), StartPage)
    start = window.current_page()
    buttons = [
        b.accessibleName() for b in start.findChildren(QPushButton) if b.property("role") == "area"
    ]
    assert buttons == [f"Open {t}" for t in titles[1:]]


def test_status_bar_names_the_user_and_their_roles(open_window, make_actor):
    window = open_window(make_actor(Role.SUPERVISOR, Role.ADMINISTRATOR, username="rc"))
    label = window.statusBar().findChild(QLabel, "status_user")
    assert label is not None and label.isVisible()
    assert label.text() == "Signed in as Rc Person (supervisor, administrator)"
    assert window.sync_label.text().startswith("Not enrolled: ")


def test_every_area_builds_its_screen_when_first_opened(open_window, make_actor):
    window = open_window(make_actor(*Role))
    assert window.area_titles() == ["Start", *(area.title for area in AREAS)]
    for area in AREAS:
        page = window.page(area.title)
        assert isinstance(page, QWidget) and not isinstance(page, StartPage), area.title
        assert window.page(area.title) is page, f"{area.title} is built once"


def test_ctrl_number_switches_the_page(qtbot, open_window, admin):
    window = open_window(admin)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_page(), UsersPage)
    assert window.navigation.currentRow() == 1
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_page(), AuditPage)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_page(), StartPage)


def test_ctrl_number_beyond_the_users_areas_does_nothing(qtbot, open_window, make_actor):
    window = open_window(make_actor(Role.ENGAGEMENT_OFFICER))
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentIndex() == 0
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.navigation.currentItem().text() == "Staff training"


def test_clicking_a_start_page_button_opens_its_area(ui, open_window, admin):
    window = open_window(admin)
    start = window.current_page()
    button = next(
        b for b in start.findChildren(QPushButton) if b.accessibleName() == "Open Audit trail"
    )
    ui.click(button)
    assert isinstance(window.current_page(), AuditPage)
    assert window.navigation.currentItem().text() == "Audit trail"


def test_demo_window_shows_the_banner(open_window, admin):
    window = open_window(admin, demo=True)
    banner = window.findChild(QLabel, "demo_banner")
    assert banner is not None and banner.isVisible()
    assert banner.text() == DEMO_BANNER
    assert window.windowTitle().endswith("(DEMO)")


def test_real_window_has_no_banner(open_window, admin):
    window = open_window(admin)
    assert window.findChild(QLabel, "demo_banner") is None
    assert "DEMO" not in window.windowTitle()


def test_window_size_is_remembered_in_the_data_folder(qtbot, ui, ready, store, admin):
    first = build_main_window(ready, admin)
    qtbot.addWidget(first)
    ui.show_active(first)
    # The offscreen screen is 800 pixels wide and restoreGeometry keeps windows on screen,
    # so the remembered size must fit in it.
    assert first.size().toTuple() != (760, 540)
    first.resize(760, 540)
    qtbot.waitUntil(lambda: first.size().toTuple() == (760, 540), timeout=2000)
    first.close()
    assert store.paths.window_settings.exists()

    second = build_main_window(ready, admin)
    qtbot.addWidget(second)
    ui.show_active(second)
    assert second.size().toTuple() == (760, 540)


def test_closing_the_window_records_sign_out(store, open_window, admin):
    window = open_window(admin)
    window.close()
    with store.session_factory() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert last is not None and (last.action, last.username) == ("sign_out", "ada")


def test_start_users_and_audit_pages_screenshots(ui, open_window, admin, make_actor):
    make_actor(Role.AUTHORISED_OFFICER, username="tom")
    make_actor(Role.ENGAGEMENT_OFFICER, Role.SUPERVISOR, username="priya")
    window = open_window(admin)
    window.resize(1100, 720)
    ui.shot(window, "start-page-administrator")
    for index, name in ((1, "users-page"), (4, "audit-page")):
        window.open_area(index)
        ui.qtbot.wait(20)
        ui.shot(window, name)
    users = window.findChild(UsersPage)
    assert users.proxy.rowCount() == 3
    audit_page = window.findChild(AuditPage)
    assert audit_page.model.rowCount() >= 3


def test_a_demo_store_offers_no_enrolment_and_says_why(open_window, admin):
    window = open_window(admin, demo=True)
    page = window.page("Sync")
    assert page.demo_note.isVisibleTo(page) and "never sent" in page.demo_note.text()
    assert not page.enrol_box.isVisibleTo(page)
    assert not page.sync_button.isVisibleTo(page)
    real = open_window(admin).page("Sync")
    assert not real.demo_note.isVisibleTo(real) and real.enrol_box.isVisibleTo(real)
