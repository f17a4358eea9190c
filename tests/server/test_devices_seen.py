"""What a laptop says of itself in its headers is kept only when it is a plain version, schema
or count; a laptop of an older release says nothing, and what was known stays."""

from __future__ import annotations

import uuid
from pathlib import Path

from hfhate.server.db import make_server_engine, make_sessions, migrate
from hfhate.server.devices_list import devices_table, list_devices
from hfhate.server.devices_seen import LARGEST_UNSENT, note, said
from hfhate.server.models import EnrolledDevice
from hfhate.sync.schemas import APP_VERSION_HEADER, STORE_SCHEMA_HEADER, UNSENT_HEADER


def test_only_plain_values_are_kept() -> None:
    good = {APP_VERSION_HEADER: "0.2.0", STORE_SCHEMA_HEADER: "0016", UNSENT_HEADER: "7"}
    assert said(good) == {"app_version": "0.2.0", "store_schema": "0016", "unsent_count": 7}
    assert said({}) == {}
    junk = {APP_VERSION_HEADER: "<b>1</b>", STORE_SCHEMA_HEADER: "x" * 41, UNSENT_HEADER: "-3"}
    assert said(junk) == {}
    assert said({UNSENT_HEADER: "999999999"}) == {"unsent_count": LARGEST_UNSENT}
    assert said({UNSENT_HEADER: "9" * 10}) == {}


def test_an_old_laptop_keeps_what_was_known(tmp_path: Path) -> None:
    engine = make_server_engine(f"sqlite:///{tmp_path / 'server.sqlite'}")
    migrate(engine, tmp_path / "backups")
    sessions = make_sessions(engine)
    device_id = uuid.uuid4()
    with sessions.begin() as session:
        session.add(EnrolledDevice(id=device_id, code=7, name="north", token_hash="h"))
    with sessions.begin() as session:
        note(session, device_id, {APP_VERSION_HEADER: "0.2.0", UNSENT_HEADER: "3"}, synced=True)
    with sessions.begin() as session:
        note(session, device_id, {})  # an older hfhate: no headers
        (device,) = list_devices(session)
    assert (device.app_version, device.unsent, device.last_user) == ("0.2.0", 3, "")
    assert device.last_synced_at is not None and device.state == "active"
    table = devices_table([device]).splitlines()
    assert table[0].split() == ["Code", "Name", "State", "Last", "user", "Last", "synced"] + [
        "Last",
        "contact",
        "Unsent",
        "App",
        "Schema",
    ]
    assert table[1].split()[:4] == ["007", "north", "active", "-"]
    engine.dispose()
