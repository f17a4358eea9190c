"""Incidents: recorded with their people in one transaction, the ward found from the postcode,
refused in plain words when they cannot stand, linked to the notice they arose from."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hfhate.models import AuditEvent, Incident, OutboxEntry, PersonLink, utc_now
from hfhate.services.errors import ValidationFailed
from hfhate.services.reference_entries import save_entry
from hfhate.services.victims.consent import may_refer
from hfhate.services.victims.incidents import (
    incident_view,
    record_incident,
    update_incident,
    ward_for_postcode,
)

from .conftest import incident_input


def test_an_incident_and_its_people_are_saved_together(store, officer, add_person):  # type: ignore[no-untyped-def]
    zoe = add_person()
    with store.session_factory.begin() as session:
        incident = record_incident(session, officer, incident_input(), [(zoe.id, "victim")])
    with store.session_factory.begin() as session:
        row = session.get(Incident, incident.id)
        assert (row.officer_id, row.officer_name, row.ward, row.postcode) == (
            officer.user_id,
            "Tom Person",
            "Fulham Town",
            "SW6 1BW",
        )
        link = session.scalar(select(PersonLink).where(PersonLink.record_id == incident.id))
        assert (link.person_id, link.role, link.record_type) == (zoe.id, "victim", "incidents")
        kinds = set(session.scalars(select(OutboxEntry.record_type)))
        assert {"incidents", "person_links", "people"} <= kinds
        actions = set(session.scalars(select(AuditEvent.action)))
        assert {"incident_recorded", "person_linked"} <= actions


def test_nothing_is_saved_when_a_person_cannot_be_linked(store, officer, add_person):  # type: ignore[no-untyped-def]
    zoe = add_person()
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as refused:
        record_incident(session, officer, incident_input(), [(zoe.id, "bystander")])
    assert "people" in refused.value.field_errors
    with store.session_factory.begin() as session:
        assert session.scalar(select(func.count()).select_from(Incident)) == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": ""}, "kind"),
        ({"occurred_at": None}, "occurred_at"),
        ({"occurred_at": utc_now() + timedelta(days=1)}, "occurred_at"),
        ({"place": "  "}, "place"),
        ({"ward": "Atlantis"}, "ward"),
        ({"hostilities": ()}, "hostilities"),
        ({"account": "Abuse."}, "account"),
        ({"reported_to_police": True}, "crime_reference"),
    ],
)
def test_an_incident_that_cannot_stand_is_refused_beside_its_field(  # type: ignore[no-untyped-def]
    store, officer, changes, field
):
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as refused:
        record_incident(session, officer, incident_input(**changes))
    assert field in refused.value.field_errors
    assert refused.value.field_errors[field][0].isupper()


def test_the_ward_is_found_from_the_postcode(store, officer, admin):  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        assert ward_for_postcode(session, "W14 8UX") is None
        save_entry(session, admin, "wards", "Olympia", "Olympia", extra={"districts": ["W14"]})
    with store.session_factory.begin() as session:
        assert ward_for_postcode(session, "w14 8ux") == "Olympia"
        assert ward_for_postcode(session, "not a postcode") is None
        incident = record_incident(session, officer, incident_input(ward="", postcode="W14 8UX"))
        assert incident.ward == "Olympia"


def test_an_incident_is_corrected_by_its_officer(store, officer, add_incident):  # type: ignore[no-untyped-def]
    incident = add_incident()
    with store.session_factory.begin() as session:
        update_incident(
            session,
            officer,
            incident.id,
            incident_input(reported_to_police=True, crime_reference="CAD 4411/03MAR26"),
        )
    with store.session_factory.begin() as session:
        view = incident_view(session, officer, incident.id)
        assert view.incident.crime_reference == "CAD 4411/03MAR26"
        assert view.incident.version == 2


def test_consent_is_needed_for_each_partner(store, add_person, consent):  # type: ignore[no-untyped-def]
    zoe = add_person()
    with store.session_factory.begin() as session:
        assert "No consent" in (may_refer(session, zoe.id, "stop_hate_uk") or "")
    consent(zoe, "referral", "stop_hate_uk")
    with store.session_factory.begin() as session:
        assert may_refer(session, zoe.id, "stop_hate_uk") is None
        assert may_refer(session, zoe.id, "victim_support") is not None
    consent(zoe, "referral", "stop_hate_uk", given=False)
    with store.session_factory.begin() as session:
        assert "withdrew" in (may_refer(session, zoe.id, "stop_hate_uk") or "")
    consent(zoe, "referral", "stop_hate_uk")
    with store.session_factory.begin() as session:
        assert may_refer(session, zoe.id, "stop_hate_uk") is None
