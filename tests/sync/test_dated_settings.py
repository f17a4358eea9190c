"""Settings changed from a date, applied by date on the server and on the laptops (a real
server process, on SQLite and on PostgreSQL).

An administrator raises the amount to £500 (and the reduced amount to £300) from today through
the admin routes. A notice issued yesterday at £100 and pushed after the change is accepted
with its £100; one issued today on a laptop that had not yet synced the change, still at £100,
is refused. The sync brings the change to the laptop, which then issues at £500, accepted.
The routes refuse a change that cannot stand (422, the problem by field) and an officer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, OutboxEntry, OutboxStatus, Role, utc_now
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import ServerRecordRow
from hfhate.services.actor import Actor
from hfhate.services.notices import issuing as notices
from hfhate.services.notices.settings import StoredSettings
from hfhate.services.settings.stored import settings_on
from hfhate.sync.central import CentralConnection, server_link
from hfhate.sync.errors import SyncError
from hfhate.sync.settings_schemas import SettingChangeRow, SettingsList
from tests.fixtures.notices import notice_entry
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess, transport


def connect(laptop: Laptop, who: Actor) -> CentralConnection:
    with laptop.store.session_factory() as session:
        link = server_link(session)
    assert link is not None
    connection = CentralConnection(link, lambda url, _ca: transport(url))
    connection.sign_in(who.username, PASSWORD)
    return connection


def change(connection: CentralConnection, name: str, value: object, **more: object) -> None:
    body = {"name": name, "value": value, "in_force_from": london_date(utc_now()).isoformat()}
    connection.call("POST", "/admin/settings", SettingChangeRow, json=body | more)


def issue_at(laptop: Laptop, officer: Actor, hours_ago: float, name: str) -> FixedPenaltyNotice:
    at = utc_now() - timedelta(hours=hours_ago)
    with laptop.store.session_factory.begin() as session:
        return notices.issue_notice(session, officer, notice_entry(at, recipient_name=name), now=at)


def server_amounts(server: ServerProcess) -> dict[str, int]:
    engine = make_server_engine(server.database_url)
    try:
        with make_sessions(engine)() as session:
            rows = session.scalars(
                select(ServerRecordRow).where(ServerRecordRow.record_type == "notices")
            )
            return {str(r.record_id): r.fields["amount_pence"] for r in rows}
    finally:
        engine.dispose()


def needing_attention(laptop: Laptop) -> dict[str, str]:
    with laptop.store.session_factory() as session:
        rows = session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.record_type == "notices",
                OutboxEntry.status == OutboxStatus.NEEDS_ATTENTION,
            )
        )
        return {str(row.record_id): row.attention_reason or "" for row in rows}


def test_a_notice_keeps_the_amount_in_force_on_its_issue_on_the_server(
    server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north = make_laptop(server, "north", 7)
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    north.sync(olly)
    before = issue_at(north, olly, 26, "Alex Before")  # yesterday, at £100
    admin = connect(north, north.admin)
    change(admin, "notices.amount_pence", 50000, note="Crime and Policing Act")
    change(admin, "notices.reduced_amount_pence", 30000)
    # This laptop has not synced since: it still issues at £100, today, after the change.
    stale = issue_at(north, olly, 0, "Bea After")
    assert (before.amount_pence, stale.amount_pence) == (10000, 10000)

    report = north.sync(olly)
    held = server_amounts(server)
    assert held.get(str(before.id)) == 10000  # issued before the change: accepted, £100
    assert str(stale.id) not in held  # issued after it with the old amount: refused
    refused = needing_attention(north)
    assert report.needs_attention >= 1 and str(stale.id) in refused
    assert "the settings in force on its issue give 50000" in refused[str(stale.id)]

    # The sync brought the change: the laptop now issues at £500, accepted.
    with north.store.session_factory() as session:
        assert settings_on(session).notices.amount_pence == 50000
        old = StoredSettings(session).notice_settings(utc_now() - timedelta(days=1))
        assert old.amount_pence == 10000
    fresh = issue_at(north, olly, 0, "Cal Fresh")
    assert (fresh.amount_pence, fresh.reduced_amount_pence) == (50000, 30000)
    north.sync(olly)
    assert server_amounts(server).get(str(fresh.id)) == 50000

    listing = admin.call("GET", "/admin/settings", SettingsList)
    amount = next(row for row in listing.settings if row.name == "notices.amount_pence")
    assert amount.value == 50000
    [made] = [c for c in listing.changes if c.name == "notices.amount_pence"]
    assert (made.note, made.made_by) == ("Crime and Policing Act", "Admin north")


def test_the_routes_refuse_what_cannot_stand_and_anyone_but_an_administrator(
    server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north = make_laptop(server, "north", 7)
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    admin = connect(north, north.admin)
    with pytest.raises(SyncError, match="at most the full amount"):
        change(admin, "notices.reduced_amount_pence", 20000)
    with pytest.raises(SyncError, match="cannot start before today"):
        change(
            admin,
            "notices.amount_pence",
            50000,
            in_force_from=(london_date(utc_now()) - timedelta(days=1)).isoformat(),
        )
    with pytest.raises(SyncError, match="no setting called"):
        change(admin, "notices.colour", 1)
    with pytest.raises(SyncError, match="later than the warning"):
        change(admin, "laptop.stale_block_days", 10)
    officer = connect(north, olly)
    with pytest.raises(SyncError, match="Only an administrator"):
        officer.call("GET", "/admin/settings", SettingsList)
    with pytest.raises(SyncError, match="Only an administrator"):
        change(officer, "notices.amount_pence", 50000)
    assert server.admin("settings", "list").splitlines()[0] == "notices.amount_pence  £100.00"
