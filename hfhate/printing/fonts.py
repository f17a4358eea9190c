"""The TrueType fonts embedded in every printed document, and what characters they can show.

DejaVu Sans (shipped in ``resources/fonts`` with its licence) covers Latin, Greek and Cyrillic
scripts, so names such as "Zoë Łukasiewicz-O'Brien" print as typed. The fonts are registered
with reportlab once per process; ``unprintable_characters`` reads their character maps so that
text the fonts cannot show is refused when it is typed, not printed as empty boxes.
"""

from __future__ import annotations

import io
import re
import threading
from functools import cache
from typing import TYPE_CHECKING

from hfhate.resource_files import read_bytes

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
# Line breaks and tabs are laid out by the printing code, never drawn as glyphs.
_LAYOUT_CHARACTERS = frozenset("\n\r\t")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_lock = threading.Lock()


@cache
def _font(name: str) -> TTFont:
    # reportlab is imported here, not at the top: the entry rules call this module while an
    # officer types, and the window should not wait for reportlab when it starts.
    from reportlab.pdfbase.ttfonts import TTFont

    return TTFont(name, io.BytesIO(read_bytes("fonts", _FILES[name])))


def register_fonts() -> None:
    """Register both fonts with reportlab (the first call does it; later calls cost nothing)."""
    from reportlab.pdfbase import pdfmetrics

    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    with _lock:
        if REGULAR in pdfmetrics.getRegisteredFontNames():
            return
        pdfmetrics.registerFont(_font(BOLD))
        pdfmetrics.registerFont(_font(REGULAR))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)


@cache
def _printable() -> frozenset[int]:
    """Code points that both the regular and the bold font can draw."""
    regular = set(_font(REGULAR).face.charToGlyph)
    bold = set(_font(BOLD).face.charToGlyph)
    return frozenset(regular & bold)


def unprintable_characters(text: str) -> str:
    """The characters of ``text`` the fonts lack, each once, in the order they first appear."""
    if text.isascii() and _ASCII_CONTROL.search(text) is None:
        return ""  # DejaVu Sans has every printable ASCII character; skip the lookup
    printable = _printable()
    missing: dict[str, None] = {}
    for character in text:
        if character not in _LAYOUT_CHARACTERS and ord(character) not in printable:
            missing[character] = None
    return "".join(missing)


def describe_characters(characters: str) -> str:
    """Characters for a message: ``漢 字 U+0001`` (invisible ones by their code point)."""
    return " ".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in characters)
