"""Laptop and server agree on reference lists: a hostility retired on both is refused on a
notice issued after it was retired, by the laptop's service and by the server's check of
the pushed record, while one issued before (offline, pushed after) stands on both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hfhate.models import utc_now
from hfhate.server import reference_lists as central_lists
from hfhate.services import accounts
from hfhate.services.notices.issuing import issue_notice
from hfhate.services.reference_entries import set_retired
from tests.fixtures.notices import notice_entry
from tests.records.test_agreement import PASSWORD, Sides, sides  # noqa: F401 - the fixture


def _issue(two: Sides, hostility: str, now: datetime) -> tuple[str, Any]:
    entry = notice_entry(now, hostilities=(hostility,))
    return two.laptop_refuses(
        lambda session, entry: issue_notice(session, two.officer, entry, now=now), entry
    )


def _retire_on_both(two: Sides, code: str) -> None:
    with two.store.session_factory.begin() as session:
        admin = accounts.attempt_sign_in(session, two.officer.device_id, "ada", PASSWORD)
        assert admin is not None
        set_retired(session, admin, "hostilities", code, retired=True)
    with two.central.sessions.begin() as session:
        central_lists.set_retired(
            session, two.supervisor.user_id, "hostilities", code, retired=True
        )


def test_a_retired_hostility_is_refused_on_new_notices_on_both_sides(sides: Sides) -> None:  # noqa: F811
    before = utc_now() - timedelta(minutes=5)
    laptop, old = _issue(sides, "homophobic", before)  # offline, before the retirement
    assert laptop == "" and old is not None
    _retire_on_both(sides, "homophobic")
    now = datetime.now(UTC)
    laptop, _ = _issue(sides, "homophobic", now)
    assert "Homophobic is no longer in use" in laptop
    laptop, fresh = _issue(sides, "misogyny", now)
    assert laptop == ""
    # What a laptop that had not synced the retirement would push: refused.
    refused = sides.server_refuses(
        sides.officer, "notices", fresh | {"hostilities": ["homophobic"]}
    )
    assert "Homophobic is no longer in use" in refused
    # The old one, issued before it was retired and pushed after: accepted.
    assert sides.server_refuses(sides.officer, "notices", old) == ""
