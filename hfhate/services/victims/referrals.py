"""Referrals of a person to a partner: drafted, sent, acknowledged, outcome, closed, or stopped
before it was sent, and the pack a partner receives.

Each step is one action allowed only from the state before it (``NEXT``); anything else is
refused with a sentence saying why and changes nothing. A referral is drafted and sent only
with the person's consent to that partner (and to the police, for a police partner). One sent
and not acknowledged after the setting ``referrals.acknowledge_days`` (10 days unless changed)
is overdue. Sending a referral and printing its pack disclose personal data to the partner:
the audit trail names the partner as recipient.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import LONDON, london_date
from hfhate.models import (
    EngagementSession,
    FixedPenaltyNotice,
    FollowUp,
    Incident,
    NoticeKind,
    Person,
    PersonLink,
    Referral,
    User,
    utc_now,
)
from hfhate.services.actor import Actor
from hfhate.services.audit import audit
from hfhate.services.changes import record_created, record_updated
from hfhate.services.errors import NotFound, ServiceError, ValidationFailed
from hfhate.services.reference_lists import ReferenceLists, lists_for
from hfhate.services.settings.stored import settings_on
from hfhate.services.victims.access import changeable_person, people_visible, visible_person
from hfhate.services.victims.consent import current_consents, may_refer
from hfhate.services.victims.pack import PackConsent, PackRisk, ReferralPack
from hfhate.services.victims.people import fold
from hfhate.services.victims.rules import check_referral
from hfhate.services.victims.words import LINKED_TYPES, STATE_LABELS, victim_words

ACTIONS = ("send", "acknowledge", "record_outcome", "close", "stop")
NEXT: dict[str, dict[str, str]] = {
    "drafted": {"send": "sent", "stop": "stopped"},
    "sent": {"acknowledge": "acknowledged"},
    "acknowledged": {"record_outcome": "outcome"},
    "outcome": {"close": "closed"},
    "closed": {},
    "stopped": {},
}
# The audit event of each action.
MOVE_ACTIONS = {
    "send": "referral_sent",
    "acknowledge": "referral_acknowledged",
    "record_outcome": "referral_outcome_recorded",
    "close": "referral_closed",
    "stop": "referral_stopped",
}
# The date column each action sets, and the date it may not come before.
DATE_OF = {
    "send": "sent_at",
    "acknowledge": "acknowledged_at",
    "record_outcome": "outcome_at",
    "close": "closed_at",
    "stop": "stopped_at",
}
AFTER = {"acknowledge": "sent_at", "record_outcome": "acknowledged_at", "close": "outcome_at"}
_DONE = {
    "send": "sent",
    "acknowledge": "acknowledged",
    "record_outcome": "given an outcome",
    "close": "closed",
    "stop": "stopped",
}
_STANDING = {
    "drafted": "is still a draft",
    "sent": "was sent and waits for the partner to acknowledge it",
    "acknowledged": "was acknowledged and waits for its outcome",
    "outcome": "has its outcome and waits to be closed",
    "closed": "is closed",
    "stopped": "was stopped before it was sent",
}
WITHHELD = "[name withheld]"


@dataclass(frozen=True)
class ReferralInput:
    """A referral as the officer drafts it."""

    partner: str = ""
    reason: str = ""
    risk_answers: tuple[str, ...] = ()


@dataclass
class ReferralRow:
    """A referral as the lists and the start page show it."""

    id: uuid.UUID
    person_id: uuid.UUID
    person_label: str
    partner_label: str
    status: str
    status_label: str
    drafted_at: datetime
    sent_at: datetime | None
    acknowledged_at: datetime | None
    officer_name: str
    overdue: bool
    days_waiting: int | None


def refusal(status: str, action: str) -> str:
    """Why ``action`` cannot be taken on a referral in ``status``, in a sentence."""
    allowed = [_DONE[a] for a in NEXT.get(status, {})]
    then = f" It can only be {' or '.join(allowed)}." if allowed else ""
    standing = _STANDING.get(status, "is in no known state")
    return f"This referral {standing}: it cannot be {_DONE[action]}.{then}"


def _partner_entry(lists: ReferenceLists, partner: str) -> dict[str, Any]:
    for entry in lists.entries("referral_partners"):
        if entry.code == partner:
            return dict(entry.extra)
    return {}


def _source_exists(session: Session, from_type: str, from_id: uuid.UUID) -> bool:
    model: Any = {
        "incidents": Incident,
        "notices": FixedPenaltyNotice,
        "session_follow_ups": FollowUp,
    }.get(from_type)
    if model is None:
        return False
    record = session.get(model, from_id)
    return record is not None and record.deleted_at is None


def _values(referral: Referral) -> dict[str, Any]:
    return {c.key: getattr(referral, c.key) for c in Referral.__table__.columns}


def draft_referral(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    from_type: str,
    from_id: uuid.UUID,
    entry: ReferralInput,
) -> Referral:
    """Draft a referral of a person to a partner, from an incident, notice or disclosure;
    refused without the person's consent to that partner."""
    person = changeable_person(session, actor, person_id)
    now = utc_now()
    lists = lists_for(session)
    partner = entry.partner.strip()
    checklist = bool(_partner_entry(lists, partner).get("risk_checklist"))
    answers = list(dict.fromkeys(entry.risk_answers)) if checklist else []
    values: dict[str, Any] = {
        "person_id": person.id,
        "partner": partner,
        "from_type": from_type,
        "from_id": from_id,
        "reason": entry.reason.strip(),
        "risk_answers": answers,
        "risk_score": len(answers) if checklist else None,
        "status": "drafted",
    }
    errors = check_referral(values, lists, now)
    if from_type in LINKED_TYPES and not _source_exists(session, from_type, from_id):
        errors["from_type"] = (
            f"The {LINKED_TYPES[from_type].lower()} it is made from is not in this laptop's "
            "records."
        )
    if not values["reason"]:
        errors["reason"] = "Say why you refer them, in a sentence the partner will read."
    if "partner" not in errors:
        refused = may_refer(session, person.id, partner)
        if refused:
            errors["partner"] = refused
    if errors:
        raise ValidationFailed(errors)
    referral = Referral(**values)
    record_created(
        session,
        actor,
        referral,
        action="referral_drafted",
        details={"partner": partner, "made_from": LINKED_TYPES[from_type]},
    )
    return referral


def _changeable_referral(session: Session, actor: Actor, referral_id: uuid.UUID) -> Referral:
    referral = session.get(Referral, referral_id)
    if referral is None or referral.deleted_at is not None:
        raise NotFound("That referral is not in this laptop's records.")
    changeable_person(session, actor, referral.person_id)
    return referral


def _move(
    session: Session,
    actor: Actor,
    referral_id: uuid.UUID,
    action: str,
    at: datetime | None,
    changes: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> Referral:
    """Take ``action``: the state it leads to, its date, and ``changes``; refused (nothing
    changed) when the referral's state does not allow it or a date is out of order."""
    referral = _changeable_referral(session, actor, referral_id)
    new_status = NEXT.get(referral.status, {}).get(action)
    if new_status is None:
        raise ServiceError(refusal(referral.status, action))
    now = utc_now()
    when = at or now
    errors = dict(errors or {})
    if when > now:
        errors["at"] = "This cannot be in the future."
    earlier = getattr(referral, AFTER[action]) if action in AFTER else None
    if earlier is not None and when < earlier:
        errors["at"] = f"This cannot be before the referral was {_DONE[_step_of(AFTER[action])]}."
    if errors:
        raise ValidationFailed(errors)
    changes = changes | {"status": new_status, DATE_OF[action]: when}
    problems = check_referral(
        _values(referral) | changes,
        lists_for(session).including_retired(),
        now,
        new=False,
    )
    if problems:
        raise ValidationFailed(problems)
    lists = lists_for(session)
    disclosed = action == "send"
    record_updated(
        session,
        actor,
        referral,
        changes,
        action=MOVE_ACTIONS[action],
        at=now,
        audited=not disclosed,
    )
    if disclosed:
        partner = lists.label("referral_partners", referral.partner)
        audit(
            session,
            actor,
            "referral_sent",
            record_type="referrals",
            record_id=referral.id,
            details={"partner": referral.partner, "how": referral.sent_how},
            recipients=[partner],
            record_ids=[referral.id, referral.person_id],
        )
    return referral


def _step_of(column: str) -> str:
    return next(a for a, c in DATE_OF.items() if c == column)


def send_referral(
    session: Session, actor: Actor, referral_id: uuid.UUID, how: str, at: datetime | None = None
) -> Referral:
    """Record that a drafted referral went to the partner, and how; its consent is checked
    again (it may have been withdrawn since it was drafted)."""
    referral = _changeable_referral(session, actor, referral_id)
    errors: dict[str, str] = {}
    if referral.status == "drafted":
        refused = may_refer(session, referral.person_id, referral.partner)
        if refused:
            raise ServiceError(refused)
        if how not in victim_words().sent_how:
            errors["how"] = "Say how it was sent: secure email, the partner's portal, ..."
    return _move(session, actor, referral_id, "send", at, {"sent_how": how}, errors)


def acknowledge_referral(
    session: Session,
    actor: Actor,
    referral_id: uuid.UUID,
    at: datetime | None = None,
    partner_reference: str = "",
) -> Referral:
    """Record that the partner acknowledged the referral, with their reference if they gave one."""
    errors = {}
    if len(partner_reference.strip()) > 60:
        errors["partner_reference"] = "Keep the partner's reference to 60 characters."
    return _move(
        session,
        actor,
        referral_id,
        "acknowledge",
        at,
        {"partner_reference": partner_reference.strip()},
        errors,
    )


def record_outcome(
    session: Session, actor: Actor, referral_id: uuid.UUID, outcome: str, at: datetime | None = None
) -> Referral:
    """Record what the partner did for the person."""
    errors = {}
    if not outcome.strip():
        errors["outcome"] = "Write the outcome the partner gave."
    return _move(
        session, actor, referral_id, "record_outcome", at, {"outcome": outcome.strip()}, errors
    )


def close_referral(
    session: Session, actor: Actor, referral_id: uuid.UUID, at: datetime | None = None
) -> Referral:
    """Close a referral whose outcome is recorded: nothing more is to be done."""
    return _move(session, actor, referral_id, "close", at, {})


def stop_referral(session: Session, actor: Actor, referral_id: uuid.UUID, reason: str) -> Referral:
    """Stop a referral before it is sent, saying why."""
    errors = {}
    if not reason.strip():
        errors["reason"] = "Say why the referral is stopped."
    return _move(session, actor, referral_id, "stop", None, {"stop_reason": reason.strip()}, errors)


def _waiting(referral: Referral, today: date) -> int | None:
    if referral.status != "sent" or referral.sent_at is None:
        return None
    return (today - london_date(referral.sent_at)).days


def _rows(
    session: Session,
    actor: Actor,
    status: str | None,
    overdue_only: bool,
    today: date,
) -> list[ReferralRow]:
    lists = lists_for(session)
    limit = settings_on(session, today).referral_acknowledge_days
    query = (
        select(Referral, Person, User.full_name)
        .join(Person, Person.id == Referral.person_id)
        .outerjoin(User, User.id == Referral.created_by_id)
        .where(
            Referral.deleted_at.is_(None),
            Person.deleted_at.is_(None),
            people_visible(session, actor),
        )
        .order_by(Referral.created_at.desc(), Referral.id)
    )
    if status is not None:
        query = query.where(Referral.status == status)
    if overdue_only:
        query = query.where(Referral.status == "sent")
    rows = []
    for referral, person, officer in session.execute(query):
        waiting = _waiting(referral, today)
        overdue = waiting is not None and waiting > limit
        if overdue_only and not overdue:
            continue
        rows.append(
            ReferralRow(
                id=referral.id,
                person_id=person.id,
                person_label=person.name or person.known_as or "Name not given",
                partner_label=lists.label("referral_partners", referral.partner),
                status=referral.status,
                status_label=STATE_LABELS.get(referral.status, referral.status),
                drafted_at=referral.created_at,
                sent_at=referral.sent_at,
                acknowledged_at=referral.acknowledged_at,
                officer_name=officer or "",
                overdue=overdue,
                days_waiting=waiting,
            )
        )
    return rows


def referrals_list(
    session: Session,
    actor: Actor,
    status: str | None = None,
    overdue_only: bool = False,
    today: date | None = None,
) -> list[ReferralRow]:
    """The referrals of the people ``actor`` may see, newest first; ``status`` and
    ``overdue_only`` narrow it. The listing is a logged consultation (names are shown)."""
    rows = _rows(session, actor, status, overdue_only, today or london_date(utc_now()))
    audit(session, actor, "referrals_listed", details={"found": len(rows)})
    return rows


def overdue_referrals(session: Session, actor: Actor, today: date) -> list[ReferralRow]:
    """Referrals sent and not acknowledged after ``referrals.acknowledge_days``, the longest
    waiting first (the start page's box: not logged on each showing, as the follow-ups box)."""
    rows = _rows(session, actor, "sent", True, today)
    rows.sort(key=lambda r: (-(r.days_waiting or 0), str(r.id)))
    return rows


# The referral pack ----------------------------------------------------------------------


def _day(at: datetime | date) -> str:
    day = london_date(at) if isinstance(at, datetime) else at
    return f"{day.day} {day:%B %Y}"


def withhold_names(text: str, names: list[str], keep: str) -> str:
    """``text`` with every other person's name (whole, or any word of it of three letters or
    more that is not also in ``keep``) replaced by "[name withheld]"."""
    kept = {w.casefold() for w in re.findall(r"\w+", keep)}
    names = [n.strip() for n in names if n.strip() and fold(n) != fold(keep)]
    for name in sorted(set(names), key=len, reverse=True):
        text = re.sub(rf"(?i)\b{re.escape(name)}\b", WITHHELD, text)
    for name in names:
        for word in re.findall(r"\w{3,}", name):
            if word.casefold() not in kept:
                text = re.sub(rf"(?i)\b{re.escape(word)}\b", WITHHELD, text)
    return re.sub(rf"(?:{re.escape(WITHHELD)}\s+)+{re.escape(WITHHELD)}", WITHHELD, text)


@dataclass
class _Source:
    source: str
    occurred_at: datetime | None
    place: str
    ward: str
    hostilities: tuple[str, ...]
    account: str
    reported_to_police: bool
    crime_reference: str


def _others_named(session: Session, referral: Referral) -> list[str]:
    """Names of the other people linked to the record the referral was made from."""
    query = (
        select(Person.name, Person.known_as)
        .join(PersonLink, PersonLink.person_id == Person.id)
        .where(
            PersonLink.record_type == referral.from_type,
            PersonLink.record_id == referral.from_id,
            Person.id != referral.person_id,
        )
    )
    return [n for name, known_as in session.execute(query) for n in (name, known_as) if n]


def _source(session: Session, referral: Referral, person: Person, lists: ReferenceLists) -> _Source:
    others = _others_named(session, referral)
    keep = person.name

    def hostility(codes: list[str]) -> tuple[str, ...]:
        return tuple(lists.label("hostilities", c) for c in codes)

    if referral.from_type == "incidents":
        incident = session.get(Incident, referral.from_id)
        if incident is not None:
            return _Source(
                f"Incident recorded {_day(incident.created_at)}",
                incident.occurred_at,
                incident.place,
                incident.ward,
                hostility(incident.hostilities),
                withhold_names(incident.account, others, keep),
                incident.reported_to_police,
                incident.crime_reference,
            )
    if referral.from_type == "notices":
        notice = session.get(FixedPenaltyNotice, referral.from_id)
        if notice is not None:
            if notice.number:
                source = f"Fixed penalty notice {notice.number}"
            elif notice.kind is NoticeKind.WARNING:
                source = f"Warning of {_day(notice.offence_at)}"
            else:
                source = f"Referral to the police of {_day(notice.offence_at)}"
            named = [notice.recipient_name, *others]
            named += [str(p.get("name") or "") for p in notice.people]
            return _Source(
                source,
                notice.offence_at,
                notice.place,
                notice.ward,
                hostility(notice.hostilities),
                withhold_names(notice.circumstances, named, keep),
                False,
                "",
            )
    if referral.from_type == "session_follow_ups":
        follow_up = session.get(FollowUp, referral.from_id)
        parent = session.get(EngagementSession, follow_up.session_id) if follow_up else None
        if follow_up is not None and parent is not None:
            return _Source(
                f"Disclosure at a session on {_day(parent.session_date)}",
                datetime.combine(parent.session_date, parent.start_time, tzinfo=LONDON),
                parent.venue,
                parent.ward,
                (),
                withhold_names(follow_up.description, others, keep),
                False,
                "",
            )
    return _Source("Record not on this laptop", None, "", "", (), "", False, "")


def _role(session: Session, referral: Referral) -> str:
    role = session.scalar(
        select(PersonLink.role).where(
            PersonLink.person_id == referral.person_id,
            PersonLink.record_type == referral.from_type,
            PersonLink.record_id == referral.from_id,
            PersonLink.deleted_at.is_(None),
        )
    )
    return victim_words().person_roles.get(role or "", "")


def _consents(
    session: Session, person_id: uuid.UUID, lists: ReferenceLists, partner: str
) -> tuple[PackConsent, ...]:
    """The consents that concern this partner: contact, sharing with the police, and referral
    to this partner (consent to other partners is none of this partner's business)."""
    words = victim_words()
    order = list(words.consent_purposes)
    current = sorted(
        (
            c
            for c in current_consents(session, person_id).values()
            if c.purpose != "referral" or c.partner == partner
        ),
        key=lambda c: (order.index(c.purpose) if c.purpose in order else 99, c.partner),
    )
    return tuple(
        PackConsent(
            purpose=(
                f"Referral to {lists.label('referral_partners', c.partner)}"
                if c.purpose == "referral"
                else words.consent_purposes.get(c.purpose, c.purpose)
            ),
            given=c.given,
            recorded_at=c.recorded_at,
            recorded_by=c.recorded_by_name,
            method=words.consent_methods.get(c.method, c.method),
        )
        for c in current
    )


def referral_pack(
    session: Session,
    actor: Actor,
    referral_id: uuid.UUID,
    printed_at: datetime | None = None,
) -> ReferralPack:
    """The pack of one referral: the person referred, what happened, why, their consents and
    the risk checklist. It names nobody else. Audited as a disclosure to the partner."""
    referral = session.get(Referral, referral_id)
    if referral is None or referral.deleted_at is not None:
        raise NotFound("That referral is not in this laptop's records.")
    person = visible_person(session, actor, referral.person_id)
    lists = lists_for(session)
    words = victim_words()
    source = _source(session, referral, person, lists)
    officer = session.get(User, referral.created_by_id) if referral.created_by_id else None
    council = settings_on(session).council
    risk = None
    if _partner_entry(lists, referral.partner).get("risk_checklist"):
        answered = set(referral.risk_answers)
        risk = PackRisk(
            answers=tuple((q, code in answered) for code, q in words.risk_checklist.items()),
            score=referral.risk_score if referral.risk_score is not None else len(answered),
            high_score=words.risk_high_score,
        )
    partner = lists.label("referral_partners", referral.partner)
    pack = ReferralPack(
        referral_id=referral.id,
        reference=f"RF-{referral.id.hex[-8:].upper()}",
        partner=partner,
        status=STATE_LABELS.get(referral.status, referral.status),
        drafted_at=referral.created_at,
        sent_at=referral.sent_at,
        sent_how=words.sent_how.get(referral.sent_how, ""),
        officer_name=officer.full_name if officer else "",
        council_team=f"{council.get('team', '')}, {council.get('council_name', '')}, "
        f"{council.get('phone', '')}".strip(", "),
        person_name=person.name,
        known_as=person.known_as,
        role=_role(session, referral),
        date_of_birth=person.date_of_birth,
        phone=person.phone,
        email=person.email,
        address=person.address,
        postcode=person.postcode,
        contact_preference=words.contact_preferences.get(person.contact_preference, ""),
        contact_notes=person.contact_notes,
        source=source.source,
        occurred_at=source.occurred_at,
        place=source.place,
        ward=source.ward,
        hostilities=source.hostilities,
        account=source.account,
        reported_to_police=source.reported_to_police,
        crime_reference=source.crime_reference,
        reason=referral.reason,
        consents=_consents(session, person.id, lists, referral.partner),
        risk=risk,
        printed_at=printed_at,
    )
    audit(
        session,
        actor,
        "referral_pack_printed",
        record_type="referrals",
        record_id=referral.id,
        details={"partner": referral.partner},
        recipients=[partner],
        record_ids=[referral.id, person.id],
    )
    return pack
