"""What the victims' records give a requester: their own person record (particulars, the
records they are linked to, what they agreed to, their referrals), and an incident, referral or
feedback whose text names them, with every other person's name withheld.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import Consent, Incident, Person, PersonLink, Referral, VictimFeedback
from hfhate.printing.subject_access_pdf import ReplyItem
from hfhate.services.reference_lists import lists_for
from hfhate.services.subject_access.reply_redaction import redact
from hfhate.services.subject_access.scoring import Hit
from hfhate.services.victims.people import describe_link
from hfhate.services.victims.words import STATE_LABELS, victim_words

VICTIM_TYPES = frozenset({"people", "incidents", "referrals", "victim_feedback"})


def victim_reply_item(session: Session, hit: Hit, requester_name: str) -> ReplyItem:
    """The item of a hit on one of ``VICTIM_TYPES``."""
    if hit.record_type == "people":
        person = session.get(Person, hit.record_id)
        assert person is not None
        return _person_item(session, hit, person)
    if hit.record_type == "incidents":
        incident = session.get(Incident, hit.record_id)
        assert incident is not None
        others = _linked_names(session, "incidents", incident.id)
        fields: tuple[tuple[str, str], ...] = (
            ("Date", f"{london_date(incident.occurred_at):%d %B %Y}"),
            ("Ward", incident.ward),
            ("What was recorded", redact(incident.account, [requester_name], others)),
        )
        return ReplyItem(hit.key, hit.where, fields)
    if hit.record_type == "referrals":
        referral = session.get(Referral, hit.record_id)
        assert referral is not None
        others = [_name_of(session, referral.person_id)]
        fields = (
            ("Referred to", _partner(session, referral.partner)),
            ("Status", STATE_LABELS.get(referral.status, referral.status)),
            ("Reason", redact(referral.reason, [requester_name], others) or "-"),
            ("Outcome", redact(referral.outcome, [requester_name], others) or "-"),
        )
        return ReplyItem(hit.key, hit.where, fields)
    feedback = session.get(VictimFeedback, hit.record_id)
    assert feedback is not None
    others = [_name_of(session, feedback.person_id)] if feedback.person_id else []
    fields = (
        ("Received", f"{feedback.received_on:%d %B %Y}"),
        ("Comments", redact(feedback.comments, [requester_name], others)),
    )
    return ReplyItem(hit.key, hit.where, fields)


def _person_item(session: Session, hit: Hit, person: Person) -> ReplyItem:
    words = victim_words()
    links = session.scalars(
        select(PersonLink).where(PersonLink.person_id == person.id, PersonLink.deleted_at.is_(None))
    ).all()
    linked = [
        f"{words.person_roles.get(link.role, link.role)}: {describe_link(session, link).title}"
        for link in links
    ]
    consents = session.scalars(
        select(Consent)
        .where(Consent.person_id == person.id, Consent.deleted_at.is_(None))
        .order_by(Consent.recorded_at.desc())
    ).all()
    agreed = [
        f"{_purpose(session, consent)}: {'given' if consent.given else 'not given or withdrawn'}"
        f" on {london_date(consent.recorded_at):%d %B %Y}"
        f" ({words.consent_methods.get(consent.method, consent.method)})"
        for consent in consents
    ]
    referrals = session.scalars(
        select(Referral).where(Referral.person_id == person.id, Referral.deleted_at.is_(None))
    ).all()
    referred = [
        f"{_partner(session, referral.partner)}: "
        f"{STATE_LABELS.get(referral.status, referral.status).lower()}"
        + (f", sent {london_date(referral.sent_at):%d %B %Y}" if referral.sent_at else "")
        for referral in referrals
    ]
    fields = (
        ("Your name", person.name or "-"),
        ("Known as", person.known_as or "-"),
        ("Your date of birth", f"{person.date_of_birth:%d %B %Y}" if person.date_of_birth else "-"),
        ("Your phone", person.phone or "-"),
        ("Your email", person.email or "-"),
        ("Your address", person.address or "-"),
        ("Your postcode", person.postcode or "-"),
        (
            "How you prefer to be contacted",
            words.contact_preferences.get(person.contact_preference, "-"),
        ),
        ("Notes on contacting you", person.contact_notes or "-"),
        ("Records you are part of", _lines(linked)),
        ("What you agreed to", _lines(agreed)),
        ("Referrals made for you", _lines(referred)),
    )
    return ReplyItem(hit.key, "Your record as a victim or witness", fields)


def _lines(lines: Iterable[str]) -> str:
    return "\n".join(lines) or "none"


def _purpose(session: Session, consent: Consent) -> str:
    purpose = victim_words().consent_purposes.get(consent.purpose, consent.purpose)
    return f"{purpose} ({_partner(session, consent.partner)})" if consent.partner else purpose


def _partner(session: Session, code: str) -> str:
    return lists_for(session).label("referral_partners", code)


def _name_of(session: Session, person_id: object) -> str:
    person = session.get(Person, person_id)
    return person.name if person is not None else ""


def _linked_names(session: Session, record_type: str, record_id: object) -> list[str]:
    """The names of everyone linked to the record (the requester's own is kept by redact)."""
    return list(
        session.scalars(
            select(Person.name)
            .join(PersonLink, PersonLink.person_id == Person.id)
            .where(PersonLink.record_type == record_type, PersonLink.record_id == record_id)
        )
    )
