"""What a printed notice or letter states, as plain values the services hand to the printing.

``NoticeParticulars`` is a snapshot of one issued notice: the particulars the law requires,
already in words (the prohibition's label, not its code). ``NoticeToPrint`` adds what this
print is (the original, a copy, a record of a cancelled or paid notice);
``ReminderLetter`` is a first or second reminder about one notice. ``CancelledBecause`` is
the kind of reason a notice was cancelled, as a printed record states it (never the free-text
reason, which may hold personal or internal detail).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hfhate.clock import LONDON


class Layout(enum.StrEnum):
    """A4 pages for posting and the file, or an 80 mm roll for portable receipt printers."""

    A4 = "a4"
    ROLL = "roll"

    @property
    def label(self) -> str:
        return "A4 pages" if self is Layout.A4 else "80 mm roll (receipt printer)"


def long_date(day: date) -> str:
    """``05 March 2025``: how dates read on notices and letters."""
    return f"{day:%d %B %Y}"


def pounds(pence: int | None) -> str:
    """``£1,060.00`` from pence; an empty string when there is no amount."""
    return "" if pence is None else f"£{pence / 100:,.2f}"


@dataclass(frozen=True)
class NoticeParticulars:
    """One issued notice, as printed. Times are timezone-aware; dates are London dates."""

    number: str
    issued_at: datetime
    offence_at: datetime
    place: str
    postcode: str
    ward: str
    prohibition: str
    circumstances: str
    recipient_name: str
    recipient_address: str
    recipient_postcode: str
    officer_name: str
    officer_authorisation_number: str
    amount_pence: int
    reduced_amount_pence: int
    reduced_until: date
    pay_by: date
    no_proceedings_until: date
    pspo_in_force_from: date

    @property
    def issued_on(self) -> date:
        return self.issued_at.astimezone(LONDON).date()

    @property
    def compact_number(self) -> str:
        """The number without hyphens, as the barcode carries it (``HF0420001237``)."""
        return self.number.replace("-", "")

    def address_lines(self) -> list[str]:
        """The recipient's address as lines, the postcode last."""
        lines = [line.strip(" ,") for line in self.recipient_address.splitlines()]
        return [line for line in (*lines, self.recipient_postcode) if line]

    def values(self) -> dict[str, str]:
        """The notice's fields in words, for the wording template."""
        issued_on = self.issued_on
        offence = self.offence_at.astimezone(LONDON)
        address = ", ".join(self.address_lines())
        return {
            "number": self.number,
            "issued_on": long_date(issued_on),
            "issued_time": f"{self.issued_at.astimezone(LONDON):%H:%M}",
            "offence_on": f"{long_date(offence.date())} at {offence:%H:%M}",
            "place": f"{self.place}, {self.postcode}" if self.postcode else self.place,
            "ward": self.ward,
            "prohibition": self.prohibition,
            "circumstances": self.circumstances,
            "recipient_name": self.recipient_name,
            "recipient_address": address,
            "officer_name": self.officer_name,
            "officer_authorisation_number": self.officer_authorisation_number,
            "amount": pounds(self.amount_pence),
            "reduced_amount": pounds(self.reduced_amount_pence),
            "reduced_until": long_date(self.reduced_until),
            "reduced_period_days": str((self.reduced_until - issued_on).days),
            "pay_by": long_date(self.pay_by),
            "no_proceedings_until": long_date(self.no_proceedings_until),
            "proceedings_from": long_date(self.no_proceedings_until + timedelta(days=1)),
            "no_proceedings_days": str((self.no_proceedings_until - issued_on).days),
            "pspo_in_force_from": long_date(self.pspo_in_force_from),
        }


class CancelledBecause(enum.StrEnum):
    """Why a notice was cancelled, by kind: the move that cancelled it."""

    REPRESENTATION_ACCEPTED = "representation_accepted"
    BY_THE_COUNCIL = "by_the_council"

    @classmethod
    def of_move(cls, action: str) -> CancelledBecause:
        """The kind of a timeline move that cancelled a notice (``accept_representation``)."""
        accepted = action == "accept_representation"
        return cls.REPRESENTATION_ACCEPTED if accepted else cls.BY_THE_COUNCIL


@dataclass(frozen=True)
class NoticeToPrint:
    """A notice and what this print of it is: the first print, a copy, or a record only."""

    particulars: NoticeParticulars
    printed_on: date
    copy: bool = False
    cancelled_on: date | None = None
    paid_on: date | None = None
    cancelled_because: CancelledBecause = CancelledBecause.BY_THE_COUNCIL

    @property
    def record_only(self) -> bool:
        """A cancelled notice prints as a record: its particulars, without the payment offer."""
        return self.cancelled_on is not None

    @property
    def payable(self) -> bool:
        """Whether the print may carry the payment barcode (not for cancelled or paid ones)."""
        return self.cancelled_on is None and self.paid_on is None


@dataclass(frozen=True)
class ReminderLetter:
    """A first or second reminder about an unpaid notice, dated ``letter_date``."""

    reminder: int
    particulars: NoticeParticulars
    letter_date: date
    first_reminder_on: date | None = None
    # Part payments received so far: the letter asks for the balance and says so.
    received_pence: int = 0
