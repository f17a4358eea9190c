"""How a name, address or postcode typed by a supervisor is compared with what records hold.

Names are folded (Unicode NFKD with the accents dropped, case folded, apostrophes and hyphens
removed: "Siobhán O’Neill" and "siobhan oneill" are one name) and compared part by part with
``difflib``'s ratio, so a typo or a spelling variant ("Jon Smyth" for "John Smith") still
matches. Addresses are compared folded, as words; postcodes in their standard form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher

from hfhate.services.postcodes import normalise_postcode

# A name part must be at least this like the part asked for; the whole name on average
# at least ``NAME_THRESHOLD``.
PART_THRESHOLD = 0.7
NAME_THRESHOLD = 0.78
_JOINERS = re.compile(r"['’‘`´\-‐‑.]")
_NOT_WORD = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Lower case, accents and apostrophes gone, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _JOINERS.sub("", plain.casefold())
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def name_parts(text: str) -> list[str]:
    return fold(text).split()


def part_likeness(asked: str, held: str) -> float:
    """0 to 1: how alike two folded name parts are."""
    if asked == held:
        return 1.0
    return SequenceMatcher(None, asked, held).ratio()


def name_likeness(asked: Sequence[str], held: Sequence[str]) -> float:
    """0 to 1: each part asked for against its best part held (in any order), averaged.

    Zero when any part asked for has no part held at least ``PART_THRESHOLD`` like it, so
    "John Smith" does not match "John Brown".
    """
    if not asked or not held:
        return 0.0
    scores = []
    for part in asked:
        best = max(part_likeness(part, other) for other in held)
        if best < PART_THRESHOLD:
            return 0.0
        scores.append(best)
    # A held name with many more parts is a little less likely to be the same person.
    extra = max(len(held) - len(asked), 0)
    return sum(scores) / len(scores) - 0.02 * extra


def names_in_text(asked: Sequence[str], text: str) -> tuple[float, str]:
    """The best likeness of the name asked for to any run of words in ``text``, and that run
    as folded (empty when nothing comes near)."""
    words = fold(text).split()
    size = len(asked)
    best, found = 0.0, ""
    for start in range(0, max(len(words) - size + 1, 0)):
        window = words[start : start + size]
        score = name_likeness(asked, window)
        if score > best:
            best, found = score, " ".join(window)
    return best, found


def postcode_key(text: str) -> str:
    """A postcode in its standard form, or the folded text when it is not one."""
    return normalise_postcode(text) or fold(text).replace(" ", "").upper()


def address_matches(asked: str, held: str) -> bool:
    """True when every word of the address asked for is in the address held (folded)."""
    asked_words = fold(asked).split()
    held_words = set(fold(held).split())
    return bool(asked_words) and all(word in held_words for word in asked_words)
