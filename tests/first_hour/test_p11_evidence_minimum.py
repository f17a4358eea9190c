"""Issue 12 point 11: junk is not evidence.

A place of "x", circumstances of 80 "a"s, a name of "Al" and an address of "?" are refused by
the shared rules (the laptop's and the server's, which reads the notice from its columns),
each with a message beside its field; real values, a one-name recipient with the officer's
reason, and "No fixed abode" stand. In the form the officer sees the same messages.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hfhate.records.inputs import notice_input
from hfhate.services.notices.rules import check_notice
from hfhate.services.notices.settings import default_settings
from tests.fixtures.notices import notice_entry
from tests.ui.conftest import _app_style, open_window, ready, ui  # noqa: F401
from tests.ui.notices.form.conftest import CIRCUMSTANCES, officer, officer_form  # noqa: F401

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
NO_FIXED_ABODE = "No fixed abode"


def with_one_name_note(note: str, description: str) -> str:
    """The description as the form keeps the officer's reason for one name: at its head."""
    return f"Gave one name only: {note}\n{description}"


JUNK = {
    "place": "x",
    "circumstances": "a" * 80,
    "recipient_name": "Al",
    "recipient_address": "?",
}


def _problems(**overrides: object) -> dict[str, str]:
    return check_notice(notice_entry(NOW, **overrides), default_settings(), NOW)


def test_junk_in_each_evidence_field_is_refused_with_a_reason() -> None:
    problems = _problems(**JUNK)
    assert set(problems) == set(JUNK)
    assert "at least two words" in problems["place"]
    assert "at least 10 different words" in problems["circumstances"]
    assert "given name and family name" in problems["recipient_name"]
    assert "'Gave one name only'" in problems["recipient_name"]
    assert "house number" in problems["recipient_address"]
    # Repeated characters with spaces are not words either.
    assert "circumstances" in _problems(circumstances="a " * 30 + "ab " * 10)


def test_the_server_refuses_the_same_junk_read_from_the_columns() -> None:
    entry = notice_entry(NOW, **JUNK)
    columns = {name: getattr(entry, name) for name in entry.__dataclass_fields__}
    assert set(check_notice(notice_input(columns), default_settings(), NOW)) == set(JUNK)


def test_real_values_stand_including_one_name_with_a_reason_and_no_fixed_abode() -> None:
    assert _problems() == {}
    assert _problems(place="12 Blythe Road") == {}
    note = with_one_name_note("Says he is known only as Al", "Tall, green coat")
    assert _problems(recipient_name="Al", recipient_description=note) == {}
    too_short = with_one_name_note("refused", "")
    assert "why they gave one name only" in _problems(
        recipient_name="Al", recipient_description=too_short
    ).get("recipient_name", "")
    assert _problems(recipient_address=NO_FIXED_ABODE, recipient_postcode="") == {}


def test_the_form_says_why_junk_cannot_stand_and_accepts_one_name_with_a_reason(
    officer_form,  # noqa: F811
) -> None:
    form = officer_form.form
    officer_form.fill_notice()
    officer_form.wait_ready()
    officer_form.type(form.when.place, "x")
    officer_form.type(form.what.circumstances, "a" * 80)
    officer_form.type(form.recipient.name, "Al")
    officer_form.type(form.recipient.address, "?")
    officer_form.leave(form.recipient.address)
    assert "at least two words" in officer_form.message("place")
    assert "different words" in officer_form.message("circumstances")
    assert "enough to stand" not in form.what.count.text()
    assert "given name and family name" in officer_form.message("recipient_name")
    assert "house number" in officer_form.message("recipient_address")
    assert not form.issue_button.isEnabled()
    officer_form.shot("p11-junk")

    officer_form.type(form.when.place, "King Street, outside Lyric Square")
    officer_form.type(form.what.circumstances, CIRCUMSTANCES)
    officer_form.tick(form.recipient.one_name_only)
    officer_form.type(form.recipient.one_name_note, "Says he is known only as Al")
    officer_form.tick(form.recipient.no_fixed_abode)
    officer_form.wait_ready()
    values = form.values().entry
    assert values.recipient_address == NO_FIXED_ABODE and values.recipient_postcode == ""
    assert values.recipient_description.startswith("Gave one name only: Says he is known")
