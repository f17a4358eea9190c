"""What an incident, person, link, consent, referral or feedback must hold to stand.

Each check takes a record's column values (``Mapping``) and answers one plain message per
field that cannot stand; empty when it may. The laptop's services run them before writing,
and the server runs the same ones on every pushed record (``records.victim_checks``), with
the reference lists in force there. No Qt, no store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hfhate.clock import london_date
from hfhate.models import Consent, Incident, Person, Referral, VictimFeedback
from hfhate.services.reference_lists import ReferenceLists
from hfhate.services.text_rules import (
    column_limit,
    length_problem,
    symbols_problem,
)
from hfhate.services.victims.words import LINKED_TYPES, REFERRAL_STATES, victim_words

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ()-]{6,40}$")


def _text(values: Mapping[str, Any], name: str) -> str:
    return str(values.get(name) or "").strip()


def _texts(model: Any, values: Mapping[str, Any], errors: dict[str, str]) -> dict[str, str]:
    """``errors`` with, for each text field not already refused, a length over its column's
    limit or emoji and control characters (nothing is cut off, nothing unprintable kept)."""
    for column in model.__table__.columns:
        value = values.get(column.key)
        if column.key in errors or not isinstance(value, str) or not value:
            continue
        problem = length_problem(value, column_limit(model, column.key)) or symbols_problem(
            value, "This"
        )
        if problem:
            errors[column.key] = problem
    return errors


def _after(at: Any, now: datetime) -> bool:
    return isinstance(at, datetime) and at > now


def check_incident(
    values: Mapping[str, Any], lists: ReferenceLists, now: datetime, *, new: bool = True
) -> dict[str, str]:
    """An incident: what kind, how known, when, where, what happened, the categories."""
    words = victim_words()
    errors: dict[str, str] = {}
    if values.get("kind") not in words.incident_kinds:
        errors["kind"] = "Choose whether it is a hate crime or a hate incident."
    if values.get("how_known") not in words.how_known:
        errors["how_known"] = "Choose whether it was disclosed to you or you witnessed it."
    occurred = values.get("occurred_at")
    if not isinstance(occurred, datetime):
        errors["occurred_at"] = "Enter when it happened."
    elif _after(occurred, now):
        errors["occurred_at"] = "It cannot have happened in the future: check the date and time."
    if not _text(values, "place"):
        errors["place"] = "Enter where it happened (a street, a building or a landmark)."
    ward = _text(values, "ward")
    wards = lists.choosable("wards") if new else {e.code: e.label for e in lists.entries("wards")}
    if ward not in wards:
        errors["ward"] = "Choose the ward it happened in."
    hostilities = values.get("hostilities") or []
    known = {e.code for e in lists.entries("hostilities")}
    if not hostilities:
        errors["hostilities"] = "Choose at least one hostility category."
    elif any(h not in known for h in hostilities):
        errors["hostilities"] = (
            "One of the categories chosen is no longer in the list: choose again."
        )
    if len(_text(values, "account").split()) < 3:
        errors["account"] = (
            "Write what happened (a few words at least), in the person's words where you can."
        )
    if values.get("reported_to_police") and not _text(values, "crime_reference"):
        errors["crime_reference"] = (
            "Enter the police crime reference, or untick 'reported to the police'."
        )
    return _texts(Incident, values, errors)


def check_person(values: Mapping[str, Any], today: date) -> dict[str, str]:
    """A person: a name or a description to tell them apart, and contact details that work."""
    words = victim_words()
    errors: dict[str, str] = {}
    if not _text(values, "name") and not _text(values, "known_as"):
        errors["name"] = "Enter their name, or if they gave none, a description to know them by."
    elif problem := symbols_problem(_text(values, "name")):
        # As a notice holds its victims' and witnesses' names: "Sam (café owner)" may stand.
        errors["name"] = problem
    born = values.get("date_of_birth")
    if isinstance(born, date) and (born > today or born.year < today.year - 120):
        errors["date_of_birth"] = "Enter a date of birth in the past (within 120 years)."
    phone = _text(values, "phone")
    if phone and not PHONE.match(phone):
        errors["phone"] = "Enter a phone number of digits and spaces, like 07700 900123."
    email = _text(values, "email")
    if email and not EMAIL.match(email):
        errors["email"] = "Enter an email address like name@example.org."
    preference = _text(values, "contact_preference")
    if preference and preference not in words.contact_preferences:
        errors["contact_preference"] = "Choose how they would like to be contacted."
    elif preference == "phone" and not phone:
        errors["phone"] = "They prefer a phone call: enter their number."
    elif preference == "email" and not email:
        errors["email"] = "They prefer email: enter their address."
    elif preference == "post" and not _text(values, "address"):
        errors["address"] = "They prefer post: enter their address."
    return _texts(Person, values, errors)


def check_link(values: Mapping[str, Any]) -> dict[str, str]:
    """A person's part in a record."""
    errors: dict[str, str] = {}
    if values.get("role") not in victim_words().person_roles:
        errors["role"] = "Choose their part: victim, witness, made a disclosure or perpetrator."
    if values.get("record_type") not in LINKED_TYPES:
        errors["record_type"] = "A person is linked to an incident, a notice or a disclosure."
    return errors


def check_consent(
    values: Mapping[str, Any], lists: ReferenceLists, now: datetime
) -> dict[str, str]:
    """One consent given or withdrawn: its purpose, the partner for a referral, how, when."""
    words = victim_words()
    errors: dict[str, str] = {}
    purpose = values.get("purpose")
    partner = _text(values, "partner")
    if purpose not in words.consent_purposes:
        errors["purpose"] = "Choose what the consent is for."
    elif purpose == "referral" and not lists.known("referral_partners", partner):
        errors["partner"] = "Choose the partner the person agrees to be referred to."
    elif purpose != "referral" and partner:
        errors["partner"] = "Only a referral's consent names a partner."
    if not isinstance(values.get("given"), bool):
        errors["given"] = "Say whether they agree or not."
    if values.get("method") not in words.consent_methods:
        errors["method"] = "Choose how they told you: in person, by phone, on a form or by email."
    recorded = values.get("recorded_at")
    if not isinstance(recorded, datetime):
        errors["recorded_at"] = "Say when they told you."
    elif _after(recorded, now):
        errors["recorded_at"] = "Consent cannot be recorded for a time still to come."
    if not _text(values, "recorded_by_name"):
        errors["recorded_by_name"] = "Say who recorded it."
    return _texts(Consent, values, errors)


def check_referral(
    values: Mapping[str, Any], lists: ReferenceLists, now: datetime, *, new: bool = True
) -> dict[str, str]:
    """A referral: a partner in the list, where it came from, and a state its dates agree with."""
    words = victim_words()
    errors: dict[str, str] = {}
    partner = _text(values, "partner")
    partners = (
        lists.choosable("referral_partners")
        if new
        else {e.code: e.label for e in lists.entries("referral_partners")}
    )
    if partner not in partners:
        errors["partner"] = "Choose a partner from the list."
    if values.get("from_type") not in LINKED_TYPES:
        errors["from_type"] = "A referral is made from an incident, a notice or a disclosure."
    status = values.get("status")
    if status not in REFERRAL_STATES:
        errors["status"] = (
            "The referral's state must be drafted, sent, acknowledged, outcome recorded, "
            "closed or stopped before sending."
        )
        return errors
    reached = REFERRAL_STATES.index(status) if status != "stopped" else 0
    for name, step, message in (
        ("sent_at", 1, "Say when the referral was sent."),
        ("acknowledged_at", 2, "Say when the partner acknowledged it."),
        ("outcome_at", 3, "Say when the outcome was given."),
        ("closed_at", 4, "Say when it was closed."),
    ):
        at = values.get(name)
        if reached >= step and not isinstance(at, datetime):
            errors[name] = message
        elif reached < step and at is not None:
            errors[name] = "This date is for a step the referral has not reached yet."
        elif _after(at, now):
            errors[name] = "This cannot be in the future."
    if reached >= 1 and values.get("sent_how") not in words.sent_how:
        errors["sent_how"] = "Say how it was sent."
    if reached >= 3 and not _text(values, "outcome"):
        errors["outcome"] = "Write the outcome the partner gave."
    if status == "stopped" and (
        values.get("stopped_at") is None or not _text(values, "stop_reason")
    ):
        errors["stop_reason"] = "Say why the referral was stopped."
    answers = values.get("risk_answers") or []
    if any(a not in words.risk_checklist for a in answers):
        errors["risk_answers"] = "A risk answer is not one of the checklist's questions."
    score = values.get("risk_score")
    if score is not None and score != len(answers):
        errors["risk_score"] = "The risk score must be the number of questions answered yes."
    return _texts(Referral, values, errors)


def check_feedback(values: Mapping[str, Any], today: date) -> dict[str, str]:
    """Feedback after support: when, from whom, how satisfied, whether they felt listened to."""
    words = victim_words()
    errors: dict[str, str] = {}
    received = values.get("received_on")
    if not isinstance(received, date):
        errors["received_on"] = "Enter the date the feedback was given."
    elif received > today:
        errors["received_on"] = "The date cannot be in the future."
    if values.get("source") not in words.feedback_sources:
        errors["source"] = "Say whether an officer took it or it came on a paper form."
    if values.get("satisfaction") not in range(1, 6):
        errors["satisfaction"] = (
            "Choose how satisfied they were, from 1 (very dissatisfied) to 5 (very satisfied)."
        )
    if values.get("felt_listened_to") not in words.felt_listened_to:
        errors["felt_listened_to"] = "Choose whether they felt listened to: yes, partly or no."
    return _texts(VictimFeedback, values, errors)


@dataclass(frozen=True)
class LatestConsent:
    """The latest consent recorded for one purpose and partner: given or withdrawn, and when."""

    given: bool
    recorded_at: datetime | None


def is_police(lists: ReferenceLists, partner: str) -> bool:
    """Whether referring to ``partner`` shares the account with the police."""
    return any(
        e.code == partner and bool(e.extra.get("police"))
        for e in lists.entries("referral_partners")
    )


def referral_refused(
    latest: Mapping[tuple[str, str], LatestConsent], lists: ReferenceLists, partner: str
) -> str | None:
    """None when the person's latest consents (``(purpose, partner)`` -> the latest) allow a
    referral to ``partner``; else why not. The one rule the laptop and the server apply: the
    latest consent to this partner given, and for a partner that shares the account with the
    police, the latest consent to sharing with the police given too."""
    label = lists.label("referral_partners", partner)
    consent = latest.get(("referral", partner))
    if consent is None:
        return f"No consent to a referral to {label} is recorded for this person."
    if not consent.given:
        return f"They withdrew their consent to a referral to {label} on {_day(consent)}."
    if is_police(lists, partner):
        police = latest.get(("police", ""))
        if police is None:
            return (
                f"A referral to {label} shares their account with the police: record their "
                "consent to sharing with the police first."
            )
        if not police.given:
            return f"They withdrew their consent to sharing with the police on {_day(police)}."
    return None


def _day(consent: LatestConsent) -> str:
    if consent.recorded_at is None:
        return "a day not recorded"
    day = london_date(consent.recorded_at)
    return f"{day.day} {day:%B %Y}"
