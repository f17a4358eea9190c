"""The Users area: administrators add, change, reset and deactivate user accounts."""

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

from hfhate.models import User
from hfhate.models.users import roles_label
from hfhate.services import accounts
from hfhate.services.ops import OpChanges
from hfhate.ui.accounts.password_dialogs import ResetPasswordDialog
from hfhate.ui.accounts.user_dialog import UserDialog
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import titled_layout
from hfhate.ui.tables import ListTableModel, list_table

ParentIndex = QModelIndex | QPersistentModelIndex


class UsersTableModel(ListTableModel[User]):
    """All user accounts, active first, one row each."""

    HEADERS = ("Name", "Username", "Roles", "Authorisation number", "Status", "Password")

    def role_data(self, user: User, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and not user.active:
            return QBrush(QColor("#5c5c5c"))  # a QBrush: PySide6 ignores a bare GlobalColor
        return None

    def text(self, user: User, column: int) -> str:
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
            "Everyone who can sign in on this laptop. Users are never deleted, "
            "because notices and sessions refer to them: deactivate them instead.",
        )

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

    def refresh(self) -> None:
        selected = self.selected_user()
        users = self.ctx.read(lambda session: list(accounts.list_users(session, self.ctx.actor)))
        self.model.set_rows(users)
        self.table.resizeColumnsToContents()
        if selected is not None:
            self.select_username(selected.username)
        self._update_buttons()

    def select_username(self, username: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 1).data() == username:
                self.table.selectRow(row)
                return

    def selected_user(self) -> User | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def _update_buttons(self) -> None:
        user = self.selected_user()
        for button in (self.change_button, self.reset_button, self.active_button):
            button.setEnabled(user is not None)
        if user is not None:
            text = "&Deactivate" if user.active else "Re&activate"
            self.active_button.setText(text)
            self.active_button.setAccessibleName(text.replace("&", ""))

    def add_user(self) -> None:
        UserDialog.ask(self.ctx, parent=self)

    def change_user(self) -> None:
        user = self.selected_user()
        if user is not None:
            UserDialog.ask(self.ctx, user, parent=self)

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is not None:
            ResetPasswordDialog.ask(self.ctx, user.id, user.full_name, self)

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None:
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
        self.ctx.run(
            lambda session: accounts.set_active(
                session, self.ctx.actor, user.id, active=not user.active
            ),
            show_error=lambda message: QMessageBox.warning(
                self, "Cannot change this user", message
            ),
        )
