"""Consent per purpose: recorded as given, never edited; the latest for a purpose decides.

A person agrees (or not) to be contacted by the council, to have their account shared with
the police, and to be referred to each partner. A withdrawal is a new row saying no: it stops,
in the same transaction, every referral it covers that has not been sent yet (one already sent
stays as it is: the partner has it). A referral needs the person's consent to that partner,
and one to the police needs their consent to share with the police as well.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import Consent, Person, Referral, utc_now
from hfhate.services.actor import Actor
from hfhate.services.changes import record_created, record_updated
from hfhate.services.errors import ValidationFailed
from hfhate.services.reference_lists import ReferenceLists, lists_for
from hfhate.services.victims.access import changeable_person
from hfhate.services.victims.rules import LatestConsent, check_consent, is_police, referral_refused


def current_consents(session: Session, person_id: uuid.UUID) -> dict[tuple[str, str], Consent]:
    """(purpose, partner) -> the latest consent recorded for it (partner "" but for
    referrals)."""
    rows = session.scalars(
        select(Consent)
        .where(Consent.person_id == person_id, Consent.deleted_at.is_(None))
        .order_by(Consent.recorded_at, Consent.created_at)
    )
    return {(row.purpose, row.partner): row for row in rows}


def _day(at: datetime) -> str:
    day = london_date(at)
    return f"{day.day} {day:%B %Y}"


def may_refer(session: Session, person_id: uuid.UUID, partner: str) -> str | None:
    """None when the person's consent allows a referral to ``partner``; else why not."""
    latest = {
        key: LatestConsent(consent.given, consent.recorded_at)
        for key, consent in current_consents(session, person_id).items()
    }
    return referral_refused(latest, lists_for(session), partner)


def covered_by(lists: ReferenceLists, purpose: str, partner: str, referral: Referral) -> bool:
    """Whether a withdrawal for (purpose, partner) takes away a referral's consent."""
    if purpose == "referral":
        return referral.partner == partner
    if purpose == "police":
        return is_police(lists, referral.partner)
    return False


def record_consent(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    purpose: str,
    given: bool,
    method: str,
    partner: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Consent:
    """Record a consent given or withdrawn; a withdrawal stops the drafted referrals it covers."""
    person: Person = changeable_person(session, actor, person_id)
    now = utc_now()
    lists = lists_for(session)
    values = {
        "person_id": person.id,
        "purpose": purpose,
        "partner": partner.strip(),
        "given": given,
        "recorded_at": at or now,
        "recorded_by_name": actor.full_name,
        "method": method,
        "note": note.strip(),
    }
    errors = check_consent(values, lists, now)
    if errors:
        raise ValidationFailed(errors)
    consent = Consent(**values)
    record_created(
        session,
        actor,
        consent,
        action="consent_recorded" if given else "consent_withdrawn",
        details={"purpose": purpose, "partner": consent.partner},
    )
    if not given:
        stop_covered(session, actor, person.id, consent, lists)
    return consent


def stop_covered(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    withdrawal: Consent,
    lists: ReferenceLists,
) -> list[Referral]:
    """Stop the person's drafted referrals that ``withdrawal`` takes consent from."""
    drafted = session.scalars(
        select(Referral).where(
            Referral.person_id == person_id,
            Referral.status == "drafted",
            Referral.deleted_at.is_(None),
        )
    )
    stopped = []
    reason = f"Consent withdrawn on {_day(withdrawal.recorded_at)}"
    for referral in drafted:
        if covered_by(lists, withdrawal.purpose, withdrawal.partner, referral):
            record_updated(
                session,
                actor,
                referral,
                {"status": "stopped", "stopped_at": utc_now(), "stop_reason": reason},
                action="referral_stopped",
                details={"consent_withdrawn": True},
            )
            stopped.append(referral)
    return stopped
