"""The words of victims' records, shipped in resources/reference/victims.json: incident kinds,
a person's parts, consent purposes and methods, how a referral is sent, the risk checklist.

Referral partners themselves are a reference list (``referral_partners``) an administrator
keeps; the file gives its defaults. No Qt, no store: the laptop and the server read this.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from hfhate.resource_files import read_text

REFERRAL_STATES = ("drafted", "sent", "acknowledged", "outcome", "closed", "stopped")
STATE_LABELS = {
    "drafted": "Drafted",
    "sent": "Sent",
    "acknowledged": "Acknowledged",
    "outcome": "Outcome recorded",
    "closed": "Closed",
    "stopped": "Stopped before sending",
}
LINKED_TYPES = {
    "incidents": "Incident",
    "notices": "Warning or notice",
    "session_follow_ups": "Disclosure at a session",
}
SATISFACTION = range(1, 6)  # 1 very dissatisfied .. 5 very satisfied


@dataclass(frozen=True)
class VictimWords:
    """Code -> words of each of the file's lists, in the order people expect."""

    incident_kinds: dict[str, str]
    how_known: dict[str, str]
    person_roles: dict[str, str]
    consent_purposes: dict[str, str]
    consent_methods: dict[str, str]
    contact_preferences: dict[str, str]
    sent_how: dict[str, str]
    felt_listened_to: dict[str, str]
    feedback_sources: dict[str, str]
    risk_checklist: dict[str, str]
    risk_high_score: int


@cache
def victim_words() -> VictimWords:
    """The file's lists, read once per process."""
    data = json.loads(read_text("reference", "victims.json"))
    return VictimWords(
        **{
            name: data[name]
            for name in VictimWords.__dataclass_fields__
            if name != "risk_high_score"
        },
        risk_high_score=int(data["risk_high_score"]),
    )
