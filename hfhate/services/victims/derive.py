"""The person records a notice's victims and witnesses, or a session's disclosure, become.

Before issue 15 a notice kept its victims and witnesses in its ``people`` column and a
disclosure made at a session said nothing of who made it. Each is now also a ``Person`` with a
``PersonLink`` to the record (and, for a notice's person, the ``Consent`` to contact the notice
recorded). This module says what those records hold, from the source record's values alone:
no store, no Qt. The ids are uuid5 of a fixed namespace and the source, so every laptop and the
server derive the very same records from the same notice or disclosure, whichever runs first
(local migration 0020, server migration s0013, the server taking a push from a laptop of the
previous release, and the services when a notice is issued or a disclosure recorded).

The source's values may be column values (UUIDs, aware datetimes) or wire values (their text);
the derived values are column values. The notice's ``people`` column is left as recorded.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

# Never change: every laptop and the server derive the same ids from it.
NAMESPACE = uuid.UUID("5b0f3c2e-8d1a-4c55-9a7e-15a1c7e0f015")
NOTICES = "notices"
FOLLOW_UPS = "session_follow_ups"
PEOPLE, LINKS, CONSENTS = "people", "person_links", "consents"
CONSENT_NOTE = "Recorded on the notice when it was issued"
CONTACT_NOTES_LIMIT = 500
# The person checks' patterns (``rules.EMAIL``/``PHONE``; a test holds them equal), repeated
# so the migrations that import this module import no models.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ()-]{6,40}$")


@dataclass(frozen=True)
class Derived:
    """One record to write: its type (``people``, ``person_links`` or ``consents``) and its
    column values, id and bookkeeping columns included."""

    record_type: str
    values: dict[str, Any]

    @property
    def id(self) -> uuid.UUID:
        value = self.values["id"]
        assert isinstance(value, uuid.UUID)
        return value


def derived_id(source_type: str, source_id: uuid.UUID | str, index: int, kind: str) -> uuid.UUID:
    """The id of the ``kind`` record (person, link or consent) derived from a source's
    ``index``th person."""
    return uuid.uuid5(NAMESPACE, f"{source_type}:{as_uuid(source_id)}:{index}:{kind}")


def as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    return None if value in (None, "") else as_uuid(value)


def as_moment(value: Any) -> datetime:
    """A column or wire timestamp as an aware UTC datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def contact_columns(contact: str) -> dict[str, str]:
    """Where a notice's free-text contact goes: an email address to ``email``, a phone number
    to ``phone``, anything else (kept whole, as the person checks would refuse it as either)
    to ``contact_notes``."""
    text = contact.strip()
    columns = {"phone": "", "email": "", "contact_notes": ""}
    if not text:
        return columns
    if "@" in text and EMAIL.match(text):
        columns["email"] = text
    elif "@" not in text and PHONE.match(text):
        columns["phone"] = text
    else:
        columns["contact_notes"] = text[:CONTACT_NOTES_LIMIT]
    return columns


def _bookkeeping(source: Mapping[str, Any], created_by: Any) -> dict[str, Any]:
    at = as_moment(source.get("created_at"))
    return {
        "created_at": at,
        "updated_at": at,
        "version": 1,
        "deleted_at": None,
        "created_by_id": _uuid_or_none(created_by),
        "created_on_device_id": as_uuid(source["created_on_device_id"]),
    }


def _person(person_id: uuid.UUID, name: str, known_as: str, contact: str) -> dict[str, Any]:
    return {
        "id": person_id,
        "name": name,
        "known_as": known_as,
        "date_of_birth": None,
        "address": "",
        "postcode": "",
        "contact_preference": "",
        "erased_at": None,
    } | contact_columns(contact)


def live(source: Mapping[str, Any]) -> bool:
    """Whether a source still stands: neither deleted nor erased under retention."""
    return not source.get("deleted_at") and not source.get("erased_at")


def from_notice(
    notice: Mapping[str, Any], positions: Collection[int] | None = None
) -> list[Derived]:
    """The person, link and consent of each victim or witness of a notice (or warning).

    ``notice``: its ``id``, ``officer_id``, ``officer_name``, ``people``, ``issued_at``,
    ``created_at`` and ``created_on_device_id`` (``deleted_at``/``erased_at`` if known: a
    deleted or erased notice gives nothing). ``positions``: only these places in its list
    (the ones an amendment added); default all."""
    if not live(notice):
        return []
    notice_id = as_uuid(notice["id"])
    stamps = _bookkeeping(notice, notice.get("officer_id"))
    derived: list[Derived] = []
    for index, entry in enumerate(notice.get("people") or []):
        if positions is not None and index not in positions:
            continue
        person_id = derived_id(NOTICES, notice_id, index, "person")
        contact = str(entry.get("contact") or "")
        derived.append(
            Derived(PEOPLE, _person(person_id, str(entry.get("name") or ""), "", contact) | stamps)
        )
        link = {
            "id": derived_id(NOTICES, notice_id, index, "link"),
            "person_id": person_id,
            "role": str(entry.get("role") or "victim"),
            "record_type": NOTICES,
            "record_id": notice_id,
            "position": index,
            "referral_offered": str(entry.get("referral_offered") or ""),
            "referral_accepted": bool(entry.get("referral_accepted")),
        }
        derived.append(Derived(LINKS, link | stamps))
        consent = {
            "id": derived_id(NOTICES, notice_id, index, "consent"),
            "person_id": person_id,
            "purpose": "contact",
            "partner": "",
            "given": bool(entry.get("consent_to_contact")),
            "recorded_at": as_moment(notice.get("issued_at") or notice.get("created_at")),
            "recorded_by_name": str(notice.get("officer_name") or ""),
            "method": "in_person",
            "note": CONSENT_NOTE,
        }
        derived.append(Derived(CONSENTS, consent | stamps))
    return derived


def discloser_known_as(title: str | None, on: Any = None) -> str:
    """How the person who made a disclosure is known, as nobody recorded their name."""
    day = _as_date(on)
    where = f"at {title.strip()}" if title and title.strip() else "at a session"
    when = f" on {day.day} {day:%b %Y}" if day is not None else ""
    return f"Person who made a disclosure {where}{when}"[:200]


def from_disclosure(
    follow_up: Mapping[str, Any], session_title: str | None = None, session_date: Any = None
) -> list[Derived]:
    """The person and link of whoever made a disclosure at a session.

    ``follow_up``: its ``id``, ``kind``, ``created_by_id``, ``created_at`` and
    ``created_on_device_id`` (an action, or a deleted or erased disclosure, gives nothing);
    the session's title and date, when known, tell the person apart."""
    if follow_up.get("kind") != "disclosure" or not live(follow_up):
        return []
    follow_up_id = as_uuid(follow_up["id"])
    stamps = _bookkeeping(follow_up, follow_up.get("created_by_id"))
    person_id = derived_id(FOLLOW_UPS, follow_up_id, 0, "person")
    known_as = discloser_known_as(session_title, session_date)
    link = {
        "id": derived_id(FOLLOW_UPS, follow_up_id, 0, "link"),
        "person_id": person_id,
        "role": "discloser",
        "record_type": FOLLOW_UPS,
        "record_id": follow_up_id,
        "position": 0,
        "referral_offered": "",
        "referral_accepted": False,
    }
    return [
        Derived(PEOPLE, _person(person_id, "", known_as, "") | stamps),
        Derived(LINKS, link | stamps),
    ]


def wire(values: Mapping[str, Any]) -> dict[str, Any]:
    """Derived column values as the wire carries them (ids and times as text)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, uuid.UUID):
            out[key] = str(value)
        elif isinstance(value, datetime | date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out
