"""The Laptop area's "Retention periods" box: how long this laptop keeps each kind of record
before the retention review lists it for erasure. Administrators set them; the services check
them (``services/retention/settings``) and each message shows beside its field."""

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

from hfhate.services.retention.settings import (
    RetentionSettings,
    change_retention_settings,
    current_retention_settings,
)
from hfhate.ui.context import UiContext
from hfhate.ui.forms import FieldErrors, set_role

FIELDS = (
    (
        "notice_years",
        "&Notices and warnings",
        " years after closed",
        "Counted from the day a notice was paid, cancelled, written off or its case ended, or a "
        "warning was given.",
    ),
    ("photo_years", "P&hotos", " years after closed", "No longer than the notice they belong to."),
    (
        "cancelled_photo_days",
        "Photos of a c&ancelled notice",
        " days after cancelled",
        "A cancelled notice's photos go sooner than the notice.",
    ),
    (
        "register_years",
        "&Registers and disclosures",
        " years after the session",
        "Names on attendance registers and the text of follow-ups and disclosures.",
    ),
    ("draft_days", "Unfinished &drafts", " days after last saved", "Drafts are deleted whole."),
)


class RetentionSettingsBox(QGroupBox):
    """The five retention periods, with a Save button."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__("Retention periods", parent)
        self.ctx = ctx
        form = QFormLayout(self)
        self.rows = FieldErrors(form)
        self.spins: dict[str, QSpinBox] = {}
        for name, label, suffix, hint in FIELDS:
            spin = QSpinBox()
            spin.setRange(0, 9999)  # the services say what is allowed, beside the field
            spin.setSuffix(suffix)
            self.spins[name] = self.rows.add(name, label, spin, hint=hint)
            inner = spin.findChild(QLineEdit)
            if inner is not None:
                inner.setAccessibleName(spin.accessibleName())
        self.save_button = QPushButton("Save retention &periods")
        self.save_button.setAccessibleName("Save retention periods")
        form.addRow("", self.save_button)
        self.outcome = QLabel()
        self.outcome.setObjectName("retention_outcome")
        self.outcome.hide()
        form.addRow("", self.outcome)
        self.save_button.clicked.connect(self.save)
        self.refresh()

    def refresh(self) -> None:
        current = self.ctx.read(current_retention_settings).to_json()
        for name, spin in self.spins.items():
            spin.setValue(current[name])

    def save(self) -> None:
        self.outcome.hide()
        new = RetentionSettings(**{name: spin.value() for name, spin in self.spins.items()})
        done = self.ctx.run(
            lambda session: change_retention_settings(session, self.ctx.actor, new),
            show_field_errors=self.rows.show_errors,
            parent=self,
        )
        if done is None:
            return
        self.rows.clear()
        self.outcome.setText(
            "Saved: the next retention review uses them. The server checks every erasure "
            "against its own periods, set by a central administrator."
        )
        self.outcome.setWordWrap(True)
        set_role(self.outcome, "ok")
        self.outcome.show()
