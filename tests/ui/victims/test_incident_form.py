"""The incident form as an officer uses it: each problem beside its field, the ward from the
postcode, saving with the people chosen, and a returning person found despite a misspelt name."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from hfhate.models import Role
from hfhate.services.actor import Actor
from hfhate.services.reference_entries import save_entry
from hfhate.services.victims.incidents import incident_view, incidents_list
from hfhate.services.victims.people import PersonInput, people_list, record_person
from hfhate.sync.outbox import waiting_count
from hfhate.ui.context import UiContext
from hfhate.ui.victims.incident_form import IncidentForm
from hfhate.ui.victims.person_picker import PersonPicker

ACCOUNT = "Two men shouted racist abuse at her and spat at her as she waited for the bus."


@pytest.fixture
def officer(make_actor: Any) -> Actor:
    return make_actor(Role.AUTHORISED_OFFICER, username="olu")


@pytest.fixture
def ctx(ctx_for: Any, officer: Actor) -> UiContext:
    return ctx_for(officer)


@pytest.fixture
def wards_with_postcodes(store: Any, admin: Actor) -> None:
    """The administrator gave two wards their postcode districts."""
    with store.session_factory.begin() as session:
        save_entry(
            session, admin, "wards", "Walham Green", "Walham Green", extra={"districts": ["SW6"]}
        )
        save_entry(session, admin, "wards", "Grove", "Grove", extra={"districts": ["W6"]})


@pytest.fixture
def form(qtbot: Any, ui: Any, ctx: UiContext) -> IncidentForm:
    shown = IncidentForm(ctx)
    qtbot.addWidget(shown)
    ui.show_active(shown)
    return shown


def choose(qtbot: Any, combo: QComboBox, label: str) -> None:
    """Pick ``label`` in a drop-down by typing its first letters, as with the keyboard."""
    combo.setFocus()
    qtbot.keyClicks(combo, label)
    assert combo.currentText() == label


def leave(qtbot: Any, field: QWidget) -> None:
    """Tab out of ``field``."""
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def fill_incident(ui: Any, qtbot: Any, form: IncidentForm) -> None:
    ui.click(form.kind["hate_crime"])
    ui.click(form.how_known["disclosed"])
    ui.type_into(form.place, "Bus stop on North End Road")
    ui.type_into(form.postcode, "sw6 1nr")
    leave(qtbot, form.postcode)
    form.hostilities["race"].click()
    ui.type_into(form.account, ACCOUNT)


def test_each_problem_shows_beside_its_field_and_nothing_is_kept(ui, qtbot, form, store, officer):
    ui.click(form.save_button)
    for key in ("kind", "how_known", "place", "ward", "hostilities", "account"):
        assert ui.shown_error(form, key), f"no message beside {key}"
    assert ui.shown_error(form, "place").startswith("Enter where it happened")
    assert form.status.text().startswith("Not saved yet: 6 things to put right")
    assert form.isVisible()

    form.reported_to_police.click()
    ui.type_into(form.place, "Bus stop on North End Road")
    ui.click(form.save_button)
    assert ui.shown_error(form, "place") == ""
    assert "crime reference" in ui.shown_error(form, "crime_reference")
    with store.session_factory.begin() as session:
        assert incidents_list(session, officer) == []


def test_the_ward_follows_the_postcode_until_the_officer_chooses_one(
    ui, qtbot, wards_with_postcodes, form
):
    ui.type_into(form.postcode, "sw6 1nr")
    leave(qtbot, form.postcode)
    assert form.postcode.text() == "SW6 1NR"
    assert form.ward.currentText() == "Walham Green"
    ui.type_into(form.postcode, "W6 9JU")
    leave(qtbot, form.postcode)
    assert form.ward.currentText() == "Grove"  # filled from the postcode: it follows
    choose(qtbot, form.ward, "Lillie")
    ui.type_into(form.postcode, "SW6 1NR")
    leave(qtbot, form.postcode)
    assert form.ward.currentText() == "Lillie"  # the officer's own choice stands


def test_saving_records_the_incident_with_the_people_chosen(
    ui, qtbot, wards_with_postcodes, form, store, officer
):
    fill_incident(ui, qtbot, form)

    def new_victim(picker: PersonPicker) -> None:
        ui.type_into(picker.search_name, "Amara Okafor")
        picker.search()
        assert picker.found.text().startswith("No one recorded before")
        assert picker.new_name.text() == "Amara Okafor"  # what was searched for
        ui.type_into(picker.phone, "07700 900123")
        choose(qtbot, picker.contact_preference, "Phone")
        choose(qtbot, picker.role, "Victim")
        ui.click(picker.new_button)

    def witness_without_role(picker: PersonPicker) -> None:
        ui.type_into(picker.search_name, "Jo Bloggs")
        ui.click(picker.new_button)
        assert ui.shown_error(picker, "role").startswith("Choose their part")
        assert picker.isVisible()
        choose(qtbot, picker.role, "Witness")
        ui.click(picker.new_button)

    ui.click_and_drive(form.people.add_button, PersonPicker, new_victim)
    ui.click_and_drive(form.people.add_button, PersonPicker, witness_without_role)
    assert [p.label for p in form.people.chosen] == ["Amara Okafor", "Jo Bloggs"]
    assert not form.people.nobody.isVisibleTo(form)
    with store.session_factory.begin() as session:
        before = waiting_count(session)
        assert people_list(session, officer) == []  # nobody is written before the incident

    ui.click(form.save_button)
    assert form.saved_id is not None, form.status.text()
    with store.session_factory.begin() as session:
        [row] = incidents_list(session, officer)
        assert (row.kind, row.ward, row.people_count) == ("hate_crime", "Walham Green", 2)
        view = incident_view(session, officer, form.saved_id)
        assert view.incident.account == ACCOUNT
        assert view.incident.postcode == "SW6 1NR"
        people = {person.name: role for person, role in view.people}
        assert people == {"Amara Okafor": "victim", "Jo Bloggs": "witness"}
        amara = next(p for p, _ in view.people if p.name == "Amara Okafor")
        assert (amara.phone, amara.contact_preference) == ("07700 900123", "phone")
        # Kept on this laptop until sync: the incident, two people and their two links.
        assert waiting_count(session) >= before + 5


def test_a_returning_person_is_found_despite_a_misspelt_name(
    ui, qtbot, wards_with_postcodes, form, store, officer
):
    with store.session_factory.begin() as session:
        returning = record_person(
            session,
            officer,
            PersonInput(
                name="Aleksandra Nowak", date_of_birth=date(1990, 3, 4), phone="07700 900456"
            ),
        ).id
    fill_incident(ui, qtbot, form)
    seen: list[str] = []

    def find_her(picker: PersonPicker) -> None:
        ui.type_into(picker.search_name, "Alexandra Novak")
        qtbot.waitUntil(lambda: picker.matches_list.count() > 0, timeout=3000)
        seen.append(picker.matches_list.item(0).text())
        choose(qtbot, picker.role, "Victim")
        ui.click(picker.choose_button)

    ui.click_and_drive(form.people.add_button, PersonPicker, find_her)
    assert seen and seen[0].startswith("Aleksandra Nowak, born 4 March 1990")
    assert "sound" in seen[0] or "alike" in seen[0] or "similar" in seen[0]
    assert form.people.chosen[0].person_id == returning
    ui.click(form.save_button)
    assert form.saved_id is not None, form.status.text()
    with store.session_factory.begin() as session:
        assert [p.id for p in people_list(session, officer)] == [returning]  # not a second one
        view = incident_view(session, officer, form.saved_id)
        assert [(p.id, role) for p, role in view.people] == [(returning, "victim")]
