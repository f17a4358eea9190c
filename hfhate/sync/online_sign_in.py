"""A sign-in checked by the server: an officer's first on this laptop, or one this laptop
cannot vouch for alone (``services.accounts.GoOnline``), and the new password chosen after
an administrator's reset (sent to the server, from any laptop).

``complete_sign_in`` does it all but ask for the new password (the window's dialog, or a
test's function); what the server answers is kept by ``services.central_accounts``. The
connection is short-lived and fails fast (someone is waiting at the sign-in screen).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from hfhate.services import accounts, central_accounts
from hfhate.services.accounts import GoOnline
from hfhate.services.actor import Actor
from hfhate.services.errors import ServiceError
from hfhate.services.laptop_settings import current_laptop_settings
from hfhate.sync.account_schemas import MeResponse, OwnPasswordChange
from hfhate.sync.central import CentralConnection, ServerLink, TransportMaker
from hfhate.sync.errors import ServerRefused, SyncError

SIGN_IN_TIMEOUT = 8.0


def _quick_transport(url: str, ca_file: str | None):  # type: ignore[no-untyped-def]
    from hfhate.sync.transport import RetryPolicy, transport_for

    return transport_for(url, ca_file, timeout=SIGN_IN_TIMEOUT, retry=RetryPolicy(attempts=1))


class PasswordRefused(SyncError):
    """The server answered: that username and password are not accepted (or not active)."""


def sign_in_online(
    link: ServerLink, username: str, password: str, make_transport: TransportMaker | None = None
) -> tuple[CentralConnection, MeResponse]:
    """Sign in to the server and read the account; ``PasswordRefused`` if the server said no,
    another ``SyncError`` if it could not be reached."""
    connection = CentralConnection(link, make_transport or _quick_transport)
    try:
        connection.sign_in(username, password)
        return connection, connection.call("GET", "/me", MeResponse)
    except ServerRefused as refused:
        connection.close()
        if refused.status in (401, 403):
            raise PasswordRefused(refused.detail) from None
        raise
    except BaseException:
        connection.close()
        raise


def choose_password(connection: CentralConnection, current: str, new: str) -> MeResponse:
    """Send the new password chosen after a reset; ``ServerRefused`` (with ``fields``) if the
    server finds it wrong."""
    body = OwnPasswordChange(current=current, new=new).model_dump()
    return connection.call("POST", "/me/password", MeResponse, json=body)


# Runs a function of a session in a transaction of its own, commits, and gives its result.
Transact = Callable[[Callable[[Session], Any]], Any]


# Asked when the server says the account must choose a new password: the server's answer
# after the change (``choose_password``) and the new password, or None if they gave up.
NewPassword = Callable[[CentralConnection], "tuple[MeResponse, str] | None"]


@dataclass(frozen=True)
class Outcome:
    """The signed-in user, or None and what to tell them."""

    actor: Actor | None
    message: str = ""


def complete_sign_in(
    transact: Transact,
    link: ServerLink,
    device_id: uuid.UUID,
    username: str,
    password: str,
    why: GoOnline,
    new_password: NewPassword,
    make_transport: TransportMaker | None = None,
) -> Outcome:
    """The server checks the password; the account is kept here with a verifier (after the
    new password is chosen, if the server asks), then signed in here. Refusals are audited,
    with why the server was needed."""

    def failed(message: str, reason: str = "") -> Outcome:
        transact(
            lambda session: accounts.sign_in_failed(
                session, device_id, username, reason=reason or why.value
            )
        )
        return Outcome(None, message)

    try:
        connection, me = sign_in_online(link, username, password, make_transport)
    except PasswordRefused:
        return failed(accounts.SIGN_IN_FAILED, "refused_by_server")
    except SyncError:
        return failed(offline_message(transact, why))
    try:
        if me.account.must_change_password:
            chosen = new_password(connection)
            if chosen is None:
                return failed(
                    "You must choose a new password to sign in. Nothing was changed.",
                    "new_password_not_chosen",
                )
            me, password = chosen
    finally:
        connection.close()

    def keep(session: Session) -> Actor | GoOnline | None:
        central_accounts.keep_online_account(session, me.record, me.version, password)
        return accounts.sign_in_here(session, device_id, username, password)

    try:
        answer = transact(keep)
    except ServiceError as error:
        return failed(str(error))
    if not isinstance(answer, Actor):
        return failed(accounts.SIGN_IN_FAILED)
    return Outcome(answer)


def offline_message(transact: Transact, why: GoOnline) -> str:
    """What to say when the server was needed and could not be reached."""
    if why is GoOnline.FIRST:
        return central_accounts.NEEDS_CONNECTION_FIRST
    if why is GoOnline.STALE:
        days = transact(current_laptop_settings).stale_block_days
        return central_accounts.needs_connection_stale(days)
    return accounts.SIGN_IN_FAILED  # the password is not the one this laptop knows
