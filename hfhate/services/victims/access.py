"""Who may see and change victims' records: the visibility rules every victims service applies.

Officers (authorised or engagement) see and change the people they recorded and what hangs on
them (links, consents, referrals), and the incidents they recorded. Engagement officers also
see, without changing, the people linked to disclosures made at sessions they facilitate, and
the incidents arising from those sessions. Supervisors see and change everyone's.
Administrators see none: they keep the system, not the casework. The server's pull rules
(``server/pull.py``) hold the same line.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, String, cast, or_, select, true
from sqlalchemy.orm import Session

from hfhate.models import EngagementSession, FollowUp, Incident, Person, PersonLink, Role
from hfhate.services.actor import Actor, require
from hfhate.services.changes import ERASED_REFUSAL
from hfhate.services.errors import NotFound, PermissionDenied, ServiceError

RECORDERS = (Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER, Role.SUPERVISOR)
NOT_YOURS = "You can see only the victims and witnesses you recorded."
NOT_YOURS_TO_CHANGE = "Only the officer who recorded this person or a supervisor can change it."
INCIDENT_NOT_YOURS = "You can see only the incidents you recorded."
INCIDENT_NOT_YOURS_TO_CHANGE = "Only the incident's officer or a supervisor can change it."


def require_reader(actor: Actor, to: str = "see victims and witnesses") -> None:
    """Officers of either kind and supervisors; never an administrator alone."""
    require(actor, *RECORDERS, to=to)


def facilitated_session_ids(session: Session, actor: Actor) -> list[uuid.UUID]:
    """The sessions ``actor`` facilitated (engagement officers)."""
    if not actor.has(Role.ENGAGEMENT_OFFICER):
        return []
    query = select(EngagementSession.id).where(
        EngagementSession.deleted_at.is_(None),
        cast(EngagementSession.facilitator_ids, String).like(f'%"{actor.user_id}"%'),
    )
    return list(session.scalars(query))


def disclosure_person_ids(session: Session, actor: Actor) -> set[uuid.UUID]:
    """People linked to disclosures at the sessions ``actor`` facilitated."""
    sessions = facilitated_session_ids(session, actor)
    if not sessions:
        return set()
    follow_ups = select(FollowUp.id).where(FollowUp.session_id.in_(sessions))
    query = select(PersonLink.person_id).where(
        PersonLink.deleted_at.is_(None),
        PersonLink.record_type == "session_follow_ups",
        PersonLink.record_id.in_(follow_ups),
    )
    return set(session.scalars(query))


def people_visible(session: Session, actor: Actor) -> ColumnElement[bool]:
    """A condition on ``Person`` holding for the people ``actor`` may see."""
    require_reader(actor)
    if actor.has(Role.SUPERVISOR):
        return true()
    linked = disclosure_person_ids(session, actor)
    own = Person.created_by_id == actor.user_id
    return or_(own, Person.id.in_(linked)) if linked else own


def incidents_visible(session: Session, actor: Actor) -> ColumnElement[bool]:
    """A condition on ``Incident`` holding for the incidents ``actor`` may see."""
    require_reader(actor, to="see incidents")
    if actor.has(Role.SUPERVISOR):
        return true()
    own = Incident.officer_id == actor.user_id
    sessions = facilitated_session_ids(session, actor)
    return or_(own, Incident.session_id.in_(sessions)) if sessions else own


def may_change_person(actor: Actor, person: Person) -> bool:
    return actor.has(Role.SUPERVISOR) or (
        actor.has(*RECORDERS) and person.created_by_id == actor.user_id
    )


def visible_person(session: Session, actor: Actor, person_id: uuid.UUID) -> Person:
    """The person if ``actor`` may see them; NotFound or PermissionDenied otherwise."""
    require_reader(actor)
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise NotFound("That person is not in this laptop's records.")
    if may_change_person(actor, person) or person.id in disclosure_person_ids(session, actor):
        return person
    raise PermissionDenied(NOT_YOURS)


def changeable_person(session: Session, actor: Actor, person_id: uuid.UUID) -> Person:
    """The person if ``actor`` may change their record (and add to it)."""
    require(actor, *RECORDERS, to="record victims and witnesses")
    person = session.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise NotFound("That person is not in this laptop's records.")
    if person.erased_at is not None:  # nothing is added to an erased record
        raise ServiceError(ERASED_REFUSAL)
    if may_change_person(actor, person):
        return person
    if person.id in disclosure_person_ids(session, actor):
        raise PermissionDenied(NOT_YOURS_TO_CHANGE)
    raise PermissionDenied(NOT_YOURS)


def visible_incident(session: Session, actor: Actor, incident_id: uuid.UUID) -> Incident:
    require_reader(actor, to="see incidents")
    incident = session.get(Incident, incident_id)
    if incident is None or incident.deleted_at is not None:
        raise NotFound("That incident is not in this laptop's records.")
    if actor.has(Role.SUPERVISOR) or incident.officer_id == actor.user_id:
        return incident
    if incident.session_id is not None and incident.session_id in facilitated_session_ids(
        session, actor
    ):
        return incident
    raise PermissionDenied(INCIDENT_NOT_YOURS)


def changeable_incident(session: Session, actor: Actor, incident_id: uuid.UUID) -> Incident:
    incident = visible_incident(session, actor, incident_id)
    if actor.has(Role.SUPERVISOR) or incident.officer_id == actor.user_id:
        return incident
    raise PermissionDenied(INCIDENT_NOT_YOURS_TO_CHANGE)
