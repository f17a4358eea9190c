"""Victims, witnesses and people who disclosed: recorded once, found again when they return,
and linked to every incident, notice and disclosure they are part of.

A returning person is found by a name spelt otherwise or without its accents ("zoe okonkow"
finds "Zoë Okonkwo"), by date of birth, or by the digits of a phone number, so their story
is not asked again. Viewing a person's history is a consultation in the audit trail.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import LONDON, london_date
from hfhate.models import (
    Consent,
    EngagementSession,
    FixedPenaltyNotice,
    FollowUp,
    Incident,
    Person,
    PersonLink,
    Referral,
    VictimFeedback,
    utc_now,
)
from hfhate.services.actor import Actor
from hfhate.services.audit import append_consultation, audit
from hfhate.services.changes import record_created, record_updated
from hfhate.services.errors import NotFound, ValidationFailed
from hfhate.services.justification import check_justification
from hfhate.services.postcodes import normalise_postcode
from hfhate.services.retention.erased_fields import erased_note
from hfhate.services.victims.access import (
    changeable_person,
    people_visible,
    require_reader,
    visible_incident,
    visible_person,
)
from hfhate.services.victims.consent import current_consents
from hfhate.services.victims.rules import check_link, check_person
from hfhate.services.victims.words import LINKED_TYPES

NAME_ALIKE = 0.75  # the least likeness of two names said to sound alike
SUMMARY_WORDS = 12


@dataclass(frozen=True)
class PersonInput:
    """A person as the officer entered them."""

    name: str = ""
    known_as: str = ""
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_preference: str = ""
    contact_notes: str = ""


@dataclass
class PersonMatch:
    """A person found, how alike (higher is closer) and why they were found."""

    person: Person
    score: float
    reasons: tuple[str, ...]


@dataclass
class LinkedRecord:
    """One record a person is part of, as their history lists it."""

    link: PersonLink
    record_type: str
    record_id: uuid.UUID
    role: str
    when: datetime | None
    title: str  # "Incident, 3 Mar 2026, Fulham Broadway"
    summary: str  # the first words of the account


@dataclass
class PersonHistory:
    """Everything held about one person: their records, consents, referrals, feedback."""

    person: Person
    links: list[LinkedRecord]
    consents: list[Consent]  # all, newest first
    current_consent: dict[tuple[str, str], Consent]  # (purpose, partner) -> the latest
    referrals: list[Referral]
    feedback_count: int


def person_columns(entry: PersonInput) -> dict[str, Any]:
    """The person's columns from what was entered: trimmed, the postcode written the standard
    way when it is one."""
    postcode = entry.postcode.strip()
    return {
        "name": entry.name.strip(),
        "known_as": entry.known_as.strip(),
        "date_of_birth": entry.date_of_birth,
        "phone": entry.phone.strip(),
        "email": entry.email.strip(),
        "address": entry.address.strip(),
        "postcode": normalise_postcode(postcode) or postcode.upper(),
        "contact_preference": entry.contact_preference.strip(),
        "contact_notes": entry.contact_notes.strip(),
    }


def person_columns_corrected(
    person: Person, corrected: dict[str, Any], today: date
) -> tuple[dict[str, Any], dict[str, str]]:
    """A subject's rectification of ``person`` (name, date of birth, address, postcode): the
    columns it gives, written as the form writes them, and the form's problems with them."""
    held = {name: getattr(person, name) for name in PersonInput.__dataclass_fields__}
    merged = PersonInput(**(held | {k: v for k, v in corrected.items() if k in held}))
    values = person_columns(merged)
    wanted = {k: values[k] for k in corrected if k in values}
    return wanted, check_person(values, today)


def record_person(session: Session, actor: Actor, entry: PersonInput) -> Person:
    """Record a victim, witness or someone who disclosed (officers and supervisors)."""
    require_reader(actor, to="record victims and witnesses")
    values = person_columns(entry)
    errors = check_person(values, london_date(utc_now()))
    if errors:
        raise ValidationFailed(errors)
    person = Person(**values)
    record_created(session, actor, person, action="person_recorded")
    return person


def update_person(
    session: Session, actor: Actor, person_id: uuid.UUID, entry: PersonInput
) -> Person:
    """Correct or complete a person's details (the officer who recorded them, or a supervisor)."""
    person = changeable_person(session, actor, person_id)
    values = person_columns(entry)
    errors = check_person(values, london_date(utc_now()))
    if errors:
        raise ValidationFailed(errors)
    record_updated(session, actor, person, values, action="person_changed")
    return person


def fold(text: str) -> str:
    """Lower case, accents dropped, only letters, digits and single spaces: "Zoë  O'Neil" ->
    "zoe oneil"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"['’`]", "", plain)
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def phone_digits(text: str) -> str:
    """The digits of a phone number, a UK +44 written as the 0 it stands for."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def name_likeness(wanted: str, held: str) -> float:
    """How alike two folded names are, 0 to 1: the whole names, or word by word in any order
    (each word typed against the closest word held)."""
    if not wanted or not held:
        return 0.0
    whole = difflib.SequenceMatcher(None, wanted, held).ratio()
    held_words = held.split()
    by_word = [
        max(difflib.SequenceMatcher(None, word, other).ratio() for other in held_words)
        for word in wanted.split()
    ]
    ordered = difflib.SequenceMatcher(
        None, " ".join(sorted(wanted.split())), " ".join(sorted(held_words))
    ).ratio()
    return max(whole, ordered, sum(by_word) / len(by_word))


def find_people(
    session: Session,
    actor: Actor,
    *,
    name: str = "",
    date_of_birth: date | None = None,
    phone: str = "",
    limit: int = 20,
) -> list[PersonMatch]:
    """People ``actor`` may see who may be the one described, the likeliest first."""
    require_reader(actor, to="look up victims and witnesses")
    wanted_name, wanted_phone = fold(name), phone_digits(phone)
    if not wanted_name and date_of_birth is None and len(wanted_phone) < 6:
        return []
    query = select(Person).where(Person.deleted_at.is_(None), people_visible(session, actor))
    matches: list[PersonMatch] = []
    for person in session.scalars(query):
        score, reasons = 0.0, []
        if wanted_name:
            folded = fold(person.name)
            likeness = max(name_likeness(wanted_name, folded), 0.0)
            described = name_likeness(wanted_name, fold(person.known_as))
            if folded and folded == wanted_name:
                score, reasons = 2.0, ["same name"]
            elif likeness >= NAME_ALIKE:
                score, reasons = 1.0 + likeness, ["name sounds alike"]
            elif described >= NAME_ALIKE:
                score, reasons = described, ["described alike"]
        if date_of_birth is not None and person.date_of_birth == date_of_birth:
            score += 2.0
            reasons.append("same date of birth")
        held_phone = phone_digits(person.phone)
        if len(wanted_phone) >= 6 and held_phone and _same_phone(wanted_phone, held_phone):
            score += 2.0
            reasons.append("same phone number")
        if reasons:
            matches.append(PersonMatch(person, round(score, 3), tuple(reasons)))
    matches.sort(key=lambda m: (-m.score, fold(m.person.name or m.person.known_as)))
    found = matches[:limit]
    audit(session, actor, "people_searched", details={"found": len(found)})
    return found


def _same_phone(wanted: str, held: str) -> bool:
    """The same number, or the last nine digits alike (a number typed without its 0)."""
    return wanted == held or (len(wanted) >= 9 and held.endswith(wanted[-9:]))


def person_label(person: Person) -> str:
    """A person's name, or when they gave none how they are known (or when it was erased)."""
    if person.erased_at is not None:
        return erased_note(person.erased_at)
    return person.name or person.known_as or "Name not given"


def people_list(session: Session, actor: Actor, text: str = "") -> list[Person]:
    """The people ``actor`` may see, by name; ``text`` narrows to names holding it."""
    query = select(Person).where(Person.deleted_at.is_(None), people_visible(session, actor))
    wanted = fold(text)
    people = [
        p
        for p in session.scalars(query)
        if not wanted or wanted in fold(p.name) or wanted in fold(p.known_as)
    ]
    people.sort(key=lambda p: (fold(person_label(p)), str(p.id)))
    audit(session, actor, "people_listed", details={"found": len(people)})
    return people


def _linked_record_exists(
    session: Session, actor: Actor, record_type: str, record_id: uuid.UUID
) -> bool:
    if record_type == "incidents":
        visible_incident(session, actor, record_id)
        return True
    model: Any = {"notices": FixedPenaltyNotice, "session_follow_ups": FollowUp}[record_type]
    record = session.get(model, record_id)
    return record is not None and record.deleted_at is None


def link_person(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    role: str,
    record_type: str,
    record_id: uuid.UUID,
) -> PersonLink:
    """Say a person is part of an incident, notice or disclosure (once for each part)."""
    person = changeable_person(session, actor, person_id)
    errors = check_link({"role": role, "record_type": record_type})
    if errors:
        raise ValidationFailed(errors)
    if not _linked_record_exists(session, actor, record_type, record_id):
        raise NotFound(f"That {LINKED_TYPES[record_type].lower()} is not in this laptop's records.")
    return add_link(session, actor, person, role, record_type, record_id)


def add_link(
    session: Session,
    actor: Actor,
    person: Person,
    role: str,
    record_type: str,
    record_id: uuid.UUID,
) -> PersonLink:
    """The link, made unless the same one is already held (checked by the caller)."""
    held = session.scalar(
        select(PersonLink).where(
            PersonLink.person_id == person.id,
            PersonLink.record_type == record_type,
            PersonLink.record_id == record_id,
            PersonLink.role == role,
            PersonLink.deleted_at.is_(None),
        )
    )
    if held is not None:
        return held
    link = PersonLink(person_id=person.id, role=role, record_type=record_type, record_id=record_id)
    record_created(
        session,
        actor,
        link,
        action="person_linked",
        details={"linked_to": LINKED_TYPES[record_type], "role": role},
    )
    return link


def _summary(text: str) -> str:
    words = text.split()
    return " ".join(words[:SUMMARY_WORDS]) + (" …" if len(words) > SUMMARY_WORDS else "")


def _day(at: datetime | date) -> str:
    day = london_date(at) if isinstance(at, datetime) else at
    return f"{day.day} {day:%b %Y}"


def describe_link(session: Session, link: PersonLink) -> LinkedRecord:
    """The record a link points to, as a line of the person's history."""
    when: datetime | None = None
    title, summary = LINKED_TYPES.get(link.record_type, "Record"), ""
    if link.record_type == "incidents":
        incident = session.get(Incident, link.record_id)
        if incident is not None:
            when = incident.occurred_at
            title = f"Incident, {_day(when)}, {incident.ward}"
            summary = _summary(incident.account)
    elif link.record_type == "notices":
        notice = session.get(FixedPenaltyNotice, link.record_id)
        if notice is not None:
            when = notice.offence_at
            what = f"Notice {notice.number}" if notice.number else "Warning"
            title = f"{what}, {_day(when)}, {notice.ward}"
            summary = _summary(notice.circumstances)
    elif link.record_type == "session_follow_ups":
        follow_up = session.get(FollowUp, link.record_id)
        parent = session.get(EngagementSession, follow_up.session_id) if follow_up else None
        if follow_up is not None and parent is not None:
            when = datetime.combine(parent.session_date, parent.start_time, tzinfo=LONDON)
            title = f"Disclosure at a session, {_day(parent.session_date)}, {parent.ward}"
            summary = _summary(follow_up.description)
    return LinkedRecord(link, link.record_type, link.record_id, link.role, when, title, summary)


def person_links(session: Session, person_id: uuid.UUID) -> list[PersonLink]:
    query = select(PersonLink).where(
        PersonLink.person_id == person_id, PersonLink.deleted_at.is_(None)
    )
    return list(session.scalars(query))


def person_history(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    *,
    justification: str | None = None,
) -> PersonHistory:
    """Everything held about one person, newest first; the viewing is a logged consultation
    (with the reason given, where this laptop asks one for others' records)."""
    person = visible_person(session, actor, person_id)
    links = [describe_link(session, link) for link in person_links(session, person.id)]
    links.sort(key=lambda r: r.when or datetime.min.replace(tzinfo=LONDON), reverse=True)
    consents = list(
        session.scalars(
            select(Consent)
            .where(Consent.person_id == person.id, Consent.deleted_at.is_(None))
            .order_by(Consent.recorded_at.desc(), Consent.created_at.desc())
        )
    )
    referrals = list(
        session.scalars(
            select(Referral)
            .where(Referral.person_id == person.id, Referral.deleted_at.is_(None))
            .order_by(Referral.created_at.desc())
        )
    )
    feedback = session.scalars(
        select(VictimFeedback.id).where(
            VictimFeedback.person_id == person.id, VictimFeedback.deleted_at.is_(None)
        )
    ).all()
    given = check_justification(session, actor, person.created_by_id, justification)
    append_consultation(
        session,
        actor,
        "person_viewed",
        record_type="people",
        record_id=person.id,
        record_ids=[person.id, *(r.link.id for r in links)],
        justification=given,
    )
    return PersonHistory(
        person=person,
        links=links,
        consents=consents,
        current_consent=current_consents(session, person.id),
        referrals=referrals,
        feedback_count=len(feedback),
    )
