"""The Sync area's "Server certificate" box (administrators): the council's own CA file.

The path is typed or chosen with a file dialog, checked (``hfhate.sync.ca``: the file exists
and holds a certificate) with the problem said beside the field, then kept in the store and
audited. Before the laptop is enrolled the file is only checked, and the enrolment uses it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from hfhate.sync.ca import ca_file_problem, set_ca_file
from hfhate.ui.context import UiContext
from hfhate.ui.forms import FieldErrors, set_role

FILE_TYPES = "Certificates (*.pem *.crt *.cer);;All files (*)"


class CaFileBox(QGroupBox):
    """One field for the CA file, its problem beside it, and the buttons that keep it."""

    kept = Signal()  # a CA file was kept or cleared: the server is checked again

    def __init__(self, ctx: UiContext) -> None:
        super().__init__("Server certificate")
        self.ctx = ctx
        self.enrolled = False
        self.stored: str | None = None
        form = QFormLayout(self)
        intro = QLabel(
            "Only when the server's certificate was signed by the council's own "
            "certificate authority: that authority's certificate, as a PEM file. "
            "Left empty, the usual certificate authorities are trusted."
        )
        intro.setWordWrap(True)
        set_role(intro, "hint")
        form.addRow(intro)
        self.fields = FieldErrors(form)
        self.path = QLineEdit()
        self.path.setPlaceholderText("The usual certificate authorities")
        self.fields.add("ca_file", "Certificate authority &file", self.path)
        row = QHBoxLayout()
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.setAccessibleName("Choose the certificate authority file")
        self.choose_button.clicked.connect(self.choose)
        self.use_button = QPushButton("&Use this file")
        self.use_button.setAccessibleName("Use this certificate authority file")
        self.use_button.clicked.connect(self.use_file)
        self.usual_button = QPushButton("Use the usual a&uthorities")
        self.usual_button.setAccessibleName("Use the usual certificate authorities")
        self.usual_button.clicked.connect(self.use_usual)
        for button in (self.choose_button, self.use_button, self.usual_button):
            row.addWidget(button)
        row.addStretch(1)
        form.addRow("", row)
        self.message = QLabel()
        self.message.setObjectName("ca_file_message")
        self.message.setWordWrap(True)
        form.addRow("", self.message)

    def show_stored(self, stored: str | None, *, enrolled: bool) -> None:
        """Show the stored file; what the administrator is typing stays until it changes."""
        self.enrolled = enrolled
        if enrolled and stored != self.stored:
            self.path.setText(stored or "")
        self.stored = stored

    def for_enrolment(self) -> tuple[str | None, bool]:
        """The file typed for the enrolment (None: none), and whether it can be used."""
        path = self.path.text().strip()
        if not path:
            return None, True
        problem = ca_file_problem(path)
        self.fields.show_errors({"ca_file": problem} if problem else {})
        return str(Path(path).expanduser().resolve()), problem is None

    def _say(self, text: str, role: str = "ok") -> None:
        self.message.setText(text)
        set_role(self.message, role)

    def choose(self) -> None:
        start = str(Path(self.path.text().strip() or Path.home()).expanduser())
        path, _kind = QFileDialog.getOpenFileName(
            self, "Choose the certificate authority's file - hfhate", start, FILE_TYPES
        )
        if path:
            self.path.setText(path)
            self.use_file()

    def use_file(self) -> None:
        path = self.path.text().strip()
        problem = ca_file_problem(path)
        self.fields.show_errors({"ca_file": problem} if problem else {})
        if problem:
            self._say("")
            return
        if not self.enrolled:
            self._say("This file is used when you enrol the laptop above.")
            return
        self._keep(path)

    def use_usual(self) -> None:
        self.path.clear()
        self.fields.clear()
        if not self.enrolled:
            self._say("")
            return
        self._keep(None)

    def _keep(self, path: str | None) -> None:
        done = self.ctx.run(
            lambda session: set_ca_file(session, self.ctx.actor, path),
            show_error=lambda message: self.fields.show_errors({"ca_file": message}),
            show_field_errors=self.fields.show_errors,
        )
        if done is None:
            return
        kept = done.value
        self.stored = kept
        self.path.setText(kept or "")
        self._say(
            f"The server's certificate is now checked against {kept}."
            if kept
            else "The usual certificate authorities are trusted again."
        )
        self.kept.emit()
