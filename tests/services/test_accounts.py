"""Accounts: the first administrator, adding users, keeping passwords secret, atomic changes.

Sign-in and the administration of existing users are in test_sign_in.py and
test_user_admin.py. Every test runs on a real store file in tmp_path.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, text

from hfhate.models import AuditEvent, OutboxEntry, Role, User
from hfhate.models.store import Store
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.errors import PermissionDenied, ValidationFailed

NEW_PASSWORD = "plum tree orchard 7"


def _new(
    username: str = "bob",
    *,
    roles: frozenset[Role] = frozenset({Role.SUPERVISOR}),
    number: str = "",
    password: str = NEW_PASSWORD,
    confirm: str | None = None,
    full_name: str = "Bob Builder",
) -> accounts.NewUser:
    return accounts.NewUser(
        full_name=full_name,
        username=username,
        roles=roles,
        authorisation_number=number,
        password=password,
        confirm=password if confirm is None else confirm,
    )


def _counts(store: Store) -> tuple[int, int, int]:
    with store.engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
            for t in ("users", "audit_events", "sync_outbox")
        )


def _add(store: Store, actor: Actor, new: accounts.NewUser) -> User:
    with store.session_factory.begin() as session:
        return accounts.add_user(session, actor, new)


def test_first_administrator_is_made_once(store: Store, device_id: uuid.UUID) -> None:
    with store.session_factory.begin() as session:
        assert accounts.needs_first_administrator(session)
        user = accounts.create_first_administrator(
            session,
            device_id,
            full_name="  Ada Admin ",
            username=" Ada ",
            password=NEW_PASSWORD,
            confirm=NEW_PASSWORD,
        )
    assert (user.username, user.full_name, user.roles) == ("ada", "Ada Admin", ["administrator"])
    assert user.created_by_id is None and user.created_on_device_id == device_id
    assert user.must_change_password is False and user.version == 1
    with store.session_factory.begin() as session:
        assert not accounts.needs_first_administrator(session)
        event = session.scalars(select(AuditEvent)).one()
        assert (event.action, event.user_id, event.record_id) == (
            "first_administrator_created",
            user.id,
            user.id,
        )
        with pytest.raises(PermissionDenied, match="already has users"):
            accounts.create_first_administrator(
                session,
                device_id,
                full_name="Eve",
                username="eve",
                password=NEW_PASSWORD,
                confirm=NEW_PASSWORD,
            )
    assert _counts(store) == (1, 1, 1)


@pytest.mark.parametrize(
    ("full_name", "username", "password", "confirm", "field", "words"),
    [
        ("   ", "ada", NEW_PASSWORD, NEW_PASSWORD, "full_name", "full name"),
        ("Ada", "", NEW_PASSWORD, NEW_PASSWORD, "username", "Enter a username"),
        ("Ada", "ada lovelace", NEW_PASSWORD, NEW_PASSWORD, "username", "lower-case"),
        ("Ada", "-ada", NEW_PASSWORD, NEW_PASSWORD, "username", "starting with"),
        ("Ada", "a", NEW_PASSWORD, NEW_PASSWORD, "username", "2 to 64"),
        ("Ada", "ada", "short1", "short1", "password", "at least 8"),
        ("Ada", "ada", NEW_PASSWORD, NEW_PASSWORD + "x", "confirm", "do not match"),
        ("Ada", "ada", NEW_PASSWORD, "", "confirm", "again"),
        ("Ada", "adalovelace", "AdaLovelace", "AdaLovelace", "password", "username"),
        ("Ada", "ada", "password123", "password123", "password", "too common"),
    ],
)
def test_first_administrator_validation(
    store: Store,
    device_id: uuid.UUID,
    full_name: str,
    username: str,
    password: str,
    confirm: str,
    field: str,
    words: str,
) -> None:
    with store.session_factory.begin() as session:
        with pytest.raises(ValidationFailed) as caught:
            accounts.create_first_administrator(
                session,
                device_id,
                full_name=full_name,
                username=username,
                password=password,
                confirm=confirm,
            )
    assert list(caught.value.field_errors) == [field]
    assert words in caught.value.field_errors[field]
    assert _counts(store) == (0, 0, 0)


def test_administrator_adds_a_user(store: Store, admin: Actor) -> None:
    before = _counts(store)
    user = _add(
        store,
        admin,
        _new(" Bob ", roles=frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR}), number="IGNORED-1"),
    )
    assert _counts(store) == (before[0] + 1, before[1] + 1, before[2] + 1)
    assert user.username == "bob" and user.must_change_password is True
    assert user.roles == ["supervisor", "administrator"]  # in Role order
    assert user.authorisation_number is None  # only authorised officers keep a number
    assert user.created_by_id == admin.user_id and user.created_on_device_id == admin.device_id
    with store.session_factory() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        entry = session.scalars(select(OutboxEntry)).all()[-1]
    assert event is not None
    assert (event.action, event.user_id, event.record_type, event.record_id) == (
        "user_added",
        admin.user_id,
        "users",
        user.id,
    )
    assert event.details == {"roles": ["supervisor", "administrator"]}
    assert (entry.operation, entry.record_id, entry.version, entry.base_version) == (
        "create",
        user.id,
        1,
        None,
    )
    assert entry.fields["username"] == "bob" and entry.fields["id"] == str(user.id)


@pytest.mark.parametrize(
    "role", [Role.SUPERVISOR, Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER]
)
def test_only_administrators_add_users(store: Store, make_actor, role: Role) -> None:  # type: ignore[no-untyped-def]
    actor = make_actor(role)
    before = _counts(store)
    with pytest.raises(PermissionDenied) as caught:
        _add(store, actor, _new("carol"))
    assert "Only a user with the administrator role can add users" in str(caught.value)
    assert actor.username in str(caught.value)
    assert _counts(store) == before


@pytest.mark.parametrize(
    ("new", "field", "words"),
    [
        (_new(" ADA "), "username", "already taken"),
        (
            _new("dora", roles=frozenset({Role.AUTHORISED_OFFICER})),
            "authorisation_number",
            "need their authorisation number",
        ),
        (
            _new("dora", roles=frozenset({Role.AUTHORISED_OFFICER}), number="bad number!"),
            "authorisation_number",
            "warrant card",
        ),
        (_new("dora", roles=frozenset()), "roles", "at least one role"),
        (_new("dora", full_name=""), "full_name", "full name"),
        (_new("dora", password="dora1234x", confirm="dora1234y"), "confirm", "do not match"),
    ],
)
def test_add_user_validation(
    store: Store, admin: Actor, new: accounts.NewUser, field: str, words: str
) -> None:
    before = _counts(store)
    with pytest.raises(ValidationFailed) as caught:
        _add(store, admin, new)
    assert list(caught.value.field_errors) == [field]
    assert words in caught.value.field_errors[field]
    assert _counts(store) == before


def test_authorisation_numbers_are_unique(store: Store, admin: Actor) -> None:
    officer = frozenset({Role.AUTHORISED_OFFICER})
    first = _add(store, admin, _new("olly", roles=officer, number=" LET/0042 "))
    assert first.authorisation_number == "LET/0042"
    with pytest.raises(ValidationFailed) as caught:
        _add(store, admin, _new("polly", roles=officer, number="LET/0042"))
    assert caught.value.field_errors == {
        "authorisation_number": "Another user already has this number."
    }


def test_passwords_are_never_stored_or_sent_in_clear(
    store: Store, admin: Actor, admin_password: str
) -> None:
    reset, own, wrong = "temporary lantern 9", "blue whale singing 3", "guessing wrongly 12"
    bob = _add(store, admin, _new("bob"))
    with store.session_factory.begin() as session:
        accounts.reset_password(session, admin, bob.id, password=reset, confirm=reset)
    with store.session_factory.begin() as session:
        assert accounts.attempt_sign_in(session, admin.device_id, "bob", wrong) is None
        signed_in = accounts.attempt_sign_in(session, admin.device_id, "bob", reset)
        assert signed_in is not None
        accounts.change_own_password(session, signed_in, current=reset, password=own, confirm=own)
    secrets = (admin_password, NEW_PASSWORD, reset, own, wrong)
    with store.engine.connect() as conn:
        hashes = conn.exec_driver_sql("SELECT password_hash FROM users").scalars().all()
        assert len(hashes) == 2 and all(h.startswith("$argon2id$") for h in hashes)
        tables = (
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
            .scalars()
            .all()
        )
        assert {"users", "audit_events", "sync_outbox"} <= set(tables)
        for table in tables:
            for row in conn.exec_driver_sql(f"SELECT * FROM {table}"):
                cells = [str(cell) for cell in row]
                for secret in secrets:
                    assert not any(secret in cell for cell in cells), (table, secret)
                if table in ("audit_events", "sync_outbox"):
                    assert not any("$argon2" in cell for cell in cells), table
    with store.session_factory() as session:
        entries = session.scalars(select(OutboxEntry).where(OutboxEntry.record_type == "users"))
        operations = []
        for entry in entries:
            operations.append(entry.operation)
            assert "password_hash" not in entry.fields
        assert operations.count("update") == 2  # the reset and the change, without the hash
    store.close()
    for path in store.paths.data_dir.iterdir():  # not even in free pages or the -wal
        if path.is_file():
            data = path.read_bytes()
            assert not any(secret.encode() in data for secret in secrets), path.name


def test_a_failed_transaction_leaves_no_user_audit_or_outbox(store: Store, admin: Actor) -> None:
    before = _counts(store)
    with pytest.raises(RuntimeError, match="power cut"):
        with store.session_factory.begin() as session:
            accounts.add_user(session, admin, _new("bob"))
            session.flush()
            assert _count_in(session) == (before[0] + 1, before[1] + 1, before[2] + 1)
            raise RuntimeError("power cut")
    assert _counts(store) == before
    with store.session_factory() as session:
        assert session.scalar(select(User).where(User.username == "bob")) is None
    _add(store, admin, _new("bob"))  # and the name is free to use afterwards
    assert _counts(store) == (before[0] + 1, before[1] + 1, before[2] + 1)


def _count_in(session) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return tuple(
        session.execute(text(f"SELECT count(*) FROM {t}")).scalar()
        for t in ("users", "audit_events", "sync_outbox")
    )
