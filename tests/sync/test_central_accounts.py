"""Accounts administered on the server and followed by a laptop (issue 19 point 1), with a
real server process on SQLite and on PostgreSQL: an administrator adds an officer on the
server; the officer's first sign-in on a laptop that never saw them is online (and, the
account being new, they choose their own password then); the next day they sign in offline;
a reset on the server drops the laptop's verifier at its next sync (the old password no longer
works offline, the temporary one online forces a new one); a deactivation is refused at the
next sync; and a central account not confirmed within the staleness limit is refused offline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select

from hfhate.models import AuditEvent, OutboxEntry, Role, User, utc_now
from hfhate.services import accounts, central_accounts
from hfhate.services.accounts import GoOnline
from hfhate.services.actor import Actor
from hfhate.sync.account_schemas import AccountOut, NewAccount, PasswordReset
from hfhate.sync.central import CentralConnection, ServerLink, server_link
from hfhate.sync.online_sign_in import Outcome, choose_password, complete_sign_in
from hfhate.sync.transport import Transport
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess, free_port, transport

TEMPORARY = "temporary pass 4 olly"
OLLYS = "olly's own long password"


def online(url: str, _ca_file: str | None) -> Transport:
    return transport(url)


def unplugged(_url: str, _ca_file: str | None) -> Transport:
    """A laptop without a network: nothing answers."""
    return transport(f"http://127.0.0.1:{free_port()}")


def admin_connection(laptop: Laptop) -> CentralConnection:
    with laptop.store.session_factory() as session:
        link = server_link(session)
    assert link is not None
    connection = CentralConnection(link, online)
    connection.sign_in(laptop.admin.username, PASSWORD)
    return connection


def link_of(laptop: Laptop) -> ServerLink:
    with laptop.store.session_factory() as session:
        link = server_link(session)
    assert link is not None
    return link


def sign_in(
    laptop: Laptop,
    username: str,
    password: str,
    *,
    new_password: str | None = None,
    network: Callable[[str, str | None], Transport] = online,
    now: datetime | None = None,
) -> Actor | Outcome | GoOnline | None:
    """What the sign-in dialog does: here first, then the server if needed (a new password
    chosen if the server asks). An ``Outcome`` without an actor: refused, with its message."""

    def transact(work):  # type: ignore[no-untyped-def]
        with laptop.store.session_factory.begin() as session:
            return work(session)

    device_id = laptop.admin.device_id
    answer = transact(
        lambda session: accounts.sign_in_here(session, device_id, username, password, now=now)
    )
    if not isinstance(answer, GoOnline):
        return answer

    def choose(connection: CentralConnection):  # type: ignore[no-untyped-def]
        if new_password is None:
            return None
        return choose_password(connection, password, new_password), new_password

    outcome = complete_sign_in(
        transact, link_of(laptop), device_id, username, password, answer, choose, network
    )
    return outcome.actor or outcome


def local_user(laptop: Laptop, username: str) -> User | None:
    with laptop.store.session_factory() as session:
        return session.scalar(select(User).where(User.username == username))


def failures(laptop: Laptop, username: str) -> list[str]:
    with laptop.store.session_factory() as session:
        events = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "sign_in_failed", AuditEvent.username == username
            )
        ).all()
        return [str((e.details or {}).get("reason", "")) for e in events]


def add_olly(laptop: Laptop) -> AccountOut:
    connection = admin_connection(laptop)
    try:
        body = NewAccount(
            username="olly",
            full_name="Olly Officer",
            roles=[Role.AUTHORISED_OFFICER.value],
            authorisation_number="LET-0042",
            password=TEMPORARY,
        )
        return connection.call("POST", "/admin/users", AccountOut, json=body.model_dump())
    finally:
        connection.close()


def test_an_officer_made_on_the_server_follows_on_the_laptop(
    make_laptop: Callable[..., Laptop], server: ServerProcess
) -> None:
    north = make_laptop(server, "north")
    north.enrol()
    north.sync(north.admin)
    olly = add_olly(north)
    assert olly.must_change_password
    assert local_user(north, "olly") is None  # this laptop never saw him

    # No connection: the first sign-in here needs the server, and says so plainly.
    refused = sign_in(north, "olly", TEMPORARY, network=unplugged)
    assert isinstance(refused, Outcome) and refused.actor is None
    assert refused.message == central_accounts.NEEDS_CONNECTION_FIRST
    assert failures(north, "olly") == [GoOnline.FIRST.value]

    # Online: the server checks, asks for his own password, and the laptop keeps him.
    signed_in = sign_in(north, "olly", TEMPORARY, new_password=OLLYS)
    assert isinstance(signed_in, Actor) and signed_in.user_id == olly.id
    kept = local_user(north, "olly")
    assert kept is not None and kept.central and kept.password_hash
    assert not kept.must_change_password and kept.authorisation_number == "LET-0042"
    with north.store.session_factory() as session:  # it came from the server: nothing to send
        assert session.scalar(select(OutboxEntry).where(OutboxEntry.record_id == olly.id)) is None
    north.sync(north.admin)
    assert local_user(north, "olly").password_hash == kept.password_hash  # type: ignore[union-attr]

    # The next day, offline: the laptop vouches for him by itself.
    tomorrow = utc_now() + timedelta(days=1)
    offline = sign_in(north, "olly", OLLYS, network=unplugged, now=tomorrow)
    assert isinstance(offline, Actor) and offline.user_id == olly.id
    wrong = sign_in(north, "olly", "not his password", network=unplugged, now=tomorrow)
    assert isinstance(wrong, Outcome) and wrong.message == accounts.SIGN_IN_FAILED

    # The administrator resets his password: at the next sync the laptop drops the verifier.
    connection = admin_connection(north)
    connection.call(
        "POST",
        f"/admin/users/{olly.id}/reset",
        AccountOut,
        json=PasswordReset(password="second temporary 77").model_dump(),
    )
    north.sync(north.admin)
    dropped = local_user(north, "olly")
    assert dropped is not None and dropped.password_hash == "" and dropped.must_change_password
    old = sign_in(north, "olly", OLLYS, network=unplugged)
    assert isinstance(old, Outcome) and old.actor is None
    assert old.message == central_accounts.NEEDS_CONNECTION_FIRST
    not_old = sign_in(north, "olly", OLLYS)  # online, the old password is refused too
    assert isinstance(not_old, Outcome) and not_old.message == accounts.SIGN_IN_FAILED
    gave_up = sign_in(north, "olly", "second temporary 77")  # must choose a new one
    assert isinstance(gave_up, Outcome) and "choose a new password" in gave_up.message
    again = sign_in(north, "olly", "second temporary 77", new_password="olly's third one!")
    assert isinstance(again, Actor)
    assert isinstance(sign_in(north, "olly", "olly's third one!", network=unplugged), Actor)

    # The administrator deactivates him: at the next sync the laptop refuses him.
    connection.call("POST", f"/admin/users/{olly.id}/deactivate", AccountOut)
    connection.close()
    assert isinstance(sign_in(north, "olly", "olly's third one!", network=unplugged), Actor)
    north.sync(north.admin)
    assert sign_in(north, "olly", "olly's third one!", network=unplugged) is None
    assert failures(north, "olly")[-1] == ""


def test_a_central_account_is_refused_offline_past_the_staleness_limit(
    make_laptop: Callable[..., Laptop], server: ServerProcess
) -> None:
    north = make_laptop(server, "north")
    north.enrol()
    olly = add_olly(north)
    assert isinstance(sign_in(north, "olly", TEMPORARY, new_password=OLLYS), Actor)
    later = utc_now() + timedelta(days=31)  # the limit is 30 days (stale_block_days)
    stale = sign_in(north, "olly", OLLYS, network=unplugged, now=later)
    assert isinstance(stale, Outcome) and stale.actor is None
    assert "30 days" in stale.message and "Connect" in stale.message
    assert failures(north, "olly") == [GoOnline.STALE.value]
    # Within the limit it is fine; online past it, the server confirms it afresh.
    assert isinstance(
        sign_in(north, "olly", OLLYS, network=unplugged, now=utc_now() + timedelta(days=29)),
        Actor,
    )
    assert isinstance(sign_in(north, "olly", OLLYS, now=later), Actor)
    # The laptop's own administrator (a local account) is not held to the server.
    assert isinstance(sign_in(north, north.admin.username, PASSWORD, now=later), Actor)
    assert olly.username == "olly"
