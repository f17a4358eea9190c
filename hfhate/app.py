"""Starting the window: the one place that wires store, services and screens together.

``run_window`` opens the store (showing a clear message if it cannot; a new demo store is
filled while a progress window shows), asks for the first administrator on an empty store,
then signs a user in and shows the main window; signing out goes back to the sign-in dialog.
A sync answered with the server's order to erase this laptop closes the window, erases the
data folder (``hfhate.sync.erase``) and shows why in a message box; a later start in that
folder shows the same explanation (``prepare_store`` refuses it).
SIGTERM and Ctrl+C close it cleanly.

A window up in a blink (issue 17): on a folder whose store opens without asking anything (its
key in the credential store, or a demo folder), the sign-in dialog shows first, with Qt alone:
this module imports SQLAlchemy, the models and the screens only inside the functions that
need them, and the store opens in a worker while the user types (``ui.store_opening``).
Other starts (a new folder, a passphrase to type, a demo to fill) open the store first, as
before. Either way the page-by-page check of the store, when due, runs in a worker after
start (``PagesCheck``); a fault it finds is logged and said, and the window closes.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from hfhate import APP_AUTHOR, APP_NAME, __version__
from hfhate.config import Paths
from hfhate.resource_files import read_bytes, read_text
from hfhate.ui.sign_in import SignInDialog
from hfhate.ui.stop_signals import Stopped, quit_on_signals
from hfhate.ui.store_opening import OpenedStore, PagesCheck, StoreOpening, start_when_exposed

if TYPE_CHECKING:
    from hfhate.services.actor import Actor
    from hfhate.startup import ReadyStore
    from hfhate.sync.errors import EraseOrdered
    from hfhate.sync.schedule import SyncSchedule
    from hfhate.ui.main_window import MainWindow
    from hfhate.ui.sync.controller import TransportMaker

log = logging.getLogger(__name__)
EXIT_STORE = 2  # the store cannot be opened, or was found damaged
EXIT_ERASED = 5  # the server ordered this laptop erased, and it was (as ``hfhate sync``)
# ``hfhate.security.store_key.KEY_FILE_NAME`` (that module loads keyring and SQLAlchemy); the
# places of a key that opens the store without asking anyone anything.
KEY_FILE_NAME = "store-key.json"
KEY_PLACES_NOT_ASKING = ("keyring", "demo")
DAMAGED_TITLE = "hfhate found damage in its data"
DAMAGED_LEAD = (
    "hfhate read every page of its store after starting and found a fault, so it closes now "
    "and changes nothing more."
)


def make_application(argv: list[str] | None = None, *, icon: bool = True) -> QApplication:
    """The application with hfhate's names and style sheet, and its icon unless ``icon`` is
    False (the fast start sets it once the first window is drawn: ``set_window_icon``)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("hfhate")
    app.setStyleSheet(read_text("styles", "app.qss"))
    if icon:
        set_window_icon(app)
    return app


def set_window_icon(app: QApplication) -> None:
    """hfhate's icon on every window (loading Qt's SVG reader takes a noticeable moment)."""
    if not app.windowIcon().isNull():
        return
    icon = QPixmap()
    icon.loadFromData(read_bytes("icons", "hfhate.svg"), "SVG")
    app.setWindowIcon(QIcon(icon))


def build_main_window(
    ready: ReadyStore,
    actor: Actor,
    *,
    sync_schedule: SyncSchedule | None = None,
    make_transport: TransportMaker | None = None,
    sync_tick_ms: int = 1000,
) -> MainWindow:
    """The main window for ``actor``, with window settings kept in the data folder.

    The sync options are for tests: a shorter schedule, transports with short timeouts.
    """
    from hfhate.ui.context import Changes, UiContext
    from hfhate.ui.main_window import MainWindow
    from hfhate.ui.operations import Operations
    from hfhate.ui.sync.controller import SyncController, usual_transport

    changes = Changes()
    sync = SyncController(
        Operations(ready.store.session_factory, changes),
        actor,
        ready.store.paths,
        ready.store.key,
        schedule=sync_schedule,
        make_transport=make_transport or usual_transport,
        tick_ms=sync_tick_ms,
    )
    ctx = UiContext(
        session_factory=ready.store.session_factory,
        actor=actor,
        paths=ready.store.paths,
        store_key=ready.store.key,
        demo=ready.demo,
        changes=changes,
        sync=sync,
    )
    settings = QSettings(str(ready.store.paths.window_settings), QSettings.Format.IniFormat)
    return MainWindow(ctx, settings)


def run_window(paths: Paths, *, demo: bool = False, platform: str | None = None) -> int:
    """Open the store (filling a new demo one with progress shown), sign in, show the window.

    ``platform`` is Qt's platform plugin when hfhate chose one (``cli.display``). Returns the
    exit code; SIGTERM or Ctrl+C end it cleanly (see ``ui.stop_signals``).
    """
    fast = opens_without_asking(paths)
    app = make_application(
        sys.argv[:1] + (["-platform", platform] if platform else []), icon=not fast
    )
    with quit_on_signals(app) as stopped:
        if fast:
            return _sign_in_while_opening(app, paths, stopped, demo=demo)
        from hfhate.models.store import StoreError
        from hfhate.security.errors import SecurityError
        from hfhate.ui.passphrase import PassphraseCancelled

        try:
            if demo and not paths.store.exists():
                from hfhate.ui.demo_progress import fill_demo_showing_progress

                if not fill_demo_showing_progress(paths, stopped):
                    return stopped.exit_code
            ready = _unlock_and_prepare(paths, demo=demo)
        except PassphraseCancelled:
            return 0
        except (StoreError, SecurityError) as error:
            return _refused(error)
        return _run_on(app, ready, stopped)


def opens_without_asking(paths: Paths) -> bool:
    """Whether the store in ``paths`` exists and its key is had without asking for anything.

    Read from the folder's key file alone (no keyring, no SQLAlchemy): its place says where
    the key is kept. Anything unusual (no store, no key file, a passphrase) is False, and the
    start then opens the store before showing anything (``run_window``).
    """
    try:
        if paths.store.stat().st_size == 0:
            return False
        kept = json.loads((paths.data_dir / KEY_FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(kept, dict) and kept.get("place") in KEY_PLACES_NOT_ASKING


class _FirstSignIn:
    """The sign-in dialog shown at once, with the store opening behind it; once it is open,
    its page-by-page check (when due) runs while the user types."""

    def __init__(self, app: QApplication, paths: Paths, *, demo: bool) -> None:
        self.app = app
        self.dialog = SignInDialog()
        self.opening = StoreOpening(paths, demo=demo)
        self.opening.finished.connect(self._opened)
        self.check: PagesCheck | None = None
        self.closed_for_the_store = False  # the store cannot be signed in to (yet)

    def run(self) -> OpenedStore | BaseException:
        """Show the dialog until it is done; the store opened (or why not)."""
        self.dialog.setModal(True)  # application modal, as ``exec`` would (no Qt namespace yet)
        self.dialog.show()
        start_when_exposed(self.dialog, self._drawn)  # drawn first, then the worker
        self.dialog.exec()
        return self.opening.wait()

    def _drawn(self) -> None:
        set_window_icon(self.app)
        self.opening.start()

    def _opened(self, result: object) -> None:
        if not self.dialog.isVisible():  # Quit came first: the store is closed after ``run``
            return
        if isinstance(result, OpenedStore):
            self.check = _checking(self.app, result.ready)
        if isinstance(result, OpenedStore) and not result.empty:
            from hfhate.ui.operations import Operations

            ready = result.ready
            if ready.demo:
                _say_demo_accounts()
            self.dialog.use_store(Operations.on(ready.store), ready.device_id, demo=ready.demo)
        else:  # refused (said after), or no users yet (the first administrator next)
            self.closed_for_the_store = True
            self.dialog.reject()


def _sign_in_while_opening(app: QApplication, paths: Paths, stopped: Stopped, *, demo: bool) -> int:
    """The sign-in dialog first, the store opening in a worker meanwhile; see the docstring."""
    first = _FirstSignIn(app, paths, demo=demo)
    opened = first.run()
    from hfhate.models.store import StoreError  # loaded by the opening by now
    from hfhate.security.errors import SecurityError

    if isinstance(opened, StoreError | SecurityError):
        return _refused(opened)
    if isinstance(opened, BaseException):
        raise opened
    check = first.check  # None when Quit came before the store was open: no check then
    signed_in = first.dialog.result() == QDialog.DialogCode.Accepted
    if (signed_in or first.closed_for_the_store) and (check is None or check.fault is None):
        actor = first.dialog.actor if signed_in else None
        return _run_on(app, opened.ready, stopped, check, actor)
    if check is not None:  # Quit (or a signal) before signing in, or a fault found meanwhile
        check.wait()
    opened.ready.store.close()
    return (_ended_by_fault(app, check) if check is not None else 0) or stopped.exit_code


def _refused(error: Exception) -> int:
    """Say why the store cannot be used, as every start does; the exit code."""
    log.error("Store refused: %s", error)
    QMessageBox.critical(None, "hfhate cannot open its data", str(error))
    return EXIT_STORE


def _unlock_and_prepare(paths: Paths, *, demo: bool) -> ReadyStore:
    """``prepare_store``, asking for the passphrase again (saying why) until it is right.

    The page-by-page check, when due, is left for ``PagesCheck`` after start.
    """
    from hfhate.security.store_key import WrongPassphrase
    from hfhate.startup import prepare_store
    from hfhate.ui.passphrase import PassphrasePrompt

    prompt = PassphrasePrompt()
    while True:
        try:
            return prepare_store(paths, demo=demo, ask_passphrase=prompt, check_pages=False)
        except WrongPassphrase as error:
            log.warning("A wrong store passphrase was given")
            prompt.problem = str(error)


def _checking(app: QApplication, ready: ReadyStore) -> PagesCheck:
    """The store's page-by-page check, started now if due; a fault found is said at once."""
    check = PagesCheck(ready.store)
    check.damaged.connect(lambda _message: _say_damaged(app, check))
    check.start()
    return check


def _run_on(
    app: QApplication,
    ready: ReadyStore,
    stopped: Stopped,
    check: PagesCheck | None = None,
    actor: Actor | None = None,
) -> int:
    """Sign in and work on the open store, its pages checked meanwhile; closes the store."""
    check = check or _checking(app, ready)
    try:
        code = _sign_in_and_show(app, ready, check, actor)
    finally:
        check.wait()
        ready.store.close()
    return _ended_by_fault(app, check) or code or stopped.exit_code


def _ended_by_fault(app: QApplication, check: PagesCheck) -> int:
    """EXIT_STORE when the check found a fault (said now if its signal came too late), else 0."""
    if check.fault is None:
        return 0
    if not check.fault_said:
        _say_damaged(app, check)
    return EXIT_STORE


def _say_damaged(app: QApplication, check: PagesCheck) -> None:
    """The check after start found a fault: say so, then close every window (the log has it)."""
    if check.fault_said:
        return
    check.fault_said = True
    QMessageBox.critical(None, DAMAGED_TITLE, f"{DAMAGED_LEAD}\n\n{check.fault}")
    from hfhate.ui.main_window import MainWindow

    for widget in app.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
        elif isinstance(widget, MainWindow) and widget.isVisible():
            widget.signing_out = False
            widget.close()  # ends ``app.exec`` (``closed`` quits)


def _sign_in_and_show(
    app: QApplication, ready: ReadyStore, check: PagesCheck, actor: Actor | None = None
) -> int:
    """The first administrator on an empty store, then sign in, window, sign out, again.

    ``actor`` signed in already (in the first dialog). Ends when the check finds a fault.
    """
    from hfhate.services import accounts
    from hfhate.ui.accounts.first_admin import FirstAdministratorDialog
    from hfhate.ui.operations import Operations

    if ready.demo and actor is None:
        _say_demo_accounts()
    operations = Operations.on(ready.store)
    empty = actor is None and operations.read(accounts.needs_first_administrator)
    if empty and not FirstAdministratorDialog.ask(operations, ready.device_id):
        return 0
    app.setQuitOnLastWindowClosed(False)
    while check.fault is None:
        actor = actor or SignInDialog.ask(operations, ready.device_id, demo=ready.demo)
        if actor is None or check.fault is not None:
            return 0
        window = build_main_window(ready, actor)
        if not _password_ready(window):
            window.signing_out = True
            window.close()
            actor = None
            continue
        orders: list[EraseOrdered] = []
        if window.ctx.sync is not None:
            window.ctx.sync.erase_ordered.connect(
                lambda order, w=window, kept=orders: _close_for_erase(w, kept, order)
            )
        window.closed.connect(app.quit)
        window.show()
        if check.fault is None:
            app.exec()
        if orders:
            return _erase_and_say_why(ready, orders[0])
        if not window.signing_out:
            return 0
        actor = window.switch_to
    return 0


def _say_demo_accounts() -> None:
    from hfhate.services.demo.accounts import demo_account_lines

    print("hfhate demo mode. Sign in as:\n  " + "\n  ".join(demo_account_lines()), flush=True)


def _close_for_erase(window: MainWindow, orders: list[EraseOrdered], order: object) -> None:
    """The server ordered this laptop erased: close the window (saving nothing more)."""
    from hfhate.sync.errors import EraseOrdered

    if isinstance(order, EraseOrdered):
        orders.append(order)
        window.signing_out = False
        window.close()


def _erase_and_say_why(ready: ReadyStore, order: EraseOrdered) -> int:
    """Erase the data folder (the store closed first), then say why, and end."""
    from hfhate.sync.erase import carry_out

    note = carry_out(ready.store, order)
    QMessageBox.critical(None, "This laptop's data was erased", note)
    return EXIT_ERASED


def _password_ready(window: MainWindow) -> bool:
    """After an administrator's reset the user must choose a new password before going on."""
    from hfhate.services import accounts
    from hfhate.ui.accounts.password_dialogs import ChangePasswordDialog

    ctx = window.ctx
    must_change = ctx.read(lambda session: accounts.must_change_password(session, ctx.actor))
    return not must_change or ChangePasswordDialog.ask(ctx, forced=True)
