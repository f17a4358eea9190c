"""A sign-in checked by the server: an officer's first on this laptop, or one this laptop
cannot vouch for alone (``services.accounts.GoOnline``), and the new password chosen after
an administrator's reset (sent to the server, from any laptop).

Network only: what the server answers is kept by ``services.central_accounts``. The
connection is short-lived and fails fast (someone is waiting at the sign-in screen).
"""

from __future__ import annotations

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
