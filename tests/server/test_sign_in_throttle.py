"""Failed sign-ins are throttled per username and per client address (429, Retry-After, a
wait that grows), and logged with the username only when it is an account's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from hfhate.server import throttle
from hfhate.server.models import utc_now
from tests.server.conftest import PASSWORD, Server
from tests.server.live import Live, logged_server


@pytest.fixture
def served(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Live, Path]]:
    monkeypatch.setenv("HFHATE_PASSWORD", PASSWORD)
    yield from logged_server(tmp_path, database_url)


def test_failed_sign_ins_are_throttled_by_username_then_by_address(
    served: tuple[Live, Path],
) -> None:
    live, log = served
    live.user("olly", "authorised_officer")
    live.user("sue", "supervisor")
    device = live.enrol()
    headers = {"Authorization": f"Bearer {device[1]}"}

    def sign_in(username: str, password: str) -> httpx.Response:
        return httpx.post(
            f"{live.url}/api/v1/sign-in",
            headers=headers,
            json={"username": username, "password": password},
        )

    for _ in range(throttle.USER_LIMIT):
        assert sign_in("olly", "not-the-password-9").status_code == 401
    refused = sign_in("olly", PASSWORD)  # even the right password, now
    assert refused.status_code == 429, refused.text
    assert 0 < int(refused.headers["retry-after"]) <= 60
    assert "Too many failed sign-ins" in refused.json()["detail"]
    assert sign_in("sue", PASSWORD).status_code == 200  # another account is not held up

    # The address: 20 failures from it, whatever the usernames, hold up everyone there.
    for n in range(throttle.ADDRESS_LIMIT - throttle.USER_LIMIT):
        assert sign_in(f"hunter2-typed-as-name-{n}", "x").status_code == 401
    held = sign_in("sue", PASSWORD)
    assert held.status_code == 429 and int(held.headers["retry-after"]) > 0

    text = log.read_text()
    assert "sign-in refused for account 'olly'" in text
    assert "sign-in refused for an unknown username" in text
    for secret in ("not-the-password-9", "hunter2", PASSWORD):
        assert secret not in text


def test_a_wrong_enrolment_code_counts_against_the_address(server: Server) -> None:
    from hfhate.sync.schemas import STORE_SCHEMA

    body = {"code": "WRONGCODE", "device_name": "x", "store_schema": STORE_SCHEMA}
    for n in range(throttle.ADDRESS_LIMIT):
        reply = server.client.post(
            "/api/v1/enrol", json=body | {"device_id": f"00000000-0000-0000-0000-{n:012d}"}
        )
        assert reply.status_code == 403, reply.text
    right = server.client.post(
        "/api/v1/enrol",
        json=body | {"code": server.code(), "device_id": "10000000-0000-0000-0000-000000000000"},
    )
    assert right.status_code == 429 and "retry-after" in right.headers


def test_the_wait_doubles_with_each_failure_past_the_limit(server: Server) -> None:
    keys = throttle.Keys.of("olly", "192.0.2.1")
    start = utc_now()
    for n in range(throttle.USER_LIMIT):
        throttle.check(server.sessions, keys, start + timedelta(seconds=n))
        throttle.failed(server.sessions, keys, start + timedelta(seconds=n))
    last = start + timedelta(seconds=throttle.USER_LIMIT - 1)
    waits = []
    for _ in range(3):
        with pytest.raises(throttle.Throttled) as held:
            throttle.check(server.sessions, keys, last)
        waits.append(int(held.value.headers["Retry-After"]))
        last += timedelta(seconds=waits[-1])  # waited it out: one more try, which fails
        throttle.check(server.sessions, keys, last)
        throttle.failed(server.sessions, keys, last)
    assert waits == [60, 120, 240]
    # A success clears the username (not the address).
    with server.sessions.begin() as session:
        throttle.succeeded(session, keys)
    throttle.check(server.sessions, throttle.Keys.of("olly", "192.0.2.2"), last)
