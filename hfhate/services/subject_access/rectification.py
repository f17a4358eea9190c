"""Correcting a person's details on every record that holds them, in one step (DPA 2018 s.46).

The supervisor picks the records from a search's hits and says what is right: name, date of
birth, address, postcode. A notice or warning where the person is the recipient, and a
victim's or witness's own record (``people``), take all four; a victim or witness on a notice,
and an attendee on a register, take the name (that is all those records hold). Each notice is
checked as an amendment would be (``amendment_problems``), a person record as its form checks
it, and a notice keeps its original values on its timeline, as an amendment does; every
change syncs as a normal update. The whole correction is one audit row listing the record ids
and the fields corrected, never the values.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeKind, Person, RegisterEntry, Role, utc_now
from hfhate.records.codec import columns_of, wire_value
from hfhate.records.inputs import notice_input
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.changes import record_updated
from hfhate.services.engagement.rules import fold
from hfhate.services.errors import NotFound, ValidationFailed
from hfhate.services.notices.issuing import add_event, notice_columns
from hfhate.services.notices.rules import amendment_problems
from hfhate.services.notices.settings import StoredSettings
from hfhate.services.subject_access.rules import NAME_LIMIT, reason_problem
from hfhate.services.subject_access.search import Hit
from hfhate.services.victims.people import person_columns_corrected

RECTIFIED = "personal_details_rectified"
# The correction's fields and the notice columns of a recipient that hold them.
RECIPIENT_COLUMNS = {
    "name": "recipient_name",
    "date_of_birth": "recipient_date_of_birth",
    "address": "recipient_address",
    "postcode": "recipient_postcode",
}
CORRECTABLE_ROLES = frozenset({"recipient", "victim", "witness", "attendee", "person"})
# Roles whose record holds all four details (the others hold only a name).
WHOLE_ROLES = frozenset({"recipient", "person"})


@dataclass(frozen=True)
class Correction:
    """What is right; None leaves that detail as each record has it."""

    name: str | None = None
    date_of_birth: date | None = None
    address: str | None = None
    postcode: str | None = None

    def given(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass(frozen=True)
class Rectified:
    """What one rectification changed: the records, and the details corrected."""

    record_ids: tuple[uuid.UUID, ...]
    fields: tuple[str, ...]


def rectify(
    session: Session,
    actor: Actor,
    targets: Sequence[Hit],
    correction: Correction,
    *,
    reason: str,
    now: datetime | None = None,
) -> Rectified:
    """Correct the person's details on every record in ``targets``: all or none."""
    require(actor, Role.SUPERVISOR, to="correct a person's details")
    now = now or utc_now()
    errors = _check(targets, correction, reason)
    if errors:
        raise ValidationFailed(errors)
    changed: list[uuid.UUID] = []
    fields: set[str] = set()
    for hit in targets:
        if hit.record_type == "session_register":
            done = _register_entry(session, actor, hit.record_id, correction, now)
            fields.update({"name"} if done else set())
        elif hit.record_type == "people":
            done = _person(session, actor, hit.record_id, correction, now, fields)
        else:
            done = _notice(session, actor, hit, correction, reason.strip(), now, fields)
        if done:
            changed.append(hit.record_id)
    if not changed:
        raise ValidationFailed({"name": "The records chosen already hold these details."})
    audit(
        session,
        actor,
        RECTIFIED,
        record_ids=changed,
        details={
            "count": len(changed),
            "fields": sorted(fields),
            "reason_length": len(reason.strip()),
        },
    )
    return Rectified(tuple(changed), tuple(sorted(fields)))


def _check(targets: Sequence[Hit], correction: Correction, reason: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not targets:
        errors["targets"] = "Choose the records to correct from the search results."
    elif any(hit.role not in CORRECTABLE_ROLES for hit in targets):
        errors["targets"] = (
            "Photos and records that only mention the person in their text are not "
            "corrected here: amend the notice itself."
        )
    given = correction.given()
    if not given:
        errors["name"] = "Enter at least one corrected detail."
    if correction.name is not None:
        name = correction.name.strip()
        if not name:
            errors["name"] = "Enter the corrected name, or leave it unticked."
        elif len(name) > NAME_LIMIT:
            errors["name"] = f"A name holds at most {NAME_LIMIT} characters."
    others = set(given) - {"name"}
    if others and any(hit.role not in WHOLE_ROLES for hit in targets):
        only_name = sorted(others)[0]
        errors.setdefault(
            only_name,
            "Victims, witnesses and register entries hold only a name: choose only records "
            "where the person is the recipient, or their own victim or witness record, to "
            "correct this.",
        )
    problem = reason_problem(reason)
    if problem:
        errors["reason"] = problem
    return errors


def _notice(
    session: Session,
    actor: Actor,
    hit: Hit,
    correction: Correction,
    reason: str,
    now: datetime,
    fields: set[str],
) -> bool:
    notice = session.get(FixedPenaltyNotice, hit.record_id)
    if notice is None or notice.is_deleted:
        raise NotFound("A record chosen is no longer on this laptop.")
    changes: dict[str, Any] = {}
    if hit.role == "recipient":
        for given, value in correction.given().items():
            changes[RECIPIENT_COLUMNS[given]] = value.strip() if isinstance(value, str) else value
    else:
        people = [dict(person) for person in notice.people or []]
        index = hit.person_index
        if index is None or index >= len(people) or correction.name is None:
            raise ValidationFailed({"targets": "That victim or witness is no longer on it."})
        people[index]["name"] = " ".join(correction.name.split())
        changes["people"] = people
    merged = notice_input(columns_of(notice) | changes)
    problems = amendment_problems(
        merged,
        StoredSettings(session).notice_settings(now),
        now,
        warning=notice.kind is NoticeKind.WARNING,
    )
    if problems:
        raise ValidationFailed(_as_correction_errors(problems))
    new_values = {k: v for k, v in notice_columns(merged).items() if k in changes}
    before = {k: wire_value(getattr(notice, k)) for k in new_values}
    if not record_updated(
        session, actor, notice, new_values, action=RECTIFIED, at=now, audited=False
    ):
        return False
    after = {k: wire_value(getattr(notice, k)) for k in new_values}
    moved = {k: {"from": before[k], "to": after[k]} for k in new_values if before[k] != after[k]}
    add_event(session, actor, notice, "amended", reason=reason, at=now, details=moved)
    fields.update(
        given
        for given, column in RECIPIENT_COLUMNS.items()
        if column in moved or (given == "name" and "people" in moved)
    )
    return True


def _register_entry(
    session: Session, actor: Actor, entry_id: uuid.UUID, correction: Correction, now: datetime
) -> bool:
    entry = session.get(RegisterEntry, entry_id)
    if entry is None or entry.is_deleted:
        raise NotFound("A record chosen is no longer on this laptop.")
    assert correction.name is not None
    name = " ".join(correction.name.split())
    return record_updated(
        session,
        actor,
        entry,
        {"name": name, "name_key": fold(name)},
        action=RECTIFIED,
        at=now,
        audited=False,
    )


def _person(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    correction: Correction,
    now: datetime,
    fields: set[str],
) -> bool:
    """A victim's or witness's own record: checked as the person form checks it."""
    person = session.get(Person, person_id)
    if person is None or person.is_deleted:
        raise NotFound("A record chosen is no longer on this laptop.")
    values, problems = person_columns_corrected(person, correction.given(), london_date(now))
    if problems:
        found: dict[str, str] = {}
        for field, message in problems.items():
            found.setdefault(field if field in RECIPIENT_COLUMNS else "name", message)
        raise ValidationFailed(found)
    changed = {k: v for k, v in values.items() if getattr(person, k) != v}
    if not record_updated(session, actor, person, changed, action=RECTIFIED, at=now, audited=False):
        return False
    fields.update(changed)
    return True


def _as_correction_errors(problems: dict[str, str]) -> dict[str, str]:
    """A notice's field messages, put beside the correction's own fields."""
    by_column = {column: given for given, column in RECIPIENT_COLUMNS.items()}
    by_column |= {"recipient_age": "date_of_birth", "people": "name"}
    found: dict[str, str] = {}
    for column, message in problems.items():
        found.setdefault(by_column.get(column, "name"), message)
    return found
