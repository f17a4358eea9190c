"""Asking the signed-in user for their password, to sign in to the server for a sync."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from hfhate.ui.forms import password_field


class ServerPasswordDialog(QDialog):
    """One password field; the password is handed back, never written anywhere."""

    def __init__(self, username: str, parent: QWidget | None = None, purpose: str = "sync") -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign in to the server - hfhate")
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        doing = "To sync" if purpose == "sync" else "To make central changes"
        intro = QLabel(
            f"{doing}, the server needs the password of {username}: the same "
            "password you sign in to hfhate with."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.password = password_field()
        self.password.setAccessibleName("Password")
        label = QLabel("&Password")
        label.setBuddy(self.password)
        form.addRow(label, self.password)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Sync" if purpose == "sync" else "&Connect")
        ok.setEnabled(False)
        self.password.textChanged.connect(lambda text: ok.setEnabled(bool(text)))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, username: str, parent: QWidget | None = None, purpose: str = "sync") -> str | None:
        """The password typed, or None if the user cancelled."""
        dialog = cls(username, parent, purpose)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.password.text()
