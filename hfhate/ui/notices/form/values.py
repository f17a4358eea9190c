"""What the notice form holds, as plain values, and its JSON shape for drafts.

A draft is the form's values saved as JSON while the officer types. These functions turn the
values into JSON and back without any widget, so they are easy to test and a draft written by
an older version still opens: anything missing or unreadable falls back to an empty value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hfhate.models import NoticeKind
from hfhate.records.codec import uuid_or_none
from hfhate.services.notices.issuing import person_json
from hfhate.services.notices.rules import NoticeInput, Override, PersonInput

FORMAT = 1


@dataclass(frozen=True)
class DraftPhoto:
    """A photo already copied into the evidence folder, known by its SHA-256."""

    sha256: str
    original_name: str
    size_bytes: int
    media_type: str


@dataclass(frozen=True)
class FormValues:
    """Everything on the form: what the rules check, and what only the screen needs."""

    kind: NoticeKind = NoticeKind.NOTICE
    entry: NoticeInput = field(default_factory=NoticeInput)
    date_of_birth_known: bool = False
    earlier_warning_label: str = ""
    # Why the supervisor's approval was needed when it was given; a new reason needs a new one.
    override_for: str = ""
    photos: tuple[DraftPhoto, ...] = ()


def values_to_json(values: FormValues) -> dict[str, Any]:
    entry = values.entry
    override = entry.override
    return {
        "format": FORMAT,
        "kind": values.kind.value,
        "offence_at": entry.offence_at.isoformat() if entry.offence_at else None,
        "place": entry.place,
        "postcode": entry.postcode,
        "ward": entry.ward,
        "latitude": entry.latitude,
        "longitude": entry.longitude,
        "prohibition": entry.prohibition,
        "hostilities": list(entry.hostilities),
        "circumstances": entry.circumstances,
        "earlier_warning": entry.earlier_warning,
        "earlier_warning_id": str(entry.earlier_warning_id) if entry.earlier_warning_id else None,
        "earlier_warning_label": values.earlier_warning_label,
        "recipient_name": entry.recipient_name,
        "date_of_birth_known": values.date_of_birth_known,
        "recipient_date_of_birth": (
            entry.recipient_date_of_birth.isoformat() if entry.recipient_date_of_birth else None
        ),
        "recipient_age_band": entry.recipient_age_band,
        "recipient_address": entry.recipient_address,
        "recipient_postcode": entry.recipient_postcode,
        "identity_method": entry.identity_method,
        "identity_document": entry.identity_document,
        "recipient_description": entry.recipient_description,
        "appears_vulnerable": entry.appears_vulnerable,
        "body_worn_video": entry.body_worn_video,
        "people": [person_json(p) | {"name": p.name, "contact": p.contact} for p in entry.people],
        "override": None
        if override is None
        else {
            "supervisor_id": str(override.supervisor_id),
            "supervisor_name": override.supervisor_name,
            "reason": override.reason,
            "needed_because": values.override_for,
        },
        "photos": [
            {
                "sha256": p.sha256,
                "original_name": p.original_name,
                "size_bytes": p.size_bytes,
                "media_type": p.media_type,
            }
            for p in values.photos
        ],
    }


def values_from_json(data: dict[str, Any]) -> FormValues:
    """The form's values from a draft; unreadable parts come back empty, never raise."""
    kind = NoticeKind.WARNING if data.get("kind") == "warning" else NoticeKind.NOTICE
    override_data = data.get("override")
    override, override_for = None, ""
    if isinstance(override_data, dict):
        supervisor = uuid_or_none(override_data.get("supervisor_id"))
        if supervisor is not None:
            override = Override(
                supervisor, _text(override_data, "supervisor_name"), _text(override_data, "reason")
            )
            override_for = _text(override_data, "needed_because")
    entry = NoticeInput(
        offence_at=_moment(data.get("offence_at")),
        place=_text(data, "place"),
        postcode=_text(data, "postcode"),
        ward=_text(data, "ward"),
        latitude=_number(data.get("latitude")),
        longitude=_number(data.get("longitude")),
        prohibition=_text(data, "prohibition"),
        hostilities=tuple(h for h in data.get("hostilities") or () if isinstance(h, str)),
        circumstances=_text(data, "circumstances"),
        earlier_warning=data.get("earlier_warning") is True,
        earlier_warning_id=uuid_or_none(data.get("earlier_warning_id")),
        recipient_name=_text(data, "recipient_name"),
        recipient_date_of_birth=_day(data.get("recipient_date_of_birth")),
        recipient_age_band=_text(data, "recipient_age_band"),
        recipient_address=_text(data, "recipient_address"),
        recipient_postcode=_text(data, "recipient_postcode"),
        identity_method=_text(data, "identity_method"),
        identity_document=_text(data, "identity_document"),
        recipient_description=_text(data, "recipient_description"),
        appears_vulnerable=data.get("appears_vulnerable") is True,
        body_worn_video=_text(data, "body_worn_video"),
        people=tuple(_person(p) for p in data.get("people") or () if isinstance(p, dict)),
        override=override,
    )
    photos = tuple(
        DraftPhoto(
            _text(p, "sha256"),
            _text(p, "original_name"),
            int(p.get("size_bytes") or 0),
            _text(p, "media_type"),
        )
        for p in data.get("photos") or ()
        if isinstance(p, dict) and len(_text(p, "sha256")) == 64
    )
    return FormValues(
        kind=kind,
        entry=entry,
        date_of_birth_known=data.get("date_of_birth_known") is True,
        earlier_warning_label=_text(data, "earlier_warning_label"),
        override_for=override_for,
        photos=photos,
    )


def draft_summary(values: FormValues) -> str:
    """One line that tells drafts apart: who, where and when."""
    entry = values.entry
    if entry.identity_method == "refused" and not entry.recipient_name.strip():
        who = "Details refused"
    else:
        who = " ".join(entry.recipient_name.split()) or "No name yet"
    where = " ".join(entry.place.split()) or "no place yet"
    if entry.postcode.strip():
        where = f"{where} {entry.postcode.strip().upper()}"
    when = f", {entry.offence_at:%d %b %Y %H:%M}" if entry.offence_at else ""
    return f"{who}, {where}{when}"


def has_content(values: FormValues, blank: FormValues) -> bool:
    """True when the officer entered anything beyond the blank form's defaults."""
    return values_to_json(values) != values_to_json(blank)


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _moment(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _person(data: dict[str, Any]) -> PersonInput:
    return PersonInput(
        role="witness" if data.get("role") == "witness" else "victim",
        name=_text(data, "name"),
        contact=_text(data, "contact"),
        consent_to_contact=data.get("consent_to_contact") is True,
        referral_offered=_text(data, "referral_offered") or "none",
        referral_accepted=data.get("referral_accepted") is True,
    )
