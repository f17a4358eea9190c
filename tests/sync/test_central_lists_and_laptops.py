"""Reference lists and the list of laptops, end to end with a real server (SQLite and
PostgreSQL): an administrator retires a ward and adds a partner and a ward on the server, the
laptop syncs and its new notices can no longer choose the ward while the old one still reads
it; the list of laptops shows who synced last, when, what is left unsent and the versions;
a laptop revoked from the admin API is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from hfhate import __version__
from hfhate.models import FixedPenaltyNotice, Role
from hfhate.services.engagement.organisations import add_organisation
from hfhate.services.engagement.rules import OrganisationInput, SessionInput, check_session
from hfhate.services.errors import ValidationFailed
from hfhate.services.notices.issuing import record_warning
from hfhate.services.reference_lists import lists_for
from hfhate.sync.central import CentralConnection, server_link
from hfhate.sync.device_schemas import DeviceList
from hfhate.sync.laptop_headers import unsent_count
from hfhate.sync.reference_schemas import ReferenceListOut
from hfhate.sync.schemas import STORE_SCHEMA
from hfhate.sync.transport import SyncError
from tests.fixtures.notices import notice_entry
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess, transport


def central(laptop: Laptop) -> CentralConnection:
    """The laptop administrator's signed-in link to the server."""
    with laptop.store.session_factory() as session:
        link = server_link(session)
    assert link is not None
    connection = CentralConnection(link, lambda url, _ca: transport(url))
    connection.sign_in(laptop.admin.username, PASSWORD)
    return connection


def warn(laptop: Laptop, officer, **fields) -> None:  # type: ignore[no-untyped-def]
    with laptop.store.session_factory.begin() as session:
        record_warning(session, officer, notice_entry(datetime.now(UTC), **fields))


def test_lists_changed_on_the_server_reach_the_laptop(
    make_laptop: Callable[..., Laptop], server: ServerProcess
) -> None:
    laptop = make_laptop(server, "north", code=11)
    olly = laptop.add("olly", Role.AUTHORISED_OFFICER)
    erin = laptop.add("erin", Role.ENGAGEMENT_OFFICER)
    laptop.enrol()
    warn(laptop, olly, ward="Grove", hostilities=("homophobic",))  # before the retirement
    with laptop.store.session_factory.begin() as session:  # a partner, as officers add them
        galop = add_organisation(session, erin, OrganisationInput(name="Galop", kind="voluntary"))
    laptop.sync(olly)
    laptop.sync(erin)

    admin = central(laptop)
    admin.call(
        "POST",
        "/admin/reference/wards/retirement",
        ReferenceListOut,
        json={"code": "Grove", "retired": True},
    )
    admin.call(
        "POST",
        "/admin/reference/wards",
        ReferenceListOut,
        json={"code": "Olympia", "label": "Olympia", "postcodes": {"districts": ["W14"]}},
    )
    partners = admin.call("GET", "/admin/reference/partners", ReferenceListOut)
    assert [(e.code, e.label, e.retired) for e in partners.entries] == [
        (str(galop.id), "Galop", False)
    ]
    admin.call(
        "POST",
        "/admin/reference/partners/retirement",
        ReferenceListOut,
        json={"code": str(galop.id), "retired": True},
    )
    with pytest.raises(SyncError, match="added in the Sessions area"):
        admin.call(
            "POST", "/admin/reference/partners", ReferenceListOut, json={"code": "x", "label": "X"}
        )
    wards = admin.call("GET", "/admin/reference/wards", ReferenceListOut)
    assert [e.retired for e in wards.entries if e.code == "Grove"] == [True]
    # A laptop may not send a reference entry itself: only the server makes them.
    with pytest.raises(SyncError):
        admin.call("POST", "/admin/reference/not_a_list", ReferenceListOut, json={})

    laptop.sync(olly)
    with laptop.store.session_factory() as session:
        lists = lists_for(session)
        old = session.scalars(select(FixedPenaltyNotice)).one()
    assert "Grove" not in lists.choosable("wards")
    assert lists.label("wards", old.ward) == "Grove" and lists.is_retired("wards", "Grove")
    assert lists.choosable("partners") == {}
    assert lists.label("partners", str(galop.id)) == "Galop"
    problems = check_session(SessionInput(partner_ids=(galop.id,)), date.today(), lists)
    assert problems["partners"] == "Galop is no longer in use: untick it."
    assert lists.ward_for_postcode("W14 8AB") == "Olympia"
    with laptop.store.session_factory.begin() as session, pytest.raises(ValidationFailed) as no:
        record_warning(session, olly, notice_entry(datetime.now(UTC), ward="Grove"))
    assert "Grove is no longer in use" in no.value.field_errors["ward"]
    warn(laptop, olly, ward="Olympia")
    report = laptop.sync(olly)  # the server takes the added ward
    assert report.pushed and not report.needs_attention


def test_the_list_of_laptops_and_revoking_one(
    make_laptop: Callable[..., Laptop], server: ServerProcess
) -> None:
    laptop = make_laptop(server, "north")
    olly = laptop.add("olly", Role.AUTHORISED_OFFICER)
    ann = laptop.add("ann", Role.AUTHORISED_OFFICER)
    code = laptop.enrol()
    admin = central(laptop)  # the administrator signs in first; Olly syncs after
    never = admin.call("GET", "/admin/devices", DeviceList).devices
    assert [(d.code, d.last_synced_at, d.state) for d in never] == [(code, None, "active")]
    warn(laptop, ann)  # Ann's, not sent by Olly's sync: left waiting
    warn(laptop, olly)
    laptop.sync(olly)
    (device,) = admin.call("GET", "/admin/devices", DeviceList).devices
    assert device.last_user == "Olly"
    assert device.last_synced_at is not None
    with laptop.store.session_factory() as session:
        waiting = unsent_count(session)  # Ann's warning, and the accounts the admin added
    assert device.unsent == waiting and waiting >= 2
    assert (device.app_version, device.store_schema) == (__version__, STORE_SCHEMA)
    table = server.admin("devices")
    assert "Last user" in table and "Olly" in table and __version__ in table

    answer = admin.call("POST", f"/admin/devices/{code}/revoke", DeviceList, json={"erase": False})
    assert [d.state for d in answer.devices] == ["revoked"]
    with pytest.raises(SyncError, match="revoked"):
        laptop.sync(olly)
    assert "revoked" in server.admin("devices")
