"""A whole sync against a real server: one HTTP client and one TLS context for it, and a
pull whose next page is fetched while one is written still never skips a change."""

from __future__ import annotations

import shutil
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

import certifi
import httpx
import pytest
from sqlalchemy import select

from hfhate.models import FixedPenaltyNotice, Role, User
from hfhate.services.actor import Actor
from hfhate.sync import client, transport
from hfhate.sync.schemas import PullPage
from hfhate.sync.transport import SyncError, Transport, tls_context, verify_for
from tests.sync.conftest import FAST_RETRY, PASSWORD, Laptop, ServerProcess
from tests.sync.test_end_to_end import issue, local_notices, server_notices
from tests.sync.test_set_aside import cursor_of, highest_seq


class _Counted(Transport):
    """A transport that counts its HTTP clients and pulls, and may fail one pull."""

    clients: int = 0
    pulls: list[int] = []  # noqa: RUF012 - reset by each test through the factory
    fail_pull: int | None = None

    def __init__(self, url: str) -> None:
        super().__init__(url, timeout=10, retry=FAST_RETRY)
        type(self).clients += 1

    def call(self, method: str, path: str, model: type[Any], **kwargs: Any) -> Any:
        if path == "/pull":
            if len(self.pulls) + 1 == self.fail_pull:
                raise SyncError("the network went away")
            page = super().call(method, path, model, **kwargs)
            assert isinstance(page, PullPage)
            self.pulls.append(page.next_cursor)
            return page
        return super().call(method, path, model, **kwargs)


def _counted(fail_pull: int | None = None) -> type[_Counted]:
    return type("Counted", (_Counted,), {"clients": 0, "pulls": [], "fail_pull": fail_pull})


@pytest.fixture
def laptops(
    sqlite_server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> tuple[Laptop, Laptop]:
    north, office = make_laptop(sqlite_server, "north", 7), make_laptop(sqlite_server, "office")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    office.add("sue", Role.SUPERVISOR)
    north.enrol()
    office.enrol()
    issue(north, olly, 4)
    return north, office


def _actor(laptop: Laptop, username: str) -> Actor:
    with laptop.store.session_factory() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        return Actor.of(user, laptop.admin.device_id)


def test_one_http_client_carries_a_whole_sync(
    laptops: tuple[Laptop, Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    north, office = laptops
    monkeypatch.setattr(client, "MAX_BATCH", 3)
    monkeypatch.setattr(client, "MAX_PAGE", 3)
    made: list[httpx.Client] = []
    real = httpx.Client

    def counting(*args: Any, **kwargs: Any) -> httpx.Client:
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(httpx, "Client", counting)  # what Transport makes its client with
    pushing = _counted()
    assert client.sync(north.store, _actor(north, "olly"), PASSWORD, pushing).pushed > 6
    assert pushing.clients == 1 and len(made) == 1
    pulling = _counted()
    report = client.sync(office.store, _actor(office, "sue"), PASSWORD, pulling)
    assert pulling.clients == 1 and len(made) == 2 and report.pages == len(pulling.pulls) > 3
    assert local_notices(office) == server_notices(office.server)


def test_a_pull_cut_off_keeps_the_cursor_of_the_last_page_written(
    laptops: tuple[Laptop, Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    north, office = laptops
    client.sync(north.store, _actor(north, "olly"), PASSWORD, _counted())
    sue = _actor(office, "sue")
    monkeypatch.setattr(client, "MAX_PAGE", 2)
    cut = _counted(fail_pull=4)  # three pages come, the fourth never does
    with pytest.raises(SyncError):
        client.sync(office.store, sue, PASSWORD, cut)
    assert len(cut.pulls) == 3 and cursor_of(office) == cut.pulls[-1]
    with office.store.session_factory() as session:
        kept = len(session.scalars(select(FixedPenaltyNotice)).all())
    assert 0 < kept < 4
    again = _counted()
    client.sync(office.store, sue, PASSWORD, again)
    assert local_notices(office) == server_notices(office.server)
    assert cursor_of(office) == highest_seq(office.server)
    assert client.sync(office.store, sue, PASSWORD, _counted()).pulled == 0


def test_one_tls_context_is_kept_from_one_transport_to_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    transport._tls_context.cache_clear()
    built: list[ssl.SSLContext] = []
    real = httpx.create_ssl_context

    def counting(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        built.append(real(*args, **kwargs))
        return built[-1]

    monkeypatch.setattr(httpx, "create_ssl_context", counting)
    with Transport("https://sync.example.test"), Transport("https://sync.example.test"):
        pass
    assert len(built) == 1 and tls_context() is built[0]
    ca_file = tmp_path / "council-ca.pem"
    shutil.copyfile(certifi.where(), ca_file)
    first = verify_for(str(ca_file))
    assert verify_for(str(ca_file)) is first
    ca_file.write_text(ca_file.read_text() + "\n")  # replaced by an administrator: read again
    assert verify_for(str(ca_file)) is not first
