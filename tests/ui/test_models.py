"""The table models: Qt's model tester on both, and the audit trail paged in with fetchMore."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from hfhate.models import Role
from hfhate.services import accounts, audit
from hfhate.services.audit import record_event
from hfhate.ui.accounts.users_page import UsersTableModel
from hfhate.ui.audit_page import AuditPage, AuditTableModel
from hfhate.ui.tables import PAGE_SIZE

EXTRA_EVENTS = 2 * PAGE_SIZE + 57


@pytest.fixture
def users(store, admin, make_actor):  # type: ignore[no-untyped-def]
    make_actor(Role.AUTHORISED_OFFICER, username="tom")
    gone = make_actor(Role.ENGAGEMENT_OFFICER, username="gina")
    with store.session_factory.begin() as session:
        accounts.set_active(session, admin, gone.user_id, active=False)
        return list(accounts.list_users(session, admin))


@pytest.fixture
def many_events(store, admin) -> int:  # type: ignore[no-untyped-def]
    """Add EXTRA_EVENTS cheap audit events in one transaction; return the new total."""
    with store.session_factory.begin() as session:
        for number in range(EXTRA_EVENTS):
            record_event(
                session,
                action="users_listed",
                device_id=admin.device_id,
                user_id=admin.user_id,
                username=admin.username,
                details={"n": number},
            )
    with store.session_factory.begin() as session:
        return audit.count_events(session, admin)


def test_users_model_passes_the_model_tester(qtmodeltester, users):
    model = UsersTableModel()
    model.set_rows(users)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.columnCount() == len(UsersTableModel.HEADERS)


def test_users_model_shows_deactivated_users_last_and_greyed(users):
    model = UsersTableModel()
    model.set_rows(users)
    last = model.rowCount() - 1
    assert model.index(last, 1).data() == "gina"
    assert model.index(last, 4).data().startswith("Deactivated ")
    assert model.index(last, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#5c5c5c"
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, 4).data(Qt.ItemDataRole.AccessibleTextRole) == "Active"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Roles"


def test_audit_model_passes_the_model_tester(qtmodeltester, ctx_for, admin, many_events):
    model = AuditTableModel(ctx_for(admin))
    qtmodeltester.check(model)
    assert model.total == many_events


def test_audit_model_fetches_a_page_at_a_time(qtbot, ctx_for, admin, many_events):
    model = AuditTableModel(ctx_for(admin))
    assert many_events > 2 * PAGE_SIZE
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    newest = model.index(0, 4).data()  # the Details column
    assert newest == f"n: {EXTRA_EVENTS - 1}"

    with qtbot.waitSignal(model.rowsInserted, timeout=1000) as inserted:
        model.fetchMore(QModelIndex())
    assert inserted.args[1:] == [PAGE_SIZE, 2 * PAGE_SIZE - 1]
    assert model.rowCount() == 2 * PAGE_SIZE

    model.fetchMore(QModelIndex())
    assert model.rowCount() == many_events
    assert not model.canFetchMore(QModelIndex())
    assert model.index(many_events - 1, 2).data() == (
        f"Created the first administrator, user {admin.username}"
    )
    seqs = [event.seq for event in model.events]
    assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == many_events

    model.fetchMore(QModelIndex())  # nothing more: no change
    assert model.rowCount() == many_events


def test_audit_model_reload_goes_back_to_the_first_page(qtbot, ctx_for, admin, many_events):
    model = AuditTableModel(ctx_for(admin))
    model.fetchMore(QModelIndex())
    model.reload()
    assert model.rowCount() == PAGE_SIZE
    qtbot.waitUntil(lambda: model.counted, timeout=5000)  # counted once the page is shown
    assert model.total == many_events


def test_scrolling_the_audit_table_to_the_end_loads_everything(
    qtbot, ui, ctx_for, admin, many_events
):
    page = AuditPage(ctx_for(admin))
    qtbot.addWidget(page)
    page.resize(900, 500)
    ui.show_active(page)
    assert page.model.rowCount() == PAGE_SIZE
    for _ in range(5):
        page.table.scrollToBottom()
        qtbot.wait(20)
    qtbot.waitUntil(lambda: page.model.rowCount() == many_events, timeout=3000)


def test_audit_check_reports_an_intact_trail(qtbot, ui, ctx_for, admin, many_events):
    page = AuditPage(ctx_for(admin))
    qtbot.addWidget(page)
    ui.show_active(page)
    ui.click(page.check_button)
    assert page.result.text() == (f"Intact: all {many_events} entries are in place and unchanged.")
    assert page.result.property("role") == "ok"
    qtbot.waitUntil(lambda: page.model.counted, timeout=5000)
    assert page.model.total == many_events + 1  # the check itself is audited
    assert page.model.index(0, 2).data() == "Checked the audit trail"
