"""Fixtures for the victims services: officers of each kind, a supervisor and an administrator,
and helpers to record a person, an incident and a consent in one transaction each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from hfhate.models import Incident, Person, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.victims.consent import record_consent
from hfhate.services.victims.incidents import IncidentInput, record_incident
from hfhate.services.victims.people import PersonInput, record_person

OCCURRED = datetime(2026, 3, 3, 18, 30, tzinfo=UTC)
ZOE = PersonInput(
    name="Zoë Okonkwo",
    date_of_birth=datetime(1991, 7, 14).date(),
    phone="07700 900123",
    email="zoe@example.org",
    address="12 Lillie Road, London",
    postcode="sw6 1ab",
    contact_preference="phone",
    contact_notes="Mornings only; do not leave a message.",
)
ACCOUNT = "A man shouted racist abuse at her on the platform and spat at her."


@pytest.fixture
def officer(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.AUTHORISED_OFFICER, username="tom")


@pytest.fixture
def other_officer(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.AUTHORISED_OFFICER, username="marta")


@pytest.fixture
def engagement_officer(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.ENGAGEMENT_OFFICER, username="priya")


@pytest.fixture
def supervisor(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.SUPERVISOR, username="grace")


def incident_input(**changes: Any) -> IncidentInput:
    values: dict[str, Any] = {
        "kind": "hate_crime",
        "how_known": "disclosed",
        "occurred_at": OCCURRED,
        "place": "Fulham Broadway station",
        "postcode": "SW6 1BW",
        "ward": "Fulham Town",
        "hostilities": ("race",),
        "account": ACCOUNT,
        "reported_to_police": False,
    }
    return IncidentInput(**(values | changes))


@pytest.fixture
def add_person(store: Store, officer: Actor) -> Callable[..., Person]:
    def make(entry: PersonInput = ZOE, *, actor: Actor | None = None) -> Person:
        with store.session_factory.begin() as session:
            person = record_person(session, actor or officer, entry)
            session.expunge(person)
            return person

    return make


@pytest.fixture
def add_incident(store: Store, officer: Actor) -> Callable[..., Incident]:
    def make(
        people: tuple[tuple[Any, str], ...] = (), *, actor: Actor | None = None, **changes: Any
    ) -> Incident:
        with store.session_factory.begin() as session:
            incident = record_incident(session, actor or officer, incident_input(**changes), people)
            session.expunge(incident)
            return incident

    return make


@pytest.fixture
def consent(store: Store, officer: Actor) -> Callable[..., Any]:
    """Record consent (or its withdrawal) for ``purpose`` and ``partner``."""

    def make(
        person: Person,
        purpose: str,
        partner: str = "",
        *,
        given: bool = True,
        actor: Actor | None = None,
        at: datetime | None = None,
    ) -> Any:
        with store.session_factory.begin() as session:
            return record_consent(
                session,
                actor or officer,
                person.id,
                purpose,
                given,
                "in_person",
                partner=partner,
                at=at,
            )

    return make
