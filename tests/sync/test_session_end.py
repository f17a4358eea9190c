"""A server session that ends during a sync is refused plainly; the next sync signs in again.

The server ends a session after 30 minutes idle or 8 hours in all (``hfhate/server/accounts``).
Time is made to pass by moving the session's times back in the server database, just before
the laptop pushes; the push is refused with the server's sentence, nothing is lost, and a new
sync (which signs in afresh) sends everything. A revoked laptop is covered by
``test_end_to_end.test_a_revoked_laptop_is_refused``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from hfhate.models import Role
from hfhate.server.accounts import SESSION_IDLE
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import SessionToken, utc_now
from hfhate.sync import client
from hfhate.sync.transport import SyncError, Transport
from tests.sync.conftest import FAST_RETRY, PASSWORD, Laptop, ServerProcess
from tests.sync.test_end_to_end import issue, pending, server_notices


def end_sessions(server: ServerProcess, **times: Any) -> None:
    """Set every session's times on the server, as if the clock had moved on."""
    engine = make_server_engine(server.database_url)
    try:
        with make_sessions(engine).begin() as session:
            session.execute(update(SessionToken).values(**times))
    finally:
        engine.dispose()


def ending_before_push(server: ServerProcess, **times: Any) -> Callable[[str], Transport]:
    """A transport factory whose sessions end on the server just before the first push."""

    class Ending(Transport):
        def call(self, method: str, path: str, model: Any, **kwargs: Any) -> Any:
            if path == "/push":
                end_sessions(server, **times)
            return super().call(method, path, model, **kwargs)

    return lambda url: Ending(url, timeout=10, retry=FAST_RETRY)


def test_an_ended_session_is_refused_and_the_next_sync_signs_in_again(
    server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north = make_laptop(server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    ended = {
        "idle": {"last_used_at": utc_now() - SESSION_IDLE - timedelta(minutes=1)},
        "past its end": {"expires_at": utc_now() - timedelta(seconds=1)},
    }
    for count, times in enumerate(ended.values(), start=1):
        issue(north, olly, 1)
        with pytest.raises(SyncError) as refused:
            client.sync(north.store, olly, PASSWORD, ending_before_push(server, **times))
        assert "Your session on the server has ended: sign in again." in str(refused.value)
        assert "Nothing was lost" in str(refused.value)
        assert pending(north) == 1 and len(server_notices(server)) == count - 1
        assert north.sync(olly).pushed == 5  # the notice, its timeline entry, its victim (3)
        assert pending(north) == 0 and len(server_notices(server)) == count
