"""A dialog left open when the window locks (a session form, say) is covered by a lock screen
of its own, since a modal dialog takes the keyboard; unlocking there shows it as it was."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from hfhate.ui.lock_screen import LockScreen


def test_an_open_dialog_is_covered_and_kept(ui, open_window, admin, admin_password, qtbot):
    window = open_window(admin)
    dialog = QDialog(window)
    dialog.setWindowTitle("Record a session")
    field = QLineEdit()
    field.setAccessibleName("Venue")
    QVBoxLayout(dialog).addWidget(field)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    ui.type_into(field, "Lyric Square")

    window.window_lock.lock(reason="idle")
    [cover] = [c for c in dialog.findChildren(LockScreen) if c.isVisible()]
    assert not field.isEnabled()
    assert dialog.windowTitle() == "hfhate is locked"
    ui.type_into(cover.password, admin_password)
    qtbot.keyClick(cover.password, Qt.Key.Key_Return)

    assert not window.window_lock.locked
    assert field.isEnabled() and field.text() == "Lyric Square"
    assert dialog.windowTitle() == "Record a session"
    qtbot.waitUntil(lambda: not [c for c in dialog.findChildren(LockScreen) if c.isVisible()])


def test_a_closed_window_never_locks_when_its_idle_time_runs_out(open_window, admin, qtbot):
    """A window closed (signed out, erased) while its idle timer ran must not lock or write to
    a store it no longer owns; its idle timer stops instead."""
    window = open_window(admin)
    lock = window.window_lock
    window.close()
    assert lock.idle.timer.isActive()
    lock.idle.timer.setInterval(1)
    lock.idle.timer.start()
    qtbot.waitUntil(lambda: not lock.idle.timer.isActive(), timeout=2_000)
    assert not lock.locked
