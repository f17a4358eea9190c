"""What a subject access request must hold, and its deadline: one calendar month.

The ICO's guidance: the time limit ends on the corresponding calendar date of the next month
(received 3 March, due 3 April); where the next month has no such date, on its last day
(received 31 January, due 28 February, or 29 February in a leap year). The laptop's service
and the sync server's check of a pushed request both run ``check_request``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from hfhate.services.postcodes import NOT_A_POSTCODE, normalise_postcode

NAME_LIMIT = 200
IDENTIFIED_LIMIT = 200
REASON_MIN_LETTERS = 10


def one_month_after(received: date) -> date:
    """The corresponding date of the next month, or that month's last day."""
    index = received.month  # the next month, counted from 0
    year, month = received.year + index // 12, index % 12 + 1
    return date(year, month, min(received.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class RequestInput:
    """A request as the supervisor enters it."""

    requester_name: str = ""
    requester_date_of_birth: date | None = None
    requester_address: str = ""
    requester_postcode: str = ""
    received_on: date | None = None
    identified_by: str = ""


def check_request(entry: RequestInput, today: date) -> dict[str, str]:
    """One plain message per field that cannot stand; empty when the request may be saved."""
    errors: dict[str, str] = {}
    name = entry.requester_name.strip()
    if not name:
        errors["requester_name"] = "Enter the name of the person asking."
    elif len(name) > NAME_LIMIT:
        errors["requester_name"] = f"A name holds at most {NAME_LIMIT} characters."
    born = entry.requester_date_of_birth
    if born is not None and not date(1900, 1, 1) <= born <= today:
        errors["requester_date_of_birth"] = "The date of birth must be a past date after 1900."
    if len(entry.requester_address) > NAME_LIMIT:
        errors["requester_address"] = f"An address holds at most {NAME_LIMIT} characters."
    postcode = entry.requester_postcode.strip()
    if postcode and normalise_postcode(postcode) is None:
        errors["requester_postcode"] = NOT_A_POSTCODE
    if entry.received_on is None:
        errors["received_on"] = "Enter the date the request reached the council."
    elif entry.received_on > today:
        errors["received_on"] = "The request cannot have been received in the future."
    identified = entry.identified_by.strip()
    if len(identified) < 5:
        errors["identified_by"] = (
            "Say how the person proved who they are (for example: passport seen at the Town Hall)."
        )
    elif len(identified) > IDENTIFIED_LIMIT:
        errors["identified_by"] = f"Say it in at most {IDENTIFIED_LIMIT} characters."
    return errors


def reason_problem(reason: str) -> str | None:
    """Why a withholding or correction reason cannot stand, or None."""
    if sum(ch.isalpha() for ch in reason) < REASON_MIN_LETTERS:
        return "Give the reason in a few words (for example: prejudice to an investigation)."
    return None
