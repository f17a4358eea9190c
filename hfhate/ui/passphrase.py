"""The administrator passphrase dialog, for a laptop with no credential store.

Where the operating system has no credential store, the store key is wrapped by an
administrator passphrase (``hfhate.security.store_key``). At the first start the
administrator chooses it and types it again; at every later start they type it. Problems
are said beside the field: too short, the two differ, or (``PassphrasePrompt.problem``, set
by the caller after an attempt) not the passphrase the store was locked with.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QWidget

from hfhate.security.store_key import MIN_PASSPHRASE_LENGTH
from hfhate.ui.dialogs import dialog_buttons, dialog_layout
from hfhate.ui.forms import FieldErrors, password_field

CHOOSE_INTRO = (
    "This laptop has no credential store, so hfhate locks its data with a passphrase "
    "that an administrator chooses now. It is asked for each time hfhate starts. "
    "Keep it where your team keeps administrator passwords: if it is lost, this laptop's "
    "data can only be brought back from the server."
)
TYPE_INTRO = "An administrator's passphrase unlocks this laptop's hfhate data."


class PassphraseCancelled(Exception):
    """The administrator closed the dialog instead of giving the passphrase."""


class PassphraseDialog(QDialog):
    """Choose and confirm a passphrase (``choosing``), or type the one chosen before."""

    def __init__(self, *, choosing: bool, problem: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choosing = choosing
        title = "Choose a passphrase for this laptop" if choosing else "Unlock hfhate"
        # A fixed minimum width: fitted to its contents, the short "type it" dialog would
        # wrap its error line into a narrow column.
        layout = dialog_layout(
            self,
            title,
            CHOOSE_INTRO if choosing else TYPE_INTRO,
            width_chars=64,
            fit_contents=False,
        )
        form = QFormLayout()
        self.errors = FieldErrors(form)
        hint = f"At least {MIN_PASSPHRASE_LENGTH} characters." if choosing else ""
        self.passphrase: QLineEdit = self.errors.add(
            "passphrase", "&Passphrase", password_field(), hint=hint
        )
        self.again: QLineEdit | None = None
        if choosing:
            self.again = self.errors.add("again", "Passphrase &again", password_field())
        layout.addLayout(form)
        buttons, _accept = dialog_buttons(
            self, "Set passphrase" if choosing else "Unlock", "Quit", on_accept=self.try_accept
        )
        layout.addWidget(buttons)
        self.errors.show_errors({"passphrase": problem})
        self.passphrase.setFocus()

    def problems(self) -> dict[str, str]:
        """What is wrong with what is typed, by field; empty when it can be used."""
        typed = self.passphrase.text()
        if not typed:
            return {"passphrase": "Type the passphrase."}
        if not self.choosing or self.again is None:
            return {}
        if len(typed) < MIN_PASSPHRASE_LENGTH:
            return {
                "passphrase": f"Use at least {MIN_PASSPHRASE_LENGTH} characters: it is all "
                "that protects this laptop's data."
            }
        if self.again.text() != typed:
            return {"again": "The two passphrases differ. Type the same one twice."}
        return {}

    def try_accept(self) -> None:
        problems = self.problems()
        self.errors.show_errors(problems)
        if not problems:
            self.accept()

    @classmethod
    def ask(cls, *, choosing: bool, problem: str = "") -> str | None:
        """The passphrase given, or None if the administrator chose Quit."""
        dialog = cls(choosing=choosing, problem=problem)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.passphrase.text()
        return None


class PassphrasePrompt:
    """``ask_passphrase`` for the window: the dialog, with the last attempt's problem."""

    def __init__(self) -> None:
        self.problem = ""

    def __call__(self, choosing: bool) -> str:
        given = PassphraseDialog.ask(choosing=choosing, problem=self.problem)
        if given is None:
            raise PassphraseCancelled
        return given
