"""Sync area fixtures: a real hfhate-server process, laptops, and main windows on their stores.

Windows are built with transports that time out and retry quickly (as in tests/sync); a test
may hand ``open_sync`` its own ``SyncSchedule`` (short intervals) and transport maker.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from hfhate.app import build_main_window
from hfhate.services.actor import Actor
from hfhate.startup import ReadyStore
from hfhate.sync.schedule import SyncSchedule
from hfhate.sync.transport import Transport, transport_for
from hfhate.ui.main_window import MainWindow
from hfhate.ui.sync.password_dialog import ServerPasswordDialog
from hfhate.ui.sync.sync_page import SyncPage
from tests.sync.conftest import (  # noqa: F401  (fixtures used by the tests here)
    FAST_RETRY,
    PASSWORD,
    Laptop,
    make_laptop,
    sqlite_server,
)
from tests.sync.tls_server import council_ca, tls_server  # noqa: F401

TICK_MS = 20


def quick_transport(url: str, ca_file: str | None) -> Transport:
    """Short timeouts and retries, as ``tests.sync.conftest.transport``, with the CA file."""
    return transport_for(url, ca_file, timeout=10, retry=FAST_RETRY)


@pytest.fixture
def open_sync(qtbot, ui) -> Callable[[Laptop, Actor], tuple[MainWindow, SyncPage]]:  # type: ignore[no-untyped-def]
    """The main window on a laptop's store, signed in as ``actor``, showing the Sync area."""

    def open_(
        laptop: Laptop,
        actor: Actor,
        *,
        schedule: SyncSchedule | None = None,
        make_transport: Callable[[str, str | None], Transport] = quick_transport,
    ) -> tuple[MainWindow, SyncPage]:
        window = build_main_window(
            ReadyStore(store=laptop.store, device_id=actor.device_id, demo=False),
            actor,
            sync_schedule=schedule,
            make_transport=make_transport,
            sync_tick_ms=TICK_MS,
        )
        qtbot.addWidget(window)
        ui.show_active(window)
        window.open_area(window.area_titles().index("Sync"))
        page = window.current_page()
        assert isinstance(page, SyncPage)
        if page.enrolled:  # the first reachability check starts with the window
            qtbot.waitUntil(lambda: page.sync.online is not None, timeout=10_000)
        return window, page

    return open_


@pytest.fixture
def sync_now(qtbot, ui) -> Callable[[SyncPage], None]:  # type: ignore[no-untyped-def]
    """Press "Sync now", type the password when asked, and wait for the worker to report."""

    def press(page: SyncPage, password: str = PASSWORD) -> None:
        def answer(dialog: ServerPasswordDialog) -> None:
            ui.type_into(dialog.password, password)
            ui.shot(dialog, "sync_password")
            box = dialog.findChild(QDialogButtonBox)
            ui.click(box.button(QDialogButtonBox.StandardButton.Ok))

        run = ui.drive_modal(ServerPasswordDialog, answer) if page.sync.password is None else None
        ui.click(page.sync_button)
        if run is not None:
            run.check()
        # The worker reports through the event loop: until then the page shows it is busy.
        assert page.running and page.busy.isVisibleTo(page)
        assert not page.sync_button.isEnabled()
        qtbot.waitUntil(lambda: not page.running, timeout=30_000)

    return press
