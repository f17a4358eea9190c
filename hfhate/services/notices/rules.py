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
from hfhate.models import NoticeKind, NoticeStatus
from hfhate.printing.fonts import describe_characters, unprintable_characters
from hfhate.services.notices.settings import NoticeSettings
from hfhate.services.postcodes import normalise_postcode
from hfhate.services.reference import reference

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
    notice: NoticeInput, settings: NoticeSettings, now: datetime, *, warning: bool = False
) -> dict[str, str]:
    """Every problem, by field name; empty when the warning or notice can stand."""
    ref = reference()
    errors: dict[str, str] = {}
    _check_when(notice, settings, now, errors)
    if not notice.place.strip():
        errors["place"] = "Enter the street or landmark where it happened."
    elif len(notice.place) > 200:
        errors["place"] = "Use at most 200 characters."
    if not notice.postcode.strip():
        errors["postcode"] = "Enter the postcode of the place."
    elif normalise_postcode(notice.postcode) is None:
        errors["postcode"] = "This is not a UK postcode. It looks like W6 9JU."
    if notice.ward not in ref.wards:
        errors["ward"] = "Choose the ward where it happened."
    _check_location(notice, errors)
    if notice.prohibition not in ref.prohibitions:
        errors["prohibition"] = "Choose which prohibition of the order was breached."
    if not notice.hostilities:
        errors["hostilities"] = "Choose the hostility shown, or None apparent."
    elif any(h not in ref.hostilities for h in notice.hostilities):
        errors["hostilities"] = "Choose only from the list."
    elif "none_apparent" in notice.hostilities and len(notice.hostilities) > 1:
        errors["hostilities"] = "None apparent cannot go with another hostility."
    words = notice.circumstances.strip()
    if len(words) < settings.circumstances_min_chars:
        errors["circumstances"] = (
            f"Describe what you saw and heard in at least {settings.circumstances_min_chars} "
            f"characters, so it can stand as evidence ({len(words)} so far)."
        )
    if notice.earlier_warning_id is not None and not notice.earlier_warning:
        errors["earlier_warning"] = "Tick 'Warned before' to link an earlier warning."
    _check_recipient(notice, settings, now.astimezone(LONDON).date(), errors)
    if len(notice.body_worn_video) > 100:
        errors["body_worn_video"] = "Use at most 100 characters."
    _check_people(notice, errors)
    _check_printable(notice, errors)
    if not warning and not notice.details_refused and "recipient_age" not in errors:
        why = needs_override(notice, settings, now.astimezone(LONDON).date())
        if why and notice.override is None:
            errors["override"] = f"{why} A supervisor must approve this notice, with a reason."
        elif why and notice.override is not None and len(notice.override.reason.strip()) < 10:
            errors["override"] = "Give the supervisor's reason in a sentence."
    return errors


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


def _check_location(notice: NoticeInput, errors: dict[str, str]) -> None:
    lat, lon = notice.latitude, notice.longitude
    if (lat is None) != (lon is None):
        errors["location"] = "Give both latitude and longitude, or neither."
    elif lat is not None and lon is not None:
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
    if not notice.recipient_name.strip():
        errors["recipient_name"] = "Enter the recipient's full name."
    elif len(notice.recipient_name.strip()) > 200:
        errors["recipient_name"] = "Use at most 200 characters."
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
    if not notice.recipient_address.strip():
        errors["recipient_address"] = "Enter the recipient's address."
    if not notice.recipient_postcode.strip():
        errors["recipient_postcode"] = "Enter the recipient's postcode."
    elif normalise_postcode(notice.recipient_postcode) is None:
        errors["recipient_postcode"] = "This is not a UK postcode. It looks like W6 9JU."


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
