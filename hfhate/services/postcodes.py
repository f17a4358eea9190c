"""UK postcodes: checked against the format Royal Mail uses, and written the standard way."""

from __future__ import annotations

import re

# The UK government's published pattern for postcode format (BS 7666), spaces removed first.
_PATTERN = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]([0-9ABEHMNPRV-Y])?|[0-9][A-HJKPS-UW])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_postcode(text: str) -> str | None:
    """``w6 9jU`` -> ``W6 9JU``; None if it is not a UK postcode."""
    compact = re.sub(r"\s+", "", text).upper()
    if not _PATTERN.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"
