"""The Laptop area's lock and sync limits: an administrator changes the idle time and the
staleness limits; a warning limit not below the stop limit is refused beside the field, and
the open window takes up the new idle time at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hfhate.services.laptop_settings import LaptopSettings, current_laptop_settings
from hfhate.ui.laptop_limits import LaptopLimitsBox
from hfhate.ui.laptop_page import LaptopPage


def _type_number(ui, spin, value: int) -> None:  # type: ignore[no-untyped-def]
    spin.setFocus()
    ui.qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    ui.qtbot.keyClicks(spin, str(value))


def test_an_administrator_changes_the_limits_and_bad_ones_are_refused(
    ui, open_window, admin, store
):
    window = open_window(admin)
    window.open_area(window.area_titles().index("Laptop"))
    page = window.current_page()
    assert isinstance(page, LaptopPage)
    box: LaptopLimitsBox = page.limits
    assert (box.idle.value(), box.warn.value(), box.block.value()) == (5, 14, 30)

    _type_number(ui, box.warn, 40)
    ui.click(box.save_button)
    assert "later than the warning" in ui.shown_error(box, "stale_block_days")
    assert "minutes" not in ui.shown_error(box, "idle_lock_minutes")

    _type_number(ui, box.idle, 2)
    _type_number(ui, box.warn, 10)
    _type_number(ui, box.block, 20)
    ui.click(box.save_button)
    assert ui.shown_error(box, "stale_block_days") == ""
    assert box.outcome.isVisible()
    with store.session_factory() as session:
        assert current_laptop_settings(session) == LaptopSettings(2, 10, 20)
    assert window.window_lock.idle.timer.interval() == 2 * 60_000
