"""How dates and times read on screen: in London time, the way council staff write them."""

from __future__ import annotations

from datetime import datetime

from hfhate.clock import LONDON


def london_time(moment: datetime | None) -> str:
    """``29 Nov 2026 20:15`` in Europe/London, or an empty string."""
    if moment is None:
        return ""
    return moment.astimezone(LONDON).strftime("%d %b %Y %H:%M")
