"""The main window: navigation between the areas the user's roles allow, and a status bar.

Only areas that work are listed; an area appears for a user when they hold one of its roles.
Window size and position are kept in the data folder's window settings (QSettings).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hfhate import __version__
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.ops import OpChanges
from hfhate.services.staleness import Level, laptop_staleness
from hfhate.sync.status import bar_line, sync_status
from hfhate.ui.accounts.password_dialogs import ChangePasswordDialog
from hfhate.ui.areas import AREAS, Area
from hfhate.ui.context import UiContext
from hfhate.ui.start_page import StartPage
from hfhate.ui.sync.demo_wording import DEMO_NOT_SENT
from hfhate.ui.window_lock import WindowLock

DEMO_BANNER = (
    "DEMO MODE: training data only. Nothing here is real, and nothing is sent to "
    "the council's server."
)


class MainWindow(QMainWindow):
    """Navigation list on the left, the chosen area on the right; emits ``signed_out``."""

    signed_out = Signal()
    closed = Signal()

    def __init__(
        self,
        ctx: UiContext,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        idle_lock_ms: int | None = None,
    ):
        """``idle_lock_ms`` overrides the administrator's idle time (for tests)."""
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings
        self.signing_out = False
        # Who signed in at the lock screen instead: the next session's user.
        self.switch_to: Actor | None = None
        self.setWindowTitle(
            "hfhate - Hammersmith & Fulham community safety" + (" (DEMO)" if ctx.demo else "")
        )
        self.areas = [a for a in AREAS if ctx.actor.has(*a.roles)]

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        if ctx.demo:
            banner = QLabel(DEMO_BANNER)
            banner.setObjectName("demo_banner")
            banner.setAccessibleName("Demo mode")
            banner.setWordWrap(True)
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            outer.addWidget(banner)
        self.stale_banner = QLabel()
        self.stale_banner.setObjectName("stale_banner")
        self.stale_banner.setAccessibleName("Sync overdue")
        self.stale_banner.setWordWrap(True)
        self.stale_banner.hide()
        outer.addWidget(self.stale_banner)
        body = QHBoxLayout()
        body.setContentsMargins(8, 8, 8, 8)
        self.navigation = QListWidget()
        self.navigation.setAccessibleName("Areas")
        self.navigation.setObjectName("navigation")
        self.stack = QStackedWidget()
        body.addWidget(self.navigation)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.cover = QStackedWidget()  # the work, or the lock screen over it
        self.cover.addWidget(central)
        self.setCentralWidget(self.cover)
        self.window_lock = WindowLock(self, self.cover, ctx, idle_ms=idle_lock_ms)
        self.window_lock.switched.connect(self.switch_user)

        start = StartPage(
            ctx, [(a.title, a.description, self._opener(i + 1)) for i, a in enumerate(self.areas)]
        )
        self._add_page("Start", start)
        # Area screens are built when first opened, so the window shows without waiting for them.
        self._unbuilt: dict[int, Area] = {}
        for area in self.areas:
            self._unbuilt[self._add_page(area.title, None)] = area
        self.navigation.currentRowChanged.connect(self._show_area)
        self.navigation.setCurrentRow(0)
        self._fit_navigation()

        self._build_menus()
        self.user_label = QLabel(f"Signed in as {ctx.actor.full_name} ({ctx.actor.roles_label})")
        self.user_label.setObjectName("status_user")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("status_sync")
        self.statusBar().addWidget(self.user_label, 1)
        self.statusBar().addPermanentWidget(self.sync_label)
        ctx.changes.changed.connect(self._store_changed)
        if ctx.sync is not None:
            ctx.sync.changed.connect(self.refresh_status)
            ctx.sync.start()
        self.refresh_status()
        self._restore_geometry()

    def _add_page(self, title: str, page: QWidget | None) -> int:
        """Add an area's slot: a scroll area, so a small screen scrolls instead of clipping."""
        frame = QScrollArea()
        frame.setWidgetResizable(True)
        frame.setFrameShape(QFrame.Shape.NoFrame)
        if page is not None:
            frame.setWidget(page)
        index = self.stack.addWidget(frame)
        self.navigation.addItem(title)
        shortcut = QAction(self)
        shortcut.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
        shortcut.triggered.connect(self._opener(index))
        self.addAction(shortcut)
        self.navigation.item(index).setToolTip(f"Ctrl+{index + 1}")
        return index

    def _fit_navigation(self) -> None:
        """As wide as its longest title (in the user's font), and no wider."""
        metrics = self.navigation.fontMetrics()
        longest = max(metrics.horizontalAdvance(t) for t in self.area_titles())
        width = longest + 2 * metrics.averageCharWidth() + 24  # item padding and frame
        self.navigation.setFixedWidth(width)

    def _show_area(self, index: int) -> None:
        self._build(index)
        self.stack.setCurrentIndex(index)

    def _build(self, index: int) -> QWidget:
        frame = self.stack.widget(index)
        assert isinstance(frame, QScrollArea)
        area = self._unbuilt.pop(index, None)
        if area is not None:
            screen = area.screen(self.ctx)
            # A screen that opens other areas' lists (the dashboard) asks through this signal.
            asks = getattr(screen, "list_requested", None)
            if asks is not None:
                asks.connect(self.open_with_filter)
            frame.setWidget(screen)
        page = frame.widget()
        assert page is not None, "every slot holds its screen once built"
        return page

    def page(self, title: str) -> QWidget:
        """The screen of the area called ``title``, built if it was not opened yet."""
        return self._build(self.area_titles().index(title))

    def current_page(self) -> QWidget:
        """The screen of the area shown now."""
        return self._build(self.stack.currentIndex())

    def _opener(self, index: int) -> Callable[[], None]:
        return lambda: self.open_area(index)

    def open_area(self, index: int) -> None:
        self.navigation.setCurrentRow(index)
        self.current_page().setFocus()

    def open_with_filter(self, title: str, flt: object) -> QWidget | None:
        """Open the list called ``title`` showing what ``flt`` (a ``NoticeFilter`` or a
        ``SessionFilter``) selects; None when this user has no such area."""
        titles = self.area_titles()
        if title not in titles:
            return None
        index = titles.index(title)
        page = self._build(index)
        show_filter = getattr(page, "show_filter", None)
        if show_filter is not None:
            show_filter(flt)
        self.open_area(index)
        return page

    def area_titles(self) -> list[str]:
        return [self.navigation.item(i).text() for i in range(self.navigation.count())]

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.sign_out_action = file_menu.addAction("Sign &out", self.sign_out)
        self.sign_out_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        quit_action = file_menu.addAction("&Quit", self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        account_menu = self.menuBar().addMenu("&Account")
        account_menu.addAction("&Change my password…", self.change_password)
        lock_action = account_menu.addAction("&Lock now", lambda: self.window_lock.lock())
        lock_action.setShortcut(QKeySequence("Ctrl+L"))
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction("&About hfhate", self.about)

    def refresh_status(self) -> None:
        """Online or not, the last sync, what waits, and a running sync's progress."""
        now = self.ctx.read(lambda session: sync_status(session, self.ctx.actor))
        sync = self.ctx.sync
        online = sync.online if sync is not None else None
        text = bar_line(now, online=online, syncing=sync.progress if sync is not None else None)
        if self.ctx.demo:
            text = DEMO_NOT_SENT  # a demo store never enrols, so nothing waits to be sent
        self.sync_label.setText(text)
        self.show_staleness()
        problem = sync.problem if sync is not None and online is False else ""
        self.sync_label.setToolTip(
            "\n".join(
                line
                for line in (
                    text,
                    problem,
                    f"Last sync failed: {now.failure}" if now.failed_at else "",
                )
                if line
            )
        )

    def _store_changed(self, changes: OpChanges) -> None:
        if changes.touches("store_settings", "setting_changes"):  # perhaps a new idle time
            self.window_lock.follow_settings()
        self.refresh_status()

    def show_staleness(self) -> None:
        """The banner that says the laptop must sync soon, or may only view until it does."""
        staleness = self.ctx.read(laptop_staleness)
        self.stale_banner.setText(staleness.message)
        self.stale_banner.setProperty("role", "alarm" if staleness.level is Level.BLOCKED else "")
        self.stale_banner.style().polish(self.stale_banner)
        self.stale_banner.setVisible(staleness.level is not Level.FRESH)

    def switch_user(self, actor: Actor) -> None:
        """Another user signed in at the lock: sign this one out (drafts kept), then theirs."""
        self.window_lock.close_dialogs()
        self.switch_to = actor
        self.sign_out()

    def change_password(self) -> None:
        if ChangePasswordDialog.ask(self.ctx, parent=self):
            self.statusBar().showMessage("Your password was changed.", 5000)

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About hfhate",
            f"<b>hfhate {__version__}</b><p>Street-harassment PSPO notices, engagement "
            "sessions and reports for Hammersmith & Fulham's community safety teams.</p>"
            f"<p>Data folder: {self.ctx.paths.data_dir}</p>",
        )

    def sign_out(self) -> None:
        self.signing_out = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.sync()
        if self.ctx.sync is not None:
            self.ctx.sync.stop()
        self.ctx.run(lambda session: accounts.sign_out(session, self.ctx.actor), parent=self)
        super().closeEvent(event)
        if self.signing_out:
            self.signed_out.emit()
        self.closed.emit()

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 720)
