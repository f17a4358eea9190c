"""Sign-in warns when this laptop has gone too long without reaching the server (issue 13
point 7), naming the days and what to do; a laptop that synced lately, or was never
enrolled, shows nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hfhate.models import SyncState, utc_now
from hfhate.services.laptop_settings import LaptopSettings, change_laptop_settings
from hfhate.ui.operations import Operations
from hfhate.ui.sign_in import SignInDialog


def _last_sync(store, device_id, days_ago: float) -> None:  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        session.add(
            SyncState(
                id=1,
                server_url="https://hfhate.example.invalid",
                device_id=device_id,
                device_token="token",
                enrolled_at=utc_now() - timedelta(days=100),
                last_sync_at=utc_now() - timedelta(days=days_ago),
            )
        )


def _dialog(qtbot, store, device_id) -> SignInDialog:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(Operations.on(store), device_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_sign_in_warns_past_the_first_limit(qtbot, store, device_id, admin, ui):
    _last_sync(store, device_id, 16)
    dialog = _dialog(qtbot, store, device_id)
    assert dialog.stale_note.isVisible()
    text = dialog.stale_note.text()
    assert "16 days" in text and "sync" in text.lower() and "in 14 days" in text
    ui.shot(dialog, "stale-warning")


def test_the_limits_are_the_administrators(qtbot, store, device_id, admin):
    _last_sync(store, device_id, 8)
    assert not _dialog(qtbot, store, device_id).stale_note.isVisible()
    with store.session_factory.begin() as session:
        change_laptop_settings(session, admin, LaptopSettings(5, 7, 10))
    assert "8 days" in _dialog(qtbot, store, device_id).stale_note.text()


@pytest.mark.parametrize("enrolled", [False, True])
def test_a_fresh_or_stand_alone_laptop_shows_no_warning(qtbot, store, device_id, enrolled):
    if enrolled:
        _last_sync(store, device_id, 1)
    assert not _dialog(qtbot, store, device_id).stale_note.isVisible()
