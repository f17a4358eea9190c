"""This release's laptops derive the person records themselves: on issuing a notice with
victims and witnesses, on amending it to add one, and on recording a disclosure, in the same
transaction, each with its outbox entry (audited as part of the operation), the same ids as
the migrations give."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from hfhate.models import (
    AuditEvent,
    Consent,
    FixedPenaltyNotice,
    OutboxEntry,
    Person,
    PersonLink,
    Role,
)
from hfhate.models.store import Store
from hfhate.records.codec import snapshot
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.engagement import sessions as engagement
from hfhate.services.engagement.follow_ups import add_follow_up
from hfhate.services.engagement.rules import FollowUpInput
from hfhate.services.notices import issuing
from hfhate.services.notices.rules import PersonInput
from hfhate.services.victims import derive
from tests.fixtures.engagement import assembly, lillie_road, priya  # noqa: F401
from tests.fixtures.notices import notice_entry

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
VICTIM = PersonInput(
    role="victim",
    name="Amira Haddad",
    contact="07700 900123",
    consent_to_contact=True,
    referral_offered="stop_hate_uk",
    referral_accepted=True,
)
WITNESS = PersonInput(role="witness", name="Tom Price", contact="tom@example.org")


@pytest.fixture
def enforcer(store: Store, admin: Actor, make_actor: Callable[..., Actor]) -> Actor:
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    return make_actor(Role.AUTHORISED_OFFICER, username="olly")


def _derived(store: Store) -> dict[str, list[Any]]:
    with store.session_factory() as session:
        return {
            kind: list(session.scalars(select(model)))
            for kind, model in (("people", Person), ("person_links", PersonLink))
        } | {"consents": list(session.scalars(select(Consent)))}


def _issue(store: Store, actor: Actor, *people: PersonInput) -> FixedPenaltyNotice:
    with store.session_factory.begin() as session:
        return issuing.issue_notice(session, actor, notice_entry(NOW, people=people), now=NOW)


def test_issuing_a_notice_records_its_victims_and_witnesses(store: Store, enforcer: Actor) -> None:
    notice = _issue(store, enforcer, VICTIM, WITNESS)
    held = _derived(store)
    assert [len(held[k]) for k in ("people", "person_links", "consents")] == [2, 2, 2]
    values = {r.id: r.values for r in derive.from_notice(_columns(store, notice))}
    with store.session_factory() as session:
        for record_id, expected in values.items():
            model = {"people": Person, "person_links": PersonLink, "consents": Consent}
            row = next(
                session.get(m, record_id)
                for m in model.values()
                if session.get(m, record_id) is not None
            )
            stamped = {"created_at", "updated_at"}
            got = {k: v for k, v in snapshot(row).items() if k not in stamped}
            assert got == {k: v for k, v in derive.wire(expected).items() if k not in stamped}
            entry = session.scalars(
                select(OutboxEntry).where(OutboxEntry.record_id == record_id)
            ).one()
            assert (entry.operation, entry.made_by_id) == ("create", enforcer.user_id)
            audited = select(AuditEvent).where(AuditEvent.record_id == record_id)
            assert session.scalars(audited).first() is None  # the issue is audited, once
        issued = select(AuditEvent).where(AuditEvent.record_id == notice.id)
        assert [e.action for e in session.scalars(issued)] == ["notice_issued"]
    assert _columns(store, notice)["people"][0]["name"] == "Amira Haddad"  # kept as recorded


def _columns(store: Store, notice: FixedPenaltyNotice) -> dict[str, Any]:
    from hfhate.records.codec import columns_of

    with store.session_factory() as session:
        return columns_of(session.get_one(FixedPenaltyNotice, notice.id))


def test_a_notice_without_people_records_none(store: Store, enforcer: Actor) -> None:
    _issue(store, enforcer)
    assert _derived(store) == {"people": [], "person_links": [], "consents": []}


def test_an_amendment_adds_the_new_people_and_leaves_the_others(
    store: Store, enforcer: Actor
) -> None:
    notice = _issue(store, enforcer, VICTIM)
    first = derive.derived_id("notices", notice.id, 0, "person")
    with store.session_factory.begin() as session:
        session.get_one(Person, first).name = "Amira H. (as she asked)"  # changed since
    people = [issuing.person_json(VICTIM), issuing.person_json(WITNESS)]
    people[0]["name"] = "Amira Haddad-Smith"
    with store.session_factory.begin() as session:
        issuing.amend_notice(
            session,
            enforcer,
            notice.id,
            {"people": people},
            reason="The witness gave their details after the notice was issued",
            now=NOW,
        )
    held = _derived(store)
    assert sorted(p.name for p in held["people"]) == ["Amira H. (as she asked)", "Tom Price"]
    [link] = [x for x in held["person_links"] if x.position == 1]
    assert (link.role, link.record_id) == ("witness", notice.id)


def test_recording_a_disclosure_records_who_made_it(
    store: Store, officer: Actor, school: Any
) -> None:
    with store.session_factory.begin() as session:
        parent = engagement.record_session(
            session,
            officer,
            assembly(school, officer, session_date=date(2025, 3, 10), breakdown={"pupils": 30}),
            today=date(2025, 3, 12),
        )
    with store.session_factory.begin() as session:
        disclosure = add_follow_up(
            session,
            officer,
            parent.id,
            FollowUpInput(
                kind="disclosure",
                description="A pupil said she is called names on the bus",
                category="hate_incident",
                referral="school_safeguarding_lead",
            ),
        )
        action = add_follow_up(
            session,
            officer,
            parent.id,
            FollowUpInput(
                kind="action",
                description="Send the slides to the school",
                owner_id=officer.user_id,
                due_on=date(2025, 3, 20),
            ),
        )
    held = _derived(store)
    [person], [link] = held["people"], held["person_links"]
    assert person.id == derive.derived_id("session_follow_ups", disclosure.id, 0, "person")
    assert person.known_as == (
        "Person who made a disclosure at Year 6 hate crime awareness on 10 Mar 2025"
    )
    assert (link.role, link.record_id, link.person_id) == ("discloser", disclosure.id, person.id)
    assert action.id not in {x.record_id for x in held["person_links"]}
    assert held["consents"] == []
