"""Demo notices: a demo store has every status, every ward, warnings, and an intact audit chain.

One demo store is made through ``prepare_store(demo=True)``, as ``hfhate --demo`` makes it,
and shared with other test files (``demo_store``); another is filled as if it were only six
months after the order came into force.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hfhate.config import Paths
from hfhate.models import FixedPenaltyNotice, NoticeEvent, NoticeKind, NoticeStatus
from hfhate.models.store import Store
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.audit import verify_chain
from hfhate.services.demo.fill import DEMO_ACCOUNTS
from hfhate.services.demo.notices import fill_demo_notices
from hfhate.services.notices.numbering import parse_notice_number
from hfhate.services.reference import reference
from tests.fixtures.accounts import first_administrator
from tests.fixtures.keys import open_test_store

PSPO_START = date(2024, 7, 8)


@pytest.fixture
def demo(demo_store: Store) -> Store:
    return demo_store


def _all(store: Store) -> list[FixedPenaltyNotice]:
    with store.session_factory() as session:
        return list(session.scalars(select(FixedPenaltyNotice)))


def test_every_status_and_every_ward(demo: Store) -> None:
    records = _all(demo)
    statuses = Counter(r.status for r in records)
    assert set(statuses) == set(NoticeStatus)
    assert {r.ward for r in records} == set(reference().wards)
    assert len(reference().wards) == 21
    assert 400 <= len(records) <= 600
    assert (
        statuses[NoticeStatus.WARNING_GIVEN]
        == sum(1 for r in records if r.kind is NoticeKind.WARNING)
        >= 50
    )
    assert statuses[NoticeStatus.REFERRED_TO_POLICE] >= 5


def test_the_audit_chain_is_intact(demo: Store) -> None:
    with demo.session_factory() as session:
        check = verify_chain(session)
        events = session.scalar(select(func.count()).select_from(NoticeEvent)) or 0
    assert check.intact
    assert check.events > events > len(_all(demo))


def test_dates_lie_in_the_order_and_never_in_the_future(demo: Store) -> None:
    records = _all(demo)
    now = datetime.now(UTC)
    assert all(
        PSPO_START <= r.offence_at.date() and r.offence_at <= r.issued_at <= now for r in records
    )
    with demo.session_factory() as session:
        latest = session.scalar(select(func.max(NoticeEvent.at)))
    assert latest is not None and latest <= now
    assert (now - min(r.issued_at for r in records)).days >= 300


def test_numbers_are_laptop_7_and_follow_the_order_of_issue(demo: Store) -> None:
    issued = sorted((r for r in _all(demo) if r.number), key=lambda r: r.issued_at)
    parsed = [parse_notice_number(r.number or "") for r in issued]
    assert {p.device_code for p in parsed} == {7}
    assert [p.sequence for p in parsed] == list(range(1, len(parsed) + 1))


def test_officers_are_the_demo_officers(demo: Store) -> None:
    assert {r.officer_name for r in _all(demo)} == {
        "Tom Walsh",
        "Marta Kowalski",
        "Daniel Brown",
        "Amina Saeed",
    }
    with demo.session_factory() as session:
        moves = set(
            session.scalars(select(NoticeEvent.by_name).where(NoticeEvent.status_from.is_not(None)))
        )
    assert moves == {"Grace Okafor"}


def test_some_are_linked_to_warnings_approved_or_amended(demo: Store) -> None:
    records = _all(demo)
    by_id = {r.id: r for r in records}
    linked = [r for r in records if r.earlier_warning_id is not None]
    assert len(linked) >= 10
    assert all(
        by_id[r.earlier_warning_id].recipient_name == r.recipient_name  # type: ignore[index]
        for r in linked
    )
    assert sum(1 for r in records if r.override_by_id is not None) >= 3
    with demo.session_factory() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(NoticeEvent).where(NoticeEvent.action == "amended")
            )
            or 0
        ) >= 3


def _accounts_only(data_dir: Path) -> tuple[Store, Actor]:
    store = open_test_store(Paths(data_dir))
    with store.session_factory.begin() as session:
        admin = first_administrator(session, "Sam Adeyemi", "admin", "demo-administrator")
        for username, full_name, roles, number in DEMO_ACCOUNTS:
            accounts.add_user(
                session,
                admin,
                accounts.NewUser(
                    full_name=full_name,
                    username=username,
                    roles=roles,
                    authorisation_number=number,
                    password="demo",
                    confirm="demo",
                ),
                check_password=False,
            )
    return store, admin


def test_early_in_the_order_nothing_lies_before_it_or_in_the_future(tmp_path: Path) -> None:
    now = datetime(2025, 1, 15, 18, 0, tzinfo=UTC)  # only six months after the order began
    store, admin = _accounts_only(tmp_path / "early")
    with store.session_factory.begin() as session:
        count = fill_demo_notices(session, admin, admin.device_id, now=now)
        events = list(session.scalars(select(NoticeEvent.at)))
    records = _all(store)
    store.close()
    assert count == len(records) >= 400
    assert all(PSPO_START <= r.offence_at.date() and r.issued_at <= now for r in records)
    assert max(events) <= now
    statuses = {r.status for r in records}
    assert {NoticeStatus.ISSUED, NoticeStatus.PAID, NoticeStatus.CONVICTED} <= statuses
