"""What the server checks of a victim's record against the records it holds.

A link must point at an incident, notice or disclosure the server holds; a referral at the
record it was made from, and a referral made or sent needs the person's consent to the
partner as the server holds it (the latest consent for the partner given; for a partner
that shares the account with the police, the latest consent to sharing with the police
given too), the same rule the laptop's services apply (``services.victims.consent``).
Feedback names a person or referral the server holds. Each runs only where ``held`` is known
(the server's push, ``server.rules``), with the records saved earlier in the same push seen:
a consent sent just before the referral it allows counts.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hfhate.records.checking import CheckedRecord, Held
from hfhate.records.codec import uuid_or_none
from hfhate.services.reference_lists import ReferenceLists, shipped_lists
from hfhate.services.victims.rules import LatestConsent, referral_refused
from hfhate.services.victims.words import LINKED_TYPES

# The states a referral reaches once it was sent: moving into one of them is sending it.
SENT_STATES = frozenset({"sent", "acknowledged", "outcome", "closed"})
# The record a referral or feedback may name, by field: its type and what it is called.
_NAMED = {"person_id": ("people", "person"), "referral_id": ("referrals", "referral")}


def _points_at(held: Held, record_type: Any, record_id: Any) -> bool:
    target = uuid_or_none(record_id)
    return (
        record_type in LINKED_TYPES
        and target is not None
        and held.record(str(record_type), target) is not None
    )


def _moved(record: CheckedRecord, *fields: str) -> bool:
    """Whether the change makes the record or changes one of ``fields``."""
    return record.operation == "create" or bool(record.changed & set(fields))


def check_link_held(record: CheckedRecord) -> dict[str, str]:
    """A person's link points at a record of the named type the server holds."""
    held, values = record.held, record.values
    if held is None or not _moved(record, "record_type", "record_id"):
        return {}
    if _points_at(held, values.get("record_type"), values.get("record_id")):
        return {}
    what = LINKED_TYPES.get(str(values.get("record_type")), "record").lower()
    return {"record_id": f"The {what} this person is linked to has not reached the server."}


def check_referral_held(record: CheckedRecord) -> dict[str, str]:
    """A referral's source is held, and making or sending it has the person's consent."""
    held, values = record.held, record.values
    if held is None:
        return {}
    errors: dict[str, str] = {}
    if _moved(record, "from_type", "from_id") and not _points_at(
        held, values.get("from_type"), values.get("from_id")
    ):
        what = LINKED_TYPES.get(str(values.get("from_type")), "record").lower()
        errors["from_id"] = f"The {what} this referral was made from has not reached the server."
    if _needs_consent(record):
        lists = record.lists or shipped_lists()
        person_id = uuid_or_none(values.get("person_id"))
        why = (
            "The person this referral is for has not reached the server."
            if person_id is None
            else why_not_referred(held, lists, person_id, str(values.get("partner") or ""))
        )
        if why is not None:
            errors["partner"] = why
    return errors


def check_feedback_held(record: CheckedRecord) -> dict[str, str]:
    """Feedback names only a person and a referral the server holds."""
    held, values = record.held, record.values
    if held is None:
        return {}
    errors: dict[str, str] = {}
    for name, (record_type, label) in _NAMED.items():
        target = uuid_or_none(values.get(name))
        if _moved(record, name) and target is not None and held.record(record_type, target) is None:
            errors[name] = f"The {label} this feedback is about has not reached the server."
    return errors


def _needs_consent(record: CheckedRecord) -> bool:
    """Made (other than stopped), or moved from drafted to sent or beyond."""
    status = record.values.get("status")
    if record.operation == "create":
        return status != "stopped"
    before = record.before
    return before is not None and before.get("status") == "drafted" and status in SENT_STATES


def why_not_referred(
    held: Held, lists: ReferenceLists, person_id: uuid.UUID, partner: str
) -> str | None:
    """None when the consents held allow a referral of the person to ``partner``; else why."""
    consents = _latest_consents(held.belonging("consents", "person_id", person_id))
    latest = {
        key: LatestConsent(
            bool(consent.get("given")),
            at if isinstance(at := consent.get("recorded_at"), datetime) else None,
        )
        for key, consent in consents.items()
    }
    return referral_refused(latest, lists, partner)


def _latest_consents(
    consents: list[Mapping[str, Any]],
) -> dict[tuple[str, str], Mapping[str, Any]]:
    """(purpose, partner) -> the latest consent recorded for it (by when, then when made)."""
    live = [c for c in consents if c.get("deleted_at") is None]
    live.sort(key=lambda c: (_when(c.get("recorded_at")), _when(c.get("created_at"))))
    return {(str(c.get("purpose")), str(c.get("partner") or "")): c for c in live}


def _when(at: Any) -> float:
    return at.timestamp() if isinstance(at, datetime) else 0.0
