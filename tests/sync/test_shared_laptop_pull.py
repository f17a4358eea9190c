"""A laptop shared by an officer and a supervisor: each pulls from their own cursor, so the
officer's sync never carries the laptop past records only the supervisor may see.

The server filters a pull by the caller's roles (officers: their own notices). With one
cursor per laptop, the officer's pull would move it past another officer's notices, and the
supervisor's sync on the same laptop would then never receive them.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from hfhate.models import FixedPenaltyNotice, PullCursor, Role, SyncState
from tests.sync.conftest import Laptop, ServerProcess
from tests.sync.test_end_to_end import issue, server_notices


def _notices_here(laptop: Laptop) -> set[str]:
    with laptop.store.session_factory() as session:
        return {str(i) for i in session.scalars(select(FixedPenaltyNotice.id))}


def test_the_supervisor_receives_what_the_officer_pulled_past(
    sqlite_server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north, shared = make_laptop(sqlite_server, "north"), make_laptop(sqlite_server, "shared")
    sam = north.add("sam", Role.AUTHORISED_OFFICER)
    olly = shared.add("olly", Role.AUTHORISED_OFFICER)
    sue = shared.add("sue", Role.SUPERVISOR)
    north.enrol()
    shared.enrol()
    issue(north, sam, 3)
    north.sync(sam)
    issue(shared, olly, 1)

    shared.sync(olly)  # Olly sees his own notice only, yet pulls to the end of the log
    on_server = set(server_notices(sqlite_server))
    assert len(on_server) == 4
    assert len(_notices_here(shared)) == 1

    shared.sync(sue)  # Sue, on the same laptop, receives Sam's notices too
    assert _notices_here(shared) == on_server
    with shared.store.session_factory() as session:
        cursors = {row.user_id: row.cursor for row in session.scalars(select(PullCursor))}
        furthest = session.get_one(SyncState, 1).cursor
    assert set(cursors) == {olly.user_id, sue.user_id}
    assert furthest == max(cursors.values())

    assert shared.sync(sue).pulled == 0  # from her own cursor: nothing again
    assert shared.sync(olly).pulled == 0
