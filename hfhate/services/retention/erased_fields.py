"""What an erasure blanks, record type by record type (wire names, values the same on the
laptop and the server), and what it keeps for statistics.

A notice keeps its kind, number, status, dates, ward, place, prohibition, hostilities, the age
band and amounts; it loses the recipient's name, date of birth, address, postcode, identity
document and description, the circumstances, the victims and witnesses, the body-worn video
reference and a supervisor's override reason. A timeline entry keeps its action, moves and
date and loses its reason and any detail but the plain facts of a payment or a reminder. A
photo row keeps its hash and size (its file is deleted) and loses its original file name. A
register entry keeps the attendee's role and organisation and loses the name; a follow-up
keeps its kind, category, referral and dates and loses its description and outcome.

Victims' records: an incident keeps its kind, how it became known, when it occurred, the
ward, the hostilities and whether it was reported to the police, and loses the account, the
place, the postcode and the crime reference. A person (victim, witness or someone who
disclosed) loses their name, how they were known, date of birth, phone, email, address,
postcode, contact preference and contact notes. Erased with them, in the same transaction:
their consents (keeping purpose, partner, given or withdrawn, when and how; losing the note
and who recorded it), their referrals (keeping partner, status, dates and risk score; losing
the reason, the risk answers, the partner's reference, the outcome and why it was stopped),
their links to records (nothing to blank: the role and the record) and their feedback
(keeping the scores, losing the comments). Only the incident and the person carry
``erased_at``; their consents, referrals, links and feedback are erased with the person and
its ``erased_at`` says when (``UNMARKED``: they have no column for it).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hfhate.clock import london_date

BLANKS: Mapping[str, Mapping[str, Any]] = {
    "notices": {
        "recipient_name": "",
        "recipient_date_of_birth": None,
        "recipient_address": "",
        "recipient_postcode": "",
        "identity_document": None,
        "recipient_description": "",
        "circumstances": "",
        "people": [],
        "body_worn_video": "",
        "override_reason": None,
    },
    "notice_events": {"reason": ""},
    "evidence_photos": {"original_name": ""},
    "engagement_sessions": {},
    "session_register": {"name": "", "name_key": ""},
    "session_follow_ups": {"description": "", "outcome": ""},
    "incidents": {"account": "", "place": "", "postcode": "", "crime_reference": ""},
    "people": {
        "name": "",
        "known_as": "",
        "date_of_birth": None,
        "phone": "",
        "email": "",
        "address": "",
        "postcode": "",
        "contact_preference": "",
        "contact_notes": "",
    },
    "person_links": {},
    "consents": {"note": "", "recorded_by_name": ""},
    "referrals": {
        "reason": "",
        "risk_answers": [],
        "partner_reference": "",
        "outcome": "",
        "stop_reason": "",
    },
    "victim_feedback": {"comments": ""},
}
# Erased with their person, whose ``erased_at`` says when: no marker of their own.
UNMARKED = frozenset({"person_links", "consents", "referrals", "victim_feedback"})
# Timeline details that are facts about money and letters, not about a person: kept.
KEPT_EVENT_DETAILS = frozenset({"paid_on", "amount_pence", "method", "posted_on", "pay_by"})
KEPT_EVENT_DETAILS_CATEGORY = "category"  # a write-off's category (time_barred), a code


def event_details_kept(details: Mapping[str, Any]) -> dict[str, Any]:
    """The details of a timeline entry an erasure keeps (no text anyone typed about a person)."""
    kept = {k: v for k, v in details.items() if k in KEPT_EVENT_DETAILS}
    category = details.get(KEPT_EVENT_DETAILS_CATEGORY)
    if isinstance(category, str) and category.isidentifier():
        kept[KEPT_EVENT_DETAILS_CATEGORY] = category
    return kept


def erased_wire_fields(
    record_type: str, fields: Mapping[str, Any], erased_at: str
) -> dict[str, Any]:
    """``fields`` (a record's wire fields) with its personal data blanked and the marker set
    (on a type that has one)."""
    # A photo erased before its notice keeps the date it was erased.
    out = dict(fields) | dict(BLANKS[record_type])
    if record_type not in UNMARKED:
        out["erased_at"] = fields.get("erased_at") or erased_at
    if record_type == "notice_events":
        out["details"] = event_details_kept(fields.get("details") or {})
    return out


def erased_note(erased_at: datetime) -> str:
    """What the detail and print views show in place of an erased value."""
    return f"Personal data erased on {london_date(erased_at):%d %B %Y} under the retention schedule"
