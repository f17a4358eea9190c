"""Following the operating system's screen lock, where it can be heard.

Qt has no cross-platform "session locked" signal (``applicationStateChanged`` reports a window
losing focus, not a lock). On Linux desktops the freedesktop screen saver service says
``ActiveChanged(true)`` on the session D-Bus when the screen locks or blanks (GNOME, KDE, Xfce
and others provide it); hfhate listens for it and locks too. On Windows and macOS, or with no
session bus, nothing is heard: the idle time and "Lock now" (Ctrl+L) still lock the window.
"""

from __future__ import annotations

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

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
