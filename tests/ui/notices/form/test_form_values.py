"""The form's values as JSON for drafts: a full round trip, and drafts that cannot be read."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

from hfhate.clock import LONDON
from hfhate.models import NoticeKind
from hfhate.services.notices.rules import NoticeInput, Override, PersonInput
from hfhate.ui.notices.form.values import (
    DraftPhoto,
    FormValues,
    draft_summary,
    has_content,
    values_from_json,
    values_to_json,
)

EVERYTHING = FormValues(
    kind=NoticeKind.WARNING,
    entry=NoticeInput(
        offence_at=datetime(2026, 7, 3, 22, 15, tzinfo=LONDON),
        place="  Shepherd's Bush Green, by the bus stops ",
        postcode="w12 8pp",
        ward="Shepherd's Bush Green",
        latitude=51.5046,
        longitude=-0.2226,
        prohibition="following",
        hostilities=("race", "islamophobic"),
        circumstances="He followed her from the station, shouting abuse about her headscarf.",
        earlier_warning=True,
        earlier_warning_id=uuid.UUID("01900000-0000-7000-8000-000000000001"),
        recipient_name="Dale Sample",
        recipient_date_of_birth=date(2009, 2, 28),
        recipient_age_band="",
        recipient_address="4 Example Mews\nLondon",
        recipient_postcode="W12 7RJ",
        identity_method="document",
        identity_document="Citizen card or PASS card",
        recipient_description="Green jacket",
        appears_vulnerable=True,
        body_worn_video="BWV-9",
        people=(
            PersonInput("victim", " Amina ", "07700 900001", True, "stop_hate_uk", True),
            PersonInput("witness", "Bus driver", "", False, "none", False),
        ),
        override=Override(
            uuid.UUID("01900000-0000-7000-8000-000000000002"),
            "Sue Person",
            "Parent present and agrees; youth team informed.",
        ),
    ),
    date_of_birth_known=True,
    earlier_warning_label="warning of 01 Jun 2026 21:00 at Uxbridge Road W12 8PP",
    override_for="The recipient is under 18.",
    photos=(DraftPhoto("a" * 64, "IMG_0001.jpg", 123456, "image/jpeg"),),
)


def test_every_value_survives_a_round_trip_through_json_text():
    text = json.dumps(values_to_json(EVERYTHING))
    assert values_from_json(json.loads(text)) == EVERYTHING


def test_an_empty_form_round_trips_too():
    assert values_from_json(values_to_json(FormValues())) == FormValues()


def test_what_the_officer_typed_is_kept_exactly_spaces_included():
    data = values_to_json(EVERYTHING)
    assert data["place"] == "  Shepherd's Bush Green, by the bus stops "
    assert data["people"][0]["name"] == " Amina "
    assert data["offence_at"] == "2026-07-03T22:15:00+01:00"
    assert data["format"] == 1


def test_unreadable_parts_of_a_draft_come_back_empty_instead_of_failing():
    data = values_to_json(EVERYTHING) | {
        "kind": "parking ticket",
        "offence_at": "2026-07-03T22:15:00",  # no time zone: not trusted
        "latitude": "north",
        "earlier_warning_id": "not-a-uuid",
        "recipient_date_of_birth": "28/02/2009",
        "hostilities": ["race", 7, None],
        "people": [{"role": "bystander", "name": "Kim", "consent_to_contact": "yes"}, "junk"],
        "override": {"supervisor_id": "nobody"},
        "photos": [{"sha256": "short"}, 5],
    }
    values = values_from_json(data)
    assert values.kind is NoticeKind.NOTICE
    entry = values.entry
    assert (entry.offence_at, entry.latitude, entry.earlier_warning_id) == (None, None, None)
    assert entry.recipient_date_of_birth is None
    assert entry.hostilities == ("race",)
    assert entry.people == (PersonInput(role="victim", name="Kim"),)
    assert (entry.override, values.override_for, values.photos) == (None, "", ())
    assert values_from_json({}) == FormValues()


def test_the_summary_tells_drafts_apart():
    assert draft_summary(EVERYTHING) == (
        "Dale Sample, Shepherd's Bush Green, by the bus stops W12 8PP, 03 Jul 2026 22:15"
    )
    refused = NoticeInput(identity_method="refused", place="Lillie Road")
    assert draft_summary(FormValues(entry=refused)) == "Details refused, Lillie Road"
    assert draft_summary(FormValues()) == "No name yet, no place yet"


def test_a_form_has_content_once_anything_differs_from_the_blank_one():
    blank = FormValues(entry=NoticeInput(offence_at=datetime(2026, 7, 3, 21, 0, tzinfo=UTC)))
    assert not has_content(blank, blank)
    typed = FormValues(entry=NoticeInput(offence_at=blank.entry.offence_at, place="K"))
    assert has_content(typed, blank)
    assert has_content(FormValues(kind=NoticeKind.WARNING, entry=blank.entry), blank)
