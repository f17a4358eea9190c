"""The session form as JSON and back, for drafts saved while the officer types.

A draft keeps exactly what is on screen, including text that is not yet a valid number, so
coming back to it shows the form as it was left.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, time
from typing import TYPE_CHECKING, Any

from hfhate.services.engagement.rules import RegisterPerson
from hfhate.ui.engagement.widgets import read_time, set_date, set_time
from hfhate.ui.forms import read_date

if TYPE_CHECKING:
    from hfhate.ui.engagement.session_fields import SessionFields


def state_of(fields: SessionFields) -> dict[str, Any]:
    """Everything on the form, as JSON values."""
    return {
        "session_type": fields.session_type.value(),
        "specialised_topic": fields.specialised_topic.value(),
        "title": fields.title.text(),
        "session_date": read_date(fields.session_date).isoformat(),
        "start_time": read_time(fields.start_time).isoformat("minutes"),
        "end_time": read_time(fields.end_time).isoformat("minutes"),
        "venue": fields.venue.text(),
        "ward": fields.ward.value(),
        "organisation_id": str(fields.organisation.value() or ""),
        "year_groups": fields.year_groups.chosen(),
        "audience": fields.audience.value(),
        "attendees": fields.attendees.text(),
        "breakdown": {code: field.text() for code, field in fields.breakdown.items()},
        "facilitator_ids": fields.facilitators.chosen(),
        "partner_ids": fields.partners.chosen(),
        "categories": fields.categories.chosen(),
        "topics": fields.topics.chosen(),
        "materials": fields.materials.text(),
        "notes": fields.notes.toPlainText(),
        "feedback": fields.feedback.toPlainText(),
        "confidence": fields.confidence.state(),
        "register": [
            [p.name, p.role, p.organisation, str(p.id) if p.id else ""]
            for p in fields.register.people()
        ],
    }


def restore_fields(fields: SessionFields, state: Mapping[str, Any]) -> None:
    """Put a saved state back on the form; values that no longer exist are left out."""
    facilitators = tuple(uuid.UUID(i) for i in state.get("facilitator_ids", []))
    fields.load_choices(facilitators)
    fields.session_type.set_value(state.get("session_type", ""))
    fields.specialised_topic.set_value(state.get("specialised_topic", ""))
    fields.title.setText(state.get("title", ""))
    if state.get("session_date"):
        set_date(fields.session_date, date.fromisoformat(state["session_date"]))
    for key, field in (("start_time", fields.start_time), ("end_time", fields.end_time)):
        if state.get(key):
            set_time(field, time.fromisoformat(state[key]))
    fields.venue.setText(state.get("venue", ""))
    fields.ward.set_value(state.get("ward", ""))
    organisation = state.get("organisation_id") or ""
    fields.organisation.set_value(uuid.UUID(organisation) if organisation else None)
    fields.organisation_changed()
    fields.year_groups.set_chosen(state.get("year_groups", []))
    fields.audience.set_value(state.get("audience", ""))
    fields.attendees.setText(state.get("attendees", ""))
    for code, count in fields.breakdown.items():
        count.setText(state.get("breakdown", {}).get(code, ""))
    fields.facilitators.set_chosen(state.get("facilitator_ids", []))
    fields.partners.set_chosen(state.get("partner_ids", []))
    fields.categories.set_chosen(state.get("categories", []))
    fields.topics.set_chosen(state.get("topics", []))
    fields.materials.setText(state.get("materials", ""))
    fields.notes.setPlainText(state.get("notes", ""))
    fields.feedback.setPlainText(state.get("feedback", ""))
    fields.confidence.restore(state.get("confidence", {}))
    fields.register.set_people(
        [
            RegisterPerson(name, role, organisation, uuid.UUID(entry_id) if entry_id else None)
            for name, role, organisation, entry_id in state.get("register", [])
        ]
    )
