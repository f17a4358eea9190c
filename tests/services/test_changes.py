"""The one way records change: the row, its audit event and its outbox entry together.

Uses users as the synced record (the only one so far) on a real store in tmp_path.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from hfhate.models import AuditEvent, OutboxEntry, OutboxStatus, Role, User
from hfhate.models.store import Store
from hfhate.records.codec import snapshot, wire_value
from hfhate.records.registry import record_type_of
from hfhate.services.actor import Actor
from hfhate.services.changes import record_created, record_updated


def _counts(store: Store) -> tuple[int, int]:
    with store.session_factory() as session:
        return (
            session.scalar(select(func.count()).select_from(AuditEvent)) or 0,
            session.scalar(select(func.count()).select_from(OutboxEntry)) or 0,
        )


def _last(store: Store) -> tuple[AuditEvent, OutboxEntry]:
    with store.session_factory() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
    assert event is not None and entry is not None
    return event, entry


def _update(
    store: Store, actor: Actor, user_id: uuid.UUID, changes: dict[str, object], **kwargs: object
) -> bool:
    with store.session_factory.begin() as session:
        user = session.get(User, user_id)
        assert user is not None
        return record_updated(session, actor, user, changes, action="user_changed", **kwargs)  # type: ignore[arg-type]


def _user(store: Store, user_id: uuid.UUID) -> User:
    with store.session_factory() as session:
        user = session.get(User, user_id)
        assert user is not None
        return user


def test_update_bumps_version_and_sends_only_what_changed(store: Store, admin: Actor) -> None:
    before = _user(store, admin.user_id)
    counts = _counts(store)
    changes = {"full_name": "Ada Lovelace", "roles": ["administrator"]}
    assert _update(store, admin, admin.user_id, changes, details={"reason": "married"}) is True
    after = _user(store, admin.user_id)
    assert (after.version, after.full_name) == (before.version + 1, "Ada Lovelace")
    assert after.updated_at > before.updated_at and after.updated_at.tzinfo is UTC
    assert after.created_at == before.created_at
    assert _counts(store) == (counts[0] + 1, counts[1] + 1)
    event, entry = _last(store)
    assert (event.action, event.user_id, event.record_type, event.record_id) == (
        "user_changed",
        admin.user_id,
        "users",
        admin.user_id,
    )
    assert event.details == {"fields": ["full_name"], "reason": "married"}
    assert (entry.record_type, entry.record_id, entry.operation) == (
        "users",
        admin.user_id,
        "update",
    )
    assert (entry.base_version, entry.version, entry.status) == (1, 2, OutboxStatus.PENDING)
    assert entry.fields == {"full_name": "Ada Lovelace", "updated_at": after.updated_at.isoformat()}


def test_versions_follow_each_other(store: Store, admin: Actor) -> None:
    for number, name in enumerate(["A One", "A Two", "A Three"], start=2):
        assert _update(store, admin, admin.user_id, {"full_name": name})
        _, entry = _last(store)
        assert (entry.base_version, entry.version) == (number - 1, number)
    assert _user(store, admin.user_id).version == 4


def test_no_change_writes_nothing(store: Store, admin: Actor) -> None:
    before = _user(store, admin.user_id)
    counts = _counts(store)
    same = {"full_name": "Ada Admin", "roles": ["administrator"], "active": True}
    assert _update(store, admin, admin.user_id, same) is False
    assert _update(store, admin, admin.user_id, {}) is False
    after = _user(store, admin.user_id)
    assert (after.version, after.updated_at) == (before.version, before.updated_at)
    assert _counts(store) == counts


def test_password_hash_changes_are_audited_but_never_sent(store: Store, admin: Actor) -> None:
    assert _update(
        store,
        admin,
        admin.user_id,
        {"password_hash": "$argon2id$fake", "must_change_password": True},
    )
    event, entry = _last(store)
    assert event.details == {"fields": ["must_change_password", "password_hash"]}
    assert set(entry.fields) == {"must_change_password", "updated_at"}
    assert entry.fields["must_change_password"] is True
    assert _user(store, admin.user_id).version == 2


def test_update_in_a_failed_transaction_leaves_nothing(store: Store, admin: Actor) -> None:
    counts = _counts(store)
    with pytest.raises(RuntimeError, match="disk full"):
        with store.session_factory.begin() as session:
            user = session.get(User, admin.user_id)
            assert user is not None
            assert record_updated(
                session, admin, user, {"full_name": "Nobody"}, action="user_changed"
            )
            raise RuntimeError("disk full")
    assert _counts(store) == counts
    user = _user(store, admin.user_id)
    assert (user.full_name, user.version) == ("Ada Admin", 1)


def test_created_record_is_stamped_and_sent_whole(store: Store, admin: Actor) -> None:
    with store.session_factory.begin() as session:
        user = User(
            username="bob",
            full_name="Bob",
            roles=[Role.SUPERVISOR.value],
            password_hash="$argon2id$not-sent",
            version=99,
        )
        record_created(session, admin, user, action="user_added", details={"roles": ["x"]})
        expected = snapshot(user, frozenset(record_type_of(user).never_sent))
    user = _user(store, user.id)
    assert (user.created_by_id, user.created_on_device_id) == (admin.user_id, admin.device_id)
    assert user.version == 1 and user.created_at == user.updated_at
    event, entry = _last(store)
    assert (event.action, event.record_id, event.details) == (
        "user_added",
        user.id,
        {"roles": ["x"]},
    )
    assert (entry.operation, entry.base_version, entry.version) == ("create", None, 1)
    assert entry.fields == expected
    assert "password_hash" not in entry.fields
    assert entry.fields["id"] == str(user.id)
    assert entry.fields["created_by_id"] == str(admin.user_id)
    assert entry.fields["created_at"] == user.created_at.isoformat()
    assert entry.fields["deleted_at"] is None and entry.fields["roles"] == ["supervisor"]


def test_first_administrator_has_no_creator(store: Store, admin: Actor) -> None:
    user = _user(store, admin.user_id)
    assert user.created_by_id is None
    _, entry = _last(store)
    assert entry.fields["created_by_id"] is None


def test_wire_values() -> None:
    some_id = uuid.UUID("0190a3c4-0000-7000-8000-000000000001")
    assert wire_value(some_id) == "0190a3c4-0000-7000-8000-000000000001"
    assert wire_value(datetime(2026, 5, 1, 12, 30, tzinfo=UTC)) == "2026-05-01T12:30:00+00:00"
    assert wire_value(date(2026, 5, 1)) == "2026-05-01"
    assert wire_value(OutboxStatus.NEEDS_ATTENTION) == "needs_attention"
    assert wire_value(Role.SUPERVISOR) == "supervisor"
    assert wire_value([1, "a"]) == [1, "a"] and wire_value(None) is None
