"""The Laptop area's "Locking and sync limits" box: the idle time after which the window
locks, and the days without a sync after which sign-in warns and then changes stop.

Administrators set them; the services check them (``services.laptop_settings``), and each
message shows beside its field.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from hfhate.services.laptop_settings import (
    LaptopSettings,
    change_laptop_settings,
    current_laptop_settings,
)
from hfhate.ui.context import UiContext
from hfhate.ui.forms import FieldErrors, set_role


def _spin(suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, 999)  # the services say what is allowed, beside the field
    spin.setSuffix(suffix)
    return spin


class LaptopLimitsBox(QGroupBox):
    """Idle lock minutes and the two staleness limits, with a Save button."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__("Locking and sync limits", parent)
        self.ctx = ctx
        form = QFormLayout(self)
        self.rows = FieldErrors(form)
        self.idle = self.rows.add(
            "idle_lock_minutes",
            "&Lock after",
            _spin(" minutes idle"),
            hint="The window locks when nobody has used it for this long (1 to 60 minutes).",
        )
        self.warn = self.rows.add(
            "stale_warn_days",
            "&Warn after",
            _spin(" days without a sync"),
            hint="Sign-in warns that this laptop must reach the server soon.",
        )
        self.block = self.rows.add(
            "stale_block_days",
            "&Stop changes after",
            _spin(" days without a sync"),
            hint="The laptop then only shows records and syncs, until a sync succeeds.",
        )
        for spin in (self.idle, self.warn, self.block):  # the editor inside reads as its box
            inner = spin.findChild(QLineEdit)
            if inner is not None:
                inner.setAccessibleName(spin.accessibleName())
        self.save_button = QPushButton("Save &limits")
        self.save_button.setAccessibleName("Save limits")
        form.addRow("", self.save_button)
        self.outcome = QLabel()
        self.outcome.setObjectName("limits_outcome")
        self.outcome.hide()
        form.addRow("", self.outcome)
        self.save_button.clicked.connect(self.save)
        self.refresh()

    def refresh(self) -> None:
        current = self.ctx.read(current_laptop_settings)
        self.idle.setValue(current.idle_lock_minutes)
        self.warn.setValue(current.stale_warn_days)
        self.block.setValue(current.stale_block_days)

    def save(self) -> None:
        self.outcome.hide()
        new = LaptopSettings(self.idle.value(), self.warn.value(), self.block.value())
        done = self.ctx.run(
            lambda session: change_laptop_settings(session, self.ctx.actor, new),
            show_field_errors=self.rows.show_errors,
            parent=self,
        )
        if done is None:
            return
        self.rows.clear()
        self.outcome.setText("Saved: they apply from now on, on this laptop.")
        set_role(self.outcome, "ok")
        self.outcome.show()
