"""Withholding other people's names from free text given to a requester (a subject access
reply): every word of their names, accents and case ignored, becomes ``WITHHELD``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hfhate.services.subject_access.matching import fold, name_parts

WITHHELD = "[withheld: another person]"
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_RUN = re.compile(rf"{re.escape(WITHHELD)}(?:\s+{re.escape(WITHHELD)})+")


def redact(text: str, own: Iterable[str], others: Iterable[str]) -> str:
    """``text`` with every word of the ``others``' names (that is not also one of the
    person's own, ``own``) replaced by ``WITHHELD``, accents and case ignored."""
    own_parts = {part for name in own for part in name_parts(name)}
    hidden = {part for name in others for part in name_parts(name)} - own_parts
    hidden = {part for part in hidden if len(part) > 1}
    if not text or not hidden:
        return text
    replaced = _WORD.sub(lambda m: WITHHELD if fold(m.group()) in hidden else m.group(), text)
    return _RUN.sub(WITHHELD, replaced)
