"""The person records derived from a notice's victims and witnesses and from a disclosure:
every value carried over, the same ids whoever derives them, nothing from what no longer
stands."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from hfhate.models import Consent, Person, PersonLink
from hfhate.services.victims import derive, rules

OFFICER = uuid.UUID("00000000-0000-7000-8000-000000000001")
DEVICE = uuid.UUID("00000000-0000-7000-8000-000000000002")
ISSUED = datetime(2026, 3, 3, 14, 30, tzinfo=UTC)
CREATED = datetime(2026, 3, 3, 14, 30, 1, 123456, tzinfo=UTC)
PEOPLE = [
    {
        "role": "victim",
        "name": "Amira Haddad",
        "contact": "07700 900123",
        "consent_to_contact": True,
        "referral_offered": "stop_hate_uk",
        "referral_accepted": True,
    },
    {
        "role": "witness",
        "name": "Tom Price",
        "contact": "tom@example.org",
        "consent_to_contact": False,
        "referral_offered": "none",
        "referral_accepted": False,
    },
    {
        "role": "witness",
        "name": "Jo Bloggs",
        "contact": "ask at the café counter",
        "consent_to_contact": True,
        "referral_offered": "victim_support",
        "referral_accepted": False,
    },
]


def _notice(**changes: Any) -> dict[str, Any]:
    return {
        "id": uuid.UUID("00000000-0000-7000-8000-0000000000aa"),
        "officer_id": OFFICER,
        "officer_name": "Olly Officer",
        "people": PEOPLE,
        "issued_at": ISSUED,
        "created_at": CREATED,
        "created_on_device_id": DEVICE,
        "deleted_at": None,
        "erased_at": None,
    } | changes


def _by_type(records: list[derive.Derived], record_type: str) -> list[dict[str, Any]]:
    return [r.values for r in records if r.record_type == record_type]


def test_each_person_of_a_notice_becomes_a_person_a_link_and_a_consent() -> None:
    records = derive.from_notice(_notice())
    people = _by_type(records, "people")
    links = _by_type(records, "person_links")
    consents = _by_type(records, "consents")
    assert len(people) == len(links) == len(consents) == 3
    for index, (entry, person, link, consent) in enumerate(
        zip(PEOPLE, people, links, consents, strict=True)
    ):
        assert person["name"] == entry["name"]
        contact = [person["phone"], person["email"], person["contact_notes"]]
        assert [c for c in contact if c] == [entry["contact"]]
        assert link["person_id"] == consent["person_id"] == person["id"]
        assert link["role"] == entry["role"]
        assert (link["record_type"], link["record_id"]) == ("notices", _notice()["id"])
        assert link["position"] == index
        assert link["referral_offered"] == entry["referral_offered"]
        assert link["referral_accepted"] is entry["referral_accepted"]
        assert consent["given"] is entry["consent_to_contact"]
        assert consent["purpose"] == "contact" and consent["partner"] == ""
        assert consent["recorded_at"] == ISSUED
        assert consent["recorded_by_name"] == "Olly Officer"
        assert consent["method"] == "in_person"
        assert consent["note"] == "Recorded on the notice when it was issued"
        for values in (person, link, consent):
            assert values["created_at"] == values["updated_at"] == CREATED
            assert values["version"] == 1 and values["deleted_at"] is None
            assert values["created_by_id"] == OFFICER
            assert values["created_on_device_id"] == DEVICE
    assert people[0]["phone"] == "07700 900123"
    assert people[1]["email"] == "tom@example.org"
    assert people[2]["contact_notes"] == "ask at the café counter"


def test_the_derived_values_are_every_column_of_their_tables() -> None:
    records = derive.from_notice(_notice()) + derive.from_disclosure(_disclosure())
    models = {"people": Person, "person_links": PersonLink, "consents": Consent}
    for record in records:
        table = models[record.record_type].__table__
        assert set(record.values) == {c.key for c in table.columns}, record.record_type


def test_the_ids_depend_only_on_the_source() -> None:
    first = derive.from_notice(_notice())
    again = derive.from_notice(_notice(officer_name="Someone Else"))
    as_wire = derive.from_notice(
        {k: derive.wire({k: v})[k] for k, v in _notice().items()} | {"people": PEOPLE}
    )
    assert [r.id for r in first] == [r.id for r in again] == [r.id for r in as_wire]
    assert [r.values for r in first] == [r.values for r in as_wire]
    assert len({r.id for r in first}) == len(first)
    other = derive.from_notice(_notice(id=uuid.uuid4()))
    assert not {r.id for r in first} & {r.id for r in other}
    assert first[0].id == derive.derived_id("notices", _notice()["id"], 0, "person")


def test_only_the_positions_asked_for() -> None:
    records = derive.from_notice(_notice(), positions=range(2, 3))
    assert [r.values["position"] for r in records if r.record_type == "person_links"] == [2]
    assert {r.id for r in records} < {r.id for r in derive.from_notice(_notice())}


def test_a_deleted_or_erased_notice_or_one_without_people_gives_nothing() -> None:
    assert derive.from_notice(_notice(people=[])) == []
    assert derive.from_notice(_notice(deleted_at=CREATED)) == []
    assert derive.from_notice(_notice(erased_at=CREATED.isoformat())) == []


def _disclosure(**changes: Any) -> dict[str, Any]:
    return {
        "id": uuid.UUID("00000000-0000-7000-8000-0000000000bb"),
        "kind": "disclosure",
        "description": "A pupil said she is called names on the bus",
        "category": "racist",
        "referral": "school_safeguarding",
        "created_by_id": OFFICER,
        "created_at": CREATED,
        "created_on_device_id": DEVICE,
    } | changes


def test_a_disclosure_becomes_a_person_known_by_the_session_and_a_link() -> None:
    records = derive.from_disclosure(_disclosure(), "Assembly at Fulham Cross", date(2026, 3, 3))
    [person] = _by_type(records, "people")
    [link] = _by_type(records, "person_links")
    assert person["name"] == ""
    assert person["known_as"] == (
        "Person who made a disclosure at Assembly at Fulham Cross on 3 Mar 2026"
    )
    assert link["person_id"] == person["id"]
    assert link["role"] == "discloser"
    assert (link["record_type"], link["record_id"]) == ("session_follow_ups", _disclosure()["id"])
    assert person["created_by_id"] == link["created_by_id"] == OFFICER
    assert not rules.check_person(person, date(2026, 3, 4))
    assert not rules.check_link(link)


def test_a_disclosure_at_an_unknown_session() -> None:
    [person, _link] = derive.from_disclosure(_disclosure())
    assert person.values["known_as"] == "Person who made a disclosure at a session"
    [person, _link] = derive.from_disclosure(_disclosure(), "", "2026-03-03")
    assert person.values["known_as"] == "Person who made a disclosure at a session on 3 Mar 2026"


def test_an_action_or_a_deleted_disclosure_gives_nothing() -> None:
    assert derive.from_disclosure(_disclosure(kind="action")) == []
    assert derive.from_disclosure(_disclosure(deleted_at=CREATED)) == []


def test_the_derived_records_pass_the_checks_the_server_runs() -> None:
    records = derive.from_notice(_notice())
    from hfhate.services.reference_lists import shipped_lists

    for record in records:
        if record.record_type == "people":
            assert not rules.check_person(record.values, date(2026, 3, 4))
        elif record.record_type == "person_links":
            assert not rules.check_link(record.values)
        else:
            now = datetime(2026, 3, 4, tzinfo=UTC)
            assert not rules.check_consent(record.values, shipped_lists(), now)


def test_the_contact_patterns_are_the_person_checks() -> None:
    assert derive.EMAIL.pattern == rules.EMAIL.pattern
    assert derive.PHONE.pattern == rules.PHONE.pattern
