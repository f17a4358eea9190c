"""A notice's (or warning's) detail: every field grouped, the evidence, the money, the timeline,
and the moves a supervisor can make now (each greyed out with the reason when it cannot).

Opening a notice goes through ``notices.open_notice``, so the viewing is audited; a refresh
after a change on screen reads it again without a second audit entry.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hfhate.models import EvidencePhoto, NoticeKind
from hfhate.services.notices.queries import NoticeView, read_notice, reason_needed_to_open
from hfhate.services.ops import OpChanges
from hfhate.services.reference_lists import lists_for
from hfhate.services.retention.erased_fields import erased_note
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import heading, set_role
from hfhate.ui.justification_dialog import JustificationDialog
from hfhate.ui.notices.detail_actions import ActionsPanel
from hfhate.ui.notices.detail_fields import fill_groups
from hfhate.ui.notices.list_parts import NOTICE_RECORDS
from hfhate.ui.notices.photo_pixmap import photo_pixmap
from hfhate.ui.notices.timeline import TimelineView
from hfhate.ui.notices.who_looked import WhoLookedBox


def file_size(size: int) -> str:
    """``850 bytes``, ``12 KB``, ``2.4 MB``."""
    if size < 1024:
        return f"{size:,} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:,.0f} KB"
    return f"{size / 1024 / 1024:,.1f} MB"


def missing_photo(photo: EvidencePhoto, this_device: uuid.UUID) -> tuple[str, str, str]:
    """What stands in for a photo whose file is not here: text, a note below it, style role.

    A photo taken on this laptop should be here; one taken on another laptop arrives with a
    sync once that laptop has sent it to the server (``hfhate/sync/photos.py``).
    """
    if photo.created_on_device_id == this_device:
        return "(photo file missing)", "", "error"
    return (
        "Not downloaded yet",
        "It arrives with a sync, once the laptop it was taken on has sent it to the server.",
        "hint",
    )


NOT_OPENED = "Not opened: this laptop asks for a reason to open a record that is not yours."


class NoticeDetail(QWidget):
    """The detail page; ``back_requested`` asks the page holding it to show its list again."""

    back_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: NoticeView | None = None
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.back_button = QPushButton("← &Back to the list")
        self.back_button.setAccessibleName("Back to the list")
        self.back_button.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.back_button.clicked.connect(self.back_requested)
        self.title = heading("")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setObjectName("detail_message")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.message.hide()
        layout.addWidget(self.message)

        self.actions_panel = ActionsPanel(ctx, self)
        self.actions_panel.done.connect(self._after_action)
        layout.addWidget(self.actions_panel)

        body = QWidget()
        self.body_layout = QGridLayout(body)
        self.groups: dict[str, QGroupBox] = {}
        self.values: dict[str, QLabel] = {}
        self.photos_box = QVBoxLayout()
        for name, row, column, span in (
            ("Offence", 0, 0, 1),
            ("Recipient", 0, 1, 1),
            ("Money", 1, 0, 1),
            ("Evidence", 1, 1, 1),
            ("Victims and witnesses", 2, 0, 2),
            ("Supervisor's approval", 3, 0, 2),
        ):
            box = QGroupBox(name)
            QVBoxLayout(box)
            self.groups[name] = box
            self.body_layout.addWidget(box, row, column, 1, span)
        evidence = self.groups["Evidence"].layout()
        assert isinstance(evidence, QVBoxLayout)
        evidence.addLayout(self.photos_box)
        timeline_box = QGroupBox("Timeline")
        timeline_layout = QVBoxLayout(timeline_box)
        self.timeline = TimelineView()
        self.timeline_model = self.timeline.timeline_model
        timeline_layout.addWidget(self.timeline)
        self.body_layout.addWidget(timeline_box, 4, 0, 1, 2)
        self.who_looked = WhoLookedBox(ctx)
        self.body_layout.addWidget(self.who_looked, 5, 0, 1, 2)
        self.body_layout.setRowStretch(6, 1)
        self.body_layout.setColumnStretch(0, 1)
        self.body_layout.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAccessibleName("Notice details")
        layout.addWidget(scroll, 1)
        ctx.changes.changed.connect(self._on_changed)

    # Showing -----------------------------------------------------------------------------

    def show_notice(self, notice_id: uuid.UUID) -> str:
        """Open a notice (audited); returns why it cannot be seen, or "" when it is shown.

        Where this laptop asks why other people's records are opened, the reason is asked
        first; Cancel leaves the notice closed."""
        self.show_message("")
        reason = None
        if self.ctx.read(lambda s: reason_needed_to_open(s, self.ctx.actor, notice_id)):
            reason = JustificationDialog.ask("This notice", self)
            if reason is None:
                return NOT_OPENED
        return self._load(notice_id, audited=True, justification=reason)

    def _load(
        self, notice_id: uuid.UUID, *, audited: bool, justification: str | None = None
    ) -> str:
        refusal: list[str] = []
        done = self.ctx.run(
            lambda session: read_notice(
                session, self.ctx.actor, notice_id, audited=audited, justification=justification
            ),
            show_error=refusal.append,
        )
        if done is None:
            self.show_message("".join(refusal), error=True)
            return "".join(refusal)
        view = self.view = done.value
        notice = view.notice
        if notice.number:
            self.title.setText(f"Notice {notice.number}: {notice.status.label}")
        elif notice.kind is NoticeKind.WARNING:
            who = "" if notice.erased_at is not None else f" for {notice.recipient_name}"
            self.title.setText(f"Warning{who}: {notice.status.label}")
        else:
            self.title.setText(f"{notice.status.label}, {london_time(notice.offence_at)}")
        self.title.setAccessibleName(self.title.text())
        self.values = fill_groups(self.groups, view, self.ctx.read(lists_for))
        self.groups["Supervisor's approval"].setVisible(bool(notice.override_reason))
        self.groups["Money"].setVisible(notice.amount_pence is not None)
        self._show_photos(view.photos)
        self.timeline.set_events(view.events)
        self.who_looked.show_for(notice.id)
        self.actions_panel.show_for(notice)
        return ""

    def _show_photos(self, photos: list[EvidencePhoto]) -> None:
        while self.photos_box.count():
            item = self.photos_box.takeAt(0)
            widget = None if item is None else item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        size = self.fontMetrics().height() * 6
        for photo in photos:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            thumbnail = QLabel()
            pixmap = (
                QPixmap()
                if photo.erased_at is not None
                else photo_pixmap(
                    self.ctx.paths.evidence, self.ctx.photo_key, photo.sha256, photo.media_type
                )
            )
            note = ""
            if photo.erased_at is not None:
                thumbnail.setText(erased_note(photo.erased_at))
                thumbnail.setWordWrap(True)
                set_role(thumbnail, "hint")
            elif pixmap.isNull():
                shown, note, role = missing_photo(photo, self.ctx.actor.device_id)
                thumbnail.setText(shown)
                set_role(thumbnail, role)
            else:
                thumbnail.setPixmap(
                    pixmap.scaled(
                        size,
                        size,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            thumbnail.setAccessibleName(f"Photo {photo.original_name}")
            thumbnail.setObjectName("photo_thumbnail")
            about = QLabel(
                f"{photo.original_name} ({file_size(photo.size_bytes)})\n"
                f"SHA-256: {photo.sha256}" + (f"\n{note}" if note else "")
            )
            about.setWordWrap(True)
            about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            about.setObjectName("photo_about")
            line.addWidget(thumbnail)
            line.addWidget(about, 1)
            self.photos_box.addWidget(row)

    def value(self, key: str) -> str:
        """The text shown for field ``key`` (for people reading the code and for tests)."""
        return self.values[key].text()

    def _after_action(self, message: str, made: bool) -> None:
        if not made and self.view is not None:
            # Not made: show the notice as it is now, in case it changed meanwhile.
            self._load(self.view.notice.id, audited=False)
        self.show_message(message, error=not made)

    def show_message(self, text: str, error: bool = False) -> None:
        set_role(self.message, "error" if error else "ok")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(*NOTICE_RECORDS) and self.view is not None:
            self._load(self.view.notice.id, audited=False)
