"""Notice numbers: ``HF-DDD-NNNNNN-C``, unique across every laptop while offline.

DDD is the device code, NNNNNN the device's own sequence (allocated in the same transaction as
the notice, never reused), C a Damm check digit over the nine digits. The Damm check catches
every single mistyped digit and every swap of two adjacent digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session
from stdnum import damm

from hfhate.models import Device
from hfhate.services.errors import ServiceError

MAX_SEQUENCE = 999_999
_SHAPE = re.compile(r"^HF(\d{3})(\d{6})(\d)$")
EXAMPLE = "HF-042-000123-7"


class InvalidNoticeNumber(ServiceError):
    """A typed notice number that cannot be right; the message says why."""


@dataclass(frozen=True)
class NoticeNumber:
    """A valid notice number and its parts."""

    device_code: int
    sequence: int

    @property
    def digits(self) -> str:
        return f"{self.device_code:03d}{self.sequence:06d}"

    @property
    def check(self) -> str:
        return str(damm.calc_check_digit(self.digits))

    def __str__(self) -> str:
        return f"HF-{self.device_code:03d}-{self.sequence:06d}-{self.check}"


def parse_notice_number(text: str) -> NoticeNumber:
    """Read a typed number (spaces, hyphens and case do not matter); raise if it is wrong."""
    compact = re.sub(r"[\s-]", "", text).upper()
    if not compact:
        raise InvalidNoticeNumber(f"Type a notice number, like {EXAMPLE}.")
    match = _SHAPE.match(compact)
    if match is None:
        raise InvalidNoticeNumber(
            f"A notice number has HF, 3 digits, 6 digits and a check digit, like {EXAMPLE}."
        )
    code, sequence, _check = match.groups()
    if not damm.is_valid(code + sequence + _check):
        raise InvalidNoticeNumber(
            "The check digit does not match: a digit is mistyped or two digits are swapped. "
            "Check the number on the notice."
        )
    return NoticeNumber(int(code), int(sequence))


class DeviceNotReady(ServiceError):
    """This laptop has no device code yet, or has used up its numbers."""


def allocate_number(session: Session, device: Device) -> NoticeNumber:
    """The next number of this device, in the caller's (BEGIN IMMEDIATE) transaction."""
    if device.code is None:
        raise DeviceNotReady(
            "This laptop has no device code yet, so it cannot number notices. "
            "Ask an administrator to set one (Laptop area)."
        )
    sequence = device.last_notice_sequence + 1
    if sequence > MAX_SEQUENCE:
        raise DeviceNotReady("This laptop has used all its notice numbers: ask for a new code.")
    device.last_notice_sequence = sequence
    session.flush()
    return NoticeNumber(device.code, sequence)
