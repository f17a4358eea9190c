"""What a warning or notice must hold before it can stand, checked field by field.

``check_notice`` returns one plain message per field. The form calls it as the officer types
(the Issue button stays disabled until it returns nothing), the service calls it again before
saving, and the sync server runs it on what laptops push (``hfhate/records``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from hfhate.clock import LONDON
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus
from hfhate.printing.fonts import describe_characters, unprintable_characters
from hfhate.services import text_rules as text
from hfhate.services.notices.settings import NoticeSettings
from hfhate.services.postcodes import NOT_A_POSTCODE, normalise_postcode
from hfhate.services.reference import reference
from hfhate.services.reference_lists import ReferenceLists, shipped_lists

# The borough with a margin: a point outside is almost surely a typing or GPS mistake.
BOROUGH_LATITUDE = (51.45, 51.56)
BOROUGH_LONGITUDE = (-0.27, -0.16)
CLOCK_SKEW = timedelta(minutes=2)
# Fields that may be corrected after issue, by amendment only.
AMENDABLE = frozenset(
    {
        "circumstances",
        "recipient_name",
        "recipient_date_of_birth",
        "recipient_age_band",
        "recipient_address",
        "recipient_postcode",
        "recipient_description",
        "body_worn_video",
        "place",
        "postcode",
        "people",
    }
)
# Dates in law (the order's period, ages) are London dates, whatever zone a time comes in.
# Typed text with a limit: the most characters each holds is its column's (models/notices.py).
LIMITED_FIELDS = (
    "place",
    "circumstances",
    "recipient_name",
    "recipient_address",
    "recipient_description",
    "body_worn_video",
)
# Victims' and witnesses' names and contacts (kept in a JSON column) hold at most this many.
PERSON_TEXT_LIMIT = 200
# Circumstances stand as evidence only with this many different real words, whatever length.
CIRCUMSTANCES_MIN_WORDS = 10
# A place or address line has at least this many letters ("Flat 3", "King St").
PLACE_MIN_LETTERS = 4


def field_limit(name: str) -> int | None:
    """The most characters the notice's field ``name`` holds (None: no limit)."""
    return text.column_limit(FixedPenaltyNotice, name)


@dataclass(frozen=True)
class PersonInput:
    """A victim or witness; every detail optional but the name, with their consent."""

    role: str = "victim"  # victim or witness
    name: str = ""
    contact: str = ""
    consent_to_contact: bool = False
    referral_offered: str = "none"  # none, victim_support, stop_hate_uk
    referral_accepted: bool = False


@dataclass(frozen=True)
class Override:
    """A supervisor's permission to issue to an under-18 or a person who appears vulnerable."""

    supervisor_id: uuid.UUID
    supervisor_name: str
    reason: str


@dataclass(frozen=True)
class NoticeInput:
    """Everything the officer enters, as plain values (the form's and the wire's shape)."""

    offence_at: datetime | None = None
    place: str = ""
    postcode: str = ""
    ward: str = ""
    latitude: float | None = None
    longitude: float | None = None
    prohibition: str = ""
    hostilities: tuple[str, ...] = ()
    circumstances: str = ""
    earlier_warning: bool = False
    earlier_warning_id: uuid.UUID | None = None
    recipient_name: str = ""
    recipient_date_of_birth: date | None = None
    recipient_age_band: str = ""
    recipient_address: str = ""
    recipient_postcode: str = ""
    identity_method: str = ""
    identity_document: str = ""
    recipient_description: str = ""
    appears_vulnerable: bool = False
    body_worn_video: str = ""
    people: tuple[PersonInput, ...] = field(default_factory=tuple)
    override: Override | None = None

    @property
    def details_refused(self) -> bool:
        return self.identity_method == "refused"


def first_status(kind: NoticeKind, entry: NoticeInput) -> NoticeStatus:
    """Where a new record starts: given (warning), issued, or referred to police (refused)."""
    if kind is NoticeKind.WARNING:
        return NoticeStatus.WARNING_GIVEN
    return NoticeStatus.REFERRED_TO_POLICE if entry.details_refused else NoticeStatus.ISSUED


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def youngest_age(notice: NoticeInput, day: date) -> int | None:
    """The recipient's age (or the lower end of the estimated band) on ``day``."""
    if notice.recipient_date_of_birth is not None:
        return age_on(notice.recipient_date_of_birth, day)
    if notice.recipient_age_band:
        return int(notice.recipient_age_band.split("-")[0].rstrip("+"))
    return None


def needs_override(notice: NoticeInput, settings: NoticeSettings, day: date) -> str:
    """Why a supervisor must approve this notice, or "" when no approval is needed."""
    age = youngest_age(notice, day)
    if age is not None and settings.minimum_age <= age < settings.override_under_age:
        return f"The recipient is under {settings.override_under_age}."
    if notice.appears_vulnerable:
        return "The officer marked the recipient as appearing vulnerable."
    return ""


def check_notice(
    notice: NoticeInput,
    settings: NoticeSettings,
    now: datetime,
    *,
    warning: bool = False,
    lists: ReferenceLists | None = None,
) -> dict[str, str]:
    """Every problem, by field name; empty when the warning or notice can stand.

    ``lists``: the reference lists in force (default: the shipped ones); a ward, prohibition
    or hostility retired by ``now`` is refused, as a new record may not choose it (one made
    offline before it was retired and sent after still stands: the server checks it as of
    its issue).
    """
    lists = lists or shipped_lists()
    errors: dict[str, str] = {}
    _check_when(notice, settings, now, errors)
    if not notice.place.strip():
        errors["place"] = "Enter the street or landmark where it happened."
    elif not _names_a_place(notice.place):
        errors["place"] = (
            "Say where it happened in words a court can find: at least two words (a street "
            "and what it was near), or a number and a street."
        )
    if not notice.postcode.strip():
        errors["postcode"] = "Enter the postcode of the place."
    elif normalise_postcode(notice.postcode) is None:
        errors["postcode"] = NOT_A_POSTCODE
    if notice.ward not in lists.choosable("wards", now):
        errors["ward"] = _retired_or(lists, "wards", notice.ward, "the ward where it happened")
    _check_location(notice, errors)
    if notice.prohibition not in lists.choosable("prohibitions", now):
        errors["prohibition"] = _retired_or(
            lists, "prohibitions", notice.prohibition, "which prohibition of the order was breached"
        )
    hostilities = lists.choosable("hostilities", now)
    if not notice.hostilities:
        errors["hostilities"] = "Choose the hostility shown, or None apparent."
    elif retired := [h for h in notice.hostilities if lists.is_retired("hostilities", h, now)]:
        errors["hostilities"] = _retired_or(lists, "hostilities", retired[0], "")
    elif any(h not in hostilities for h in notice.hostilities):
        errors["hostilities"] = "Choose only from the list."
    elif "none_apparent" in notice.hostilities and len(notice.hostilities) > 1:
        errors["hostilities"] = "None apparent cannot go with another hostility."
    words = notice.circumstances.strip()
    if len(words) < settings.circumstances_min_chars:
        errors["circumstances"] = (
            f"Describe what you saw and heard in at least {settings.circumstances_min_chars} "
            f"characters, so it can stand as evidence ({len(words)} so far)."
        )
    elif (distinct := text.distinct_words(words)) < CIRCUMSTANCES_MIN_WORDS:
        errors["circumstances"] = (
            "Describe what you saw and heard in your own words: at least "
            f"{CIRCUMSTANCES_MIN_WORDS} different words, not repeated letters, so it can "
            f"stand as evidence ({distinct} so far)."
        )
    if notice.earlier_warning_id is not None and not notice.earlier_warning:
        errors["earlier_warning"] = "Tick 'Warned before' to link an earlier warning."
    _check_recipient(notice, settings, now.astimezone(LONDON).date(), errors)
    _check_people(notice, errors)
    _check_printable(notice, errors)
    errors |= typed_problems(notice)
    if not warning and not notice.details_refused and "recipient_age" not in errors:
        why = needs_override(notice, settings, now.astimezone(LONDON).date())
        if why and notice.override is None:
            errors["override"] = f"{why} A supervisor must approve this notice, with a reason."
        elif why and notice.override is not None and len(notice.override.reason.strip()) < 10:
            errors["override"] = "Give the supervisor's reason in a sentence."
    return errors


def _retired_or(lists: ReferenceLists, list_name: str, code: str, what: str) -> str:
    """Why ``code`` cannot be chosen: retired from the list, or not chosen at all."""
    if lists.is_retired(list_name, code):
        return f"{lists.label(list_name, code)} is no longer in use: choose another from the list."
    return f"Choose {what}."


def amendment_problems(
    amended: NoticeInput, settings: NoticeSettings, now: datetime, *, warning: bool
) -> dict[str, str]:
    """What ``check_notice`` finds wrong with an amended notice, in what an amendment touches.

    The laptop's amendment and the sync server's check of a pushed one both run it.
    """
    problems = check_notice(amended, settings, now, warning=warning)
    return {k: v for k, v in problems.items() if k in AMENDABLE or k.startswith("recipient")}


def _check_when(
    notice: NoticeInput, settings: NoticeSettings, now: datetime, errors: dict[str, str]
) -> None:
    when = notice.offence_at
    if when is None:
        errors["offence_at"] = "Enter the date and time of the offence."
    elif when.tzinfo is None:
        errors["offence_at"] = "The time has no time zone."
    elif when > now + CLOCK_SKEW:
        errors["offence_at"] = "The offence cannot be in the future. Check the date and time."
    elif when.astimezone(LONDON).date() < settings.pspo_in_force_from:
        errors["offence_at"] = (
            f"The order came into force on {settings.pspo_in_force_from:%d %B %Y}."
        )
    elif when.astimezone(LONDON).date() > settings.pspo_in_force_until:
        errors["offence_at"] = f"The order ended on {settings.pspo_in_force_until:%d %B %Y}."


def typed_problems(notice: NoticeInput) -> dict[str, str]:
    """What is wrong with what was typed, whatever else is missing: text over its limit,
    names with characters a name cannot hold, a coordinate that cannot be one. The form shows
    these the moment they are typed; ``check_notice`` includes them."""
    problems: dict[str, str] = {}
    for name in LIMITED_FIELDS:
        problem = text.length_problem(getattr(notice, name), field_limit(name))
        if problem:
            problems[name] = problem
    if "recipient_name" not in problems:
        problem = text.name_characters_problem(notice.recipient_name)
        if problem:
            problems["recipient_name"] = problem
    for key, value, (low, high), what in (
        ("latitude", notice.latitude, (-90, 90), "Latitude"),
        ("longitude", notice.longitude, (-180, 180), "Longitude"),
    ):
        if value is not None and not low <= value <= high:
            problems[key] = f"{what} is a number of degrees from {low} to {high}."
    override = notice.override
    if override is not None:
        problem = text.length_problem(override.reason, field_limit("override_reason"))
        if problem:
            problems["override"] = f"The supervisor's reason: {problem}"
    for number, person in enumerate(notice.people, start=1):
        who = f"{person.role.capitalize()} {number}"
        problem = (
            text.length_problem(person.name, PERSON_TEXT_LIMIT)
            or text.symbols_problem(person.name)
            or text.length_problem(person.contact, PERSON_TEXT_LIMIT)
        )
        if problem:
            problems["people"] = f"{who}: {problem}"
            break
    return problems


def _names_a_place(place: str) -> bool:
    letters = sum(character.isalpha() for character in place)
    return text.names_a_place(place) and letters >= PLACE_MIN_LETTERS


def _check_location(notice: NoticeInput, errors: dict[str, str]) -> None:
    lat, lon = notice.latitude, notice.longitude
    if (lat is None) != (lon is None):
        errors["location"] = "Give both latitude and longitude, or neither."
    elif lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
        inside = (
            BOROUGH_LATITUDE[0] <= lat <= BOROUGH_LATITUDE[1]
            and BOROUGH_LONGITUDE[0] <= lon <= BOROUGH_LONGITUDE[1]
        )
        if not inside:
            errors["location"] = "This point is outside Hammersmith & Fulham. Check it."


def _check_recipient(
    notice: NoticeInput, settings: NoticeSettings, today: date, errors: dict[str, str]
) -> None:
    ref = reference()
    if notice.identity_method not in ref.identity_methods:
        errors["identity_method"] = (
            "Say how the recipient's identity was confirmed, or that they refused."
        )
        return
    if notice.details_refused:
        if len(notice.recipient_description.strip()) < 20:
            errors["recipient_description"] = (
                "The recipient refused their details: describe them so police can identify them."
            )
        return
    _check_name(notice, errors)
    if notice.identity_method == "document" and not notice.identity_document:
        errors["identity_document"] = "Choose the document you saw."
    born, band = notice.recipient_date_of_birth, notice.recipient_age_band
    if born is None and not band:
        errors["recipient_age"] = "Enter the date of birth, or choose an estimated age band."
    elif born is not None and born > today:
        errors["recipient_age"] = "The date of birth cannot be in the future."
    elif born is not None and age_on(born, today) > 120:
        errors["recipient_age"] = "Check the date of birth: that is over 120 years ago."
    elif band and band not in ref.age_bands:
        errors["recipient_age"] = "Choose an age band from the list."
    else:
        age = youngest_age(notice, today)
        if age is not None and age < settings.minimum_age:
            errors["recipient_age"] = (
                f"Nobody under {settings.minimum_age} can be given a warning or notice."
            )
    _check_address(notice, errors)


def _check_name(notice: NoticeInput, errors: dict[str, str]) -> None:
    """A given name and a family name, or one name with the officer's note of why."""
    name = notice.recipient_name
    if not name.strip():
        errors["recipient_name"] = "Enter the recipient's full name."
        return
    if len(text.name_parts(name)) >= 2:
        return
    note, _rest = text.one_name_note(notice.recipient_description)
    if not note:
        errors["recipient_name"] = (
            "Enter the recipient's given name and family name. If they gave one name only, "
            "tick 'Gave one name only' and say why."
        )
    elif len(text.real_words(note)) < text.ONE_NAME_NOTE_MIN_WORDS:
        errors["recipient_name"] = (
            f"Say in at least {text.ONE_NAME_NOTE_MIN_WORDS} words why they gave one name only."
        )


def _check_address(notice: NoticeInput, errors: dict[str, str]) -> None:
    """A first line and a postcode, or no fixed abode (then a postcode is not needed)."""
    address, postcode = notice.recipient_address, notice.recipient_postcode
    homeless = text.is_no_fixed_abode(address)
    if not address.strip():
        errors["recipient_address"] = "Enter the recipient's address, or tick 'No fixed abode'."
    elif not homeless and not _names_a_place(address):
        errors["recipient_address"] = (
            "Enter the address as it would be written on a letter: at least a house number "
            "or name and the street."
        )
    if not postcode.strip():
        if not homeless:
            errors["recipient_postcode"] = (
                "Enter the recipient's postcode, or tick 'No fixed abode'."
            )
    elif normalise_postcode(postcode) is None:
        errors["recipient_postcode"] = NOT_A_POSTCODE


def _check_people(notice: NoticeInput, errors: dict[str, str]) -> None:
    ref = reference()
    for number, person in enumerate(notice.people, start=1):
        who = f"{person.role.capitalize()} {number}"
        if person.role not in ("victim", "witness"):
            errors["people"] = f"{who}: say whether this is a victim or a witness."
        elif not person.name.strip():
            errors["people"] = f"{who}: enter a name, or remove this person."
        elif person.referral_offered not in ref.referrals:
            errors["people"] = f"{who}: choose the referral offered from the list."
        elif person.referral_accepted and person.referral_offered == "none":
            errors["people"] = f"{who}: a referral can only be accepted if it was offered."
        elif person.consent_to_contact and not person.contact.strip():
            errors["people"] = f"{who}: they agreed to be contacted, so enter how."
        if "people" in errors:
            return


# Text printed on the notice: each must be in the printing font, or it would print as boxes.
PRINTED_FIELDS = (
    "place",
    "circumstances",
    "recipient_name",
    "recipient_address",
    "recipient_description",
)


def _check_printable(notice: NoticeInput, errors: dict[str, str]) -> None:
    for name in PRINTED_FIELDS:
        missing = unprintable_characters(getattr(notice, name))
        if missing and name not in errors:
            errors[name] = f"These characters cannot be printed: {describe_characters(missing)}"
