"""Asking an administrator to confirm revoking a laptop, and whether to order it erased."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from hfhate.sync.device_schemas import DeviceOut

EXPLANATION = (
    "Revoke: the laptop can no longer sign in to the server or sync. Use it for a laptop "
    "taken out of use, or one you will enrol again. What it holds stays on it, encrypted.\n\n"
    "Revoke and erase: for a lost or stolen laptop. At its next contact with the server it "
    "sends what it has not sent yet (if it passes the usual checks), is sent nothing, and "
    "then destroys its key and data.\n\n"
    "Neither can be undone from here: the laptop must be enrolled again."
)


class RevokeDialog:
    """``ask`` returns False (revoke), True (revoke and erase) or None (cancelled)."""

    @classmethod
    def ask(cls, device: DeviceOut, parent: QWidget | None = None) -> bool | None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Revoke a laptop")
        box.setText(f"Revoke laptop {device.code:03d} ({device.name})?")
        box.setInformativeText(EXPLANATION)
        revoke = box.addButton("&Revoke", QMessageBox.ButtonRole.AcceptRole)
        erase = box.addButton("Revoke and &erase", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is revoke:
            return False
        if clicked is erase:
            return True
        return None
