"""The Lists and Laptops areas as an administrator uses them: online (signed in to a real
server), offline (enrolled, not connected: read-only, with the plain message) and on a
stand-alone laptop (lists changed locally; no list of laptops)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from hfhate import __version__
from hfhate.models import FixedPenaltyNotice, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.notices.issuing import record_warning
from hfhate.services.reference_lists import lists_for
from hfhate.sync import client
from hfhate.sync.schemas import STORE_SCHEMA
from hfhate.sync.transport import SyncError
from hfhate.ui.context import Changes, UiContext
from hfhate.ui.laptops.laptops_page import OFFLINE, STANDALONE, LaptopsPage
from hfhate.ui.laptops.revoke_dialog import RevokeDialog
from hfhate.ui.notices.detail_fields import offence_rows
from hfhate.ui.notices.new_notice_page import NewNoticePage
from hfhate.ui.reference.lists_page import ListsPage
from tests.fixtures.notices import notice_entry
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess
from tests.ui.sync.conftest import quick_transport

SHOTS = "/tmp/i19"


def context(store: Store, actor: Actor) -> UiContext:
    ctx = UiContext(
        session_factory=store.session_factory,
        actor=actor,
        paths=store.paths,
        store_key=store.key,
        demo=False,
        changes=Changes(),
    )
    ctx.central.make_transport = quick_transport
    return ctx


def shown(qtbot, page: QWidget, name: str) -> QWidget:  # type: ignore[no-untyped-def]
    """The page at 1280x720, as the window shows it, its picture kept for people to look at."""
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    page.grab().save(f"{SHOTS}/ref-{name}.png")
    return page


def select_code(page: ListsPage, code: str) -> None:
    page._select(code)
    assert page._selected_row() is not None and page._selected_row().code == code


@pytest.fixture
def enrolled(make_laptop, sqlite_server: ServerProcess) -> tuple[Laptop, Actor]:  # type: ignore[no-untyped-def]
    laptop = make_laptop(sqlite_server, "north")
    olly = laptop.add("olly", Role.AUTHORISED_OFFICER)
    laptop.enrol()
    return laptop, olly


def test_lists_online_retire_a_ward_and_add_one(qtbot, ui, enrolled) -> None:  # type: ignore[no-untyped-def]
    laptop, olly = enrolled
    with laptop.store.session_factory.begin() as session:  # an old notice in Grove
        record_warning(session, olly, notice_entry(datetime.now(UTC), ward="Grove"))
    ctx = context(laptop.store, laptop.admin)
    page = ListsPage(ctx)
    assert ctx.central.connect(page, password=PASSWORD)
    assert page.save_button.isEnabled() and not page.message.isVisible()
    select_code(page, "Grove")
    ui.click(page.retire_button)
    assert [r.retired for r in page.model.rows if r.code == "Grove"] == [True]
    ui.click(page.new_button)
    ui.type_into(page.label, "Olympia")
    ui.type_into(page.postcodes, "W14, w6 0, nowhere")
    ui.click(page.save_button)
    assert "nowhere" in page.rows.error("postcodes").lower()  # said beside the field
    ui.type_into(page.postcodes, "W14, w6 0")
    ui.click(page.save_button)
    assert page.rows.error("postcodes") == ""
    added = [r for r in page.model.rows if r.code == "Olympia"]
    assert added and added[0].districts == ("W14", "W6 0") and added[0].source == "Added"
    select_code(page, "Grove")
    shown(qtbot, page, "lists-online")

    client.sync(laptop.store, olly, PASSWORD, quick_transport_for)
    notice_page = NewNoticePage(context(laptop.store, olly))
    qtbot.addWidget(notice_page)
    form = notice_page.form
    wards = [form.when.ward.itemData(i) for i in range(form.when.ward.count())]
    assert "Grove" not in wards and "Olympia" in wards
    ui.type_into(form.when.postcode, "W14 8AB")
    form.when.postcode.editingFinished.emit()
    assert form.when.ward.currentData() == "Olympia"  # the lookup knows the added ward
    with laptop.store.session_factory() as session:
        old = session.scalars(select(FixedPenaltyNotice)).one()
        lists = lists_for(session)
    assert ("ward", "Ward", "Grove (no longer in use)") in offence_rows(old, lists)


def quick_transport_for(url: str):  # type: ignore[no-untyped-def]
    return quick_transport(url, None)


def test_lists_offline_are_read_only_with_the_plain_message(qtbot, ui, enrolled) -> None:  # type: ignore[no-untyped-def]
    laptop, _ = enrolled
    page = shown(qtbot, ListsPage(context(laptop.store, laptop.admin)), "lists-offline")
    assert isinstance(page, ListsPage)
    assert "need a connection to the server" in page.message.text()
    assert not page.save_button.isEnabled() and page.label.isReadOnly()
    select_code(page, "Grove")
    assert not page.retire_button.isEnabled()
    assert page.bar.connect_button.isVisible()


def test_lists_on_a_stand_alone_laptop_change_here(qtbot, ui, store, admin) -> None:  # type: ignore[no-untyped-def]
    page = ListsPage(context(store, admin))
    page.list_name.setCurrentIndex(page.list_name.findData("hostilities"))
    select_code(page, "homophobic")
    ui.click(page.retire_button)
    ui.type_into(page.label, "Homophobia")
    ui.click(page.save_button)
    shown(qtbot, page, "lists-standalone")
    with store.session_factory() as session:
        lists = lists_for(session)
    assert "homophobic" not in lists.choosable("hostilities")
    assert lists.label("hostilities", "homophobic") == "Homophobia"
    ui.click(page.restore_button)
    with store.session_factory() as session:
        assert "homophobic" in lists_for(session).choosable("hostilities")
    # Schools and partners are organisations: added where sessions are, retired here.
    page.list_name.setCurrentIndex(page.list_name.findData("partners"))
    assert page.list_hint.isVisible() and not page.save_button.isEnabled()
    assert page.label.isReadOnly()


def test_laptops_online_shows_the_list_and_revokes(qtbot, ui, enrolled, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    laptop, olly = enrolled
    client.sync(laptop.store, olly, PASSWORD, quick_transport_for)
    ctx = context(laptop.store, laptop.admin)
    page = LaptopsPage(ctx)
    assert ctx.central.connect(page, password=PASSWORD)
    assert page.table.isVisible() or not page.isVisible()
    shown(qtbot, page, "laptops-online")
    assert page.model.rowCount() == 1
    texts = [page.model.text(page.model.rows[0], c) for c in range(len(page.model.HEADERS))]
    # The administrator signing in to the server from it is its last user now.
    assert texts[2] == "Active" and texts[3] == "Admin north" and texts[4] != "Never"
    assert texts[6] == __version__ and texts[7] == STORE_SCHEMA
    page.table.selectRow(0)
    asked: list[int] = []
    monkeypatch.setattr(RevokeDialog, "ask", lambda device, parent=None: asked.append(1))
    ui.click(page.revoke_button)  # cancelled: nothing happens
    assert asked and page.model.rows[0].state == "active"
    monkeypatch.setattr(RevokeDialog, "ask", lambda device, parent=None: False)
    ui.click(page.revoke_button)
    assert page.model.rows[0].state == "revoked"
    with pytest.raises(SyncError, match="revoked"):
        client.sync(laptop.store, olly, PASSWORD, quick_transport_for)


def test_laptops_offline_and_stand_alone_say_why_there_is_no_list(  # type: ignore[no-untyped-def]
    qtbot, ui, enrolled, store, admin
) -> None:
    laptop, _ = enrolled
    offline = shown(qtbot, LaptopsPage(context(laptop.store, laptop.admin)), "laptops-offline")
    assert isinstance(offline, LaptopsPage)
    assert offline.message.text() == OFFLINE and not offline.table.isVisible()
    alone = shown(qtbot, LaptopsPage(context(store, admin)), "laptops-standalone")
    assert isinstance(alone, LaptopsPage)
    assert alone.message.text() == STANDALONE and not alone.table.isVisible()
    assert not alone.revoke_button.isVisible()
