"""Administering existing users: roles, deactivation, the last administrator, the user list.

A store must always keep one active administrator; these tests try every way of losing the
last one on a real store in tmp_path.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import select

from hfhate.models import OutboxEntry, Role
from hfhate.models.store import Store
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.errors import NotFound, PermissionDenied, ValidationFailed

ADMIN_ONLY = frozenset({Role.ADMINISTRATOR})
MakeActor = Callable[..., Actor]


@pytest.fixture
def otto(make_actor: MakeActor) -> Actor:
    """A second administrator."""
    return make_actor(Role.ADMINISTRATOR, username="otto")


def _set_active(store: Store, actor: Actor, user_id: uuid.UUID, active: bool) -> None:
    with store.session_factory.begin() as session:
        accounts.set_active(session, actor, user_id, active=active)


def _update(
    store: Store,
    actor: Actor,
    user_id: uuid.UUID,
    roles: frozenset[Role],
    number: str = "",
    full_name: str = "Some Person",
) -> None:
    with store.session_factory.begin() as session:
        accounts.update_user(
            session, actor, user_id, full_name=full_name, roles=roles, authorisation_number=number
        )


def test_cannot_deactivate_yourself(store: Store, admin: Actor) -> None:
    with pytest.raises(PermissionDenied, match="your own account"):
        _set_active(store, admin, admin.user_id, False)


def test_cannot_deactivate_the_only_active_administrator(
    store: Store, admin: Actor, otto: Actor
) -> None:
    _set_active(store, otto, admin.user_id, False)
    # ``admin`` is still signed in elsewhere with a stale session: otto is now the only one.
    with pytest.raises(PermissionDenied, match="only active administrator"):
        _set_active(store, admin, otto.user_id, False)
    _set_active(store, otto, admin.user_id, True)
    _set_active(store, admin, otto.user_id, False)  # two active administrators: allowed


def test_only_administrators_deactivate(store: Store, admin: Actor, make_actor: MakeActor) -> None:
    supervisor = make_actor(Role.SUPERVISOR)
    officer = make_actor(Role.ENGAGEMENT_OFFICER)
    with pytest.raises(PermissionDenied, match="administrator role can deactivate"):
        _set_active(store, supervisor, officer.user_id, False)
    with pytest.raises(NotFound):
        _set_active(store, admin, uuid.uuid4(), False)


def test_setting_the_same_state_again_changes_nothing(
    store: Store, admin: Actor, make_actor: MakeActor
) -> None:
    officer = make_actor(Role.ENGAGEMENT_OFFICER)
    with store.session_factory() as session:
        before = session.scalar(select(OutboxEntry.seq).order_by(OutboxEntry.seq.desc()))
    _set_active(store, admin, officer.user_id, True)
    with store.session_factory() as session:
        assert session.scalar(select(OutboxEntry.seq).order_by(OutboxEntry.seq.desc())) == before


def test_update_user_changes_name_roles_and_number(
    store: Store, admin: Actor, make_actor: MakeActor
) -> None:
    bob = make_actor(Role.ENGAGEMENT_OFFICER, username="bob")
    _update(
        store,
        admin,
        bob.user_id,
        frozenset({Role.AUTHORISED_OFFICER, Role.SUPERVISOR}),
        number=" LET-7 ",
        full_name=" Robert Smith ",
    )
    with store.session_factory() as session:
        [user] = [u for u in accounts.list_users(session, admin) if u.id == bob.user_id]
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
    assert (user.full_name, user.roles, user.authorisation_number, user.version) == (
        "Robert Smith",
        ["authorised_officer", "supervisor"],
        "LET-7",
        2,
    )
    assert entry is not None and (entry.operation, entry.base_version, entry.version) == (
        "update",
        1,
        2,
    )
    assert set(entry.fields) == {"full_name", "roles", "authorisation_number", "updated_at"}
    # Dropping the officer role drops the number too; keeping it does not clash with itself.
    _update(store, admin, bob.user_id, frozenset({Role.AUTHORISED_OFFICER}), number="LET-7")
    _update(store, admin, bob.user_id, frozenset({Role.SUPERVISOR}), number="LET-7")
    with store.session_factory() as session:
        [user] = [u for u in accounts.list_users(session, admin) if u.id == bob.user_id]
    assert (user.roles, user.authorisation_number, user.version) == (["supervisor"], None, 4)


def test_update_user_validation(store: Store, admin: Actor, make_actor: MakeActor) -> None:
    make_actor(Role.AUTHORISED_OFFICER, username="olly", number="LET-1")
    bob = make_actor(Role.SUPERVISOR, username="bob")
    with pytest.raises(ValidationFailed) as caught:
        _update(
            store,
            admin,
            bob.user_id,
            frozenset({Role.AUTHORISED_OFFICER}),
            number="LET-1",
            full_name="",
        )
    assert set(caught.value.field_errors) == {"full_name", "authorisation_number"}
    with pytest.raises(PermissionDenied, match="administrator role can change users"):
        _update(store, bob, bob.user_id, ADMIN_ONLY)


def test_cannot_remove_your_own_administrator_role(store: Store, admin: Actor) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _update(store, admin, admin.user_id, frozenset({Role.SUPERVISOR}))
    assert caught.value.field_errors == {"roles": "You cannot remove your own administrator role."}
    with store.session_factory() as session:
        [user] = accounts.list_users(session, admin)
    assert user.roles == ["administrator"] and user.version == 1


def test_cannot_remove_the_role_of_the_only_active_administrator(
    store: Store, admin: Actor, otto: Actor
) -> None:
    _set_active(store, otto, admin.user_id, False)
    with pytest.raises(ValidationFailed) as caught:  # admin's stale session tries it
        _update(store, admin, otto.user_id, frozenset({Role.SUPERVISOR}))
    assert caught.value.field_errors == {
        "roles": "This is the only active administrator: keep the role."
    }


def test_a_deactivated_administrator_can_lose_the_role(
    store: Store, admin: Actor, otto: Actor
) -> None:
    _set_active(store, admin, otto.user_id, False)
    # Taking the role from an inactive administrator leaves the active ones as they were.
    _update(store, admin, otto.user_id, frozenset({Role.SUPERVISOR}))
    with store.session_factory() as session:
        roles = {u.username: u.roles for u in accounts.list_users(session, admin)}
    assert roles == {"ada": ["administrator"], "otto": ["supervisor"]}


def test_list_users_for_supervisors_and_administrators_only(
    store: Store, admin: Actor, make_actor: MakeActor
) -> None:
    supervisor = make_actor(Role.SUPERVISOR, username="zed")
    officer = make_actor(Role.AUTHORISED_OFFICER, username="amy")
    engagement = make_actor(Role.ENGAGEMENT_OFFICER, username="bea")
    _set_active(store, admin, engagement.user_id, False)
    with store.session_factory() as session:
        names = [(u.full_name, u.active) for u in accounts.list_users(session, supervisor)]
        assert names == [
            ("Ada Admin", True),
            ("Amy Person", True),
            ("Zed Person", True),
            ("Bea Person", False),
        ]
        for actor in (officer, engagement):
            with pytest.raises(PermissionDenied, match="see the list of users"):
                accounts.list_users(session, actor)
