"""Reference lists: the shipped lists with central entries laid over them. A relabel
overrides, a new code adds, a retired entry cannot be chosen by a new record but still reads
on an old one; on the laptop (a stand-alone administrator's own edits) and in the checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hfhate.models import Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.errors import ValidationFailed
from hfhate.services.notices.issuing import record_warning
from hfhate.services.notices.rules import check_notice
from hfhate.services.notices.settings import default_settings
from hfhate.services.reference_entries import save_entry, set_retired
from hfhate.services.reference_lists import lists_for, merged_lists, shipped_lists
from tests.fixtures.notices import notice_entry

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)


def test_shipped_lists_are_the_base() -> None:
    lists = shipped_lists()
    assert "Ravenscourt" in lists.choosable("wards")
    assert lists.label("hostilities", "misogyny") == "Misogyny / sexist"
    assert lists.choosable("partners") == {}
    assert lists.label("wards", "Atlantis") == "Atlantis"  # unknown: shown as held


def test_a_central_entry_relabels_retires_and_adds() -> None:
    lists = merged_lists(
        [
            {"list_name": "hostilities", "code": "misogyny", "label": "Misogyny", "position": 10},
            {
                "list_name": "wards",
                "code": "Grove",
                "label": "Grove",
                "position": 80,
                "retired_at": NOW.isoformat(),
            },
            {
                "list_name": "wards",
                "code": "Olympia",
                "label": "Olympia",
                "position": 1000,
                "extra": {"districts": ["W14"], "sectors": ["W6 0"]},
            },
            {"list_name": "partners", "code": "galop", "label": "Galop", "position": 10},
            {"list_name": "no_such_list", "code": "x", "label": "x"},
        ]
    )
    assert lists.label("hostilities", "misogyny") == "Misogyny"
    assert "Grove" not in lists.choosable("wards")
    assert lists.label("wards", "Grove") == "Grove" and lists.known("wards", "Grove")
    # Retired as of a time: a record made before then may hold it.
    assert "Grove" in lists.choosable("wards", NOW - timedelta(days=1))
    assert "Grove" not in lists.choosable("wards", NOW)
    assert list(lists.choosable("wards"))[-1] == "Olympia"
    assert lists.choosable("partners") == {"galop": "Galop"}
    assert lists.ward_for_postcode("W14 8AB") == "Olympia"
    assert lists.ward_for_postcode("W6 0QT") == "Olympia"  # by its sector
    assert lists.ward_for_postcode("W6 9JU") is None
    assert "Grove" in lists.including_retired().choosable("wards")


def test_a_new_notice_cannot_choose_a_retired_hostility_ward_or_prohibition() -> None:
    settings = default_settings()
    retired = {"retired_at": (NOW - timedelta(days=1)).isoformat()}
    lists = merged_lists(
        [
            {"list_name": "hostilities", "code": "misogyny", "label": "Misogyny / sexist"}
            | retired,
            {"list_name": "wards", "code": "Ravenscourt", "label": "Ravenscourt"} | retired,
            {"list_name": "prohibitions", "code": "following", "label": "Following"} | retired,
        ]
    )
    entry = notice_entry(NOW)
    assert check_notice(entry, settings, NOW) == {}  # the shipped lists: it stands
    problems = check_notice(entry, settings, NOW, lists=lists)
    assert problems["hostilities"] == (
        "Misogyny / sexist is no longer in use: choose another from the list."
    )
    assert problems["ward"].startswith("Ravenscourt is no longer in use")
    followed = notice_entry(NOW, prohibition="following", ward="Grove")
    assert "no longer in use" in check_notice(followed, settings, NOW, lists=lists)["prohibition"]
    # One issued before they were retired (offline, sent later) still stands.
    earlier = notice_entry(NOW - timedelta(days=2))
    assert check_notice(earlier, settings, NOW - timedelta(days=2), lists=lists) == {}


def test_a_stand_alone_administrator_edits_the_lists_and_issuing_follows(
    store: Store, admin: Actor, make_actor
) -> None:  # type: ignore[no-untyped-def]
    officer = make_actor(Role.AUTHORISED_OFFICER, number="LET-9")
    with store.session_factory.begin() as session:
        save_entry(session, admin, "hostilities", "misogyny", "Misogyny (sexism)")
        save_entry(session, admin, "wards", "Olympia", "Olympia", extra={"districts": ["W14"]})
        lists = set_retired(session, admin, "hostilities", "homophobic", retired=True)
    assert lists.label("hostilities", "misogyny") == "Misogyny (sexism)"
    assert "homophobic" not in lists.choosable("hostilities")
    assert lists.label("hostilities", "homophobic") == "Homophobic"
    assert lists.ward_for_postcode("W14 9AA") == "Olympia"
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as refused:
        record_warning(
            session, officer, notice_entry(datetime.now(UTC), hostilities=("homophobic",))
        )
    assert "Homophobic is no longer in use" in refused.value.field_errors["hostilities"]
    with store.session_factory.begin() as session:
        record_warning(session, officer, notice_entry(datetime.now(UTC), ward="Olympia"))
        set_retired(session, admin, "hostilities", "homophobic", retired=False)
        assert "homophobic" in lists_for(session).choosable("hostilities")


def test_only_an_administrator_edits_and_entries_are_checked(
    store: Store, admin: Actor, make_actor
) -> None:  # type: ignore[no-untyped-def]
    officer = make_actor(Role.SUPERVISOR)
    with store.session_factory.begin() as session:
        with pytest.raises(Exception, match="administrator"):
            save_entry(session, officer, "wards", "Olympia", "Olympia")
        with pytest.raises(ValidationFailed) as refused:
            save_entry(session, admin, "wards", "", "  ")
        assert set(refused.value.field_errors) == {"code", "label"}


def test_a_stand_alone_laptops_own_entries_are_never_queued_to_send(
    store: Store, admin: Actor
) -> None:
    from sqlalchemy import func, select

    from hfhate.models import OutboxEntry

    with store.session_factory.begin() as session:
        save_entry(session, admin, "wards", "Olympia", "Olympia")
        set_retired(session, admin, "wards", "Olympia", retired=True)
        queued = session.scalar(
            select(func.count())
            .select_from(OutboxEntry)
            .where(OutboxEntry.record_type == "reference_entries")
        )
    assert queued == 0
