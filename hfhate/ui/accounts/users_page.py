"""The Users area: administrators add, change, reset and deactivate user accounts.

``CentralBar`` at the top says where changes go. Connected to the server, the list is the
server's and every change is made there (problems beside the fields), reaching every laptop
at its next sync; the list is then read again. On a stand-alone laptop the accounts are its
own, changed here as ever. On an enrolled laptop not connected, the list is what this laptop
holds, and changing it is disabled: central changes need a connection.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from hfhate.models.users import roles_label
from hfhate.services import accounts
from hfhate.services.ops import OpChanges
from hfhate.sync.central import NEEDS_CONNECTION
from hfhate.ui.accounts.central_users import Account, central_call
from hfhate.ui.accounts.password_dialogs import ResetPasswordDialog
from hfhate.ui.accounts.user_dialog import UserDialog
from hfhate.ui.central_bar import CentralAccess, CentralBar
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import titled_layout
from hfhate.ui.tables import ListTableModel, list_table

ParentIndex = QModelIndex | QPersistentModelIndex
OFFLINE_NOTE = (
    "Central changes need a connection to the server: accounts are added, changed, reset and "
    "deactivated there. Connect to the server (above) to change them."
)


class UsersTableModel(ListTableModel[Account]):
    """All user accounts, active first, one row each."""

    HEADERS = ("Name", "Username", "Roles", "Authorisation number", "Status", "Password")

    def role_data(self, user: Account, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and not user.active:
            return QBrush(QColor("#5c5c5c"))  # a QBrush: PySide6 ignores a bare GlobalColor
        return None

    def text(self, user: Account, column: int) -> str:
        if column == 0:
            return user.full_name
        if column == 1:
            return user.username
        if column == 2:
            return roles_label(user.roles)
        if column == 3:
            return user.authorisation_number or ""
        if column == 4:
            return "Active" if user.active else f"Deactivated {london_time(user.deactivated_at)}"
        if user.must_change_password:
            return "Must choose a new one at sign-in"
        return f"Set {london_time(user.password_changed_at)}"


class UsersPage(QWidget):
    """Users list with a search box and the administrator's actions."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = titled_layout(
            self,
            "Users",
            "Everyone who can sign in: the server's accounts when connected, else those "
            "this laptop holds. Users are never deleted, because notices and sessions "
            "refer to them: deactivate them instead.",
        )
        self.central_bar = CentralBar(ctx.central, "accounts")
        layout.addWidget(self.central_bar)
        self.offline_note = QLabel(OFFLINE_NOTE)
        self.offline_note.setObjectName("central_offline_note")
        self.offline_note.setAccessibleName("Central changes need a connection")
        self.offline_note.setWordWrap(True)
        self.offline_note.setProperty("role", "alarm")
        layout.addWidget(self.offline_note)

        search_row = QHBoxLayout()
        search_label = QLabel("&Find a user")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Name, username, role or number")
        self.search.setAccessibleName("Find a user")
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        layout.addLayout(search_row)

        self.model = UsersTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = list_table(self.proxy, "Users", resize=QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSortingEnabled(True)
        # Keep the service's order (active users first, by name) until a header is clicked.
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda _index: self.change_user())
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.add_button = self._button("&Add user…", self.add_user, buttons)
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.change_button = self._button("&Change…", self.change_user, buttons)
        self.reset_button = self._button("&Reset password…", self.reset_password, buttons)
        self.active_button = self._button("&Deactivate", self.toggle_active, buttons)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        ctx.changes.changed.connect(self._on_changed)
        ctx.central.changed.connect(self.refresh)
        self.refresh()

    def _button(self, text: str, slot: Callable[[], object], row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches("users"):
            self.refresh()

    def mode(self) -> str:
        """ "online" (changes on the server), "standalone" (here) or "offline" (read only)."""
        if self.ctx.central.online:
            return "online"
        return "standalone" if self.ctx.central.standalone else "offline"

    def central(self) -> CentralAccess | None:
        """The server's link when changes go there, else None (changes made here)."""
        return self.ctx.central if self.mode() == "online" else None

    def refresh(self) -> None:
        selected = self.selected_user()
        mode = self.mode()
        users: list[Account] | None = None
        if mode == "online":
            from hfhate.sync import admin_users

            listed = central_call(
                self.ctx.central, admin_users.list_accounts, show_error=self._cannot
            )
            users = None if listed is None else [Account.of(a) for a in listed]
            mode = self.mode()  # the session may have ended meanwhile
        if users is None:
            users = self.ctx.read(
                lambda session: [
                    Account.of(u) for u in accounts.list_users(session, self.ctx.actor)
                ]
            )
        self.model.set_rows(users)
        self.table.resizeColumnsToContents()
        self.offline_note.setVisible(mode == "offline")
        self.add_button.setEnabled(mode != "offline")
        if selected is not None:
            self.select_username(selected.username)
        self._update_buttons()

    def select_username(self, username: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 1).data() == username:
                self.table.selectRow(row)
                return

    def selected_user(self) -> Account | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def _update_buttons(self) -> None:
        user = self.selected_user()
        editable = self.mode() != "offline"
        for button in (self.change_button, self.reset_button, self.active_button):
            button.setEnabled(user is not None and editable)
        if user is not None:
            text = "&Deactivate" if user.active else "Re&activate"
            self.active_button.setText(text)
            self.active_button.setAccessibleName(text.replace("&", ""))

    def _refused_offline(self) -> bool:
        """Enrolled but not connected: say central changes need a connection."""
        if self.mode() != "offline":
            return False
        self._cannot(NEEDS_CONNECTION)
        return True

    def _cannot(self, message: str) -> None:
        QMessageBox.warning(self, "Cannot change this user", message)

    def add_user(self) -> None:
        if self._refused_offline():
            return
        central = self.central()
        if UserDialog.ask(self.ctx, parent=self, central=central) and central is not None:
            self.refresh()

    def change_user(self) -> None:
        user = self.selected_user()
        if user is None or self._refused_offline():
            return
        central = self.central()
        if UserDialog.ask(self.ctx, user, parent=self, central=central) and central is not None:
            self.refresh()

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is None or self._refused_offline():
            return
        central = self.central()
        if ResetPasswordDialog.ask(self.ctx, user.id, user.full_name, self, central=central):
            self.refresh()

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None or self._refused_offline():
            return
        if user.active:
            answer = QMessageBox.question(
                self,
                "Deactivate user",
                f"Deactivate {user.full_name}? They will no longer be able to sign in. "
                "Their records stay, and you can reactivate them later.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        central = self.central()
        if central is None:
            self.ctx.run(
                lambda session: accounts.set_active(
                    session, self.ctx.actor, user.id, active=not user.active
                ),
                show_error=self._cannot,
            )
            return
        from hfhate.sync import admin_users

        central_call(
            central,
            lambda connection: admin_users.set_active(connection, user.id, active=not user.active),
            show_error=self._cannot,
        )
        self.refresh()
