"""Recording, changing and reading engagement sessions, with their registers and confidence.

Engagement officers record and change sessions; supervisors read everything. Each save is one
transaction: the session row, its register and confidence rows, the audit event and the
outbox entries together (``changes.record_created`` / ``record_updated``). Register and
confidence rows written with a new session are covered by the session's own audit event.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import (
    AuditEvent,
    ConfidenceResult,
    EngagementSession,
    FollowUp,
    Organisation,
    RegisterEntry,
    Role,
    User,
    utc_now,
)
from hfhate.records.codec import columns_of
from hfhate.records.inputs import session_input
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.audit_operations import KINDS
from hfhate.services.changes import record_created, record_updated
from hfhate.services.engagement.rules import (
    Answers,
    ConfidenceInput,
    RegisterPerson,
    SessionInput,
    check_session,
    fold,
    london_today,
)
from hfhate.services.errors import NotFound, ValidationFailed
from hfhate.services.reference_lists import held_entries, lists_for

READERS = (Role.ENGAGEMENT_OFFICER, Role.SUPERVISOR)

# Openings of a session are in the Audit trail, not in its edit history.
CONSULTATIONS = sorted(KINDS["consultation"])


@dataclass(frozen=True)
class SessionDetails:
    """A session with everything shown about it; read in one transaction."""

    record: EngagementSession
    organisation: Organisation | None
    partners: list[Organisation]
    facilitators: list[User]
    register: list[RegisterEntry]
    confidence: list[ConfidenceResult]
    follow_ups: list[FollowUp]


def record_session(
    session: Session,
    actor: Actor,
    entry: SessionInput,
    *,
    today: date | None = None,
    duplicated_from: uuid.UUID | None = None,
) -> EngagementSession:
    """Record a session that took place (engagement officers)."""
    require(actor, Role.ENGAGEMENT_OFFICER, to="record engagement sessions")
    _validate(session, entry, today or london_today())
    record = EngagementSession(**session_columns(entry), duplicated_from_id=duplicated_from)
    record_created(
        session,
        actor,
        record,
        action="session_recorded",
        details={
            "type": entry.session_type,
            "register": len(entry.register),
            "confidence": len(entry.confidence),
        }
        | ({"duplicated_from": str(duplicated_from)} if duplicated_from else {}),
    )
    for person in entry.register:
        record_created(session, actor, _register_row(record.id, person), action="", audited=False)
    for item in entry.confidence:
        record_created(
            session,
            actor,
            ConfidenceResult(
                session_id=record.id, question=item.question, **_confidence_columns(item)
            ),
            action="",
            audited=False,
        )
    return record


def update_session(
    session: Session,
    actor: Actor,
    session_id: uuid.UUID,
    entry: SessionInput,
    *,
    today: date | None = None,
) -> bool:
    """Save changes to a session; every change is audited. False when nothing changed."""
    require(actor, Role.ENGAGEMENT_OFFICER, to="change engagement sessions")
    record = _get(session, session_id)
    _validate(session, entry, today or london_today(), held=record)
    summary = _update_register(session, actor, record, entry.register)
    summary |= _update_confidence(session, actor, record, entry.confidence)
    changed = record_updated(
        session, actor, record, session_columns(entry), action="session_changed", details=summary
    )
    if not changed and summary:
        audit(
            session,
            actor,
            "session_changed",
            record_type=record.__tablename__,
            record_id=record.id,
            details={"fields": []} | summary,
        )
    return changed or bool(summary)


def template_from(session: Session, actor: Actor, session_id: uuid.UUID) -> SessionInput:
    """A past session as the start of a new one (recurring programmes).

    Kept: what, where, with whom and for whom, the questions asked. Left for the officer: the
    date, attendance, answers, register, feedback and notes, which belong to the new session.
    """
    require(actor, Role.ENGAGEMENT_OFFICER, to="record engagement sessions")
    record = _get(session, session_id)
    questions = session.scalars(
        select(ConfidenceResult.question).where(
            ConfidenceResult.session_id == record.id, ConfidenceResult.deleted_at.is_(None)
        )
    ).all()
    return SessionInput(
        session_type=record.session_type,
        title=record.title,
        specialised_topic=record.specialised_topic,
        start_time=record.start_time,
        end_time=record.end_time,
        venue=record.venue,
        ward=record.ward,
        organisation_id=record.organisation_id,
        year_groups=tuple(record.year_groups),
        audience=record.audience,
        facilitator_ids=tuple(uuid.UUID(i) for i in record.facilitator_ids),
        partner_ids=tuple(uuid.UUID(i) for i in record.partner_ids),
        categories=tuple(record.categories),
        topics=tuple(record.topics),
        materials=record.materials,
        confidence=tuple(ConfidenceInput(q) for q in questions),
    )


def as_input(details: SessionDetails) -> SessionInput:
    """A stored session as the form's values, to change it (the server reads it the same way)."""
    return dataclasses.replace(
        session_input(columns_of(details.record)),
        confidence=tuple(
            ConfidenceInput(
                c.question,
                Answers(c.before_average, c.before_responses, tuple(c.before_counts)),
                Answers(c.after_average, c.after_responses, tuple(c.after_counts)),
            )
            for c in details.confidence
        ),
        register=tuple(
            RegisterPerson(r.name, r.role, r.organisation, r.id) for r in details.register
        ),
    )


def get_session(session: Session, actor: Actor, session_id: uuid.UUID) -> SessionDetails:
    require(actor, *READERS, to="see engagement sessions")
    record = _get(session, session_id)
    organisation = (
        session.get(Organisation, record.organisation_id) if record.organisation_id else None
    )
    partners = _by_ids(session, Organisation, record.partner_ids)
    facilitators = _by_ids(session, User, record.facilitator_ids)

    def children(model: Any) -> list[Any]:
        query = select(model).where(model.session_id == record.id, model.deleted_at.is_(None))
        return list(session.scalars(query.order_by(model.created_at, model.id)))

    return SessionDetails(
        record,
        organisation,
        partners,
        facilitators,
        children(RegisterEntry),
        children(ConfidenceResult),
        children(FollowUp),
    )


def note_session_viewed(session: Session, actor: Actor, session_id: uuid.UUID) -> None:
    """The opening of a session's page (its register: attendees' names) in the trail, naming
    the session and every register entry shown (s.62 consultation)."""
    details = get_session(session, actor, session_id)
    audit(
        session,
        actor,
        "session_viewed",
        record_type="engagement_sessions",
        record_id=session_id,
        record_ids=[session_id, *(entry.id for entry in details.register)],
    )


def session_history(session: Session, actor: Actor, session_id: uuid.UUID) -> list[AuditEvent]:
    """Every audited change to the session and its register, answers and follow-ups, in order
    (not its openings: those are in the Audit trail)."""
    require(actor, *READERS, to="see engagement sessions")
    record = _get(session, session_id)
    ids = [record.id]
    for model in (RegisterEntry, ConfidenceResult, FollowUp):
        ids += session.scalars(select(model.id).where(model.session_id == record.id)).all()
    query = (
        select(AuditEvent)
        .where(AuditEvent.record_id.in_(ids), AuditEvent.action.not_in(CONSULTATIONS))
        .order_by(AuditEvent.seq)
    )
    return list(session.scalars(query))


def _get(session: Session, session_id: uuid.UUID) -> EngagementSession:
    record = session.get(EngagementSession, session_id)
    if record is None or record.is_deleted:
        raise NotFound("That session is not in this laptop's records.")
    return record


def _by_ids(session: Session, model: Any, ids: Sequence[str]) -> list[Any]:
    if not ids:
        return []
    found = {
        str(r.id): r
        for r in session.scalars(select(model).where(model.id.in_([uuid.UUID(i) for i in ids])))
    }
    return [found[i] for i in ids if i in found]


def _validate(
    session: Session, entry: SessionInput, today: date, *, held: EngagementSession | None = None
) -> None:
    """``held``: the session as it stands (what it holds may stay, even if retired since)."""
    lists = lists_for(session)
    if held is not None:
        lists = lists.keeping(held_entries(held.ward, held.organisation_id, held.partner_ids))
    errors = check_session(entry, today, lists)
    if entry.organisation_id is not None and "organisation" not in errors:
        organisation = session.get(Organisation, entry.organisation_id)
        if organisation is None or organisation.is_deleted:
            errors["organisation"] = "That organisation is no longer in the list."
        elif entry.session_type == "school_programme" and organisation.kind != "school":
            errors["organisation"] = (
                f"{organisation.name} is not a school. Choose the school, or add it as a school."
            )
        elif entry.year_groups and organisation.kind == "school":
            missing = [y for y in entry.year_groups if y not in organisation.year_groups]
            if missing:
                errors["year_groups"] = f"{organisation.name} does not teach {', '.join(missing)}."
    if entry.facilitator_ids and "facilitators" not in errors:
        users = session.scalars(select(User).where(User.id.in_(entry.facilitator_ids))).all()
        if len({u.id for u in users}) != len(set(entry.facilitator_ids)):
            errors["facilitators"] = "A facilitator chosen is not a user of hfhate."
    if entry.partner_ids:
        found = session.scalars(
            select(Organisation.id).where(
                Organisation.id.in_(entry.partner_ids), Organisation.deleted_at.is_(None)
            )
        ).all()
        if len(set(found)) != len(set(entry.partner_ids)):
            errors["partners"] = "A partner organisation chosen is no longer in the list."
    if errors:
        raise ValidationFailed(errors)


def session_columns(entry: SessionInput) -> dict[str, Any]:
    school = entry.session_type == "school_programme"
    assert entry.attendees is not None
    return {
        "session_type": entry.session_type,
        "title": " ".join(entry.title.split()),
        "specialised_topic": entry.specialised_topic
        if entry.session_type == "specialised_training"
        else "",
        "session_date": entry.session_date,
        "start_time": entry.start_time,
        "end_time": entry.end_time,
        "venue": entry.venue.strip(),
        "ward": entry.ward,
        "organisation_id": entry.organisation_id,
        "year_groups": list(entry.year_groups) if school else [],
        "audience": entry.audience,
        "attendees": entry.attendees,
        "attendee_breakdown": {k: v for k, v in entry.breakdown.items() if v},
        "facilitator_ids": [str(i) for i in dict.fromkeys(entry.facilitator_ids)],
        "partner_ids": [str(i) for i in dict.fromkeys(entry.partner_ids)],
        "categories": list(dict.fromkeys(entry.categories)),
        "topics": list(dict.fromkeys(entry.topics)),
        "materials": entry.materials.strip(),
        "notes": entry.notes.strip(),
        "feedback": entry.feedback.strip(),
    }


def _register_row(session_id: uuid.UUID, person: RegisterPerson) -> RegisterEntry:
    return RegisterEntry(session_id=session_id, **_person_columns(person))


def _person_columns(person: RegisterPerson) -> dict[str, Any]:
    name = " ".join(person.name.split())
    organisation = " ".join(person.organisation.split())
    return {
        "name": name,
        "role": " ".join(person.role.split()),
        "organisation": organisation,
        "name_key": fold(name),
        "organisation_key": fold(organisation),
    }


def _confidence_columns(item: ConfidenceInput) -> dict[str, Any]:
    before_average, before_responses = item.before.resolved()
    after_average, after_responses = item.after.resolved()
    return {
        "before_average": before_average,
        "before_responses": before_responses,
        "after_average": after_average,
        "after_responses": after_responses,
        "before_counts": list(item.before.counts),
        "after_counts": list(item.after.counts),
    }


def _update_register(
    session: Session, actor: Actor, record: EngagementSession, people: Sequence[RegisterPerson]
) -> dict[str, int]:
    stored = {
        r.id: r
        for r in session.scalars(
            select(RegisterEntry).where(
                RegisterEntry.session_id == record.id, RegisterEntry.deleted_at.is_(None)
            )
        )
    }
    kept = {p.id for p in people if p.id is not None}
    added = changed = removed = 0
    for entry_id, row in stored.items():
        if entry_id not in kept:
            record_updated(
                session, actor, row, {"deleted_at": utc_now()}, action="register_entry_removed"
            )
            removed += 1
    for person in people:
        current = stored.get(person.id) if person.id is not None else None
        if current is None:
            record_created(
                session, actor, _register_row(record.id, person), action="", audited=False
            )
            added += 1
        elif record_updated(
            session, actor, current, _person_columns(person), action="register_entry_changed"
        ):
            changed += 1
    counts = {"register_added": added, "register_changed": changed, "register_removed": removed}
    return {k: v for k, v in counts.items() if v}


def _update_confidence(
    session: Session,
    actor: Actor,
    record: EngagementSession,
    items: Sequence[ConfidenceInput],
) -> dict[str, int]:
    stored = {
        c.question: c
        for c in session.scalars(
            select(ConfidenceResult).where(
                ConfidenceResult.session_id == record.id, ConfidenceResult.deleted_at.is_(None)
            )
        )
    }
    wanted = {item.question: item for item in items}
    added = changed = removed = 0
    for question, row in stored.items():
        if question not in wanted:
            record_updated(
                session, actor, row, {"deleted_at": utc_now()}, action="confidence_result_removed"
            )
            removed += 1
    for question, item in wanted.items():
        result = stored.get(question)
        if result is None:
            record_created(
                session,
                actor,
                ConfidenceResult(
                    session_id=record.id, question=question, **_confidence_columns(item)
                ),
                action="",
                audited=False,
            )
            added += 1
        elif record_updated(
            session, actor, result, _confidence_columns(item), action="confidence_result_changed"
        ):
            changed += 1
    counts = {
        "confidence_added": added,
        "confidence_changed": changed,
        "confidence_removed": removed,
    }
    return {k: v for k, v in counts.items() if v}


def facilitator_choices(session: Session, actor: Actor) -> list[User]:
    """Active engagement officers, by name: who can facilitate or own a follow-up."""
    require(actor, *READERS, to="see engagement sessions")
    users = session.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name))
    return [u for u in users if Role.ENGAGEMENT_OFFICER in u.role_set]


def follow_up_owners(session: Session, actor: Actor) -> list[User]:
    """Active engagement officers and supervisors, by name."""
    require(actor, *READERS, to="see engagement sessions")
    users = session.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name))
    return [u for u in users if u.role_set & {Role.ENGAGEMENT_OFFICER, Role.SUPERVISOR}]


def user_names(session: Session, ids: Sequence[str]) -> dict[str, str]:
    """Full names of the given user ids (as strings), for lists."""
    if not ids:
        return {}
    rows = session.execute(
        select(User.id, User.full_name).where(User.id.in_([uuid.UUID(i) for i in set(ids)]))
    )
    return {str(user_id): name for user_id, name in rows}
