"""An authorised officer's afternoon, offline (no server configured): she records a hate crime
with a new victim, records the victim's consent to Stop Hate UK and to the police, refers her
to both, sends both referrals, prints the pack, and everything waits in the outbox to sync.

Only the system's save-file dialog is replaced (it would wait for a person); everything else is
the app's own windows driven with the mouse and keyboard, on a real store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialog, QFileDialog
from sqlalchemy import select

from hfhate.models import OutboxEntry, OutboxStatus, Role
from hfhate.services.reference_entries import save_entry
from hfhate.services.victims.referrals import referrals_list
from hfhate.sync.outbox import waiting_count
from hfhate.ui.victims.consent_dialog import ConsentDialog
from hfhate.ui.victims.incident_form import IncidentForm
from hfhate.ui.victims.incident_view import IncidentView
from hfhate.ui.victims.incidents_page import IncidentsPage
from hfhate.ui.victims.person_picker import PersonPicker
from hfhate.ui.victims.person_view import PersonView
from hfhate.ui.victims.referral_actions import PackDialog, ReferralActionsDialog, StepDialog
from hfhate.ui.victims.referral_dialog import ReferralDialog

VICTIM = "Amara Okafor"
ACCOUNT = (
    "Two men shouted at her to go back where she came from and pulled at her headscarf "
    "while she waited for the 74 bus; one spat at her."
)


@pytest.fixture
def save_as(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The save-file dialog, replaced: the officer chooses ``pack.pdf`` in tmp_path."""
    chosen = tmp_path / "pack.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(chosen), "PDF files (*.pdf)")
    )
    return chosen


def choose(qtbot: Any, combo: QComboBox, label: str) -> None:
    """Pick ``label`` in a drop-down by typing it, as with the keyboard."""
    combo.setFocus()
    qtbot.keyClicks(combo, label)
    assert combo.currentText() == label


def click_on_box(qtbot: Any, button: QAbstractButton) -> None:
    """Click a radio button or tick box on its box, not somewhere in its stretched width."""
    middle = button.height() // 2
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(middle, middle))


def test_an_officer_offline_records_refers_sends_and_prints(
    ui, qtbot, store, admin, make_actor, open_window, save_as
) -> None:
    with store.session_factory.begin() as session:
        save_entry(
            session, admin, "wards", "Walham Green", "Walham Green", extra={"districts": ["SW6"]}
        )
    officer = make_actor(Role.AUTHORISED_OFFICER, username="olu")
    window = open_window(officer)
    window.resize(1280, 720)
    assert window.sync_label.text().startswith("Not enrolled")  # no server: offline
    window.open_area(window.area_titles().index("Incidents"))
    page = window.current_page()
    assert isinstance(page, IncidentsPage)

    # The incident, with a new victim found nowhere in the records.
    def new_victim(picker: PersonPicker) -> None:
        ui.type_into(picker.search_name, VICTIM)
        picker.search()
        assert picker.matches_list.count() == 0
        ui.type_into(picker.phone, "07700 900123")
        choose(qtbot, picker.contact_preference, "Phone")
        choose(qtbot, picker.role, "Victim")
        ui.click(picker.new_button)

    def record(form: IncidentForm) -> None:
        ui.click(form.kind["hate_crime"])
        ui.click(form.how_known["disclosed"])
        ui.type_into(form.place, "Bus stop on North End Road")
        ui.type_into(form.postcode, "SW6 1NR")
        qtbot.keyClick(form.postcode, Qt.Key.Key_Tab)
        assert form.ward.currentText() == "Walham Green"
        click_on_box(qtbot, form.hostilities["race"])
        click_on_box(qtbot, form.hostilities["islamophobic"])
        ui.type_into(form.account, ACCOUNT)
        ui.click_and_drive(form.people.add_button, PersonPicker, new_victim)
        ui.click(form.save_button)

    assert not ui.click_and_drive(page.new_button, IncidentForm, record).left_open
    assert page.count_label.text() == "1 incident you recorded"

    # Her consent, then both referrals and their sending, from the incident's window.
    def consent(purpose: str, partner: str = "") -> Any:
        def give(dialog: ConsentDialog) -> None:
            choose(qtbot, dialog.purpose, purpose)
            if partner:
                choose(qtbot, dialog.partner, partner)
            choose(qtbot, dialog.method, "In person")
            ui.click(dialog.save_button)

        return give

    def in_person_window(dialog: Any) -> None:
        view = dialog.findChild(PersonView)
        for purpose, partner in (
            ("Sharing with the police", ""),
            ("Referral to a partner", "Metropolitan Police (report on the victim's behalf)"),
            ("Referral to a partner", "Stop Hate UK"),
        ):
            run = ui.click_and_drive(view.consent_button, ConsentDialog, consent(purpose, partner))
            assert not run.left_open, f"consent to {purpose} {partner} not kept"
        ui.click(view.back_button)

    def refer(partner: str, reason: str) -> Any:
        def draft(dialog: ReferralDialog) -> None:
            click_on_box(qtbot, dialog.partner_buttons[partner])
            ui.type_into(dialog.reason, reason)
            ui.click(dialog.save_button)

        return draft

    pack_said: list[str] = []

    def send(step: StepDialog) -> None:
        assert step.how is not None
        choose(qtbot, step.how, "Secure email")
        ui.click(step.accept_button)

    def print_pack(pack: PackDialog) -> None:
        qtbot.waitUntil(lambda: pack.preview.page_count() > 0, timeout=5000)
        ui.click(pack.preview.save_button)
        pack_said.append(pack.message.text())

    def send_and_print(dialog: ReferralActionsDialog) -> None:
        ui.click_and_drive(dialog.step_buttons["send"], StepDialog, send)
        assert dialog.row is not None and dialog.row.status == "sent"
        ui.click_and_drive(dialog.pack_button, PackDialog, print_pack)
        dialog.accept()

    def in_incident(view: IncidentView) -> None:
        assert view.people_list.item(0).text() == f"{VICTIM}, victim"
        view.people_list.setCurrentRow(0)
        ui.click_and_drive(view.person_button, QDialog, in_person_window)
        for partner, reason in (
            ("met_police", "She asks us to report it to the police on her behalf."),
            ("stop_hate_uk", "She would like support from Stop Hate UK."),
        ):
            view.people_list.setCurrentRow(0)
            run = ui.click_and_drive(view.refer_button, ReferralDialog, refer(partner, reason))
            assert not run.left_open, f"referral to {partner} not drafted"
        assert view.referrals_list.count() == 2
        for row in range(2):
            view.referrals_list.setCurrentRow(row)
            ui.click_and_drive(view.referral_button, ReferralActionsDialog, send_and_print)
        ui.click(view.close_button)

    page.table.selectRow(0)
    ui.click_and_drive(page.open_button, IncidentView, in_incident)

    assert save_as.read_bytes().startswith(b"%PDF")
    assert pack_said and pack_said[-1] == "The pack was saved as pack.pdf."
    with store.session_factory.begin() as session:
        sent = referrals_list(session, officer)
        assert sorted(r.status for r in sent) == ["sent", "sent"]
        assert waiting_count(session) > 0
        waiting = session.scalars(
            select(OutboxEntry.record_type).where(OutboxEntry.status == OutboxStatus.PENDING)
        ).all()
    # Nothing reached a server: every record waits to sync, the referrals' sending too.
    assert {"incidents", "people", "person_links", "consents", "referrals"} <= set(waiting)
    assert waiting.count("consents") == 3
    assert waiting.count("referrals") >= 4  # two drafted, two sent
