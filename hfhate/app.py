"""Starting the window: the one place that wires store, services and screens together.

``run_window`` opens the store (showing a clear message if it cannot; a new demo store is
filled while a progress window shows), asks for the first administrator on an empty store,
then signs a user in and shows the main window; signing out goes back to the sign-in dialog.
A sync answered with the server's order to erase this laptop closes the window, erases the
data folder (``hfhate.sync.erase``) and shows why in a message box; a later start in that
folder shows the same explanation (``prepare_store`` refuses it).
SIGTERM and Ctrl+C close it cleanly.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox

from hfhate import APP_AUTHOR, APP_NAME, __version__
from hfhate.config import Paths
from hfhate.models.store import StoreError
from hfhate.resource_files import read_bytes, read_text
from hfhate.security.errors import SecurityError
from hfhate.security.store_key import WrongPassphrase
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.demo.accounts import demo_account_lines
from hfhate.startup import ReadyStore, prepare_store
from hfhate.sync.errors import EraseOrdered
from hfhate.sync.schedule import SyncSchedule
from hfhate.ui.accounts.first_admin import FirstAdministratorDialog
from hfhate.ui.accounts.password_dialogs import ChangePasswordDialog
from hfhate.ui.context import Changes, UiContext
from hfhate.ui.demo_progress import fill_demo_showing_progress
from hfhate.ui.main_window import MainWindow
from hfhate.ui.operations import Operations
from hfhate.ui.passphrase import PassphraseCancelled, PassphrasePrompt
from hfhate.ui.sign_in import SignInDialog
from hfhate.ui.stop_signals import quit_on_signals
from hfhate.ui.sync.controller import SyncController, TransportMaker, usual_transport

log = logging.getLogger(__name__)
EXIT_ERASED = 5  # the server ordered this laptop erased, and it was (as ``hfhate sync``)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("hfhate")
    app.setStyleSheet(read_text("styles", "app.qss"))
    icon = QPixmap()
    icon.loadFromData(read_bytes("icons", "hfhate.svg"), "SVG")
    app.setWindowIcon(QIcon(icon))
    return app


def build_main_window(
    ready: ReadyStore,
    actor: Actor,
    *,
    sync_schedule: SyncSchedule | None = None,
    make_transport: TransportMaker = usual_transport,
    sync_tick_ms: int = 1000,
) -> MainWindow:
    """The main window for ``actor``, with window settings kept in the data folder.

    The sync options are for tests: a shorter schedule, transports with short timeouts.
    """
    changes = Changes()
    sync = SyncController(
        Operations(ready.store.session_factory, changes),
        actor,
        ready.store.paths,
        ready.store.key,
        schedule=sync_schedule,
        make_transport=make_transport,
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
    app = make_application(sys.argv[:1] + (["-platform", platform] if platform else []))
    with quit_on_signals(app) as stopped:
        try:
            if demo and not paths.store.exists():
                if not fill_demo_showing_progress(paths, stopped):
                    return stopped.exit_code
            ready = _unlock_and_prepare(paths, demo=demo)
        except PassphraseCancelled:
            return 0
        except (StoreError, SecurityError) as error:
            log.error("Store refused: %s", error)
            QMessageBox.critical(None, "hfhate cannot open its data", str(error))
            return 2
        try:
            return _sign_in_and_show(app, ready) or stopped.exit_code
        finally:
            ready.store.close()


def _unlock_and_prepare(paths: Paths, *, demo: bool) -> ReadyStore:
    """``prepare_store``, asking for the passphrase again (saying why) until it is right."""
    prompt = PassphrasePrompt()
    while True:
        try:
            return prepare_store(paths, demo=demo, ask_passphrase=prompt)
        except WrongPassphrase as error:
            log.warning("A wrong store passphrase was given")
            prompt.problem = str(error)


def _sign_in_and_show(app: QApplication, ready: ReadyStore) -> int:
    """The first administrator on an empty store, then sign in, window, sign out, again."""
    if ready.demo:
        print("hfhate demo mode. Sign in as:\n  " + "\n  ".join(demo_account_lines()), flush=True)
    operations = Operations.on(ready.store)
    empty = operations.read(accounts.needs_first_administrator)
    if empty and not FirstAdministratorDialog.ask(operations, ready.device_id):
        return 0
    app.setQuitOnLastWindowClosed(False)
    actor: Actor | None = None  # set when another user signed in at the lock screen
    while True:
        actor = actor or SignInDialog.ask(operations, ready.device_id, demo=ready.demo)
        if actor is None:
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
        app.exec()
        if orders:
            return _erase_and_say_why(ready, orders[0])
        if not window.signing_out:
            return 0
        actor = window.switch_to


def _close_for_erase(window: MainWindow, orders: list[EraseOrdered], order: object) -> None:
    """The server ordered this laptop erased: close the window (saving nothing more)."""
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
    ctx = window.ctx
    must_change = ctx.read(lambda session: accounts.must_change_password(session, ctx.actor))
    return not must_change or ChangePasswordDialog.ask(ctx, forced=True)
