"""What people type: names, places, addresses and accounts of events, checked the same way
everywhere.

The notice rules, the account rules and the sync server's checks of pushed records all call
these, so the laptop's forms and the server agree. Nothing here ever shortens or changes
text: a value that is too long, or holds characters a name cannot, is refused with a message
that says what is wrong, and the person who typed it corrects it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from hfhate.printing.fonts import describe_characters, unprintable_characters

# Besides letters (of any script the printing font has) and their accents, names may hold
# spaces, apostrophes (straight and curly), hyphens and dots for initials.
NAME_PUNCTUATION = frozenset(" '\u2019-\u2010.")
NO_FIXED_ABODE = "No fixed abode"
# A one-word name stands when the officer records why: the note opens the description.
ONE_NAME_NOTE = "Gave one name only: "
ONE_NAME_NOTE_MIN_WORDS = 3
# A word is a run of letters (any script), with apostrophes or hyphens inside it.
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_NUMBER = re.compile(r"\d")
_VARIATION_SELECTORS = frozenset(range(0xFE00, 0xFE10)) | frozenset(range(0xE0100, 0xE01F0))


def column_limit(model: Any, name: str) -> int | None:
    """The most characters ``model``'s column ``name`` holds: its String(n) length, or the
    ``info`` "max_length" of a Text column; None if it sets none."""
    column = model.__table__.columns[name]
    length = getattr(column.type, "length", None) or column.info.get("max_length")
    return int(length) if length else None


def length_problem(text: str, limit: int | None) -> str:
    """Refuse text longer than ``limit``, never shorten it; "" when it fits."""
    if limit is None or len(text) <= limit:
        return ""
    return (
        f"Use at most {limit} characters: this has {len(text)}. "
        f"Shorten it by {len(text) - limit}; nothing is cut off for you."
    )


def name_characters_problem(text: str, *, digits: bool = False) -> str:
    """What a person's name holds that a name cannot, in a sentence; "" when it is all right.

    Letters of every script the printing font can print, accents, spaces, apostrophes,
    hyphens and dots are allowed; emoji, symbols and control characters are not, nor digits
    unless ``digits`` (an account's name may tell two people apart: "Sam Jones 2").
    """
    kinds = _unusual_characters(text)
    if kinds["symbols"] or kinds["controls"]:
        return symbols_problem(text, "Names")
    if kinds["digits"] and not digits:
        return f"Names cannot contain digits: {describe_characters(kinds['digits'])}"
    if kinds["others"]:
        return (
            "Names can hold letters, spaces, apostrophes, hyphens and dots, not: "
            f"{describe_characters(kinds['others'])}"
        )
    missing = unprintable_characters(text)
    if missing:
        return f"These characters cannot be printed: {describe_characters(missing)}"
    return ""


def symbols_problem(text: str, what: str = "Names") -> str:
    """Emoji, symbols or control characters in ``text`` (``what`` it is, for the message)."""
    kinds = _unusual_characters(text)
    if kinds["symbols"]:
        return f"{what} cannot contain emoji or symbols: {describe_characters(kinds['symbols'])}"
    if kinds["controls"]:
        return (
            f"{what} cannot contain invisible or control characters: "
            f"{describe_characters(kinds['controls'])}"
        )
    return ""


def _unusual_characters(text: str) -> dict[str, str]:
    """The characters of ``text`` that are not letters, accents or name punctuation, by kind."""
    kinds = {"symbols": "", "digits": "", "controls": "", "others": ""}
    for character in dict.fromkeys(text):
        kind = unicodedata.category(character)
        if character in NAME_PUNCTUATION or kind.startswith(("L", "M")):
            continue  # letters of any script, and accents typed as separate marks
        if ord(character) in _VARIATION_SELECTORS or character == "\u200d":
            continue  # parts of an emoji: the emoji itself is named
        if kind.startswith("S"):
            kinds["symbols"] += character
        elif kind.startswith("N"):
            kinds["digits"] += character
        elif kind.startswith("C") or kind in ("Zl", "Zp"):
            kinds["controls"] += character
        else:
            kinds["others"] += character
    return kinds


def name_parts(text: str) -> list[str]:
    """The words of a name (``Mary-Jane O'Neil`` -> two), ignoring spaces and lone dots."""
    return [part for part in text.split() if any(c.isalpha() for c in part)]


def real_words(text: str) -> list[str]:
    """The words of ``text`` that are words: two or more letters, not one letter repeated."""
    return [
        word
        for word in _WORD.findall(text)
        if len(word) >= 2 and len(set(word.lower().replace("'", "").replace("-", ""))) > 1
    ]


def distinct_words(text: str) -> int:
    """How many different real words ``text`` holds, whatever their case."""
    return len({word.lower() for word in real_words(text)})


def names_a_place(text: str) -> bool:
    """A street, landmark or address line: two real words, or a number and a real word
    (``King Street``, ``12 Sample Road``, ``Flat 3``), not ``x`` or ``?``."""
    words = real_words(text)
    return len(words) >= 2 or (len(words) == 1 and _NUMBER.search(text) is not None)


def is_no_fixed_abode(address: str) -> bool:
    return " ".join(address.split()).strip(" .").lower() == NO_FIXED_ABODE.lower()


def one_name_note(description: str) -> tuple[str, str]:
    """The officer's note of why the recipient gave one name only, and the rest of the
    description (``("", description)`` when there is no such note)."""
    if not description.startswith(ONE_NAME_NOTE):
        return "", description
    first, _, rest = description[len(ONE_NAME_NOTE) :].partition("\n")
    return first.strip(), rest


def with_one_name_note(note: str, description: str) -> str:
    """The description holding ``note`` first (as ``one_name_note`` reads it back)."""
    note = " ".join(note.split())
    if not note:
        return description
    return f"{ONE_NAME_NOTE}{note}\n{description}" if description else f"{ONE_NAME_NOTE}{note}"
