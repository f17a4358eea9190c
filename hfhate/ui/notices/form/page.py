"""The form where an authorised officer records a warning or issues a fixed penalty notice.

The rules live in services/notice_rules.check_notice: the form runs it a moment after every
change and keeps the Issue button disabled until it finds nothing, showing each message beside
its field once the officer has been in that field. What the officer types is saved as a draft
about a second after they stop, and whenever the form is hidden, so nothing is lost.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hfhate.models import NoticeKind, new_id
from hfhate.services.notices.drafts import discard_draft, draft_kept, load_draft, save_draft
from hfhate.services.notices.issuing import issue_notice, record_warning
from hfhate.services.notices.rules import (
    NoticeInput,
    Override,
    check_notice,
    needs_override,
    typed_problems,
)
from hfhate.services.notices.settings import current_settings
from hfhate.services.ops import OpChanges
from hfhate.services.reference_lists import lists_for
from hfhate.services.text_rules import ONE_NAME_NOTE_MIN_WORDS, name_parts
from hfhate.ui.context import UiContext
from hfhate.ui.notices.action_bar import ActionBar
from hfhate.ui.notices.earlier_warning_dialog import EarlierWarningDialog
from hfhate.ui.notices.form.people import PeopleEditor
from hfhate.ui.notices.form.photos import PhotoList
from hfhate.ui.notices.form.recipient import Recipient
from hfhate.ui.notices.form.rows import FormRows, plain
from hfhate.ui.notices.form.sections import Evidence, WhatHappened, WhenAndWhere
from hfhate.ui.notices.form.values import (
    FormValues,
    draft_summary,
    has_content,
    values_from_json,
    values_to_json,
)
from hfhate.ui.notices.override_dialog import SupervisorApprovalDialog
from hfhate.ui.notices.result_view import NoticeOutcome

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHECK_DELAY_MS = 200
DRAFT_DELAY_MS = 1000


class FormContent(QWidget):
    """The scrolled sections. Never laid out shorter than they ask to be: the scroll area
    scrolls instead, where it would otherwise squeeze word-wrapped rows and cut off fields."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class NoticeForm(QWidget):
    """One warning or notice being written; emits ``finished`` with the saved outcome."""

    finished = Signal(NoticeOutcome)
    draft_saved = Signal(uuid.UUID)  # the draft's id

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = ctx.read(current_settings)
        self.draft_id: uuid.UUID | None = None
        self.dirty = False
        self.show_all = False
        self.touched: set[str] = set()
        self.errors: dict[str, str] = {}
        self.service_errors: dict[str, str] = {}
        self.override: Override | None = None
        self.override_for = ""
        self._loading = False
        self._blank = FormValues()

        self.setStyleSheet("QGroupBox { font-weight: bold; }")  # section titles only
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._kind_box())
        self.rows = FormRows(self)
        self.rows.touched.connect(self._touched)
        self.lists = ctx.read(lists_for)
        self.when = WhenAndWhere(self.rows, self.lists)
        self.what = WhatHappened(self.rows, self.settings.circumstances_min_chars, self.lists)
        self.recipient = Recipient(self.rows)
        self.photos = PhotoList(ctx.paths.evidence, ctx.photo_key)
        self.evidence = Evidence(self.rows, self.photos)
        self.people = PeopleEditor(self.rows)
        content = FormContent()
        content.setObjectName("notice_form_content")
        column = QVBoxLayout(content)
        for section in (self.when, self.what, self.recipient, self.evidence, self.people):
            column.addWidget(section)
            section.edited.connect(self._edited)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        layout.addWidget(self.scroll_area, 1)
        self.action_bar = ActionBar(self.rows)
        layout.addWidget(self.action_bar)
        # The bar's parts, by the names the rest of the form (and its tests) use.
        self.summary, self.issue_button = self.action_bar.summary, self.action_bar.issue_button
        self.check_button, self.approve_button = (
            self.action_bar.check_button,
            self.action_bar.approve_button,
        )
        self.refused_note, self.approval = self.action_bar.refused_note, self.action_bar.approval
        self.problem = self.action_bar.problem
        self.check_button.clicked.connect(self.check_missing)
        self.approve_button.clicked.connect(self.ask_supervisor)
        self.issue_button.clicked.connect(self.issue)

        self.what.find_requested.connect(self.find_earlier_warning)
        self.people.people_changed.connect(self._fix_tab_order)
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.refresh)
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft_now)
        ctx.changes.changed.connect(self._store_changed)
        self.start_new()

    def _kind_box(self) -> QGroupBox:
        box = QGroupBox("What are you recording?")
        line = QHBoxLayout(box)
        self.notice_choice = QRadioButton("Issue a notice (fixed penalty)")
        self.warning_choice = QRadioButton("Record a warning (no penalty)")
        self.kind_group = QButtonGroup(self)
        for button in (self.notice_choice, self.warning_choice):
            button.setAccessibleName(plain(button.text()))
            self.kind_group.addButton(button)
            line.addWidget(button)
            button.toggled.connect(self._edited)
        line.addStretch(1)
        return box

    # What the form holds

    @property
    def checking(self) -> bool:
        """True while a check is due (the officer changed something a moment ago)."""
        return self._check_timer.isActive()

    @property
    def draft_due(self) -> bool:
        """True while a draft save is due (within a second of the last change)."""
        return self._draft_timer.isActive()

    @property
    def kind(self) -> NoticeKind:
        return NoticeKind.WARNING if self.warning_choice.isChecked() else NoticeKind.NOTICE

    def values(self) -> FormValues:
        fields = (
            self.when.collect()
            | self.what.collect()
            | self.recipient.collect()
            | {
                "body_worn_video": self.evidence.body_worn_video.text(),
                "people": self.people.people(),
                "override": self.override,
            }
        )
        return FormValues(
            kind=self.kind,
            entry=NoticeInput(**fields),
            date_of_birth_known=self.recipient.date_of_birth_known.isChecked(),
            earlier_warning_label=self.what.link_text,
            override_for=self.override_for if self.override else "",
            photos=self.photos.draft_photos(),
        )

    def set_values(self, values: FormValues) -> None:
        self._loading = True
        try:
            choice = (
                self.warning_choice if values.kind is NoticeKind.WARNING else self.notice_choice
            )
            choice.setChecked(True)
            self.when.fill(values.entry)
            self.what.fill(values)
            self.recipient.fill(values)
            self.evidence.body_worn_video.setText(values.entry.body_worn_video)
            self.people.set_people(values.entry.people)
            self.photos.set_draft_photos(values.photos)
            self.override = values.entry.override
            self.override_for = values.override_for if self.override else ""
        finally:
            self._loading = False
        self.refresh()

    def start_new(self) -> None:
        """An empty form, the offence time set to now."""
        self.settings = self.ctx.read(current_settings)
        self.what.min_chars = self.settings.circumstances_min_chars
        self.lists = self.ctx.read(lists_for)
        self.when.use_lists(self.lists)
        self.what.use_lists(self.lists)
        self.draft_id, self.touched, self.show_all = None, set(), False
        self.service_errors = {}
        self.action_bar.show_problem("")
        self.set_values(FormValues())
        self._blank = self.values()
        self.dirty = False
        self._draft_timer.stop()
        self.scroll_area.verticalScrollBar().setValue(0)

    def resume(self, draft_id: uuid.UUID) -> None:
        """Open a draft with every value as it was saved, its problems all shown."""
        draft = self.ctx.read(lambda session: load_draft(session, self.ctx.actor, draft_id))
        values, kind = values_from_json(draft.form), draft.kind
        self.start_new()
        self.set_values(
            FormValues(
                kind,
                values.entry,
                values.date_of_birth_known,
                values.earlier_warning_label,
                values.override_for,
                values.photos,
            )
        )
        self.draft_id, self.show_all, self.dirty = draft_id, True, False
        self.refresh()

    # Checking as the officer types

    def _edited(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self.service_errors = {}
        self._check_timer.start()
        self._draft_timer.start()

    def _touched(self, key: str) -> None:
        if not self._loading:
            self.touched.add(key)
            self._check_timer.start()

    def refresh(self) -> dict[str, str]:
        """Check the form now, show what is wrong, and enable the button if nothing is."""
        self._check_timer.stop()
        now = datetime.now(UTC)
        values = self.values()
        entry = values.entry
        warning = values.kind is NoticeKind.WARNING
        why = (
            ""
            if warning or entry.details_refused
            else needs_override(entry, self.settings, now.date())
        )
        if self.override is not None and why != self.override_for:
            self.override, self.override_for = None, ""  # approved for another reason
            entry = self.values().entry
        self.errors = check_notice(entry, self.settings, now, warning=warning, lists=self.lists)
        on_screen = self._screen_problems(entry)
        if {"latitude", "longitude"} & on_screen.keys():
            self.errors.pop("location", None)  # "give both" says nothing about a typing slip
        self.errors |= on_screen | self.service_errors
        # What was typed wrong shows at once; what is missing, once the officer has been there.
        shown = set(self.rows.errors) if self.show_all else self.touched | {"override"}
        shown |= typed_problems(entry).keys() | on_screen.keys()
        if self.recipient.date_of_birth_known.isChecked() and "recipient_age" in self.errors:
            # About the date of birth typed: said under it, not under the (disabled) age band.
            self.errors["recipient_date_of_birth"] = self.errors.pop("recipient_age")
            if "recipient_age" in shown:
                shown.add("recipient_date_of_birth")
        self.rows.show(self.errors, shown)
        self.action_bar.show_state(
            problems=len(self.errors),
            warning=warning,
            refused=entry.details_refused,
            needs_approval=bool(why),
            override=self.override,
        )
        return self.errors

    def _screen_problems(self, entry: NoticeInput) -> dict[str, str]:
        """What only the screen knows is wrong: a coordinate that is not a number, and "one
        name only" ticked without saying why."""
        problems = self.when.coordinate_problems()
        recipient = self.recipient
        if (
            recipient.one_name_only.isChecked()
            and not recipient.one_name_note.text().strip()
            and len(name_parts(entry.recipient_name)) == 1
        ):
            problems["recipient_name"] = (
                f"Say in at least {ONE_NAME_NOTE_MIN_WORDS} words why they gave one name only."
            )
        return problems

    def check_missing(self) -> None:
        self.show_all = True
        if not self.refresh():
            self.summary.setText("Nothing is missing. " + self.summary.text())
        self._focus_first_problem()

    def _focus_first_problem(self) -> None:
        field = self.rows.first_field(self.errors)
        if field is not None:
            self.scroll_area.ensureWidgetVisible(field)
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    # Linking and approving

    def find_earlier_warning(self) -> None:
        name = self.recipient.name.text()
        if len(" ".join(name.split())) < 3:
            self.what.link_label.setText(
                "Enter the recipient's full name first (in The "
                "recipient), then find their earlier warning."
            )
            self.what.link_label.show()
            self.recipient.name.setFocus()
            return
        chosen = EarlierWarningDialog.ask(self.ctx, name, parent=self)
        if chosen is not None:
            self.what.set_link(*chosen)

    def ask_supervisor(self) -> None:
        why = needs_override(self.values().entry, self.settings, datetime.now(UTC).date())
        override = SupervisorApprovalDialog.ask(self.ctx, why, parent=self)
        if override is not None:
            self.override, self.override_for = override, why
            self._edited()
            self.refresh()
            self.issue_button.setFocus()

    # Saving

    def issue(self) -> None:
        """Record the warning or issue the notice, in one transaction with its photos."""
        if self.refresh():
            self.show_all = True
            self.refresh()
            self._focus_first_problem()
            return
        values = self.values()
        photos = list(self.photos.stored)
        save = record_warning if values.kind is NoticeKind.WARNING else issue_notice
        # The draft ends with this notice: not news to this form when the change is announced.
        draft_id, self.draft_id = self.draft_id, None

        def record(session: Session) -> NoticeOutcome:
            notice = save(session, self.ctx.actor, values.entry, photos=photos)
            if draft_id is not None:
                discard_draft(session, self.ctx.actor, draft_id, finished=True)
            return NoticeOutcome.of(notice, len(photos))

        done = self.ctx.run(
            record,
            show_error=self.action_bar.show_problem,
            show_field_errors=self._show_service_errors,
        )
        if done is None:
            self.draft_id = draft_id
            return
        self._draft_timer.stop()
        self.dirty = False
        self.finished.emit(done.value)

    def _show_service_errors(self, errors: dict[str, str]) -> None:
        self.service_errors = errors
        self.show_all = True
        self.refresh()
        self._focus_first_problem()

    def save_draft_now(self) -> bool:
        """Save what is on the form as this officer's draft; False if there was nothing new."""
        self._draft_timer.stop()
        if not self.dirty:
            return False
        values = self.values()
        if self.draft_id is None and not has_content(values, self._blank):
            return False
        # The id is this form's before the change is announced, so screens listing the
        # officer's other drafts leave it out.
        kept = self.draft_id
        draft_id = self.draft_id = kept or new_id()
        done = self.ctx.run(
            lambda session: save_draft(
                session,
                self.ctx.actor,
                draft_id,
                values.kind,
                values_to_json(values),
                draft_summary(values),
            ),
            show_error=self.action_bar.show_problem,
        )
        if done is None:
            self.draft_id = kept
            return False
        self.dirty = False
        self.draft_saved.emit(draft_id)
        return True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        # A form nobody has typed into yet offers the time it is opened, not when it was built.
        if self.draft_id is None and not has_content(self.values(), self._blank):
            self._loading = True
            try:
                self.when.fill(NoticeInput())
            finally:
                self._loading = False
            self._blank = self.values()
            self.dirty = False
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        # Leaving the page, closing the window or signing out: keep what was typed.
        self.save_draft_now()
        super().hideEvent(event)

    def _store_changed(self, changes: OpChanges) -> None:
        """A draft finished or discarded elsewhere is not kept open here."""
        draft_id = self.draft_id
        if draft_id is None or not changes.touches("notice_drafts"):
            return
        if not self.ctx.read(lambda session: draft_kept(session, draft_id)):
            self.start_new()

    def _fix_tab_order(self) -> None:
        chain = [
            self.photos.remove_button,
            *self.people.fields(),
            self.check_button,
            self.approve_button,
            self.issue_button,
        ]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
