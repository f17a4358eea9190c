"""A real server process with the test store's administrator on it, the laptop enrolled: for
the tests of the Users area and of the online sign-in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.sync import client
from tests.sync.conftest import ServerProcess, start_server, stop, transport


def enrolled(
    tmp_path: Path, store: Store, admin: Actor, admin_password: str
) -> Iterator[ServerProcess]:
    """A real server process with the laptop's administrator on it, the laptop enrolled."""
    data = tmp_path / "server"
    data.mkdir()
    server = start_server(data, f"sqlite:///{data / 'server.sqlite'}")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("HFHATE_PASSWORD", admin_password)
            server.admin(
                "create-user",
                admin.username,
                "--full-name",
                admin.full_name,
                "--id",
                str(admin.user_id),
                "--role",
                "administrator",
            )
        client.enrol(store, admin, server.url, server.admin("enrolment-code"), transport)
        yield server
    finally:
        stop(server.process)
