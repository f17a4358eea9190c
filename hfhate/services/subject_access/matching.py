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


class NameMatcher:
    """The name asked for, compared with many names and texts: each word's likeness to each
    part asked for is worked out once and remembered (the same words recur across records),
    and the cheap upper bounds of ``SequenceMatcher`` rule most words out before the ratio."""

    def __init__(self, asked: Sequence[str]) -> None:
        self.asked = tuple(asked)
        self._matchers = []
        for part in self.asked:
            matcher = SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(part)
            self._matchers.append(matcher)
        self._known: dict[str, tuple[float, ...]] = {}

    def _scores(self, word: str) -> tuple[float, ...]:
        known = self._known.get(word)
        if known is None:
            found = []
            for part, matcher in zip(self.asked, self._matchers, strict=True):
                if word == part:
                    found.append(1.0)
                    continue
                matcher.set_seq1(word)
                if matcher.real_quick_ratio() < PART_THRESHOLD:
                    found.append(0.0)
                elif matcher.quick_ratio() < PART_THRESHOLD:
                    found.append(0.0)
                else:
                    found.append(matcher.ratio())
            known = tuple(found)
            if len(self._known) < 200_000:
                self._known[word] = known
        return known

    def likeness(self, held: Sequence[str]) -> float:
        """0 to 1: each part asked for against its best part held (in any order), averaged.

        Zero when any part asked for has no part held at least ``PART_THRESHOLD`` like it, so
        "John Smith" does not match "John Brown".
        """
        if not self.asked or not held:
            return 0.0
        scores = [self._scores(word) for word in held]
        total = 0.0
        for index in range(len(self.asked)):
            best = max(score[index] for score in scores)
            if best < PART_THRESHOLD:
                return 0.0
            total += best
        # A held name with many more parts is a little less likely to be the same person.
        return total / len(self.asked) - 0.02 * max(len(held) - len(self.asked), 0)

    def in_text(self, text: str) -> tuple[float, str]:
        """The best likeness of the name to any run of words in ``text``, and that run as
        folded (empty when nothing comes near)."""
        if not self.asked or not text:
            return 0.0, ""
        words = fold(text).split()
        first = [score[0] for score in map(self._scores, words)]
        size = len(self.asked)
        best, found = 0.0, ""
        for start in range(0, max(len(words) - size + 1, 0)):
            if max(first[start : start + size]) < PART_THRESHOLD:
                continue  # no word of this run is near the first part asked for
            window = words[start : start + size]
            score = self.likeness(window)
            if score > best:
                best, found = score, " ".join(window)
        return best, found


def name_likeness(asked: Sequence[str], held: Sequence[str]) -> float:
    """``NameMatcher(asked).likeness(held)``, for one comparison."""
    return NameMatcher(asked).likeness(held)


def names_in_text(asked: Sequence[str], text: str) -> tuple[float, str]:
    """``NameMatcher(asked).in_text(text)``, for one text."""
    return NameMatcher(asked).in_text(text)


def postcode_key(text: str) -> str:
    """A postcode in its standard form, or the folded text when it is not one."""
    return normalise_postcode(text) or fold(text).replace(" ", "").upper()


def address_matches(asked: str, held: str) -> bool:
    """True when every word of the address asked for is in the address held (folded)."""
    asked_words = fold(asked).split()
    held_words = set(fold(held).split())
    return bool(asked_words) and all(word in held_words for word in asked_words)
