"""Following the operating system's screen lock, where it can be heard.

Qt has no cross-platform "session locked" signal (``applicationStateChanged`` reports a window
losing focus, not a lock). On Linux desktops the freedesktop screen saver service says
``ActiveChanged(true)`` on the session D-Bus when the screen locks or blanks (GNOME, KDE, Xfce
and others provide it); hfhate listens for it and locks too. On Windows the session's lock
message is heard through a native event filter (``windows_session_lock``) once the main
window asks for it (``follow_windows``). On macOS, or with no session bus, nothing is heard:
the idle time and "Lock now" (Ctrl+L) still lock the window.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import SLOT, QCoreApplication, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QWidget

from hfhate.ui.windows_session_lock import SessionLockFilter, register_for_session_changes

INTERFACE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"


class SystemLockListener(QObject):
    """Emits ``locked`` when the desktop's screen saver turns on (the screen locked)."""

    locked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        bus = QDBusConnection.sessionBus()
        # Any sender: desktops publish it under their own names too (org.gnome.ScreenSaver).
        self.listening = bus.isConnected() and bus.connect(
            "",
            PATH,
            INTERFACE,
            "ActiveChanged",
            self,
            SLOT("active_changed(bool)"),  # type: ignore[call-overload]
        )

    @Slot(bool)
    def active_changed(self, active: bool) -> None:
        if active:
            self.locked.emit()

    def follow_windows(self, window: QWidget) -> bool:
        """On Windows, hear the session lock sent to ``window``; False elsewhere."""
        if sys.platform != "win32" or not register_for_session_changes(int(window.winId())):
            return False
        app = QCoreApplication.instance()
        if app is None:
            return False
        self._filter = SessionLockFilter(self.locked.emit)
        app.installNativeEventFilter(self._filter)
        self.listening = True
        return True
