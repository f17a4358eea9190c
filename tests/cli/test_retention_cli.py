"""``hfhate retention review`` as a scheduled run uses it: a real process on a real folder.

The store holds a notice paid in January 2025 (due once kept a year, this laptop's setting:
the order came into force in July 2024, so nothing is six years old yet), a session with a
register from 2023 and a notice under a legal hold. The review lists the two due and the one
held; ``--erase`` alone erases nothing; ``--erase --yes`` erases the two, after which the
demo person is nowhere in the store and the review lists only the held notice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from hfhate.config import Paths
from hfhate.models import OutboxEntry, OutboxStatus, Role
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.retention.settings import RetentionSettings, change_retention_settings
from tests.cli.test_cli import run_hfhate
from tests.fixtures.accounts import first_administrator
from tests.fixtures.keys import open_test_store
from tests.fixtures.retention import (
    OTHER_BORN,
    OTHER_NAME,
    A,
    closed_notice,
    issue,
    move,
    session_with_register,
    traces_in_store,
)

PASSWORD = "correct horse battery"


def _user(session, admin: Actor, name: str, *roles: Role) -> Actor:  # type: ignore[no-untyped-def]
    user = accounts.add_user(
        session,
        admin,
        accounts.NewUser(
            full_name=name.title(),
            username=name,
            roles=frozenset(roles),
            authorisation_number=f"LET-{name}" if Role.AUTHORISED_OFFICER in roles else "",
            password=PASSWORD,
            confirm=PASSWORD,
        ),
    )
    user.must_change_password = False  # as after their first sign-in to the app
    return Actor.of(user, admin.device_id)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    store = open_test_store(Paths(data))
    try:
        with store.session_factory.begin() as session:
            admin = first_administrator(session, "Ada Admin", "ada", PASSWORD)
            set_device_code(session, admin, 7)
            olly = _user(session, admin, "olly", Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER)
            sue = _user(session, admin, "sue", Role.SUPERVISOR)
            change_retention_settings(
                session, admin, RetentionSettings(notice_years=1, photo_years=1)
            )
        closed_notice(store, olly, sue, datetime(2025, 1, 15, 12, tzinfo=UTC))
        held = issue(
            store, olly, datetime(2025, 1, 20, 12, tzinfo=UTC), name=OTHER_NAME, born=OTHER_BORN
        )
        move(store, sue, held, A.RECEIVE_REPRESENTATION, datetime(2025, 2, 1, 12, tzinfo=UTC))
        session_with_register(store, olly, date(2023, 9, 1))
        with store.session_factory.begin() as session:  # as after a sync
            session.execute(update(OutboxEntry).values(status=OutboxStatus.SENT))
    finally:
        store.close()
    return data


def review(folder: Path, tmp_path: Path, *extra: str, user: str = "sue"):  # type: ignore[no-untyped-def]
    return run_hfhate(
        "retention",
        "review",
        "--data-dir",
        str(folder),
        "--user",
        user,
        *extra,
        tmp_path=tmp_path,
        password=PASSWORD,
    )


def test_a_scheduled_review_lists_then_erases_what_is_due(folder: Path, tmp_path: Path) -> None:
    listed = review(folder, tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "2 due for erasure, 1 held." in listed.stdout
    assert "15 Jan 2026" in listed.stdout  # paid 15 January 2025, kept a year
    assert "01 Sep 2026" in listed.stdout  # the session of 1 September 2023, three years
    assert "Held: Legal hold: a representation is awaiting a decision." in listed.stdout

    unconfirmed = review(folder, tmp_path, "--erase")
    assert unconfirmed.returncode == 1
    assert "nothing was erased: add --yes" in unconfirmed.stderr
    assert "2 due for erasure" in review(folder, tmp_path).stdout

    erased = review(folder, tmp_path, "--erase", "--yes")
    assert erased.returncode == 0, erased.stderr
    assert "Erased the personal data of 2 records" in erased.stdout
    after = review(folder, tmp_path)
    assert "0 due for erasure, 1 held." in after.stdout
    store = open_test_store(Paths(folder))
    try:
        assert traces_in_store(store) == []
    finally:
        store.close()


def test_only_a_supervisor_runs_the_review(folder: Path, tmp_path: Path) -> None:
    refused = review(folder, tmp_path, "--erase", "--yes", user="olly")
    assert refused.returncode == 1
    assert "Only a user with the supervisor role" in refused.stderr
    assert "2 due for erasure" in review(folder, tmp_path).stdout
