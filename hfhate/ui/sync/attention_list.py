"""The "Needs attention" list: each refused or conflicting change, with both values side by side.

Each item is a box: the record, what happened and why, for a conflict a grid of each field as
it is on this laptop and on the server, and the two ways to resolve it. Pulled changes this
laptop could not write follow, each with its reason. The list is rebuilt from
the store (``hfhate.sync.attention``) whenever it is shown or something changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from hfhate.services.actor import Actor
from hfhate.sync import attention, clones
from hfhate.sync.attention import AttentionItem, SetAsideItem
from hfhate.ui.forms import set_role

Resolve = Callable[[Session, Actor, int], None]


def shown_value(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    return str(value).replace("_", " ") if isinstance(value, str) else str(value)


def bold(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setAccessibleName(text)
    return label


class AttentionBox(QFrame):
    """One change needing attention, with "Send again" and "Keep the server's version"."""

    def __init__(self, item: AttentionItem, on_resolve: Callable[[Resolve, int], None]) -> None:
        super().__init__()
        self.item = item
        self.setObjectName(f"attention_{item.seq}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        what = "Conflict" if item.outcome == "conflict" else "Refused by the server"
        title = bold(f"{attention.record_type_label(item.record_type)} {item.record_label}: {what}")
        layout.addWidget(title)
        reason = QLabel(item.reason or "The server gave no reason.")
        reason.setObjectName("reason")
        reason.setWordWrap(True)
        layout.addWidget(reason)
        if item.fields:
            grid = QGridLayout()
            grid.setHorizontalSpacing(24)
            for column, text in enumerate(("Field", "On this laptop", "On the server")):
                grid.addWidget(bold(text), 0, column)
            for row, clash in enumerate(item.fields, start=1):
                grid.addWidget(QLabel(clash.field.replace("_", " ")), row, 0)
                local = QLabel(shown_value(clash.local))
                local.setObjectName(f"local_{clash.field}")
                server = QLabel(shown_value(clash.server))
                server.setObjectName(f"server_{clash.field}")
                if clash.local != clash.server:
                    set_role(server, "alarm")
                grid.addWidget(local, row, 1)
                grid.addWidget(server, row, 2)
            grid.setColumnStretch(3, 1)
            layout.addLayout(grid)
        buttons = QHBoxLayout()
        self.send_again = QPushButton("Send &again")
        self.send_again.setAccessibleName(f"Send again: {item.record_label}")
        self.send_again.setToolTip("Put this change back in the queue for the next sync")
        self.send_again.clicked.connect(lambda: on_resolve(attention.send_again, item.seq))
        self.keep_server = QPushButton("&Keep the server's version")
        self.keep_server.setAccessibleName(f"Keep the server's version: {item.record_label}")
        self.keep_server.setToolTip("Drop this laptop's change; the server's record stands")
        self.keep_server.clicked.connect(
            lambda: on_resolve(attention.keep_server_version, item.seq)
        )
        buttons.addWidget(self.send_again)
        buttons.addWidget(self.keep_server)
        if item.outcome == clones.CLONED_OUTCOME and item.record_type == "notices":
            # A notice numbered on a copy of another laptop: a new number, never merged.
            self.reissue = QPushButton("Reissue under a &new number")
            self.reissue.setAccessibleName(f"Reissue under a new number: {item.record_label}")
            self.reissue.setToolTip(
                "After this laptop is enrolled again: issue this notice again under a new "
                "number and cancel this one, with the reason recorded"
            )
            self.reissue.clicked.connect(lambda: on_resolve(clones.reissue_entry, item.seq))
            buttons.addWidget(self.reissue)
        buttons.addStretch(1)
        layout.addLayout(buttons)


class SetAsideBox(QFrame):
    """A pulled change this laptop could not write, with why; tried again at each sync."""

    def __init__(self, item: SetAsideItem) -> None:
        super().__init__()
        self.item = item
        self.setObjectName(f"set_aside_{item.record_id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        kind = attention.record_type_label(item.record_type)
        layout.addWidget(bold(f"{kind} {item.record_label}: Not received"))
        reason = QLabel(
            f"{item.reason} It is tried again at each sync, and goes from this list once "
            "it is received."
        )
        reason.setObjectName("reason")
        reason.setWordWrap(True)
        layout.addWidget(reason)


class AttentionList(QWidget):
    """All the boxes, or a line saying nothing needs attention."""

    def __init__(self, on_resolve: Callable[[Resolve, int], None]) -> None:
        super().__init__()
        self.on_resolve = on_resolve
        self.boxes: list[AttentionBox | SetAsideBox] = []
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel("Nothing needs attention.")
        self.empty.setObjectName("attention_empty")
        self.column.addWidget(self.empty)

    def show_items(
        self, items: list[AttentionItem], set_aside: Sequence[SetAsideItem] = ()
    ) -> None:
        for box in self.boxes:
            self.column.removeWidget(box)
            box.hide()  # at once: the deletion waits for the event loop
            box.deleteLater()
        self.boxes = [AttentionBox(item, self.on_resolve) for item in items]
        self.boxes += [SetAsideBox(item) for item in set_aside]
        for box in self.boxes:
            self.column.addWidget(box)
        self.empty.setVisible(not self.boxes)
