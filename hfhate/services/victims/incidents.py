"""Incidents: a hate crime or hate incident disclosed to an officer or witnessed by them,
whether or not a notice follows, with the people who were part of it.

Officers record and see their own; supervisors see everyone's. Recording an incident links its
victims and witnesses in the same transaction. Opening one is a consultation in the audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hfhate.models import (
    EngagementSession,
    FixedPenaltyNotice,
    FollowUp,
    Incident,
    Person,
    PersonLink,
    Referral,
    User,
    utc_now,
)
from hfhate.services.actor import Actor
from hfhate.services.audit import append_consultation, audit
from hfhate.services.changes import record_created, record_updated
from hfhate.services.errors import ServiceError, ValidationFailed
from hfhate.services.justification import check_justification
from hfhate.services.postcodes import normalise_postcode
from hfhate.services.reference_lists import lists_for
from hfhate.services.victims.access import (
    changeable_incident,
    changeable_person,
    incidents_visible,
    require_reader,
    visible_incident,
)
from hfhate.services.victims.people import add_link
from hfhate.services.victims.rules import check_incident
from hfhate.services.victims.words import victim_words


@dataclass(frozen=True)
class IncidentInput:
    """An incident as the officer entered it."""

    kind: str = ""  # hate_crime or hate_incident
    how_known: str = ""  # disclosed or witnessed
    occurred_at: datetime | None = None
    place: str = ""
    postcode: str = ""
    ward: str = ""
    hostilities: tuple[str, ...] = ()
    account: str = ""
    reported_to_police: bool = False
    crime_reference: str = ""
    notice_id: uuid.UUID | None = None
    session_id: uuid.UUID | None = None
    follow_up_id: uuid.UUID | None = None


@dataclass
class IncidentRow:
    """An incident as the list shows it."""

    id: uuid.UUID
    occurred_at: datetime
    kind: str
    ward: str
    place: str
    hostilities: list[str]
    officer_name: str
    people_count: int
    reported_to_police: bool


@dataclass
class IncidentView:
    """One incident with its people (each with their part) and the referrals made from it."""

    incident: Incident
    people: list[tuple[Person, str]]
    referrals: list[Referral]


def ward_for_postcode(session: Session, postcode: str) -> str | None:
    """The ward a postcode lies in, from the wards list; None when no ward names it."""
    normal = normalise_postcode(postcode)
    return lists_for(session).ward_for_postcode(normal) if normal else None


def incident_columns(session: Session, entry: IncidentInput) -> dict[str, Any]:
    """The incident's columns from what was entered: trimmed, the postcode written the
    standard way, the ward found from the postcode when none was chosen."""
    postcode = entry.postcode.strip()
    normal = normalise_postcode(postcode)
    ward = entry.ward.strip() or (ward_for_postcode(session, postcode) or "")
    return {
        "kind": entry.kind,
        "how_known": entry.how_known,
        "occurred_at": entry.occurred_at,
        "place": entry.place.strip(),
        "postcode": normal or postcode.upper(),
        "ward": ward,
        "hostilities": list(dict.fromkeys(entry.hostilities)),
        "account": entry.account.strip(),
        "reported_to_police": entry.reported_to_police,
        "crime_reference": entry.crime_reference.strip() if entry.reported_to_police else "",
        "notice_id": entry.notice_id,
        "session_id": entry.session_id,
        "follow_up_id": entry.follow_up_id,
    }


def _check_sources(session: Session, values: dict[str, Any], errors: dict[str, str]) -> None:
    """What the incident arose from must be in the store."""
    for field, model, what in (
        ("notice_id", FixedPenaltyNotice, "notice or warning"),
        ("session_id", EngagementSession, "session"),
        ("follow_up_id", FollowUp, "disclosure"),
    ):
        wanted = values.get(field)
        if wanted is not None:
            found: Any = session.get(model, wanted)
            if found is None or found.deleted_at is not None:
                errors[field] = f"The {what} it arose from is not in this laptop's records."


def record_incident(
    session: Session,
    actor: Actor,
    entry: IncidentInput,
    people: Sequence[tuple[uuid.UUID, str]] = (),
) -> Incident:
    """Record an incident and link its people, each with their part (victim, witness, ...)."""
    require_reader(actor, to="record incidents")
    now = utc_now()
    values = incident_columns(session, entry)
    errors = check_incident(values, lists_for(session), now)
    _check_sources(session, values, errors)
    roles = victim_words().person_roles
    if any(role not in roles for _, role in people):
        errors["people"] = "Choose each person's part: victim, witness, discloser or perpetrator."
    chosen: list[tuple[Person, str]] = []
    for person_id, role in people:
        try:
            chosen.append((changeable_person(session, actor, person_id), role))
        except ServiceError as refused:
            errors["people"] = str(refused)
    if errors:
        raise ValidationFailed(errors)
    officer = session.get(User, actor.user_id)
    incident = Incident(
        officer_id=actor.user_id,
        officer_name=officer.full_name if officer else actor.full_name,
        **values,
    )
    record_created(
        session,
        actor,
        incident,
        action="incident_recorded",
        details={"kind": incident.kind, "people": len(chosen)},
    )
    for person, role in chosen:
        add_link(session, actor, person, role, "incidents", incident.id)
    return incident


def update_incident(
    session: Session, actor: Actor, incident_id: uuid.UUID, entry: IncidentInput
) -> Incident:
    """Correct an incident (its officer or a supervisor); a ward or category since retired
    may stay."""
    incident = changeable_incident(session, actor, incident_id)
    values = incident_columns(session, entry)
    lists = lists_for(session).keeping(
        {"wards": [incident.ward], "hostilities": list(incident.hostilities)}
    )
    errors = check_incident(values, lists, utc_now(), new=False)
    _check_sources(session, values, errors)
    if errors:
        raise ValidationFailed(errors)
    record_updated(session, actor, incident, values, action="incident_changed")
    return incident


def incidents_list(session: Session, actor: Actor) -> list[IncidentRow]:
    """The incidents ``actor`` may see, newest first (officers their own; supervisors all)."""
    counts = (
        select(PersonLink.record_id, func.count().label("n"))
        .where(PersonLink.record_type == "incidents", PersonLink.deleted_at.is_(None))
        .group_by(PersonLink.record_id)
        .subquery()
    )
    query = (
        select(Incident, counts.c.n)
        .outerjoin(counts, counts.c.record_id == Incident.id)
        .where(Incident.deleted_at.is_(None), incidents_visible(session, actor))
        .order_by(Incident.occurred_at.desc(), Incident.id)
    )
    rows = [
        IncidentRow(
            id=incident.id,
            occurred_at=incident.occurred_at,
            kind=incident.kind,
            ward=incident.ward,
            place=incident.place,
            hostilities=list(incident.hostilities),
            officer_name=incident.officer_name,
            people_count=count or 0,
            reported_to_police=incident.reported_to_police,
        )
        for incident, count in session.execute(query)
    ]
    audit(session, actor, "incidents_listed", details={"found": len(rows)})
    return rows


def incident_view(
    session: Session,
    actor: Actor,
    incident_id: uuid.UUID,
    *,
    justification: str | None = None,
) -> IncidentView:
    """One incident, its people and its referrals; the viewing is a logged consultation."""
    incident = visible_incident(session, actor, incident_id)
    linked = session.execute(
        select(Person, PersonLink.role)
        .join(PersonLink, PersonLink.person_id == Person.id)
        .where(
            PersonLink.record_type == "incidents",
            PersonLink.record_id == incident.id,
            PersonLink.deleted_at.is_(None),
            Person.deleted_at.is_(None),
        )
        .order_by(PersonLink.position, PersonLink.created_at)
    )
    people = [(person, role) for person, role in linked]
    referrals = list(
        session.scalars(
            select(Referral)
            .where(
                Referral.from_type == "incidents",
                Referral.from_id == incident.id,
                Referral.deleted_at.is_(None),
            )
            .order_by(Referral.created_at)
        )
    )
    given = check_justification(session, actor, incident.officer_id, justification)
    append_consultation(
        session,
        actor,
        "incident_viewed",
        record_type="incidents",
        record_id=incident.id,
        record_ids=[incident.id, *(p.id for p, _ in people)],
        justification=given,
    )
    return IncidentView(incident, people, referrals)
