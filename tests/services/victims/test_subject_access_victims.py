"""Subject access reaches the victims' records: a victim's own person record is found by a
misspelt name and their date of birth, its reply gives their particulars, the records they are
part of, what they agreed to, and an incident's account with the other person's name withheld;
a rectification corrects the person record itself."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hfhate.models import OutboxEntry, Person
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.errors import ValidationFailed
from hfhate.services.subject_access.rectification import Correction, rectify
from hfhate.services.subject_access.reply_items import reply_item
from hfhate.services.subject_access.reply_redaction import WITHHELD
from hfhate.services.subject_access.search import Hit, PersonQuery, search_person
from hfhate.services.victims.people import PersonInput
from tests.services.victims.conftest import ZOE

ACCOUNT = "Zoe Okonkwo was spat at on the platform; her friend Amaka Bello saw it happen."


def _search(store: Store, actor: Actor, query: PersonQuery) -> list[Hit]:
    with store.session_factory.begin() as session:
        return search_person(session, actor, query)


def _fields(store: Store, hit: Hit) -> dict[str, str]:
    with store.session_factory() as session:
        return dict(reply_item(session, hit, "Zoe Okonkwo", lambda _photo: None).fields)


def test_a_victim_is_found_given_their_record_and_can_have_it_corrected(  # type: ignore[no-untyped-def]
    store: Store, supervisor: Actor, add_person, add_incident, consent
) -> None:
    zoe = add_person()
    amaka = add_person(PersonInput(name="Amaka Bello", phone="07700 900456"))
    add_incident(((zoe.id, "victim"), (amaka.id, "witness")), account=ACCOUNT)
    consent(zoe, "contact")

    hits = _search(
        store, supervisor, PersonQuery(name="Zoe Okonkow", date_of_birth=ZOE.date_of_birth)
    )

    [person_hit] = [hit for hit in hits if hit.record_type == "people"]
    assert person_hit.record_id == zoe.id and person_hit.role == "person"
    assert "Date of birth matches" in person_hit.why
    assert "linked to 1 record" in person_hit.where
    [incident_hit] = [hit for hit in hits if hit.record_type == "incidents"]
    assert incident_hit.role == "mentioned"

    mine = _fields(store, person_hit)
    assert mine["Your phone"] == "07700 900123"
    assert mine["Your postcode"] == "SW6 1AB"
    assert mine["Records you are part of"].startswith("Victim: Incident, ")
    assert "given on" in mine["What you agreed to"]
    assert "Amaka" not in str(mine)

    account = _fields(store, incident_hit)["What was recorded"]
    assert "Zoe Okonkwo" in account
    assert "Amaka" not in account and "Bello" not in account and WITHHELD in account

    with store.session_factory.begin() as session:
        sent_before = session.scalar(select(OutboxEntry.seq).order_by(OutboxEntry.seq.desc()))
        done = rectify(
            session,
            supervisor,
            [person_hit],
            Correction(date_of_birth=date(1991, 7, 4), address="14 Lillie Road, London"),
            reason="The victim showed her passport and a council tax bill",
        )
    assert done.record_ids == (zoe.id,)
    assert done.fields == ("address", "date_of_birth")
    with store.session_factory() as session:
        held = session.get(Person, zoe.id)
        assert held is not None
        assert (held.date_of_birth, held.address) == (date(1991, 7, 4), "14 Lillie Road, London")
        queued = session.scalars(
            select(OutboxEntry).where(OutboxEntry.seq > (sent_before or 0))
        ).all()
        assert [(entry.record_type, entry.record_id) for entry in queued] == [("people", zoe.id)]


def test_a_wrong_date_of_birth_on_a_person_record_is_refused_beside_the_field(  # type: ignore[no-untyped-def]
    store: Store, supervisor: Actor, add_person
) -> None:
    zoe = add_person()
    [hit] = [
        hit
        for hit in _search(store, supervisor, PersonQuery(name="Zoë Okonkwo"))
        if hit.record_type == "people"
    ]
    assert hit.record_id == zoe.id
    with pytest.raises(ValidationFailed) as refused, store.session_factory.begin() as session:
        rectify(
            session,
            supervisor,
            [hit],
            Correction(date_of_birth=date(2099, 1, 1)),
            reason="The victim showed her passport",
        )
    assert "in the past" in refused.value.field_errors["date_of_birth"]
