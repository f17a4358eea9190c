"""Signing in: the answer, the audit event of every attempt, throttling, and passwords.

Each test works on a real store in tmp_path; sign-in events must survive the commit the
caller makes even when sign-in is refused.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, Role, User
from hfhate.models.store import Store
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.errors import NotFound, PermissionDenied, ValidationFailed

TEMPORARY = "temporary lantern 9"
CHOSEN = "blue whale singing 3"
MakeActor = Callable[..., Actor]


def _sign_in(store: Store, actor: Actor, username: str, password: str) -> Actor | None:
    with store.session_factory.begin() as session:
        return accounts.attempt_sign_in(session, actor.device_id, username, password)


def _events(store: Store, action: str) -> list[AuditEvent]:
    with store.session_factory() as session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        return list(session.scalars(query))


def test_right_password_signs_in_and_is_audited(
    store: Store, admin: Actor, admin_password: str
) -> None:
    actor = _sign_in(store, admin, "  ADA ", admin_password)
    assert actor == Actor(
        admin.user_id, "ada", "Ada Admin", frozenset({Role.ADMINISTRATOR}), admin.device_id
    )
    [event] = _events(store, "sign_in")
    assert (event.user_id, event.username, event.device_id) == (
        admin.user_id,
        "ada",
        admin.device_id,
    )
    assert (event.record_type, event.record_id) == ("users", admin.user_id)
    assert _events(store, "sign_in_failed") == []


@pytest.mark.parametrize(
    ("username", "password", "known"),
    [
        ("ada", "not the password", True),
        ("nobody", "correct horse battery", False),
        ("ADA", "Correct Horse Battery", True),
        ("", "", False),
    ],
)
def test_refused_sign_in_is_audited_and_kept(
    store: Store, admin: Actor, username: str, password: str, known: bool
) -> None:
    assert _sign_in(store, admin, username, password) is None
    [event] = _events(store, "sign_in_failed")  # committed with the caller's transaction
    assert event.username == username.lower()
    assert event.user_id == (admin.user_id if known else None)
    assert event.details == {"throttled": False}
    assert _events(store, "sign_in") == []


def test_deactivated_user_cannot_sign_in_until_reactivated(
    store: Store, admin: Actor, make_actor: MakeActor, admin_password: str
) -> None:
    officer = make_actor(Role.ENGAGEMENT_OFFICER, username="eddie")
    with store.session_factory.begin() as session:
        user = accounts.set_active(session, admin, officer.user_id, active=False)
        assert user.active is False and user.deactivated_at is not None
    assert _sign_in(store, admin, "eddie", admin_password) is None
    [failed] = _events(store, "sign_in_failed")
    assert (failed.user_id, failed.username) == (officer.user_id, "eddie")
    with store.session_factory.begin() as session:
        user = accounts.set_active(session, admin, officer.user_id, active=True)
        assert user.active is True and user.deactivated_at is None
    back = _sign_in(store, admin, "eddie", admin_password)
    assert back is not None and back.roles == frozenset({Role.ENGAGEMENT_OFFICER})
    actions = [
        e.action for e in _events(store, "user_deactivated") + _events(store, "user_reactivated")
    ]
    assert actions == ["user_deactivated", "user_reactivated"]


def test_too_many_failures_refuse_even_the_right_password(
    store: Store,
    admin: Actor,
    make_actor: MakeActor,
    admin_password: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_actor(Role.SUPERVISOR, username="sam")
    monkeypatch.setattr(accounts, "MAX_FAILED_SIGN_INS_PER_HOUR", 3)
    assert _sign_in(store, admin, "ada", "wrong one") is None
    assert _sign_in(store, admin, "Ada", "wrong two") is None
    assert _sign_in(store, admin, "ada", admin_password) is not None  # 2 failures: still fine
    assert _sign_in(store, admin, "ada", "wrong three") is None
    assert _sign_in(store, admin, "ada", admin_password) is None  # 3 failures: throttled
    assert _sign_in(store, admin, "ada", admin_password) is None
    failed = _events(store, "sign_in_failed")
    assert [e.details["throttled"] for e in failed] == [False, False, False, True, True]
    assert {e.username for e in failed} == {"ada"}
    assert _sign_in(store, admin, "sam", admin_password) is not None  # others unaffected


def test_reset_password_makes_the_user_choose_a_new_one(
    store: Store, admin: Actor, make_actor: MakeActor, admin_password: str
) -> None:
    bob = make_actor(Role.SUPERVISOR, username="bob")
    with store.session_factory.begin() as session:
        session.get(User, bob.user_id).must_change_password = False  # type: ignore[union-attr]
    with store.session_factory.begin() as session:
        user = accounts.reset_password(
            session, admin, bob.user_id, password=TEMPORARY, confirm=TEMPORARY
        )
        assert user.must_change_password is True and user.version == 2
    assert _sign_in(store, admin, "bob", admin_password) is None
    signed_in = _sign_in(store, admin, "bob", TEMPORARY)
    assert signed_in is not None
    with store.session_factory() as session:
        assert accounts.must_change_password(session, signed_in) is True
    [event] = _events(store, "password_reset")
    assert (event.user_id, event.record_id) == (admin.user_id, bob.user_id)
    assert event.details == {
        "fields": ["must_change_password", "password_changed_at", "password_hash"]
    }


def test_reset_password_is_for_administrators_and_checks_the_password(
    store: Store, admin: Actor, make_actor: MakeActor
) -> None:
    supervisor = make_actor(Role.SUPERVISOR)
    with store.session_factory.begin() as session:
        with pytest.raises(PermissionDenied, match="administrator role can reset passwords"):
            accounts.reset_password(
                session, supervisor, admin.user_id, password=TEMPORARY, confirm=TEMPORARY
            )
        with pytest.raises(ValidationFailed) as caught:
            accounts.reset_password(
                session, admin, supervisor.user_id, password="short", confirm="short"
            )
        assert list(caught.value.field_errors) == ["password"]
        with pytest.raises(NotFound):
            accounts.reset_password(
                session, admin, admin.device_id, password=TEMPORARY, confirm=TEMPORARY
            )
    assert _events(store, "password_reset") == []


def test_change_own_password(store: Store, make_actor: MakeActor, admin_password: str) -> None:
    bob = make_actor(Role.ENGAGEMENT_OFFICER, username="bob")
    with store.session_factory.begin() as session:
        assert accounts.must_change_password(session, bob) is True
        with pytest.raises(ValidationFailed) as caught:
            accounts.change_own_password(
                session, bob, current="not it at all", password=CHOSEN, confirm=CHOSEN
            )
        assert list(caught.value.field_errors) == ["current"]
        with pytest.raises(ValidationFailed) as caught:
            accounts.change_own_password(
                session,
                bob,
                current=admin_password,
                password=admin_password,
                confirm=admin_password,
            )
        assert caught.value.field_errors == {
            "password": "Choose a password different from the current one."
        }
        with pytest.raises(ValidationFailed) as caught:
            accounts.change_own_password(
                session, bob, current=admin_password, password=CHOSEN, confirm="something else"
            )
        assert list(caught.value.field_errors) == ["confirm"]
        accounts.change_own_password(
            session, bob, current=admin_password, password=CHOSEN, confirm=CHOSEN
        )
        assert accounts.must_change_password(session, bob) is False
    assert _sign_in(store, bob, "bob", admin_password) is None
    assert _sign_in(store, bob, "bob", CHOSEN) is not None
    [event] = _events(store, "password_changed")
    assert (event.user_id, event.record_id) == (bob.user_id, bob.user_id)


def test_sign_out_is_audited(store: Store, admin: Actor) -> None:
    with store.session_factory.begin() as session:
        accounts.sign_out(session, admin)
    [event] = _events(store, "sign_out")
    assert (event.user_id, event.record_id, event.username) == (admin.user_id, admin.user_id, "ada")
