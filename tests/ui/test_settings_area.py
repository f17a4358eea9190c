"""The Settings area on a stand-alone laptop, as an administrator uses it: every setting with
the value in force today; "Change from a date…" refuses what cannot stand beside the field
(a stop limit not later than the warning, a period out of bounds, a date in the past) and
makes what can, locally; the history lists it, and the open window takes up a new idle time
at once. The Laptop area keeps only the laptop's name and device code."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QApplication

from hfhate.clock import london_date
from hfhate.models import utc_now
from hfhate.services.laptop_settings import LaptopSettings, current_laptop_settings
from hfhate.services.retention.settings import current_retention_settings
from hfhate.ui.laptop_page import LaptopPage
from hfhate.ui.settings.change_dialog import ChangeSettingDialog
from hfhate.ui.settings.page import SettingsPage

SHOTS = "/tmp/i19"


def open_settings(window) -> SettingsPage:  # type: ignore[no-untyped-def]
    window.open_area(window.area_titles().index("Settings"))
    page = window.current_page()
    assert isinstance(page, SettingsPage)
    return page


def change(ui, page: SettingsPage, name: str, value: str) -> ChangeSettingDialog:  # type: ignore[no-untyped-def]
    page.choose(name)
    ui.click(page.change_button)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    ui.type_into(dialog.value, value)
    ui.click(dialog.save_button)
    return dialog


def schedule(ui, page: SettingsPage, name: str, value: str, note: str) -> ChangeSettingDialog:  # type: ignore[no-untyped-def]
    """Change ``name`` to ``value`` from 30 days ahead."""
    page.choose(name)
    ui.click(page.change_button)
    dialog = page.dialog
    assert dialog is not None
    ui.type_into(dialog.value, value)
    dialog.in_force_from.setDate(dialog.in_force_from.date().addDays(30))
    if note:
        ui.type_into(dialog.note, note)
    ui.click(dialog.save_button)
    return dialog


def test_an_administrator_changes_settings_here_and_bad_ones_are_refused_beside_the_field(
    ui, open_window, admin, store
):
    window = open_window(admin)
    window.resize(1280, 720)
    page = open_settings(window)
    assert "stand-alone" in page.bar.label.text()
    assert page.change_button.isEnabled() and not page.state.isVisible()
    cells = {row.name: row for row in page.table.rows}
    assert cells["notices.amount_pence"].value == 10000
    assert page.table.data(page.table.index(0, 2)) == "£100.00"
    QApplication.processEvents()
    window.grab().save(f"{SHOTS}/set-settings-standalone.png")

    dialog = change(ui, page, "laptop.stale_block_days", "10")
    assert "later than the warning" in ui.shown_error(dialog, "value")
    dialog.grab().save(f"{SHOTS}/set-settings-dialog-error.png")
    dialog.reject()
    dialog = change(ui, page, "retention.notice_years", "0")
    assert ui.shown_error(dialog, "value") == "Use 1 to 100 years."
    dialog.in_force_from.setDate(dialog.in_force_from.date().addDays(-1))
    ui.type_into(dialog.value, "5")
    ui.click(dialog.save_button)
    assert "cannot start before today" in ui.shown_error(dialog, "in_force_from")
    dialog.reject()

    dialog = change(ui, page, "laptop.idle_lock_minutes", "2")
    assert not dialog.isVisible()
    with store.session_factory() as session:
        assert current_laptop_settings(session) == LaptopSettings(2, 14, 30)
    assert window.window_lock.idle.timer.interval() == 2 * 60_000
    page.choose("laptop.idle_lock_minutes")
    assert page.history.rowCount() == 1
    assert page.history.data(page.history.index(0, 1)) == "2 minutes"
    assert page.history.data(page.history.index(0, 2)) == "Ada Admin"

    # A change from a later date is scheduled: today's value stays, the next change shows.
    # Notices kept 5 years while their photos are kept 6 is refused, naming the photos ...
    dialog = schedule(ui, page, "retention.notice_years", "5", "Council policy review")
    assert ui.shown_error(dialog, "value") == (
        "Keep their photos after they are closed: Photos cannot be kept longer than the "
        "notice they belong to: use 5 years or fewer."
    )
    dialog.reject()
    # ... and made once the photos' period changes from the same date.
    assert not schedule(ui, page, "retention.photo_years", "5", "").isVisible()
    dialog = schedule(ui, page, "retention.notice_years", "5", "Council policy review")
    assert not dialog.isVisible(), ui.shown_error(dialog, "value")
    with store.session_factory() as session:
        assert current_retention_settings(session).notice_years == 6
    later = london_date(utc_now()) + timedelta(days=30)
    row = next(r for r in page.table.rows if r.name == "retention.notice_years")
    assert row.next_change is not None and row.next_change.in_force_from == later
    shown = page.table.data(page.table.index(page.table.rows.index(row), 3))
    assert shown == f"5 years from {later:%-d %b %Y}"
    QApplication.processEvents()
    window.grab().save(f"{SHOTS}/set-settings-history.png")
    window.resize(1100, 720)
    QApplication.processEvents()
    assert page.change_button.geometry().right() < page.width()
    window.grab().save(f"{SHOTS}/set-settings-1100.png")


def test_the_laptop_area_keeps_the_name_and_device_code_only(open_window, admin):
    window = open_window(admin)
    window.open_area(window.area_titles().index("Laptop"))
    page = window.current_page()
    assert isinstance(page, LaptopPage)
    assert not hasattr(page, "limits") and not hasattr(page, "retention")
