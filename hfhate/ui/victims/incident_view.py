"""One incident as recorded: what, when and where, what happened, its people and referrals.

Opening it is a consultation the services log. Each person opens their own record (all that
is linked to them, their consent and referrals), and a referral can be made for them from here.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from hfhate.services.ops import OpChanges
from hfhate.services.reference_lists import lists_for
from hfhate.services.retention.erased_fields import erased_note
from hfhate.services.victims.incidents import IncidentView as IncidentRecord
from hfhate.services.victims.incidents import incident_view
from hfhate.services.victims.words import STATE_LABELS, victim_words
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import dialog_layout
from hfhate.ui.engagement.widgets import button
from hfhate.ui.formatting import london_time
from hfhate.ui.victims.person_picker import person_label

REFRESH_ON = ("incidents", "person_links", "people", "referrals", "consents")


def read_only(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


class IncidentView(QDialog):
    """The incident read back, its people with Open and Refer, and the referrals made."""

    def __init__(self, ctx: UiContext, incident_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.incident_id = incident_id
        self.lists = ctx.read(lists_for)
        self.words = victim_words()
        layout = dialog_layout(self, "Incident", width_chars=90)
        self.form = QFormLayout()
        layout.addLayout(self.form)

        people_caption = QLabel("&People")
        self.people_list = QListWidget()
        self.people_list.setAccessibleName("People")
        people_caption.setBuddy(self.people_list)
        layout.addWidget(people_caption)
        layout.addWidget(self.people_list)
        people_actions = QHBoxLayout()
        self.person_button = button("Open &person…", self.open_person)
        self.refer_button = button("&Refer…", self.refer)
        people_actions.addWidget(self.person_button)
        people_actions.addWidget(self.refer_button)
        people_actions.addStretch(1)
        layout.addLayout(people_actions)

        referrals_caption = QLabel("Re&ferrals made")
        self.referrals_list = QListWidget()
        self.referrals_list.setAccessibleName("Referrals made")
        referrals_caption.setBuddy(self.referrals_list)
        layout.addWidget(referrals_caption)
        layout.addWidget(self.referrals_list)
        bottom = QHBoxLayout()
        self.referral_button = button("Open referra&l…", self.open_referral)
        bottom.addWidget(self.referral_button)
        bottom.addStretch(1)
        self.close_button = button("Close", self.accept)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

        lines = self.fontMetrics().lineSpacing()
        for listing in (self.people_list, self.referrals_list):
            listing.setMaximumHeight(lines * 6 + 8)
        self.people_list.itemSelectionChanged.connect(self._update_buttons)
        self.people_list.itemDoubleClicked.connect(lambda _item: self.open_person())
        self.referrals_list.itemSelectionChanged.connect(self._update_buttons)
        self.referrals_list.itemDoubleClicked.connect(lambda _item: self.open_referral())
        ctx.changes.changed.connect(self._changed)
        self.record: IncidentRecord | None = None
        self.reload()

    def _changed(self, changes: OpChanges) -> None:
        if changes.touches(*REFRESH_ON):
            self.reload()

    def reload(self) -> None:
        """Read the incident (a consultation the services log) and show it."""
        record = self.ctx.read(
            lambda session: incident_view(session, self.ctx.actor, self.incident_id)
        )
        self.record = record
        incident = record.incident
        while self.form.rowCount():
            self.form.removeRow(0)
        kind = self.words.incident_kinds.get(incident.kind, incident.kind)
        rows = [
            ("Kind", f"{kind}, {self.words.how_known.get(incident.how_known, '').lower()}"),
            ("When", london_time(incident.occurred_at)),
            (
                "Where",
                ", ".join(
                    part
                    for part in (
                        incident.place,
                        incident.postcode,
                        self.lists.label("wards", incident.ward) if incident.ward else "",
                    )
                    if part
                ),
            ),
            (
                "Hostility shown",
                ", ".join(self.lists.label("hostilities", h) for h in incident.hostilities),
            ),
            (
                "What happened",
                erased_note(incident.erased_at)
                if incident.erased_at is not None
                else incident.account,
            ),
            (
                "Police",
                f"Reported, crime reference {incident.crime_reference}"
                if incident.reported_to_police
                else "Not reported to the police",
            ),
            ("Recorded by", incident.officer_name),
        ]
        for caption, text in rows:
            self.form.addRow(caption, read_only(text, caption))
        self.people_list.clear()
        for person, role in record.people:
            who = (
                erased_note(person.erased_at)
                if person.erased_at is not None
                else person_label(person.name, person.known_as)
            )
            item = QListWidgetItem(f"{who}, {self.words.person_roles.get(role, role).lower()}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.people_list.addItem(item)
        if record.people:
            self.people_list.setCurrentRow(0)
        names = {
            person.id: person_label(person.name, person.known_as) for person, _ in record.people
        }
        self.referrals_list.clear()
        for referral in record.referrals:
            partner = self.lists.label("referral_partners", referral.partner)
            state = STATE_LABELS.get(referral.status, referral.status)
            who = names.get(referral.person_id, "")
            item = QListWidgetItem(f"{who} to {partner}: {state}")
            item.setData(Qt.ItemDataRole.UserRole, referral.id)
            self.referrals_list.addItem(item)
        if not record.referrals:
            self.referrals_list.addItem("No referral made from this incident yet.")
        self._update_buttons()

    def selected_person(self) -> uuid.UUID | None:
        item = self.people_list.currentItem()
        if item is None or not item.isSelected():
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return value if isinstance(value, uuid.UUID) else None

    def selected_referral(self) -> uuid.UUID | None:
        item = self.referrals_list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, uuid.UUID) else None

    def _update_buttons(self) -> None:
        chosen = self.selected_person() is not None
        self.person_button.setEnabled(chosen)
        self.refer_button.setEnabled(chosen)
        self.referral_button.setEnabled(self.selected_referral() is not None)

    def open_person(self) -> None:
        """The chosen person's record: everything linked to them, consent and referrals."""
        person_id = self.selected_person()
        if person_id is None:
            return
        from hfhate.ui.victims.person_view import PersonView  # the People area's

        PersonView.ask(self.ctx, person_id, self)

    def refer(self) -> None:
        """Draft a referral of the chosen person to a partner they agreed to, from here."""
        person_id = self.selected_person()
        if person_id is None:
            return
        from hfhate.ui.victims.referral_dialog import ReferralDialog  # the People area's

        ReferralDialog.ask(self.ctx, person_id, "incidents", self.incident_id, self)

    def open_referral(self) -> None:
        """The chosen referral, with the steps it may take next and its pack."""
        referral_id = self.selected_referral()
        if referral_id is None:
            return
        from hfhate.ui.victims.referral_actions import ReferralActions  # the Referrals area's

        ReferralActions.ask(self.ctx, referral_id, self)

    @classmethod
    def ask(cls, ctx: UiContext, incident_id: uuid.UUID, parent: QWidget | None = None) -> None:
        cls(ctx, incident_id, parent).exec()
