"""Victims' records over a real server, on SQLite and PostgreSQL: an officer's incident,
person, link, consents, referrals and feedback reach the server and a supervisor's laptop
exactly once, with every value; a second sync changes nothing; another officer's laptop and
an administrator's receive none of them. The server trusts nothing: a referral a tampered
laptop made without consent is refused with the reason, and so is a consent another officer
adds to a person who is not theirs."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from hfhate.models import (
    Consent,
    Incident,
    OutboxEntry,
    OutboxStatus,
    Person,
    PersonLink,
    Referral,
    Role,
    VictimFeedback,
)
from hfhate.models.base import SyncedRecord
from hfhate.records.registry import BY_NAME
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import ChangeLogEntry, ServerRecordRow
from hfhate.services.actor import Actor
from hfhate.services.changes import record_created
from hfhate.services.victims.consent import record_consent
from hfhate.services.victims.feedback import FeedbackInput, record_feedback
from hfhate.services.victims.incidents import IncidentInput, record_incident
from hfhate.services.victims.people import PersonInput, record_person
from hfhate.services.victims.referrals import ReferralInput, draft_referral, send_referral
from tests.sync.conftest import Laptop, ServerProcess

MODELS: dict[str, type[SyncedRecord]] = {
    "incidents": Incident,
    "people": Person,
    "person_links": PersonLink,
    "consents": Consent,
    "referrals": Referral,
    "victim_feedback": VictimFeedback,
}
INCIDENT = IncidentInput(
    kind="hate_crime",
    how_known="disclosed",
    occurred_at=datetime(2026, 11, 3, 18, 30, tzinfo=UTC),
    place="Fulham Broadway station",
    postcode="SW6 1BW",
    ward="Fulham Town",
    hostilities=("race",),
    account="A man shouted racist abuse at her on the platform and spat at her.",
)
ZOE = PersonInput(name="Zoë Okonkwo", phone="07700 900123", contact_preference="phone")


def _record(laptop: Laptop, actor: Actor) -> dict[str, uuid.UUID]:
    """An incident with its victim, her consents, two referrals sent and her feedback."""
    with laptop.store.session_factory.begin() as session:
        person = record_person(session, actor, ZOE)
        incident = record_incident(session, actor, INCIDENT, [(person.id, "victim")])
        for purpose, partner in (
            ("referral", "stop_hate_uk"),
            ("referral", "met_police"),
            ("police", ""),
            ("contact", ""),
        ):
            record_consent(session, actor, person.id, purpose, True, "in_person", partner=partner)
        ids = {"person": person.id, "incident": incident.id}
        for partner in ("stop_hate_uk", "met_police"):
            entry = ReferralInput(partner=partner, reason="She asked for support after the attack.")
            referral = draft_referral(session, actor, person.id, "incidents", incident.id, entry)
            send_referral(session, actor, referral.id, "secure_email")
            ids[partner] = referral.id
        record_feedback(
            session,
            actor,
            FeedbackInput(
                received_on=datetime(2026, 11, 20).date(),
                satisfaction=4,
                felt_listened_to="yes",
                person_id=person.id,
            ),
        )
    return ids


def _held(laptop: Laptop) -> dict[str, dict[uuid.UUID, dict[str, Any]]]:
    """Every victims' record on a laptop, by type and id, as its wire fields' values."""
    held: dict[str, dict[uuid.UUID, dict[str, Any]]] = {}
    with laptop.store.session_factory() as session:
        for name, model in MODELS.items():
            fields = sorted(BY_NAME[name].wire_fields)
            held[name] = {
                row.id: {f: getattr(row, f) for f in fields}
                for row in session.scalars(select(model))
            }
    return held


def _server_counts(server: ServerProcess) -> dict[str, tuple[int, int]]:
    """Per type: the records the server holds, and its change-log entries of them."""
    engine = make_server_engine(server.database_url)
    try:
        with make_sessions(engine)() as session:
            return {
                name: (
                    session.scalar(
                        select(func.count())
                        .select_from(ServerRecordRow)
                        .where(ServerRecordRow.record_type == name)
                    )
                    or 0,
                    session.scalar(
                        select(func.count())
                        .select_from(ChangeLogEntry)
                        .where(ChangeLogEntry.record_type == name)
                    )
                    or 0,
                )
                for name in MODELS
            }
    finally:
        engine.dispose()


def _attention(laptop: Laptop) -> dict[str, str | None]:
    with laptop.store.session_factory() as session:
        return {
            entry.record_type: entry.attention_reason
            for entry in session.scalars(
                select(OutboxEntry).where(OutboxEntry.status == OutboxStatus.NEEDS_ATTENTION)
            )
        }


def _none_held(laptop: Laptop) -> None:
    assert {name: len(rows) for name, rows in _held(laptop).items()} == dict.fromkeys(MODELS, 0)


def test_victims_records_reach_the_supervisor_exactly_once_and_no_one_else(
    server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north = make_laptop(server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    ids = _record(north, olly)
    sent = north.sync(olly)
    assert sent.needs_attention == 0 and _attention(north) == {}
    # One person, incident, link and feedback, four consents, two referrals each drafted
    # then sent (two versions, two change-log entries each): each on the server once.
    expected = {
        "incidents": (1, 1),
        "people": (1, 1),
        "person_links": (1, 1),
        "consents": (4, 4),
        "referrals": (2, 4),
        "victim_feedback": (1, 1),
    }
    assert _server_counts(server) == expected
    assert north.sync(olly).pushed == 0

    office = make_laptop(server, "office")
    sue = office.add("sue", Role.SUPERVISOR)
    office.enrol()
    office.sync(sue)
    officer_holds = _held(north)
    assert _held(office) == officer_holds  # every record, every value, once
    assert {r["status"] for r in officer_holds["referrals"].values()} == {"sent"}
    again = office.sync(sue)
    assert again.pulled == 0 and again.pushed == 0
    assert _held(office) == officer_holds
    assert _server_counts(server) == expected

    south = make_laptop(server, "south")
    oona = south.add("oona", Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER)
    south.enrol()
    south.sync(oona)
    _none_held(south)
    back = make_laptop(server, "back")
    back.enrol()
    back.sync(back.admin)
    _none_held(back)

    # A tampered laptop: oona adds a consent to olly's person, whom her laptop was never given.
    with south.store.session_factory.begin() as session:
        stub = Person(id=ids["person"], name="Zoë Okonkwo", created_on_device_id=oona.device_id)
        session.add(stub)  # no outbox entry: the server holds olly's
        session.flush()
        consent = Consent(
            person_id=ids["person"],
            purpose="contact",
            given=False,
            recorded_at=datetime.now(UTC),
            recorded_by_name="Oona",
            method="phone",
        )
        record_created(session, oona, consent, action="consent_withdrawn")
    south.sync(oona)
    assert _attention(south) == {
        "consents": "rejected: Only the officer who recorded this person or a supervisor can "
        "add to their record."
    }
    # ... and olly's laptop sends a referral the services would not have drafted: no consent.
    with north.store.session_factory.begin() as session:
        witness = record_person(session, olly, PersonInput(name="Ray Witness"))
        record_created(
            session,
            olly,
            Referral(
                person_id=witness.id,
                partner="victim_support",
                from_type="incidents",
                from_id=ids["incident"],
                reason="Tampered with.",
            ),
            action="referral_drafted",
        )
    north.sync(olly)
    assert _attention(north) == {
        "referrals": "rejected: No consent to a referral to Victim Support is recorded for "
        "this person."
    }
    assert _server_counts(server)["referrals"] == expected["referrals"]
    assert _server_counts(server)["consents"] == expected["consents"]
