"""This laptop's device row and the store's own settings, on a real store in tmp_path."""

from __future__ import annotations

import socket
from datetime import UTC

from sqlalchemy import func, select

from hfhate.models import Device, StoreSetting
from hfhate.models.store import Store
from hfhate.services.device import (
    DEMO_SETTING,
    get_setting,
    is_demo_store,
    put_setting,
    this_device,
)


def test_device_is_made_once_with_the_machine_name(store: Store) -> None:
    with store.session_factory.begin() as session:
        first = this_device(session)
    with store.session_factory.begin() as session:
        again = this_device(session)
        assert session.scalar(select(func.count()).select_from(Device)) == 1
    assert again.id == first.id and first.id.version == 7
    assert first.name == (socket.gethostname()[:200] or "laptop")
    assert first.code is None and first.created_at.tzinfo is UTC


def test_settings_round_trip_as_json(store: Store) -> None:
    with store.session_factory.begin() as session:
        assert get_setting(session, "fine_amount") is None
        assert get_setting(session, "fine_amount", 100) == 100
        put_setting(session, "fine_amount", {"pounds": 100, "reduced": [75, 50]})
    with store.session_factory.begin() as session:
        assert get_setting(session, "fine_amount") == {"pounds": 100, "reduced": [75, 50]}
        first_stamp = session.get(StoreSetting, "fine_amount").updated_at  # type: ignore[union-attr]
        put_setting(session, "fine_amount", 150)
    with store.session_factory() as session:
        setting = session.get(StoreSetting, "fine_amount")
        assert setting is not None and setting.value == 150
        assert setting.updated_at > first_stamp
        assert session.scalar(select(func.count()).select_from(StoreSetting)) == 1


def test_demo_flag(store: Store) -> None:
    with store.session_factory.begin() as session:
        assert is_demo_store(session) is False
        put_setting(session, DEMO_SETTING, True)
    with store.session_factory() as session:
        assert is_demo_store(session) is True
