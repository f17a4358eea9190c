"""What the app's form dialogs share: a titled column, the problem line and the two buttons.

A dialog's own ``__init__`` then says only what is particular to it: its fields and what
accepting does. ``ask()`` stays on each dialog, since what it returns differs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
)

from hfhate.ui.forms import error_label, titled_layout

CANCEL = QDialogButtonBox.StandardButton.Cancel


def dialog_layout(
    dialog: QDialog,
    title: str,
    intro: str = "",
    *,
    width_chars: int = 0,
    fit_contents: bool = True,
) -> QVBoxLayout:
    """Title ``dialog`` and give it its column, headed by ``title`` and ``intro``.

    ``width_chars`` is a minimum width in characters of the user's font. With
    ``fit_contents`` the dialog is never narrower than what it holds: a minimum width alone
    stops the layout enforcing its own, and fields were cut off on small or scaled screens.
    """
    dialog.setWindowTitle(f"{title} - hfhate")
    if width_chars:
        dialog.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * width_chars)
    layout = titled_layout(dialog, title, intro)
    if fit_contents:
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
    return layout


def problem_label() -> QLabel:
    """A red line at the foot of a dialog for a problem that belongs to no single field."""
    return error_label("Problem", "problem_error")


def dialog_buttons(
    dialog: QDialog,
    accept_text: str,
    reject: str | QDialogButtonBox.StandardButton = "Go back",
    *,
    on_accept: Callable[[], None] | None = None,
) -> tuple[QDialogButtonBox, QPushButton]:
    """The default button ``accept_text`` (calling ``on_accept``) and one that closes the
    dialog (``reject``: its text, or a standard button such as ``CANCEL``)."""
    buttons = QDialogButtonBox()
    accept = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setDefault(True)
    accept.setAccessibleName(accept_text)
    if isinstance(reject, str):
        back = buttons.addButton(reject, QDialogButtonBox.ButtonRole.RejectRole)
    else:
        back = buttons.addButton(reject)
    back.setAccessibleName(back.text().replace("&", ""))
    if on_accept is not None:
        buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, accept
