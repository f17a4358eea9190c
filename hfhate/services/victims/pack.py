"""What a referral pack says: everything a partner needs so they never have to ask again.

Built by the referrals service from the store (``referral_pack`` in
``services.victims.referrals``) and drawn by ``printing.referral_pack_pdf``. It holds the
particulars of the one person referred and nobody else's: the account is the one recorded
with their incident, notice or disclosure, and other victims, witnesses and the recipient of
a notice are never named in it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class PackConsent:
    """One purpose, as the latest consent recorded for it stands."""

    purpose: str  # in words: "Referral to Stop Hate UK", "Contact by the council"
    given: bool
    recorded_at: datetime
    recorded_by: str
    method: str  # in words: "In person"


@dataclass(frozen=True)
class PackRisk:
    """The risk checklist (Community MARAC referrals): each question and its answer."""

    answers: tuple[tuple[str, bool], ...]  # (question, answered yes)
    score: int
    high_score: int  # the score from which the risk is high

    @property
    def high(self) -> bool:
        return self.score >= self.high_score


@dataclass(frozen=True)
class ReferralPack:
    """One referral's pack, as printed."""

    referral_id: uuid.UUID
    reference: str  # a short reference the partner can quote back ("RF-1A2B3C4D")
    partner: str  # the partner's name, as in the list
    status: str  # in words
    drafted_at: datetime
    sent_at: datetime | None
    sent_how: str  # in words, "" until sent
    officer_name: str  # who made the referral
    council_team: str  # who to reply to
    # The person referred.
    person_name: str  # "" when they gave none (then ``known_as``)
    known_as: str
    role: str  # in words: "Victim"
    date_of_birth: date | None
    phone: str
    email: str
    address: str
    postcode: str
    contact_preference: str  # in words
    contact_notes: str
    # What happened, as recorded with the record the referral was made from.
    source: str  # "Incident recorded 3 March 2026", "Fixed penalty notice HF-...", ...
    occurred_at: datetime | None
    place: str
    ward: str
    hostilities: tuple[str, ...]  # in words
    account: str
    reported_to_police: bool
    crime_reference: str
    reason: str  # why the officer refers them
    consents: tuple[PackConsent, ...] = field(default_factory=tuple)
    risk: PackRisk | None = None
    printed_at: datetime | None = None
