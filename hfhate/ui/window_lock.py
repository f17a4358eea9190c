"""Locking the main window: after the administrator's idle time, on "Lock now" (Ctrl+L), or
when the operating system's session locks (where Qt can tell: see docs/user-guide.md).

While locked, the window's contents are swapped for the lock screen (``ui.lock_screen``), every
action and shortcut of the window is disabled and its menus hidden; a dialog left open (a
session form, say) is covered by a lock screen of its own, since a modal dialog takes the
keyboard. Nothing under the lock is closed or cleared: forms keep what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QStackedWidget, QWidget

from hfhate.services.laptop_settings import current_laptop_settings
from hfhate.services.window_lock import record_locked
from hfhate.ui.context import UiContext
from hfhate.ui.idle import IdleWatcher
from hfhate.ui.lock_screen import LockScreen
from hfhate.ui.session_lock import SystemLockListener

MINUTE_MS = 60_000


class WindowLock(QObject):
    """Locks and unlocks ``window``, whose central widget is ``stack`` (work page first)."""

    switched = Signal(object)  # another user signed in at the lock (an Actor)

    def __init__(
        self,
        window: QMainWindow,
        stack: QStackedWidget,
        ctx: UiContext,
        *,
        idle_ms: int | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.stack = stack
        self.ctx = ctx
        self.screen = self._lock_screen(None)
        stack.addWidget(self.screen)
        self._disabled: list[QAction | QShortcut] = []
        self._covers: list[tuple[QDialog, LockScreen, list[QWidget]]] = []
        minutes = ctx.read(current_laptop_settings).idle_lock_minutes
        self.idle = IdleWatcher(idle_ms if idle_ms is not None else minutes * MINUTE_MS, self)
        self.idle.idle.connect(lambda: self.lock(reason="idle"))
        self.idle.start()
        self.system = SystemLockListener(self)
        self.system.locked.connect(lambda: self.lock(reason="system"))
        self.system.follow_windows(window)

    @property
    def locked(self) -> bool:
        return self.stack.currentWidget() is self.screen

    def follow_settings(self) -> None:
        """Take up a new idle time an administrator set."""
        minutes = self.ctx.read(current_laptop_settings).idle_lock_minutes
        self.idle.set_interval(minutes * MINUTE_MS)

    def lock(self, *, reason: str = "lock now") -> None:
        """Hide everything behind the lock screen; nothing under it changes.

        A window already closed (signed out, erased) has nothing to hide: its idle time stops.
        """
        if not self.window.isVisible():
            self.idle.stop()
            return
        if self.locked:
            return
        self.idle.stop()
        self.ctx.run(lambda session: record_locked(session, self.ctx.actor, reason=reason))
        actions: list[QAction | QShortcut] = [
            *self.window.findChildren(QAction),
            *self.window.findChildren(QShortcut),
        ]
        for item in actions:
            if item.isEnabled():
                item.setEnabled(False)
                self._disabled.append(item)
        self.window.menuBar().hide()
        self.screen.reset()
        self.stack.setCurrentWidget(self.screen)
        self._cover_dialogs()
        self.screen.password.setFocus()

    def unlock(self) -> None:
        """Show the window's contents again, as they were."""
        for item in self._disabled:
            item.setEnabled(True)
        self._disabled.clear()
        for dialog, cover, children in self._covers:
            for child in children:
                child.setEnabled(True)
            cover.deleteLater()
            dialog.setWindowTitle(dialog.property("unlocked_title") or dialog.windowTitle())
        self._covers.clear()
        self.window.menuBar().show()
        self.stack.setCurrentIndex(0)
        self.idle.start()

    def close_dialogs(self) -> None:
        """Before another user takes over: end dialogs left open (each keeps its draft)."""
        for dialog, _cover, _children in self._covers:
            dialog.reject()
        self._covers.clear()

    def _lock_screen(self, parent: QWidget | None) -> LockScreen:
        screen = LockScreen(self.ctx.operations, self.ctx.actor, self.ctx.actor.device_id, parent)
        screen.unlocked.connect(self.unlock)
        screen.switched.connect(self.switched)
        return screen

    def _cover_dialogs(self) -> None:
        """A dialog open over the window gets its own lock screen over all its contents."""
        for widget in QApplication.topLevelWidgets():
            if not isinstance(widget, QDialog) or not widget.isVisible():
                continue
            children = [
                child
                for child in widget.findChildren(
                    QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
                )
                if child.isEnabled() and not child.isWindow()
            ]
            for child in children:
                child.setEnabled(False)
            cover = self._lock_screen(widget)
            cover.setGeometry(widget.rect())
            cover.show()
            cover.raise_()
            widget.setProperty("unlocked_title", widget.windowTitle())
            widget.setWindowTitle("hfhate is locked")
            cover.password.setFocus()
            self._covers.append((widget, cover, children))
