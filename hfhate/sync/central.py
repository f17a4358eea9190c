"""The laptop's link to the server for central administration (accounts, settings, lists,
laptops): an administrator signed in to the server, online, for this signed-in session.

Central changes are made on the server and reach every laptop by sync; they need a
connection. A laptop that is not enrolled is stand-alone: its administrator changes what it
holds locally instead (``server_link`` is then None). The session token lives in memory
only, as long as the ``CentralConnection``; the password is never kept here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.orm import Session

from hfhate.models import SyncState
from hfhate.services.device import this_device
from hfhate.sync.errors import SyncError
from hfhate.sync.install import INSTALL_HEADER, install_id

if TYPE_CHECKING:
    from pydantic import BaseModel

    from hfhate.sync.schemas import SignInResponse
    from hfhate.sync.transport import Transport

    T = TypeVar("T", bound=BaseModel)

NEEDS_CONNECTION = (
    "Central changes need a connection to the server: connect this laptop and sign in to the "
    "server, then try again. Nothing was changed."
)
SESSION_HEADER = "X-Hfhate-Session"


class CentralOffline(SyncError):
    """A central change or list asked for without a signed-in connection to the server."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(f"{NEEDS_CONNECTION} {reason}".strip())


@dataclass(frozen=True)
class ServerLink:
    """What this laptop needs to reach its server: from its enrolment (``SyncState``)."""

    url: str
    device_token: str
    ca_file: str | None
    install_id: str


def server_link(session: Session) -> ServerLink | None:
    """This laptop's server, or None if it is stand-alone (never enrolled)."""
    state = session.get(SyncState, 1)
    if state is None:
        return None
    return ServerLink(
        url=state.server_url,
        device_token=state.device_token,
        ca_file=state.ca_file,
        install_id=install_id(this_device(session).id),
    )


TransportMaker = Callable[[str, "str | None"], "Transport"]


def _default_transport(url: str, ca_file: str | None) -> Transport:
    from hfhate.sync.transport import RetryPolicy, transport_for

    # An administrator waits at the screen: fail fast rather than retry for a minute.
    return transport_for(url, ca_file, timeout=15.0, retry=RetryPolicy(attempts=2))


class CentralConnection:
    """One administrator's signed-in link to the server, for central administration."""

    def __init__(self, link: ServerLink, make_transport: TransportMaker | None = None) -> None:
        self.link = link
        self._make_transport = make_transport or _default_transport
        self._transport: Transport | None = None
        self.username = ""

    @property
    def signed_in(self) -> bool:
        return self._transport is not None and SESSION_HEADER in self._transport.headers

    def sign_in(self, username: str, password: str) -> SignInResponse:
        """Sign in to the server as ``username``; SyncError (plain words) if refused."""
        from hfhate.sync.schemas import SignInRequest, SignInResponse

        self.close()
        transport = self._make_transport(self.link.url, self.link.ca_file)
        transport.headers["Authorization"] = f"Bearer {self.link.device_token}"
        transport.headers[INSTALL_HEADER] = self.link.install_id
        try:
            answer = transport.call(
                "POST",
                "/sign-in",
                SignInResponse,
                json=SignInRequest(username=username, password=password).model_dump(),
            )
        except BaseException:
            transport.close()
            raise
        transport.headers[SESSION_HEADER] = answer.session_token
        self._transport = transport
        self.username = username
        return answer

    def call(
        self,
        method: str,
        path: str,
        model: type[T],
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
    ) -> T:
        """One request to a central administration route; ``CentralOffline`` if not signed in.

        A session that ended on the server (idle, or the account deactivated) is forgotten,
        so the next call asks to sign in again.
        """
        if self._transport is None or not self.signed_in:
            raise CentralOffline()
        try:
            return self._transport.call(method, path, model, json=json, params=params)
        except SyncError as error:
            if "session on the server has ended" in str(error) or "deactivated" in str(error):
                self.close()
                raise CentralOffline("Your session on the server had ended.") from None
            raise

    def close(self) -> None:
        """Forget the session (signing out of central administration on this laptop)."""
        if self._transport is not None:
            self._transport.close()
        self._transport = None
        self.username = ""
