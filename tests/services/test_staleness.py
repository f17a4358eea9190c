"""Staleness: the rule with dates, the administrator's limits, and changes refused in the
services (not only in the window) once a laptop has gone too long without a sync."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, FixedPenaltyNotice, Role, SyncState, utc_now
from hfhate.models.store import Store
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.device import DEMO_SETTING, put_setting, set_device_code
from hfhate.services.errors import PermissionDenied, ValidationFailed
from hfhate.services.laptop_settings import (
    LaptopSettings,
    change_laptop_settings,
    current_laptop_settings,
)
from hfhate.services.notices.issuing import issue_notice
from hfhate.services.staleness import LaptopOutOfDate, Level, laptop_staleness, staleness_at
from tests.fixtures.notices import notice_entry

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
LIMITS = LaptopSettings(idle_lock_minutes=5, stale_warn_days=14, stale_block_days=30)


@pytest.mark.parametrize(
    ("days_ago", "level"),
    [
        (0, Level.FRESH),
        (13.9, Level.FRESH),
        (14, Level.WARN),
        (29.9, Level.WARN),
        (30, Level.BLOCKED),
        (400, Level.BLOCKED),
    ],
)
def test_the_rule_counts_whole_days_since_the_last_sync(days_ago: float, level: Level) -> None:
    assert staleness_at(NOW - timedelta(days=days_ago), NOW, LIMITS).level is level


def test_a_laptop_never_enrolled_is_never_stale() -> None:
    assert staleness_at(None, NOW, LIMITS).level is Level.FRESH
    assert staleness_at(None, NOW, LIMITS).message == ""


def test_the_messages_name_the_days_and_what_to_do() -> None:
    warn = staleness_at(NOW - timedelta(days=20), NOW, LIMITS).message
    assert "20 days" in warn and "sync" in warn.lower() and "in 10 days" in warn
    blocked = staleness_at(NOW - timedelta(days=31), NOW, LIMITS).message
    assert "31 days" in blocked and "only lets you view records and sync" in blocked


@pytest.fixture
def officer(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.AUTHORISED_OFFICER, username="olu")


def _enrolled(store: Store, device_id, last_sync_days_ago: float | None) -> None:  # type: ignore[no-untyped-def]
    """Make this laptop enrolled, last synced ``last_sync_days_ago`` days ago (None: never)."""
    with store.session_factory.begin() as session:
        state = session.get(SyncState, 1) or SyncState(
            id=1,
            server_url="https://hfhate.example.invalid",
            device_id=device_id,
            device_token="token",
            enrolled_at=utc_now() - timedelta(days=60),
        )
        state.last_sync_at = (
            None if last_sync_days_ago is None else utc_now() - timedelta(days=last_sync_days_ago)
        )
        session.add(state)


def _issue(store: Store, officer: Actor) -> FixedPenaltyNotice:
    with store.session_factory.begin() as session:
        return issue_notice(session, officer, notice_entry(utc_now()))


@pytest.fixture
def numbered(store: Store, admin: Actor) -> None:
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)


def test_past_the_second_limit_issuing_is_refused_until_a_sync_succeeds(
    store: Store, device_id, officer: Actor, numbered: None
) -> None:
    _enrolled(store, device_id, 31)
    with pytest.raises(LaptopOutOfDate, match="31 days"):
        _issue(store, officer)
    with store.session_factory() as session:
        assert session.scalars(select(FixedPenaltyNotice)).all() == []
    _enrolled(store, device_id, 0)  # a sync succeeded
    assert _issue(store, officer).number


def test_between_the_limits_changes_are_allowed_and_only_warned(
    store: Store, device_id, officer: Actor, numbered: None
) -> None:
    _enrolled(store, device_id, 20)
    with store.session_factory() as session:
        assert laptop_staleness(session).level is Level.WARN
    assert _issue(store, officer).number


def test_an_enrolled_laptop_that_never_synced_counts_from_its_enrolment(
    store: Store, device_id, officer: Actor, numbered: None
) -> None:
    _enrolled(store, device_id, None)  # enrolled 60 days ago, never synced
    with pytest.raises(LaptopOutOfDate, match="60 days"):
        _issue(store, officer)


def test_stand_alone_and_demo_laptops_are_not_stale(
    store: Store, device_id, officer: Actor, numbered: None
) -> None:
    assert _issue(store, officer).number  # never enrolled: stand-alone
    _enrolled(store, device_id, 100)
    with store.session_factory.begin() as session:
        put_setting(session, DEMO_SETTING, True)
    assert _issue(store, officer).number


def test_a_stale_laptop_still_lets_a_user_set_their_password(
    store: Store, device_id, officer: Actor, admin_password: str
) -> None:
    _enrolled(store, device_id, 100)
    new = "Another long secret 9"
    with store.session_factory.begin() as session:
        accounts.change_own_password(
            session, officer, current=admin_password, password=new, confirm=new
        )
    with store.session_factory.begin() as session:
        assert accounts.attempt_sign_in(session, officer.device_id, "olu", new) is not None


def test_administrators_change_the_limits_validated_and_audited(
    store: Store, admin: Actor, officer: Actor
) -> None:
    with store.session_factory.begin() as session:
        assert current_laptop_settings(session) == LaptopSettings(5, 14, 30)
    bad = [
        (LaptopSettings(0, 14, 30), "idle_lock_minutes"),
        (LaptopSettings(61, 14, 30), "idle_lock_minutes"),
        (LaptopSettings(5, 30, 30), "stale_block_days"),
        (LaptopSettings(5, 0, 30), "stale_warn_days"),
    ]
    for settings, field in bad:
        with pytest.raises(ValidationFailed) as refused, store.session_factory.begin() as session:
            change_laptop_settings(session, admin, settings)
        assert field in refused.value.field_errors
    with pytest.raises(PermissionDenied), store.session_factory.begin() as session:
        change_laptop_settings(session, officer, LaptopSettings(10, 7, 21))
    with store.session_factory.begin() as session:
        change_laptop_settings(session, admin, LaptopSettings(10, 7, 21))
    with store.session_factory() as session:
        assert current_laptop_settings(session) == LaptopSettings(10, 7, 21)
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "laptop_settings_changed")
        ).one()
        assert event.details["changed"]["idle_lock_minutes"] == {"from": 5, "to": 10}


def test_each_change_reads_the_limits_only_when_they_could_refuse_it(
    store: Store, device_id, officer: Actor, numbered: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A demo fill makes thousands of records: a laptop never enrolled, or in touch within
    the day, is fresh whatever the limits, so they are not read for each (issue 17)."""
    import hfhate.services.staleness as staleness

    reads: list[int] = []
    real = staleness.current_laptop_settings

    def counted(session):  # type: ignore[no-untyped-def]
        reads.append(1)
        return real(session)

    monkeypatch.setattr(staleness, "current_laptop_settings", counted)
    _issue(store, officer)  # stand-alone
    _enrolled(store, device_id, 0.5)
    _issue(store, officer)
    assert reads == []
    _enrolled(store, device_id, 31)
    with pytest.raises(LaptopOutOfDate):
        _issue(store, officer)
    assert reads


def test_at_the_fewest_days_allowed_a_laptop_two_days_out_is_refused(
    store: Store, device_id, admin: Actor, officer: Actor, numbered: None
) -> None:
    with store.session_factory.begin() as session:
        change_laptop_settings(
            session,
            admin,
            LaptopSettings(idle_lock_minutes=5, stale_warn_days=1, stale_block_days=2),
        )
    _enrolled(store, device_id, 1)
    assert _issue(store, officer).number  # warned only
    _enrolled(store, device_id, 2)
    with pytest.raises(LaptopOutOfDate, match="2 days"):
        _issue(store, officer)
