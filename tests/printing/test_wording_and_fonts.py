"""The wording template (checked before use) and the font's coverage of what people type."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from hfhate.printing.fonts import describe_characters, unprintable_characters
from hfhate.printing.template import check_wording, fill, shipped_document, shipped_wording


def edited(**paths: Any) -> dict[str, Any]:
    """The shipped wording with ``section__key=value`` changes (``None`` removes the key)."""
    document = copy.deepcopy(shipped_document())
    for path, value in paths.items():
        *parents, key = path.split("__")
        node = document
        for part in parents:
            node = node[part]
        if value is None:
            del node[key]
        else:
            node[key] = value
    return document


def test_the_shipped_wording_passes_its_own_checks() -> None:
    assert check_wording(shipped_document()) == []
    wording = shipped_wording()
    assert wording.settings["phone"] == "020 7946 0123"
    assert fill(wording.notice("copy_mark"), {"printed_on": "01 April 2025"}) == (
        "COPY - printed 01 April 2025"
    )


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"notice__amount_full": "{amount} by {pay_by} or {tomorrow}"},
            "notice > amount_full: unknown field {tomorrow}",
        ),
        ({"notice__amount_full": "Pay {amount} soon."}, "notice > amount_full: must keep {pay_by}"),
        (
            {"notice__no_proceedings": "No proceedings for a while."},
            "notice > no_proceedings: must keep {proceedings_from}",
        ),
        (
            {"notice__offence": "On {offence_on} you broke the {pspo_name"},
            "notice > offence: a { or } is not closed (write {{ or }} for a brace itself)",
        ),
        (
            {"notice__copy_mark": "COPY {printed_on:%d}"},
            "notice > copy_mark: write each field as {name} alone, not {printed_on:%d}",
        ),
        ({"settings__phone": "{phone}"}, "settings > phone: unknown field {phone}"),
        (
            {"settings__team": "法執行チーム"},
            "settings > team: these characters cannot be printed: 法 執 行 チ ー ム",
        ),
        ({"notice__title": None}, "notice > title: missing"),
        ({"notice__stamp": "Approved"}, "notice > stamp: not a known text"),
        (
            {"letters__reminder_1__days_to_pay": 0},
            "letters > reminder_1 > days_to_pay: use 1 to 60 days",
        ),
        (
            {"letters__reminder_2__days_to_pay": "seven"},
            "letters > reminder_2 > days_to_pay: must be a whole number",
        ),
        (
            {"letters__reminder_1__paragraphs": []},
            "letters > reminder_1 > paragraphs: must be a list of one or more texts",
        ),
    ],
)
def test_a_replacement_wording_is_refused_with_the_reason(
    changes: dict[str, Any],
    problem: str,
) -> None:
    assert problem in check_wording(edited(**changes))


def test_a_wording_that_is_not_a_document_is_refused() -> None:
    assert check_wording(["not", "a", "wording"]) == [
        "the wording: must be a section of named texts"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Zoë Łukasiewicz-O'Brien",
        "Ελένη Παπαδοπούλου",
        "Дмитрий Соколов",
        "Ševčík, Ærø, Þórr",
        "Flat 2\n12 Sample Road\tLondon",
    ],
)
def test_the_font_prints_european_scripts(text: str) -> None:
    assert unprintable_characters(text) == ""


def test_characters_the_font_lacks_are_named_once_each() -> None:
    assert unprintable_characters("王 Wang 王小明 \U0001f9ff") == "王小明\U0001f9ff"
    assert describe_characters(unprintable_characters("bell\x07 ok")) == "U+0007"
