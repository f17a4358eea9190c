"""Issue 12 point 14: messages that say what is wrong, where it is wrong.

A postcode that is not one is described (two parts...) without offering another postcode,
which would read as a correction; a date of birth's problem shows under the date of birth,
not under the disabled age band; a latitude typed as "abc99.9.9" is kept as typed and
refused beside the latitude, and an out-of-range one too, by the rules the server shares.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hfhate.services.notices.rules import check_notice
from hfhate.services.notices.settings import default_settings
from tests.fixtures.notices import notice_entry
from tests.ui.conftest import _app_style, open_window, ready, ui  # noqa: F401
from tests.ui.notices.form.conftest import officer, officer_form  # noqa: F401

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
POSTCODE_SHAPE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")


def _not_a_postcode() -> str:
    entry = notice_entry(NOW, postcode="W6 9J", recipient_postcode="12345")
    problems = check_notice(entry, default_settings(), NOW)
    assert problems["postcode"] == problems["recipient_postcode"]
    return problems["postcode"]


def test_the_postcode_message_names_no_postcode() -> None:
    message = _not_a_postcode()
    assert message.startswith("This is not a UK postcode.")
    assert POSTCODE_SHAPE.search(message) is None, message
    assert "two parts" in message


def test_a_latitude_out_of_range_is_refused_beside_it() -> None:
    entry = notice_entry(NOW, latitude=99.99, longitude=-0.22)
    assert check_notice(entry, default_settings(), NOW) == {
        "latitude": "Latitude is a number of degrees from -90 to 90."
    }


def test_each_message_shows_beside_its_own_field(officer_form, qtbot) -> None:  # noqa: F811
    form = officer_form.form
    officer_form.fill_notice()
    officer_form.wait_ready()

    officer_form.type(form.when.postcode, "W6 9J")
    officer_form.leave(form.when.postcode)
    assert officer_form.message("postcode") == _not_a_postcode()

    officer_form.type(form.when.latitude, "abc99.9.9")
    assert form.when.latitude.text() == "abc99.9.9"  # kept as typed, not quietly "99.99"
    assert "must be a number" in officer_form.message("latitude")
    assert officer_form.message("location") == ""  # not "give both"
    officer_form.type(form.when.latitude, "99.99")
    officer_form.type(form.when.longitude, "-0.22")
    assert officer_form.message("latitude") == "Latitude is a number of degrees from -90 to 90."
    latitude_error = form.rows.errors["latitude"]  # under the latitude box itself
    assert latitude_error.parentWidget() is form.when.latitude.parentWidget()
    assert latitude_error.geometry().left() == form.when.latitude.geometry().left()

    officer_form.type_date(form.recipient.date_of_birth, "01012030")
    assert officer_form.message("recipient_date_of_birth") == (
        "The date of birth cannot be in the future."
    )
    assert officer_form.message("recipient_age") == ""  # not under the disabled band
    date_error = form.rows.errors["recipient_date_of_birth"]
    band_error = form.rows.errors["recipient_age"]
    assert (
        date_error.mapTo(form, date_error.rect().topLeft()).y()
        < form.recipient.age_band.mapTo(form, form.recipient.age_band.rect().topLeft()).y()
    )
    assert band_error.isHidden()
    officer_form.shot("p14-messages", full=True)
