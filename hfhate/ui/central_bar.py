"""Central administration from the window: the signed-in session's link to the server, and the
bar at the top of the Users, Settings, Lists and Laptops areas that says whether changes made
there are central (online, signed in to the server) or local (a stand-alone laptop).

``CentralAccess`` (one per signed-in session, ``UiContext.central``) holds the
``CentralConnection``; ``CentralBar`` shows its state and connects on request, asking for the
administrator's server password (or using the one the sync already has in memory).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget
from sqlalchemy.orm import Session, sessionmaker

from hfhate.services.actor import Actor
from hfhate.sync.central import CentralConnection, ServerLink, TransportMaker, server_link
from hfhate.sync.errors import SyncError

if TYPE_CHECKING:
    from hfhate.ui.sync.controller import SyncController

PasswordAsker = Callable[[str, QWidget | None], "str | None"]


def _ask_password(username: str, parent: QWidget | None) -> str | None:
    from hfhate.ui.sync.password_dialog import ServerPasswordDialog

    return ServerPasswordDialog.ask(username, parent, purpose="central")


class CentralAccess(QObject):
    """Whether this session can make central changes, and the connection that makes them."""

    changed = Signal()

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        actor: Actor,
        sync: SyncController | None = None,
    ) -> None:
        super().__init__()
        self.session_factory = session_factory
        self.actor = actor
        self.sync = sync
        self.make_transport: TransportMaker | None = None  # tests: short timeouts
        self.ask_password: PasswordAsker = _ask_password
        self.connection: CentralConnection | None = None

    def link(self) -> ServerLink | None:
        """This laptop's server (None: stand-alone), read afresh: it may enrol meanwhile."""
        with self.session_factory() as session:
            return server_link(session)

    @property
    def standalone(self) -> bool:
        return self.link() is None

    @property
    def online(self) -> bool:
        """Signed in to the server: central changes can be made now."""
        return self.connection is not None and self.connection.signed_in

    def connect(  # type: ignore[override]  # QObject.connect is not used on this object
        self, parent: QWidget | None = None, password: str | None = None
    ) -> bool:
        """Sign in to the server as the signed-in user; False (with the reason shown) if not."""
        link = self.link()
        if link is None:
            return False
        if password is None and self.sync is not None:
            password = self.sync.password
        if password is None:
            password = self.ask_password(self.actor.username, parent)
        if password is None:
            return False
        maker = self.make_transport
        if maker is None and self.sync is not None:
            maker = self.sync.make_transport
        connection = CentralConnection(link, maker)
        try:
            connection.sign_in(self.actor.username, password)
        except SyncError as error:
            QMessageBox.warning(parent, "Could not sign in to the server", str(error))
            self.changed.emit()
            return False
        self.disconnect_central()
        self.connection = connection
        self.changed.emit()
        return True

    def disconnect_central(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
            self.changed.emit()

    def lost(self) -> None:
        """The server ended the session (idle, or the account deactivated): say it."""
        self.disconnect_central()


class CentralBar(QWidget):
    """One line saying where changes go, with Connect / Disconnect."""

    def __init__(self, access: CentralAccess, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.access = access
        self.what = what  # "accounts", "settings", ...: what the area changes
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setObjectName("centralState")
        layout.addWidget(self.label, 1)
        self.connect_button = QPushButton("&Connect to the server")
        self.connect_button.clicked.connect(lambda: self.access.connect(self))
        layout.addWidget(self.connect_button)
        self.disconnect_button = QPushButton("Disconnect")
        self.disconnect_button.clicked.connect(self.access.disconnect_central)
        layout.addWidget(self.disconnect_button)
        access.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        standalone = self.access.standalone
        online = self.access.online
        if standalone:
            text = (
                f"This laptop is stand-alone (not enrolled with a server): the {self.what} "
                "here are this laptop's own, changed here."
            )
        elif online:
            text = (
                f"Connected to the server: changes to {self.what} are made centrally and reach "
                "every laptop at its next sync."
            )
        else:
            text = (
                f"Not connected to the server. The {self.what} shown are as this laptop last "
                "synced them; central changes need a connection to the server."
            )
        self.label.setText(text)
        self.connect_button.setVisible(not standalone and not online)
        self.disconnect_button.setVisible(online)
