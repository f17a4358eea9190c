"""The Settings area on an enrolled laptop, with a real server process.

Not connected: the settings shown are the laptop's, read-only, with the plain message that
central changes need a connection (the change button is disabled). Connected: the list is the
server's; a change from a date is made on the server (its refusal shown beside the field),
and the next sync brings it to the laptop, whose history then lists it.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QApplication

from hfhate.clock import london_date
from hfhate.models import utc_now
from hfhate.services.settings.stored import settings_on
from hfhate.sync.settings_schemas import SettingsList
from hfhate.ui.settings.page import OFFLINE, SettingsPage
from tests.sync.conftest import PASSWORD

SHOTS = "/tmp/i19"


def test_offline_read_only_then_online_changes_go_to_the_server(
    qtbot, ui, sqlite_server, make_laptop, open_sync
):
    laptop = make_laptop(sqlite_server, "north", 7)
    laptop.enrol()
    window, _sync = open_sync(laptop, laptop.admin)
    window.resize(1280, 720)
    window.open_area(window.area_titles().index("Settings"))
    page = window.current_page()
    assert isinstance(page, SettingsPage)

    # Enrolled, not connected: read-only, and it says why.
    assert page.state.isVisible() and page.state.text() == OFFLINE
    assert "central changes need a connection" in page.bar.label.text()
    assert not page.change_button.isEnabled()
    assert page.open_change() is None
    QApplication.processEvents()
    window.grab().save(f"{SHOTS}/set-settings-offline.png")

    # Connected: the server's settings, and changes made there.
    assert page.ctx.central.connect(page, password=PASSWORD)
    assert page.ctx.central.online and page.change_button.isEnabled()
    assert not page.state.isVisible()
    page.choose("notices.reduced_amount_pence")
    ui.click(page.change_button)
    dialog = page.dialog
    assert dialog is not None
    ui.type_into(dialog.value, "300")
    dialog.in_force_from.setDate(dialog.in_force_from.date().addDays(1))
    ui.click(dialog.save_button)
    # The server checks the reduced amount against the full amount in force on that date.
    assert "at most the full amount" in ui.shown_error(dialog, "value")
    dialog.reject()
    for name, value in (("notices.amount_pence", "500"), ("notices.reduced_amount_pence", "300")):
        page.choose(name)
        ui.click(page.change_button)
        dialog = page.dialog
        assert dialog is not None
        ui.type_into(dialog.value, value)
        dialog.in_force_from.setDate(dialog.in_force_from.date().addDays(1))
        ui.type_into(dialog.note, "Crime and Policing Act")
        ui.click(dialog.save_button)
        assert not dialog.isVisible(), ui.shown_error(dialog, "value")
    tomorrow = london_date(utc_now()) + timedelta(days=1)
    connection = page.ctx.central.connection
    assert connection is not None
    listing = connection.call("GET", "/admin/settings", SettingsList)
    amount = next(row for row in listing.settings if row.name == "notices.amount_pence")
    assert amount.value == 10000
    assert amount.next_change is not None and amount.next_change.value == 50000
    assert amount.next_change.in_force_from == tomorrow
    page.choose("notices.amount_pence")
    assert page.history.rowCount() == 1  # the server's history
    QApplication.processEvents()
    window.grab().save(f"{SHOTS}/set-settings-online.png")

    # The next sync brings the change to this laptop.
    laptop.sync(laptop.admin)
    with laptop.store.session_factory() as session:
        assert settings_on(session, tomorrow).notices.amount_pence == 50000
        assert settings_on(session).notices.amount_pence == 10000
    page.ctx.central.disconnect_central()
    assert not page.change_button.isEnabled()
    page.choose("notices.amount_pence")
    assert page.history.rowCount() == 1  # now from what the laptop holds
