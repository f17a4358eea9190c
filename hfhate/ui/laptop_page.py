"""The Laptop area: this laptop's name and its device code, which notice numbers are built on.

On a stand-alone install the administrator gives each laptop its own code (1 to 999), so that
notices numbered offline on different laptops never share a number. Once a notice has been
numbered here the code can no longer change; the page says so and locks the field.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hfhate.services.device import set_device_code, this_device
from hfhate.services.notices.numbering import NoticeNumber
from hfhate.ui.context import UiContext
from hfhate.ui.forms import FieldErrors, set_role, titled_layout

NOT_A_NUMBER = "Use a number from 1 to 999."


class LaptopPage(QWidget):
    """Administrators see this laptop's name and set its device code."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = titled_layout(
            self,
            "This laptop",
            "Every notice number carries the code of the laptop it was issued on: "
            "HF-<b>DDD</b>-NNNNNN-C, where DDD is this code, NNNNNN this laptop's own "
            "sequence and C a check digit. Give each laptop a different code, so that "
            "notices issued offline on different laptops never share a number. Once a notice "
            "has been numbered on this laptop, its code can no longer change.",
        )

        box = QGroupBox("Device code")
        form = QFormLayout(box)
        self.name = QLabel()
        self.name.setObjectName("laptop_name")
        self.name.setAccessibleName("Laptop name")
        form.addRow("Name", self.name)
        self.rows = FieldErrors(form)
        self.code = QLineEdit()
        self.code.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,4}"), self.code)
        )
        self.code.setMaxLength(4)
        self.code.setMaximumWidth(self.fontMetrics().averageCharWidth() * 10)
        self.rows.add("code", "Device &code", self.code, hint="A number from 1 to 999.")
        self.numbered = QLabel()
        self.numbered.setObjectName("numbered")
        self.numbered.setWordWrap(True)
        form.addRow("Notices numbered here", self.numbered)
        line = QHBoxLayout()
        self.save_button = QPushButton("&Set device code")
        self.save_button.setAccessibleName("Set device code")
        self.save_button.setDefault(True)
        line.addWidget(self.save_button)
        line.addStretch(1)
        form.addRow("", line)
        self.outcome = QLabel()
        self.outcome.setObjectName("code_outcome")
        self.outcome.setWordWrap(True)
        self.outcome.hide()
        form.addRow("", self.outcome)
        # The box scrolls in its own view under the title (field errors add lines). The
        # laptop limits and retention periods are in the Settings area.
        boxes = QWidget()
        column = QVBoxLayout(boxes)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(boxes)
        scroll.setAccessibleName("This laptop's settings")
        layout.addWidget(scroll, 1)
        self.save_button.clicked.connect(self.save)
        self.code.returnPressed.connect(self.save)
        self.refresh()

    def refresh(self) -> None:
        device = self.ctx.read(this_device)
        name, code, used = device.name, device.code, device.last_notice_sequence
        self.name.setText(name)
        self.code.setText("" if code is None else f"{code:03d}")
        locked = code is not None and used > 0
        self.code.setReadOnly(locked)
        self.save_button.setEnabled(not locked)
        if code is None:
            self.numbered.setText(
                "None yet. This laptop cannot issue notices until it has "
                "a code (warnings can still be recorded)."
            )
            set_role(self.numbered, "alarm")
        elif locked:
            last = NoticeNumber(code, used)
            self.numbered.setText(
                f"{used} notice{'s' if used != 1 else ''}, the last {last}. The code "
                f"{code:03d} can no longer change."
            )
            set_role(self.numbered, "hint")
        else:
            self.numbered.setText(f"None yet. The first will be {NoticeNumber(code, 1)}.")
            set_role(self.numbered, "hint")

    def save(self) -> None:
        text = self.code.text().strip()
        self.outcome.hide()
        if not text.isdigit():
            self.rows.show_errors({"code": NOT_A_NUMBER})
            return
        done = self.ctx.run(
            lambda session: set_device_code(session, self.ctx.actor, int(text)).code,
            show_error=lambda message: self.rows.show_errors({"code": message}),
            show_field_errors=self.rows.show_errors,
        )
        if done is None:
            return
        code = done.value
        self.rows.clear()
        self.outcome.setText(f"This laptop's device code is now {code:03d}.")
        set_role(self.outcome, "ok")
        self.outcome.show()
        self.refresh()
