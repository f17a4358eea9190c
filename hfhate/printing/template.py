"""The council's wording of notices and letters: a template with named fields in braces.

The shipped wording is ``resources/print/notice_wording.json``; an administrator may replace it
(the store keeps their version, see ``hfhate.services.notices.wording``). ``check_wording``
says what is wrong with a replacement before it is accepted: the same sections and keys as
the shipped one, only known fields, the fields the law needs (amounts, last dates), and only
characters the printing font can show.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from hfhate.printing.fonts import describe_characters, unprintable_characters
from hfhate.resource_files import read_text

# What each field in braces is filled with; the council's settings are fields too.
NOTICE_PLACEHOLDERS: dict[str, str] = {
    "number": "the notice number, HF-042-000123-7",
    "issued_on": "the date of the notice",
    "issued_time": "the time the notice was issued",
    "offence_on": "the date and time of the offence",
    "place": "where it happened, with the postcode",
    "ward": "the ward",
    "prohibition": "the requirement of the order not complied with",
    "circumstances": "what the officer saw and heard",
    "recipient_name": "the recipient's full name",
    "recipient_address": "the recipient's address and postcode",
    "officer_name": "the issuing officer's name",
    "officer_authorisation_number": "the officer's authorisation number",
    "amount": "the full amount, £100.00",
    "reduced_amount": "the reduced amount, £60.00",
    "reduced_until": "the last date for the reduced amount",
    "reduced_period_days": "the days of the reduced period",
    "pay_by": "the last date for the full amount",
    "no_proceedings_until": "the last day on which no proceedings may be taken",
    "proceedings_from": "the first day proceedings may be taken",
    "no_proceedings_days": "the days after the notice without proceedings",
    "pspo_in_force_from": "the date the order came into force",
    "printed_on": "the date of this print",
    "cancelled_on": "the date the notice was cancelled",
    "paid_on": "the date the notice was paid",
    "page": "the page of this notice",
    "pages": "how many pages this notice has",
}
LETTER_PLACEHOLDERS: dict[str, str] = NOTICE_PLACEHOLDERS | {
    "letter_date": "the date of the letter",
    "letter_pay_by": "the last date to pay that the letter gives",
    "first_reminder_on": "the date of the first reminder letter",
}
# Placeholders a text must keep: without them the document would not state what the law needs.
REQUIRED: dict[tuple[str, ...], frozenset[str]] = {
    ("notice", "offence"): frozenset({"offence_on", "pspo_name"}),
    ("notice", "amount_reduced"): frozenset({"reduced_amount", "reduced_until"}),
    ("notice", "amount_full"): frozenset({"amount", "pay_by"}),
    ("notice", "no_proceedings"): frozenset({"proceedings_from"}),
    ("notice", "how_to_pay"): frozenset({"payee", "number"}),
    ("notice", "unpaid"): frozenset({"maximum_fine"}),
    ("notice", "copy_mark"): frozenset({"printed_on"}),
    ("notice", "cancelled_note"): frozenset({"cancelled_on"}),
    ("notice", "record_offence"): frozenset({"offence_on", "pspo_name"}),
    ("notice", "continued"): frozenset({"number"}),
    ("notice", "paid_mark"): frozenset({"paid_on"}),
    ("notice", "paid_note"): frozenset({"paid_on"}),
    ("letters", "reminder_1", "paragraphs"): frozenset({"amount", "letter_pay_by", "number"}),
    ("letters", "reminder_2", "paragraphs"): frozenset({"amount", "letter_pay_by", "number"}),
    ("letters", "slip_amount"): frozenset({"amount", "letter_pay_by"}),
    ("letters", "slip_number"): frozenset({"number"}),
}
MAX_DAYS_TO_PAY = 60
_formatter = string.Formatter()


@cache
def shipped_document() -> dict[str, Any]:
    """The wording shipped with hfhate (read once; callers must not change it)."""
    document: dict[str, Any] = json.loads(read_text("print", "notice_wording.json"))
    return document


@dataclass(frozen=True)
class Wording:
    """A checked wording document, and filling its texts with a notice's values."""

    document: Mapping[str, Any]

    @property
    def settings(self) -> Mapping[str, str]:
        settings: Mapping[str, str] = self.document["settings"]
        return settings

    def notice(self, key: str) -> str:
        text: str = self.document["notice"][key]
        return text

    def letter(self, reminder: int) -> Mapping[str, Any]:
        letter: Mapping[str, Any] = self.document["letters"][f"reminder_{reminder}"]
        return letter

    def letters(self, key: str) -> str:
        text: str = self.document["letters"][key]
        return text


def shipped_wording() -> Wording:
    return Wording(shipped_document())


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each ``{name}`` replaced (names were checked by ``check_wording``)."""
    return template.format_map(values)


def check_wording(document: Any) -> list[str]:
    """Every problem with a replacement wording, in plain words; empty when it can be used."""
    problems: list[str] = []
    _same_shape(shipped_document(), document, (), problems)
    if problems:
        return problems
    settings_names = set(document["settings"])
    for path, text in _texts(document):
        section = path[0]
        if section == "about":
            continue
        allowed = (
            set()
            if section == "settings"
            else settings_names
            | set(LETTER_PLACEHOLDERS if section == "letters" else NOTICE_PLACEHOLDERS)
        )
        where = " > ".join(path)
        names, problem = _fields_in(text)
        if problem:
            problems.append(f"{where}: {problem}")
            continue
        unknown = sorted(names - allowed)
        if unknown:
            shown = ", ".join("{" + name + "}" for name in unknown)
            problems.append(f"{where}: unknown field {shown}")
        missing = unprintable_characters(text)
        if missing:
            problems.append(
                f"{where}: these characters cannot be printed: {describe_characters(missing)}"
            )
    for path, needed in REQUIRED.items():
        node: Any = document
        for part in path:
            node = node[part]
        text = " ".join(node) if isinstance(node, list) else node
        names, _problem = _fields_in(text)
        lacking = sorted(needed - names)
        if lacking:
            problems.append(
                f"{' > '.join(path)}: must keep {', '.join('{' + n + '}' for n in lacking)}"
            )
    for reminder in (1, 2):
        days = document["letters"][f"reminder_{reminder}"]["days_to_pay"]
        if not 1 <= days <= MAX_DAYS_TO_PAY:
            problems.append(
                f"letters > reminder_{reminder} > days_to_pay: use 1 to {MAX_DAYS_TO_PAY} days"
            )
    return problems


def _same_shape(shipped: Any, given: Any, path: tuple[str, ...], problems: list[str]) -> None:
    where = " > ".join(path) or "the wording"
    if isinstance(shipped, dict):
        if not isinstance(given, dict):
            problems.append(f"{where}: must be a section of named texts")
            return
        for key in shipped:
            if key not in given:
                problems.append(f"{' > '.join((*path, key))}: missing")
            else:
                _same_shape(shipped[key], given[key], (*path, key), problems)
        problems.extend(
            f"{' > '.join((*path, key))}: not a known text" for key in given if key not in shipped
        )
    elif isinstance(shipped, list):
        if (
            not isinstance(given, list)
            or not given
            or not all(isinstance(t, str) and t.strip() for t in given)
        ):
            problems.append(f"{where}: must be a list of one or more texts")
    elif isinstance(shipped, bool) or isinstance(given, bool):
        problems.append(f"{where}: must be {type(shipped).__name__}")
    elif isinstance(shipped, int):
        if not isinstance(given, int):
            problems.append(f"{where}: must be a whole number")
    elif not isinstance(given, str) or not given.strip():
        problems.append(f"{where}: must be a text that is not empty")


def _texts(
    document: Mapping[str, Any], path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], str]]:
    found: list[tuple[tuple[str, ...], str]] = []
    for key, value in document.items():
        here = (*path, key)
        if isinstance(value, str):
            found.append((here, value))
        elif isinstance(value, list):
            found.extend(((*here, str(i + 1)), text) for i, text in enumerate(value))
        elif isinstance(value, dict):
            found.extend(_texts(value, here))
    return found


def _fields_in(text: str) -> tuple[set[str], str]:
    """The names in ``{...}``, or a problem (unbalanced braces, formats, positions)."""
    names: set[str] = set()
    try:
        parsed = list(_formatter.parse(text))
    except ValueError:
        return names, "a { or } is not closed (write {{ or }} for a brace itself)"
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return names, f"write each field as {{name}} alone, not {{{written}}}"
        names.add(name)
    return names, ""
