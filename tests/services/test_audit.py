"""The audit trail: its hash chain, how tampering shows, and who may read it.

Tampering is done as an attacker would: with plain sqlite3 on the store file, after dropping
the trigger that makes the table append-only.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, Role
from hfhate.models.store import Store
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.audit import (
    GENESIS_HASH,
    ChainCheck,
    chain_row,
    count_events,
    list_events,
    recent_events_of,
    record_event,
    verify_chain,
)
from hfhate.services.audit_chain import row_hash
from hfhate.services.errors import PermissionDenied
from tests.fixtures.keys import raw_connect


@pytest.fixture
def busy(store: Store, admin: Actor, make_actor, admin_password: str) -> dict[str, Actor]:  # type: ignore[no-untyped-def]
    """A store with a few users and sign-ins: 8 audit events."""
    supervisor = make_actor(Role.SUPERVISOR, username="sue")
    officer = make_actor(Role.AUTHORISED_OFFICER, username="olly")
    with store.session_factory.begin() as session:
        assert accounts.attempt_sign_in(session, admin.device_id, "sue", "wrong guess!") is None
        assert accounts.attempt_sign_in(session, admin.device_id, "sue", admin_password)
    with store.session_factory.begin() as session:
        accounts.set_active(session, admin, officer.user_id, active=False)
        accounts.set_active(session, admin, officer.user_id, active=True)
        accounts.sign_out(session, supervisor)
    return {"admin": admin, "supervisor": supervisor, "officer": officer}


def _check(store: Store) -> ChainCheck:
    with store.session_factory() as session:
        return verify_chain(session)


def _tamper(store: Store, *statements: str) -> None:
    raw = raw_connect(store.paths.store, store.key)
    try:
        for statement in statements:
            raw.execute(statement)
        raw.commit()
    finally:
        raw.close()


def test_empty_trail_is_intact(store: Store, device_id: uuid.UUID) -> None:
    check = _check(store)
    assert (check.events, check.first_broken_seq, check.intact) == (0, None, True)


def test_chain_is_intact_after_many_operations(store: Store, busy: dict[str, Actor]) -> None:
    assert _check(store) == ChainCheck(8)
    with store.session_factory() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [e.seq for e in events] == list(range(1, 9))
    assert [e.action for e in events] == [
        "first_administrator_created",
        "user_added",
        "user_added",
        "sign_in_failed",
        "sign_in",
        "user_deactivated",
        "user_reactivated",
        "sign_out",
    ]
    assert events[0].prev_hash == GENESIS_HASH
    for earlier, later in zip(events, events[1:], strict=False):
        assert later.prev_hash == earlier.hash
    assert len({e.hash for e in events}) == 8 and all(len(e.hash) == 64 for e in events)


def test_event_written_with_the_chain_rules_keeps_it_intact(
    store: Store, busy: dict[str, Actor]
) -> None:
    with store.session_factory.begin() as session:
        event = record_event(
            session,
            action="export",
            device_id=busy["admin"].device_id,
            user_id=None,
            details={"rows": 3, "kind": "csv"},
        )
    assert event.prev_hash != GENESIS_HASH
    assert _check(store) == ChainCheck(9)


def test_changed_action_is_found(store: Store, busy: dict[str, Actor]) -> None:
    _tamper(
        store,
        "DROP TRIGGER audit_events_no_update",
        "UPDATE audit_events SET action = 'sign_out' WHERE seq = 5",
    )
    check = _check(store)
    assert (check.events, check.first_broken_seq, check.intact) == (5, 5, False)
    assert check.broken is not None and check.broken.problem == "edited"


def test_changed_details_of_the_last_event_are_found(store: Store, busy: dict[str, Actor]) -> None:
    _tamper(
        store,
        "DROP TRIGGER audit_events_no_update",
        "UPDATE audit_events SET details = '{\"throttled\": true}' WHERE seq = 8",
    )
    assert _check(store).first_broken_seq == 8


def test_rehashed_event_breaks_the_next_link(store: Store, busy: dict[str, Actor]) -> None:
    """An attacker who edits an event and recomputes its hash still breaks the next link."""
    with store.session_factory() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.seq == 3)).one()
        event.action = "sign_out"  # never flushed: only used to compute the forged hash
        forged = row_hash(event.prev_hash, chain_row(event))
        session.rollback()
    _tamper(
        store,
        "DROP TRIGGER audit_events_no_update",
        f"UPDATE audit_events SET action = 'sign_out', hash = '{forged}' WHERE seq = 3",
    )
    check = _check(store)
    assert (check.events, check.first_broken_seq) == (4, 3)  # the row rewritten is named
    assert check.broken is not None and check.broken.problem == "edited"
    _tamper(store, f"UPDATE audit_events SET prev_hash = '{forged}' WHERE seq = 4")
    assert _check(store).first_broken_seq == 4  # event 4's own hash covers its prev_hash


def test_removed_event_is_found(store: Store, busy: dict[str, Actor]) -> None:
    _tamper(store, "DROP TRIGGER audit_events_no_delete", "DELETE FROM audit_events WHERE seq = 4")
    check = _check(store)
    assert (check.events, check.first_broken_seq) == (4, 5)  # seq 5's link broke
    assert check.broken is not None and check.broken.problem == "removed"


def test_officers_cannot_read_the_trail(store: Store, busy: dict[str, Actor], make_actor) -> None:  # type: ignore[no-untyped-def]
    engagement = make_actor(Role.ENGAGEMENT_OFFICER)
    with store.session_factory() as session:
        for actor in (busy["officer"], engagement):
            with pytest.raises(PermissionDenied, match="read the audit trail"):
                list_events(session, actor)
            with pytest.raises(PermissionDenied, match="read the audit trail"):
                count_events(session, actor)


@pytest.mark.parametrize("who", ["supervisor", "admin"])
def test_trail_is_listed_newest_first(store: Store, busy: dict[str, Actor], who: str) -> None:
    actor = busy[who]
    with store.session_factory() as session:
        assert count_events(session, actor) == 8
        events = list_events(session, actor)
        assert [e.seq for e in events] == [8, 7, 6, 5, 4, 3, 2, 1]
        assert events[0].action == "sign_out"
        first_page = list_events(session, actor, limit=3)
        second_page = list_events(session, actor, offset=3, limit=3)
        last_page = list_events(session, actor, offset=6, limit=3)
    assert [e.seq for e in first_page + second_page + last_page] == [8, 7, 6, 5, 4, 3, 2, 1]


def test_recent_events_are_the_users_own(store: Store, busy: dict[str, Actor]) -> None:
    with store.session_factory() as session:
        mine = recent_events_of(session, busy["supervisor"])
        admins = recent_events_of(session, busy["admin"], limit=2)
        officers = recent_events_of(session, busy["officer"])
    assert [e.action for e in mine] == ["sign_out", "sign_in", "sign_in_failed"]
    assert [e.action for e in admins] == ["user_reactivated", "user_deactivated"]
    assert officers == []
