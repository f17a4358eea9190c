"""One person as the People area shows them: their particulars (which the officer may
correct), everything they are linked to, their consent as it stands now, and their referrals.

The particulars sit on the left, with each problem beside its field. On the right, the
history lists every incident, notice and session disclosure they are linked to, newest first,
with their part in it; the consent list says for each purpose whether they agree now, since
when, who recorded it and how; the referrals list says where each referral has got to.
Opening a person is a consultation the service logs (``person_history``).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from hfhate.clock import LONDON, london_date
from hfhate.services.engagement.rules import london_today
from hfhate.services.ops import OpChanges
from hfhate.services.reference_lists import lists_for
from hfhate.services.retention.erased_fields import erased_note
from hfhate.services.victims.people import PersonHistory, PersonInput, person_history, update_person
from hfhate.services.victims.words import LINKED_TYPES, STATE_LABELS, victim_words
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.widgets import ChoiceBox, OptionalDate, button, set_date
from hfhate.ui.forms import FieldErrors, heading, hint_label, line_edit, set_role
from hfhate.ui.justification_dialog import JustificationDialog
from hfhate.ui.operations import refused
from hfhate.ui.tables import ListTableModel, fit_columns

TITLE_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$")
REFRESH_ON = ("people", "person_links", "consents", "referrals", "victim_feedback")
WITHDRAWN_COLOUR = QBrush(QColor("#a4000f"))


def day(moment: datetime | None) -> str:
    """``3 Mar 2026`` in London time, or an empty string."""
    if moment is None:
        return ""
    local = london_date(moment)
    return f"{local.day} {local:%b %Y}"


def day_and_time(moment: datetime | None) -> str:
    """``3 Mar 2026 14:05`` in London time, or an empty string."""
    if moment is None:
        return ""
    return f"{day(moment)} {moment.astimezone(LONDON):%H:%M}"


def without_date(title: str) -> str:
    """A history title without the date the Date column already shows: "Incident, 3 Mar
    2026, Lillie" reads "Incident, Lillie"."""
    parts = title.split(", ")
    if len(parts) >= 3 and TITLE_DATE.match(parts[1]):
        return ", ".join([parts[0], *parts[2:]])
    return title


def person_label(name: str, known_as: str) -> str:
    """A person by name, or by the description they are known by when they gave no name."""
    if name and known_as:
        return f"{name} ({known_as})"
    return name or known_as or "Unnamed person"


# What the view shows, read while the store was open --------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    """One record the person is linked to."""

    when: datetime | None
    record: str  # "Incident", "Warning or notice", ...
    record_type: str
    record_id: uuid.UUID
    role: str
    title: str
    summary: str


@dataclass(frozen=True)
class ConsentLine:
    """The latest consent for one purpose (and partner)."""

    purpose: str
    partner: str
    label: str  # "Referral to Stop Hate UK"
    given: bool
    recorded_at: datetime
    recorded_by: str
    method: str
    note: str


@dataclass(frozen=True)
class ReferralLine:
    """One of the person's referrals."""

    id: uuid.UUID
    partner: str
    status: str
    drafted_at: datetime | None
    sent_at: datetime | None
    stop_reason: str
    risk_score: int | None

    @property
    def state(self) -> str:
        label = STATE_LABELS.get(self.status, self.status)
        if self.status == "stopped" and self.stop_reason:
            return f"{label}: {self.stop_reason}"
        return label


@dataclass(frozen=True)
class PersonDetails:
    """One person's particulars, history, consent and referrals."""

    id: uuid.UUID
    name: str
    known_as: str
    date_of_birth: date | None
    phone: str
    email: str
    address: str
    postcode: str
    contact_preference: str
    contact_notes: str
    history: list[HistoryLine]
    consents: list[ConsentLine]
    referrals: list[ReferralLine]
    feedback_count: int

    @property
    def label(self) -> str:
        return person_label(self.name, self.known_as)


def details_of(session: Session, history: PersonHistory) -> PersonDetails:
    """What the view shows of ``history``, with the words of each code."""
    words = victim_words()
    lists = lists_for(session)
    person = history.person
    lines = sorted(
        (
            HistoryLine(
                link.when,
                LINKED_TYPES.get(link.record_type, link.record_type),
                link.record_type,
                link.record_id,
                words.person_roles.get(link.role, link.role),
                link.title,
                link.summary,
            )
            for link in history.links
        ),
        key=lambda line: line.when or datetime.min.replace(tzinfo=UTC),
        reverse=True,
    )
    consents = []
    for (purpose, partner), consent in history.current_consent.items():
        label = words.consent_purposes.get(purpose, purpose)
        if partner:
            label = f"Referral to {lists.label('referral_partners', partner)}"
        consents.append(
            ConsentLine(
                purpose,
                partner,
                label,
                consent.given,
                consent.recorded_at,
                consent.recorded_by_name,
                words.consent_methods.get(consent.method, consent.method),
                consent.note,
            )
        )
    order = list(words.consent_purposes)
    consents.sort(key=lambda c: (order.index(c.purpose) if c.purpose in order else 99, c.label))
    referrals = [
        ReferralLine(
            r.id,
            lists.label("referral_partners", r.partner),
            r.status,
            r.created_at,
            r.sent_at,
            r.stop_reason,
            r.risk_score,
        )
        for r in sorted(history.referrals, key=lambda r: r.created_at, reverse=True)
    ]
    return PersonDetails(
        person.id,
        person.name,
        # An erased record is known by when it was erased (its name and description are gone).
        erased_note(person.erased_at) if person.erased_at is not None else person.known_as,
        person.date_of_birth,
        person.phone,
        person.email,
        person.address,
        person.postcode,
        person.contact_preference,
        person.contact_notes,
        lines,
        consents,
        referrals,
        history.feedback_count,
    )


# The three lists ----------------------------------------------------------------------------


class HistoryModel(ListTableModel[HistoryLine]):
    """The person's records, newest first."""

    HEADERS = ("Date", "Their part", "Record", "What happened")
    full_text_tips = True

    def text(self, row: HistoryLine, column: int) -> str:
        return (day(row.when), row.role, without_date(row.title) or row.record, row.summary)[column]


class ConsentModel(ListTableModel[ConsentLine]):
    """Consent per purpose as it stands; withdrawn ones in red."""

    HEADERS = ("For", "Now", "Since", "Recorded by", "How")
    full_text_tips = True

    def text(self, row: ConsentLine, column: int) -> str:
        return (
            row.label,
            "Given" if row.given else "Withdrawn",
            day_and_time(row.recorded_at),
            row.recorded_by,
            row.method,
        )[column]

    def role_data(self, row: ConsentLine, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and not row.given:
            return WITHDRAWN_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and row.note:
            return row.note
        return None


class ReferralsModel(ListTableModel[ReferralLine]):
    """The person's referrals, newest first."""

    HEADERS = ("Partner", "State", "Drafted", "Sent")
    full_text_tips = True

    def text(self, row: ReferralLine, column: int) -> str:
        return (row.partner, row.state, day(row.drafted_at), day(row.sent_at))[column]


class CompactTable(QTableView):
    """A list whose preferred height is its heading and ``rows`` lines, so the view asks no
    more room than a 1280x720 screen has; it grows into whatever room there is."""

    def __init__(self, model: ListTableModel[Any], name: str, rows: int) -> None:
        super().__init__()
        self.rows = rows
        self.setModel(model)
        self.setAccessibleName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()

    def sizeHint(self) -> QSize:  # noqa: N802
        line = max(self.verticalHeader().defaultSectionSize(), self.fontMetrics().height())
        height = self.horizontalHeader().sizeHint().height() + line * self.rows
        # A modest width: a table's own hint is its columns' width, which the fitted columns
        # grow to fill the room, and the page would then ask ever more of its scroll area.
        width = self.fontMetrics().averageCharWidth() * 40
        return QSize(width, height + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()


def titled_table(title: str, table: QWidget, *buttons: QWidget) -> QGroupBox:
    """A group box headed ``title`` holding ``table`` and a row of ``buttons`` under it."""
    box = QGroupBox(title)
    column = QVBoxLayout(box)
    column.addWidget(table, 1)
    if buttons:
        row = QHBoxLayout()
        for widget in buttons:
            row.addWidget(widget)
        row.addStretch(1)
        column.addLayout(row)
    return box


# The view -----------------------------------------------------------------------------------


class PersonView(QWidget):
    """One person: particulars on the left; history, consent and referrals on the right."""

    back = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.details: PersonDetails | None = None
        self.justification: str | None = None  # the reason given to open this person
        self.stale = False  # changed while hidden: read again when shown
        words = victim_words()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.back_button = button("← &Back to the list", self.back.emit)
        self.back_button.setAccessibleName("Back to the list")
        self.title = heading("", 1.25)
        self.title.setObjectName("person_title")
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setObjectName("person_message")
        self.message.setAccessibleName("What was done")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        columns = QHBoxLayout()
        particulars = QGroupBox("Particulars")
        particulars_column = QVBoxLayout(particulars)
        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.name = self.rows.add("name", "&Name", line_edit(200))
        self.known_as = self.rows.add("known_as", "&Known as", line_edit(200))
        self.born = self.rows.add(
            "date_of_birth", "Date of &birth", OptionalDate("Known", london_today())
        )
        self.born.check.setAccessibleName("Date of birth known")
        self.phone = self.rows.add("phone", "P&hone", line_edit(40))
        self.email = self.rows.add("email", "&Email", line_edit(200))
        self.address = self.rows.add("address", "&Address", line_edit(200))
        self.postcode = self.rows.add("postcode", "&Postcode", line_edit(10))
        self.preference = self.rows.add(
            "contact_preference",
            "&Contact by",
            ChoiceBox([("Not said", ""), *((t, c) for c, t in words.contact_preferences.items())]),
        )
        self.contact_notes = self.rows.add(
            "contact_notes", "When it is &safe", QPlainTextEdit(), limit=500
        )
        self.contact_notes.setTabChangesFocus(True)
        self.contact_notes.setFixedHeight(self.fontMetrics().height() * 3)
        particulars_column.addLayout(form)
        save_row = QHBoxLayout()
        self.save_button = button("Save changes", self.save)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("particulars_saved")
        self.saved_label.setAccessibleName("Particulars saved")
        set_role(self.saved_label, "ok")
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_label, 1)
        particulars_column.addLayout(save_row)
        particulars_column.addStretch(1)
        columns.addWidget(particulars, 2)

        right = QVBoxLayout()
        self.history_model = HistoryModel(self)
        self.history_table = CompactTable(self.history_model, "History", 3)
        self.history_table.setWordWrap(False)
        fit_columns(self.history_table, elastic=(2, 3))
        history_box = titled_table(
            "History: what they are linked to, newest first", self.history_table
        )
        self.history_box = history_box
        right.addWidget(history_box, 3)

        self.consent_model = ConsentModel(self)
        self.consent_table = CompactTable(self.consent_model, "Consent", 2)
        fit_columns(self.consent_table, elastic=(0,))
        self.consent_button = button("&Record consent…", self.record_consent)
        self.withdraw_button = button("&Withdraw…", self.withdraw_consent)
        right.addWidget(
            titled_table(
                "Consent as it stands now",
                self.consent_table,
                self.consent_button,
                self.withdraw_button,
            ),
            2,
        )

        self.referrals_model = ReferralsModel(self)
        self.referrals_table = CompactTable(self.referrals_model, "Referrals", 2)
        fit_columns(self.referrals_table, elastic=(1,))
        self.refer_button = button("Re&fer…", self.refer)
        self.open_referral_button = button("&Open referral…", self.open_referral)
        self.feedback_button = button("Record f&eedback…", self.record_feedback)
        self.feedback_count = hint_label("")
        self.feedback_count.setObjectName("feedback_count")
        self.feedback_count.setAccessibleName("Feedback recorded")
        right.addWidget(
            titled_table(
                "Referrals",
                self.referrals_table,
                self.refer_button,
                self.open_referral_button,
                self.feedback_button,
                self.feedback_count,
            ),
            2,
        )
        columns.addLayout(right, 5)
        layout.addLayout(columns, 1)

        self.consent_table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.referrals_table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.referrals_table.doubleClicked.connect(lambda _index: self.open_referral())
        ctx.changes.changed.connect(self._changed)
        self._enable()

    @classmethod
    def ask(cls, ctx: UiContext, person_id: uuid.UUID, parent: QWidget | None = None) -> None:
        """Show person ``person_id`` in a window of its own (from an incident, say)."""
        dialog = QDialog(parent)
        dialog.setWindowTitle("Person - hfhate")
        view = cls(ctx, dialog)
        view.back_button.setText("Close")
        view.back_button.setAccessibleName("Close")
        view.back.connect(dialog.accept)
        column = QVBoxLayout(dialog)
        column.addWidget(view)
        height = dialog.fontMetrics().height()
        dialog.resize(height * 80, height * 44)
        if view.show_person(person_id):
            dialog.exec()

    # Showing ------------------------------------------------------------------------------

    @property
    def person_id(self) -> uuid.UUID | None:
        return self.details.id if self.details else None

    def show_person(self, person_id: uuid.UUID) -> bool:
        """Show person ``person_id`` (a consultation the service logs); False if refused.

        Where this laptop asks why other people's records are opened, the reason is asked
        first (``JustificationDialog``); Cancel leaves the person closed."""
        self.message.hide()
        self.saved_label.clear()
        self.rows.clear()
        self.justification = None
        self.stale = False
        details = self._read(person_id)
        if details is None:
            return False
        self._show(details, particulars=True)
        return True

    def _read(self, person_id: uuid.UUID) -> PersonDetails | None:
        """The person's details, asking for the reason to open them when it is needed."""
        while True:
            asked: list[dict[str, str]] = []
            done = self.ctx.run(
                partial(self._details, person_id, self.justification),
                parent=self,
                show_field_errors=asked.append,
            )
            if done is not None:
                return done.value
            if not asked:
                return None
            if "justification" not in asked[0] or self.justification is not None:
                refused(self, " ".join(asked[0].values()))
                return None
            reason = JustificationDialog.ask("This person's record", self)
            if reason is None:
                return None
            self.justification = reason

    def _details(
        self, person_id: uuid.UUID, justification: str | None, session: Session
    ) -> PersonDetails:
        history = person_history(session, self.ctx.actor, person_id, justification=justification)
        return details_of(session, history)

    def reload(self) -> None:
        """Read the shown person again, keeping what is typed in the particulars."""
        self.stale = False
        if self.details is None:
            return
        details = self._read(self.details.id)
        if details is not None:
            self._show(details, particulars=False)

    def _show(self, details: PersonDetails, *, particulars: bool) -> None:
        self.details = details
        self.title.setText(details.label)
        self.title.setAccessibleName(details.label)
        if particulars:
            self.name.setText(details.name)
            self.known_as.setText(details.known_as)
            self.born.check.setChecked(details.date_of_birth is not None)
            set_date(self.born.edit, details.date_of_birth)
            self.phone.setText(details.phone)
            self.email.setText(details.email)
            self.address.setText(details.address)
            self.postcode.setText(details.postcode)
            self.preference.set_value(details.contact_preference)
            self.contact_notes.setPlainText(details.contact_notes)
        self.history_model.set_rows(details.history)
        self.history_box.setTitle(
            f"History: {len(details.history)} record{'s' if len(details.history) != 1 else ''}"
            " they are linked to, newest first"
        )
        self.consent_model.set_rows(details.consents)
        self.referrals_model.set_rows(details.referrals)
        count = details.feedback_count
        self.feedback_count.setText(
            f"{count} feedback record{'s' if count != 1 else ''}" if count else ""
        )
        self._enable()

    def say(self, text: str, role: str = "ok") -> None:
        self.message.setText(text)
        set_role(self.message, role)
        self.message.setVisible(bool(text))

    def _changed(self, changes: OpChanges) -> None:
        """Read the person again now if they are on screen, else when next shown: each
        reading is a logged consultation, so none is made that nobody sees."""
        if self.details is not None and changes.touches(*REFRESH_ON):
            if self.isVisible():
                self.reload()
            else:
                self.stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.stale:
            self.reload()

    def selected_consent(self) -> ConsentLine | None:
        rows = self.consent_table.selectionModel().selectedRows()
        return self.consent_model.rows[rows[0].row()] if rows else None

    def selected_referral(self) -> ReferralLine | None:
        rows = self.referrals_table.selectionModel().selectedRows()
        return self.referrals_model.rows[rows[0].row()] if rows else None

    def _enable(self) -> None:
        shown = self.details is not None
        consent = self.selected_consent()
        for widget in (self.save_button, self.consent_button, self.feedback_button):
            widget.setEnabled(shown)
        self.withdraw_button.setEnabled(consent is not None and consent.given)
        self.refer_button.setEnabled(shown and bool(self.details and self.details.history))
        self.refer_button.setToolTip(
            "" if self.refer_button.isEnabled() else "Link them to an incident first."
        )
        self.open_referral_button.setEnabled(self.selected_referral() is not None)

    # Particulars ---------------------------------------------------------------------------

    def entry(self) -> PersonInput:
        return PersonInput(
            name=self.name.text(),
            known_as=self.known_as.text(),
            date_of_birth=self.born.value(),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.text(),
            postcode=self.postcode.text(),
            contact_preference=str(self.preference.value() or ""),
            contact_notes=self.contact_notes.toPlainText(),
        )

    def save(self) -> None:
        person_id = self.person_id
        if person_id is None:
            return
        entry = self.entry()
        self.saved_label.clear()
        done = self.ctx.run(
            lambda session: update_person(session, self.ctx.actor, person_id, entry).id,
            parent=self,
            show_field_errors=self.rows.show_errors,
        )
        if done is not None:
            self.rows.clear()
            self.saved_label.setText("Saved.")
            self.reload()
            if self.details is not None:
                self.title.setText(self.details.label)

    # Consent -------------------------------------------------------------------------------

    def record_consent(self) -> None:
        from hfhate.ui.victims.consent_dialog import ConsentDialog

        if self.person_id is None:
            return
        if ConsentDialog.ask(self.ctx, self.person_id, True, self) is not None:
            self.reload()
            self.say("Consent recorded.")

    def withdraw_consent(self) -> None:
        from hfhate.ui.victims.consent_dialog import ConsentDialog

        consent = self.selected_consent()
        if self.person_id is None or consent is None:
            return
        before = {r.id: r.status for r in self.referrals_model.rows}
        saved = ConsentDialog.ask(
            self.ctx,
            self.person_id,
            False,
            self,
            purpose=consent.purpose,
            partner=consent.partner,
        )
        if saved is None:
            return
        self.reload()
        stopped = [
            r
            for r in self.referrals_model.rows
            if r.status == "stopped" and before.get(r.id) not in (None, "stopped")
        ]
        text = f"Consent withdrawn: {consent.label}."
        if stopped:
            names = ", ".join(r.partner for r in stopped)
            many = len(stopped) != 1
            text += (
                f" {len(stopped)} referral{'s' if many else ''} not yet sent "
                f"{'were' if many else 'was'} stopped ({names})."
            )
        self.say(text, "alarm" if stopped else "ok")

    # Referrals and feedback ----------------------------------------------------------------

    def sources(self) -> list[tuple[str, str, uuid.UUID]]:
        """The person's records a referral may be made from, as the referral dialog lists them."""
        if self.details is None:
            return []
        return [
            (f"{line.title} ({line.role.lower()})", line.record_type, line.record_id)
            for line in self.details.history
        ]

    def refer(self) -> None:
        from hfhate.ui.victims.referral_dialog import ReferralDialog

        sources = self.sources()
        if self.person_id is None or not sources:
            return
        chosen = self.history_table.selectionModel().selectedRows()
        first = self.details.history[chosen[0].row()] if chosen and self.details else None
        from_type, from_id = (
            (first.record_type, first.record_id) if first else (sources[0][1], sources[0][2])
        )
        saved = ReferralDialog.ask(
            self.ctx, self.person_id, from_type, from_id, self, sources=sources
        )
        if saved is not None:
            self.reload()
            self.say("Referral drafted. Open it to send it or print its pack.")

    def open_referral(self) -> None:
        from hfhate.ui.victims.referral_actions import ReferralActionsDialog

        referral = self.selected_referral()
        if referral is None:
            return
        ReferralActionsDialog.ask(self.ctx, referral.id, self)
        self.reload()

    def record_feedback(self) -> None:
        from hfhate.ui.victims.feedback_dialog import FeedbackDialog

        if self.person_id is None:
            return
        referral = self.selected_referral()
        saved = FeedbackDialog.ask(
            self.ctx, self.person_id, referral.id if referral else None, self
        )
        if saved is not None:
            self.reload()
            self.say("Feedback recorded.")
