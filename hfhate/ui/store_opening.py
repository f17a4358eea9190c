"""Opening the store behind the first dialog, and reading its every page after start.

The window's start shows the sign-in dialog with Qt alone (``hfhate.app``); importing
SQLAlchemy and the models, unlocking and opening the store take longer than the whole of that,
so ``StoreOpening`` does them in a worker thread while the user types: it opens the store
(``prepare_store`` without its page-by-page check), asks whether it still needs its first
administrator, imports what the main window needs, and hands the result (or the error that
stopped it) to the GUI thread with ``finished``.

``PagesCheck`` then reads every page (``models.store.check_store_pages``), in a worker with a
connection of its own, when the store says that is due (after an unclean end, or a week after
the last check): its time grows with the store, so no start waits for it. A fault found is
logged and said to the GUI thread with ``damaged``.

Nothing here touches a widget from a worker: the workers only emit signals, and Qt delivers
them in the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from hfhate.config import Paths
    from hfhate.models.store import Store
    from hfhate.startup import ReadyStore

log = logging.getLogger(__name__)
# What signing in leads to, imported while the user types rather than after they sign in:
# the main window, and what its start page shows each role (``ui.start_page``).
MAIN_WINDOW_MODULES = (
    "hfhate.ui.main_window",
    "hfhate.ui.sync.controller",
    "hfhate.ui.accounts.password_dialogs",
    "hfhate.ui.engagement.overdue_box",
    "hfhate.ui.subject_access.overdue_box",
    "hfhate.ui.victims.overdue_box",
    "hfhate.services.settings.stored",
)


@dataclass(frozen=True)
class OpenedStore:
    """The store ready to sign in to, and whether it still needs its first administrator."""

    ready: ReadyStore
    empty: bool


class StoreOpening(QObject):
    """Opens the store in ``paths`` in a worker; ``finished`` carries an ``OpenedStore``, or
    the exception that stopped it (a StoreError or SecurityError says why in words)."""

    finished = Signal(object)

    def __init__(self, paths: Paths, *, demo: bool = False) -> None:
        super().__init__()
        self.paths = paths
        self.demo = demo
        self.result: OpenedStore | BaseException | None = None
        self._thread = threading.Thread(target=self._open, name="store-opening", daemon=True)

    def start(self) -> None:
        if self._thread.ident is None:
            self._thread.start()

    def wait(self) -> OpenedStore | BaseException:
        """The outcome, once the worker is done (opened here if it had not started)."""
        if self._thread.ident is None:
            self._open()
        else:
            self._thread.join()
        assert self.result is not None
        return self.result

    def _open(self) -> None:
        try:
            self.result = open_for_sign_in(self.paths, demo=self.demo)
        except BaseException as error:  # handed to the GUI thread, which raises or says it
            self.result = error
        self.finished.emit(self.result)


def open_for_sign_in(paths: Paths, *, demo: bool = False) -> OpenedStore:
    """Open the store as the window does (the page-by-page check left for ``PagesCheck``)."""
    import importlib

    from hfhate.services.accounts import needs_first_administrator
    from hfhate.startup import prepare_store

    ready = prepare_store(paths, demo=demo, check_pages=False)
    try:
        with ready.store.session_factory.begin() as session:
            empty = needs_first_administrator(session)
        for module in MAIN_WINDOW_MODULES:
            importlib.import_module(module)
        with ready.store.session_factory() as session:
            warm_up(session)
    except BaseException:
        ready.store.close()
        raise
    return OpenedStore(ready, empty)


def warm_up(session: Session) -> None:
    """Run once the reads of the main window's start that need no signed-in user.

    What they return is dropped: the first run of a query builds SQLAlchemy's cache key and
    compiled form of its statement (over 100 ms for the reference lists), and after sign-in
    only the run itself should be left.
    """
    from hfhate.services.reference_lists import lists_for
    from hfhate.services.settings.stored import settings_on
    from hfhate.services.staleness import laptop_staleness
    from hfhate.sync.outbox import needs_attention_count, waiting_count

    for read in (lists_for, settings_on, laptop_staleness, waiting_count, needs_attention_count):
        read(session)


class _OnExposed(QObject):
    """Calls ``then`` once, just after the window it watches is first drawn on screen."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        handle = self.parent()
        if event.type() == QEvent.Type.Expose and isinstance(handle, QWidget):
            window = handle.windowHandle()
            if window is not None and window.isExposed():
                window.removeEventFilter(self)
                QTimer.singleShot(0, self.then)  # after the expose's own painting
        return False


def start_when_exposed(widget: QWidget, start: Callable[[], None]) -> None:
    """Call ``start`` once ``widget`` (shown) is on screen: a worker started earlier would take
    Python's lock from the GUI thread while the window is still being drawn."""
    window = widget.windowHandle()
    if window is None or window.isExposed():
        QTimer.singleShot(0, start)
        return
    window.installEventFilter(_OnExposed(widget, start))


class PagesCheck(QObject):
    """Reads every page of an open store in a worker, when due; ``damaged`` says a fault."""

    damaged = Signal(str)

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.fault: str | None = None
        self.fault_said = False  # set by whoever said it to the user
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the check if the store says it is due (else nothing happens)."""
        if self.store.pages_check_due and self._thread is None:
            self._thread = threading.Thread(target=self._check, name="pages-check", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _check(self) -> None:
        from hfhate.models.store import StoreError, check_store_pages

        try:
            check_store_pages(self.store.paths, self.store.key)
        except StoreError as error:
            log.error("Store damaged (found by the check after start): %s", error)
            self.fault = str(error)
            self.damaged.emit(self.fault)
        except Exception:  # the check could not run (the store closed under it): next start
            log.exception("The store's page-by-page check could not run")
        else:
            self.store.pages_check_due = False
            log.info("The store's page-by-page check found it sound")
