"""People: recorded once and found again when they return (a misspelt name, no accents, a
date of birth, the digits of a phone number), their history, and who may see and change them."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, OutboxEntry, Person
from hfhate.services.errors import PermissionDenied, ValidationFailed
from hfhate.services.victims.people import (
    PersonInput,
    find_people,
    people_list,
    person_history,
    update_person,
)

from .conftest import ZOE


def test_a_person_is_saved_with_its_audit_event_and_outbox_entry(store, add_person):
    zoe = add_person()
    with store.session_factory.begin() as session:
        row = session.get(Person, zoe.id)
        assert (row.name, row.postcode, row.phone) == ("Zoë Okonkwo", "SW6 1AB", "07700 900123")
        event = session.scalar(select(AuditEvent).where(AuditEvent.record_id == zoe.id))
        assert event.action == "person_recorded" and event.operation == "collection"
        outbox = session.scalar(select(OutboxEntry).where(OutboxEntry.record_id == zoe.id))
        assert outbox.fields["name"] == "Zoë Okonkwo"


def test_a_person_needs_a_name_or_a_description_and_working_contact_details(store, officer):
    from hfhate.services.victims.people import record_person

    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as refused:
        record_person(session, officer, PersonInput(contact_preference="phone"))
    assert set(refused.value.field_errors) == {"name", "phone"}


@pytest.mark.parametrize(
    ("name", "born", "phone", "reason"),
    [
        ("zoe okonkow", None, "", "name sounds alike"),
        ("ZOE OKONKWO", None, "", "same name"),
        ("Okonkwo Zoe", None, "", "name sounds alike"),
        ("", date(1991, 7, 14), "", "same date of birth"),
        ("", None, "+44 (0)7700-900-123", "same phone number"),
        ("", None, "7700900123", "same phone number"),
    ],
)
def test_a_returning_person_is_found(store, officer, add_person, name, born, phone, reason):
    zoe = add_person()
    add_person(PersonInput(name="Joseph Okafor", date_of_birth=date(1980, 1, 2)))
    add_person(PersonInput(name="Zainab Khan", phone="020 7946 0000"))
    with store.session_factory.begin() as session:
        found = find_people(session, officer, name=name, date_of_birth=born, phone=phone)
    assert found and found[0].person.id == zoe.id, [m.person.name for m in found]
    assert reason in found[0].reasons
    assert all(m.person.name != "Joseph Okafor" for m in found)


def test_several_clues_rank_the_likeliest_first(store, officer, add_person):
    add_person(dataclasses.replace(ZOE, date_of_birth=date(1990, 1, 1), contact_preference="email"))
    zoe = add_person()
    with store.session_factory.begin() as session:
        found = find_people(session, officer, name="zoe okonkow", date_of_birth=date(1991, 7, 14))
    assert [m.person.id for m in found][0] == zoe.id
    assert found[0].score > found[1].score
    assert found[0].reasons == ("name sounds alike", "same date of birth")


def test_an_officer_cannot_see_or_change_another_officers_person(
    store, other_officer, supervisor, admin, add_person
):
    zoe = add_person()
    with store.session_factory.begin() as session:
        assert find_people(session, other_officer, name="Zoë Okonkwo") == []
        assert people_list(session, other_officer) == []
        with pytest.raises(PermissionDenied):
            person_history(session, other_officer, zoe.id)
        with pytest.raises(PermissionDenied):
            update_person(session, other_officer, zoe.id, ZOE)
        assert [p.id for p in people_list(session, supervisor)] == [zoe.id]
        assert person_history(session, supervisor, zoe.id).person.id == zoe.id
        update_person(session, supervisor, zoe.id, dataclasses.replace(ZOE, known_as="Zoe"))
        with pytest.raises(PermissionDenied):
            people_list(session, admin)
        with pytest.raises(PermissionDenied):
            person_history(session, admin, zoe.id)


def test_viewing_a_person_is_a_logged_consultation(store, officer, add_person, add_incident):
    zoe = add_person()
    incident = add_incident(((zoe.id, "victim"),))
    with store.session_factory.begin() as session:
        history = person_history(session, officer, zoe.id)
        assert [r.record_id for r in history.links] == [incident.id]
        assert history.links[0].title == "Incident, 3 Mar 2026, Fulham Town"
        assert history.links[0].summary.startswith("A man shouted racist abuse")
    with store.session_factory.begin() as session:
        viewed = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "person_viewed")
        ).all()
        assert len(viewed) == 1
        assert viewed[0].operation == "consultation"
        assert viewed[0].record_id == zoe.id and viewed[0].user_id == officer.user_id
