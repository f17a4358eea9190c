"""An administrator's link to the server for central changes (``hfhate/sync/central.py``) and
the bar that shows it (``hfhate/ui/central_bar.py``), against a real server process."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hfhate.sync.central import CentralConnection, CentralOffline, server_link
from hfhate.sync.errors import SyncError
from hfhate.sync.schemas import Health
from hfhate.ui.central_bar import CentralAccess, CentralBar
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess, transport


def _maker(url: str, ca_file: str | None) -> object:
    return transport(url)


def test_a_stand_alone_laptop_has_no_server_link(
    sqlite_server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north = make_laptop(sqlite_server, "north")
    with north.store.session_factory() as session:
        assert server_link(session) is None
    north.enrol()
    with north.store.session_factory() as session:
        link = server_link(session)
    assert link is not None and link.url == sqlite_server.url


def test_calls_need_a_signed_in_connection(
    sqlite_server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north = make_laptop(sqlite_server, "north")
    north.enrol()
    with north.store.session_factory() as session:
        link = server_link(session)
    assert link is not None
    connection = CentralConnection(link, _maker)  # type: ignore[arg-type]
    with pytest.raises(CentralOffline, match="need a connection to the server"):
        connection.call("GET", "/health", Health)
    with pytest.raises(SyncError, match="did not accept"):
        connection.sign_in(north.admin.username, "not the password")
    assert not connection.signed_in
    connection.sign_in(north.admin.username, PASSWORD)
    assert connection.signed_in and connection.username == north.admin.username
    assert connection.call("GET", "/health", Health).store_schema
    connection.close()
    assert not connection.signed_in


def test_the_bar_says_where_changes_go(
    qtbot: QtBot, sqlite_server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north = make_laptop(sqlite_server, "north")
    access = CentralAccess(north.store.session_factory, north.admin)
    access.make_transport = _maker  # type: ignore[assignment]
    bar = CentralBar(access, "accounts")
    qtbot.addWidget(bar)
    bar.show()
    assert "stand-alone" in bar.label.text()
    assert not bar.connect_button.isVisible()

    north.enrol()
    bar.refresh()
    assert "Not connected" in bar.label.text()
    assert bar.connect_button.isVisible()

    access.ask_password = lambda username, parent: None  # the administrator cancels
    qtbot.mouseClick(bar.connect_button, Qt.MouseButton.LeftButton)
    assert not access.online

    access.ask_password = lambda username, parent: PASSWORD
    qtbot.mouseClick(bar.connect_button, Qt.MouseButton.LeftButton)
    assert access.online
    assert "Connected to the server" in bar.label.text()
    assert bar.disconnect_button.isVisible() and not bar.connect_button.isVisible()

    qtbot.mouseClick(bar.disconnect_button, Qt.MouseButton.LeftButton)
    assert not access.online
    assert bar.connect_button.isVisible()
