"""check_notice: the message beside each field of the warning and notice form.

Pure rules, no store: each case changes one thing in a valid entry and expects exactly one
message, on the right field, in the words the officer will read.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from hfhate.services.notices.rules import NoticeInput, Override, PersonInput, check_notice
from hfhate.services.notices.settings import NoticeSettings, default_settings
from hfhate.services.postcodes import NOT_A_POSTCODE
from hfhate.services.text_rules import length_problem
from tests.fixtures.notices import DETAILS_REFUSED

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
Entry = Callable[..., NoticeInput]


def _check(
    entry: NoticeInput,
    *,
    warning: bool = False,
    settings: NoticeSettings | None = None,
    now: datetime = NOW,
) -> dict[str, str]:
    return check_notice(entry, settings or default_settings(), now, warning=warning)


def test_the_valid_entry_has_no_problems(valid_entry: Entry) -> None:
    assert _check(valid_entry()) == {}
    assert _check(valid_entry(), warning=True) == {}


def test_an_empty_form_names_every_required_field() -> None:
    assert _check(NoticeInput()) == {
        "offence_at": "Enter the date and time of the offence.",
        "place": "Enter the street or landmark where it happened.",
        "postcode": "Enter the postcode of the place.",
        "ward": "Choose the ward where it happened.",
        "prohibition": "Choose which prohibition of the order was breached.",
        "hostilities": "Choose the hostility shown, or None apparent.",
        "circumstances": "Describe what you saw and heard in at least 80 characters, so it "
        "can stand as evidence (0 so far).",
        "identity_method": "Say how the recipient's identity was confirmed, or that they refused.",
    }


PERSON = PersonInput(name="Jane Witness")
CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("place too long", {"place": "x" * 201}, "place", length_problem("x" * 201, 200)),
    ("postcode nonsense", {"postcode": "W6 9J"}, "postcode", NOT_A_POSTCODE),
    ("postcode bad letter", {"postcode": "QW1 1AA"}, "postcode", NOT_A_POSTCODE),
    ("ward unknown", {"ward": "Hammersmith"}, "ward", "Choose the ward where it happened."),
    (
        "latitude alone",
        {"latitude": 51.49},
        "location",
        "Give both latitude and longitude, or neither.",
    ),
    (
        "longitude alone",
        {"longitude": -0.22},
        "location",
        "Give both latitude and longitude, or neither.",
    ),
    (
        "point in the City",
        {"latitude": 51.5155, "longitude": -0.0922},
        "location",
        "This point is outside Hammersmith & Fulham. Check it.",
    ),
    (
        "point in Richmond",
        {"latitude": 51.4613, "longitude": -0.3037},
        "location",
        "This point is outside Hammersmith & Fulham. Check it.",
    ),
    (
        "prohibition unknown",
        {"prohibition": "shouting"},
        "prohibition",
        "Choose which prohibition of the order was breached.",
    ),
    (
        "hostility unknown",
        {"hostilities": ("misogyny", "anger")},
        "hostilities",
        "Choose only from the list.",
    ),
    (
        "none apparent with another",
        {"hostilities": ("none_apparent", "race")},
        "hostilities",
        "None apparent cannot go with another hostility.",
    ),
    (
        "circumstances short",
        {"circumstances": "  He shouted at her.  "},
        "circumstances",
        "Describe what you saw and heard in at least 80 characters, so it can stand as evidence "
        "(18 so far).",
    ),
    (
        "circumstances one short",
        {"circumstances": "y" * 79},
        "circumstances",
        "Describe what you saw and heard in at least 80 characters, so it can stand as evidence "
        "(79 so far).",
    ),
    (
        "earlier warning not ticked",
        {"earlier_warning_id": uuid.uuid4()},
        "earlier_warning",
        "Tick 'Warned before' to link an earlier warning.",
    ),
    ("no name", {"recipient_name": "   "}, "recipient_name", "Enter the recipient's full name."),
    ("no document", {"identity_document": ""}, "identity_document", "Choose the document you saw."),
    (
        "no identity method",
        {"identity_method": "asked nicely"},
        "identity_method",
        "Say how the recipient's identity was confirmed, or that they refused.",
    ),
    (
        "no age",
        {"recipient_date_of_birth": None},
        "recipient_age",
        "Enter the date of birth, or choose an estimated age band.",
    ),
    (
        "born tomorrow",
        {"recipient_date_of_birth": date(2025, 3, 13)},
        "recipient_age",
        "The date of birth cannot be in the future.",
    ),
    (
        "over 120",
        {"recipient_date_of_birth": date(1904, 3, 12)},
        "recipient_age",
        "Check the date of birth: that is over 120 years ago.",
    ),
    (
        "band unknown",
        {"recipient_date_of_birth": None, "recipient_age_band": "18-30"},
        "recipient_age",
        "Choose an age band from the list.",
    ),
    (
        "aged 9 by birth date",
        {"recipient_date_of_birth": date(2015, 3, 13)},
        "recipient_age",
        "Nobody under 10 can be given a warning or notice.",
    ),
    (
        "no address",
        {"recipient_address": ""},
        "recipient_address",
        "Enter the recipient's address, or tick 'No fixed abode'.",
    ),
    (
        "no recipient postcode",
        {"recipient_postcode": " "},
        "recipient_postcode",
        "Enter the recipient's postcode, or tick 'No fixed abode'.",
    ),
    (
        "recipient postcode nonsense",
        {"recipient_postcode": "12345"},
        "recipient_postcode",
        NOT_A_POSTCODE,
    ),
    (
        "video reference too long",
        {"body_worn_video": "B" * 101},
        "body_worn_video",
        length_problem("B" * 101, 100),
    ),
    (
        "person of no role",
        {"people": (dataclasses.replace(PERSON, role="bystander"),)},
        "people",
        "Bystander 1: say whether this is a victim or a witness.",
    ),
    (
        "person without name",
        {"people": (PERSON, PersonInput(role="witness", name=" "))},
        "people",
        "Witness 2: enter a name, or remove this person.",
    ),
    (
        "referral not on the list",
        {"people": (dataclasses.replace(PERSON, referral_offered="samaritans"),)},
        "people",
        "Victim 1: choose the referral offered from the list.",
    ),
    (
        "referral accepted not offered",
        {"people": (dataclasses.replace(PERSON, referral_accepted=True),)},
        "people",
        "Victim 1: a referral can only be accepted if it was offered.",
    ),
    (
        "consent without contact",
        {"people": (dataclasses.replace(PERSON, consent_to_contact=True),)},
        "people",
        "Victim 1: they agreed to be contacted, so enter how.",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "field", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_each_field_says_what_is_wrong(
    valid_entry: Entry, overrides: dict[str, Any], field: str, message: str
) -> None:
    assert _check(valid_entry(**overrides)) == {field: message}


@pytest.mark.parametrize(
    "typed", ["w6 9ju", "W69JU", "  w6   9JU ", "sw6 1bw", "W12 8QQ", "EC1A 1BB", "GIR 0AA"]
)
def test_postcodes_in_any_case_and_spacing_are_accepted(valid_entry: Entry, typed: str) -> None:
    assert _check(valid_entry(postcode=typed, recipient_postcode=typed)) == {}


def test_a_point_inside_the_borough_is_accepted(valid_entry: Entry) -> None:
    assert _check(valid_entry(latitude=51.4927, longitude=-0.2246)) == {}


@pytest.mark.parametrize(
    "hostilities",
    [("none_apparent",), ("antisemitic", "race"), ("homophobic", "transphobic", "disability")],
)
def test_valid_hostility_choices(valid_entry: Entry, hostilities: tuple[str, ...]) -> None:
    assert _check(valid_entry(hostilities=hostilities)) == {}


def test_circumstances_of_exactly_the_minimum_length_stand(valid_entry: Entry) -> None:
    exactly = "He followed her along King Street shouting sexual comments as she asked him to go."
    assert len(exactly) == 82
    assert _check(valid_entry(circumstances="  " + exactly[:80] + "  ")) == {}


def test_a_linked_and_ticked_earlier_warning_is_accepted(valid_entry: Entry) -> None:
    assert _check(valid_entry(earlier_warning=True, earlier_warning_id=uuid.uuid4())) == {}


def test_an_estimated_age_band_stands_instead_of_a_birth_date(valid_entry: Entry) -> None:
    assert _check(valid_entry(recipient_date_of_birth=None, recipient_age_band="25-34")) == {}
    assert _check(valid_entry(recipient_date_of_birth=None, recipient_age_band="65+")) == {}


def test_ages_at_the_edges(valid_entry: Entry) -> None:
    tenth_birthday = date(2015, 3, 12)
    assert _check(valid_entry(recipient_date_of_birth=tenth_birthday), warning=True) == {}
    assert _check(valid_entry(recipient_date_of_birth=date(1905, 3, 12))) == {}  # exactly 120
    police_check = valid_entry(identity_method="police_check", identity_document="")
    assert _check(police_check) == {}


def test_a_refusal_needs_a_description_and_nothing_else(valid_entry: Entry) -> None:
    refused = valid_entry(**DETAILS_REFUSED, recipient_description="Tall man")
    assert _check(refused) == {
        "recipient_description": "The recipient refused their details: "
        "describe them so police can identify "
        "them."
    }
    described = dataclasses.replace(
        refused, recipient_description="White man, about 30, 6 ft, grey hoodie, black cap"
    )
    assert _check(described) == {}


UNDER_18 = "The recipient is under 18. A supervisor must approve this notice, with a reason."


@pytest.mark.parametrize(
    "overrides",
    [
        {"recipient_date_of_birth": date(2008, 3, 13)},  # 16, turning 17 tomorrow
        {"recipient_date_of_birth": date(2015, 3, 12)},  # 10 today
        {"recipient_date_of_birth": None, "recipient_age_band": "14-17"},
        {"recipient_date_of_birth": None, "recipient_age_band": "10-13"},
    ],
)
def test_under_18_needs_a_supervisor_override(
    valid_entry: Entry, overrides: dict[str, Any]
) -> None:
    entry = valid_entry(**overrides)
    assert _check(entry) == {"override": UNDER_18}
    assert _check(entry, warning=True) == {}
    short = Override(uuid.uuid4(), "Grace Okafor", "ok")
    assert _check(dataclasses.replace(entry, override=short)) == {
        "override": "Give the supervisor's reason in a sentence."
    }
    approved = Override(uuid.uuid4(), "Grace Okafor", "Parent present, offence repeated")
    assert _check(dataclasses.replace(entry, override=approved)) == {}


def test_eighteen_today_needs_no_override(valid_entry: Entry) -> None:
    assert _check(valid_entry(recipient_date_of_birth=date(2007, 3, 12))) == {}


def test_the_override_age_is_a_setting(valid_entry: Entry) -> None:
    sixteen = dataclasses.replace(default_settings(), override_under_age=16)
    assert _check(valid_entry(recipient_date_of_birth=date(2008, 3, 12)), settings=sixteen) == {}
    assert _check(valid_entry(recipient_date_of_birth=date(2009, 3, 13)), settings=sixteen) == {
        "override": "The recipient is under 16. A supervisor must approve this notice, "
        "with a reason."
    }


def test_appearing_vulnerable_needs_an_override(valid_entry: Entry) -> None:
    entry = valid_entry(appears_vulnerable=True)
    assert _check(entry) == {
        "override": "The officer marked the recipient as appearing "
        "vulnerable. A supervisor must approve this notice, "
        "with a reason."
    }
    assert _check(entry, warning=True) == {}
    refused = valid_entry(
        appears_vulnerable=True,
        identity_method="refused",
        recipient_description="Woman in her forties, red coat, confused",
    )
    assert _check(refused) == {}


@pytest.mark.parametrize(
    ("offset", "ok"),
    [
        (timedelta(minutes=2), True),
        (timedelta(minutes=2, seconds=1), False),
        (timedelta(days=1), False),
        (timedelta(0), True),
    ],
)
def test_future_offence_times_are_refused_beyond_two_minutes(
    valid_entry: Entry, offset: timedelta, ok: bool
) -> None:
    errors = _check(valid_entry(offence_at=NOW + offset))
    expected = (
        {}
        if ok
        else {"offence_at": "The offence cannot be in the future. Check the date and time."}
    )
    assert errors == expected


def test_offence_time_needs_a_time_zone(valid_entry: Entry) -> None:
    naive = datetime(2025, 3, 12, 13, 0)
    assert _check(valid_entry(offence_at=naive)) == {"offence_at": "The time has no time zone."}


def test_before_the_order_came_into_force_is_refused(valid_entry: Entry) -> None:
    before = datetime(2024, 7, 7, 12, 0, tzinfo=UTC)
    assert _check(valid_entry(offence_at=before)) == {
        "offence_at": "The order came into force on 08 July 2024."
    }


def test_the_first_minutes_of_the_order_in_london_are_inside_it(valid_entry: Entry) -> None:
    # 23:30 UTC on 7 July is 00:30 on 8 July in London (BST): the order is in force.
    assert _check(valid_entry(offence_at=datetime(2024, 7, 7, 23, 30, tzinfo=UTC))) == {}


def test_after_the_order_ended_is_refused(valid_entry: Entry) -> None:
    later = datetime(2027, 7, 8, 12, 0, tzinfo=UTC)
    errors = _check(valid_entry(offence_at=later), now=later + timedelta(hours=1))
    assert errors == {"offence_at": "The order ended on 07 July 2027."}


def test_age_is_taken_on_the_london_date(valid_entry: Entry) -> None:
    # 23:30 UTC on 11 June is 00:30 on 12 June in London: a recipient born on 12 June 2007
    # is 18 on the London date and needs no override.
    late = datetime(2025, 6, 11, 23, 30, tzinfo=UTC)
    entry = valid_entry(
        offence_at=late - timedelta(minutes=5), recipient_date_of_birth=date(2007, 6, 12)
    )
    assert _check(entry, now=late) == {}
