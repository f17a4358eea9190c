"""UK postcodes: checked against the format Royal Mail uses, and written the standard way."""

from __future__ import annotations

import re

# The UK government's published pattern for postcode format (BS 7666), spaces removed first.
_PATTERN = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]([0-9ABEHMNPRV-Y])?|[0-9][A-HJKPS-UW])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)

# What a postcode looks like, said without offering one (which would read as a correction).
NOT_A_POSTCODE = (
    "This is not a UK postcode. A postcode has two parts: the area and district (one or two "
    "letters, then one or two digits, sometimes with a letter after them), a space, then a "
    "digit and two letters."
)


def normalise_postcode(text: str) -> str | None:
    """``w6 9jU`` -> ``W6 9JU``; None if it is not a UK postcode."""
    compact = re.sub(r"\s+", "", text).upper()
    if not _PATTERN.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"
