"""The one way screens change the store: ``Operations.run`` commits, announces what changed,
and shows a refusal; screens refresh only on the changes they show."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from hfhate.models import Role, User
from hfhate.services import accounts
from hfhate.services.errors import NotFound
from hfhate.services.ops import OpChanges
from hfhate.ui.accounts.users_page import UsersPage
from hfhate.ui.context import UiContext
from hfhate.ui.operations import REFUSED_TITLE, Operations

PASSWORD = "a long enough password"


def _new_user(username: str, password: str = PASSWORD) -> accounts.NewUser:
    return accounts.NewUser(
        full_name=f"{username.title()} Person",
        username=username,
        roles=frozenset({Role.ENGAGEMENT_OFFICER}),
        authorisation_number="",
        password=password,
        confirm=password,
    )


@pytest.fixture
def ctx(ctx_for, admin) -> UiContext:  # type: ignore[no-untyped-def]
    return ctx_for(admin)


def test_an_operation_is_committed_and_announced_once_with_what_it_changed(ctx, ui):
    seen: list[OpChanges] = []
    ctx.changes.changed.connect(seen.append)
    done = ctx.run(lambda session: accounts.add_user(session, ctx.actor, _new_user("olly")))
    assert done is not None
    added = done.value
    assert isinstance(added, User)
    stored = ui.user("olly")
    assert stored is not None and stored.id == added.id
    assert seen == [done.changes]
    assert done.changes.records["users"] == frozenset({added.id})
    assert done.changes.touches("users")
    assert "audit_events" in done.changes.record_types  # the addition is audited too
    assert not done.changes.touches("notices", "notice_drafts")


def test_a_refused_operation_keeps_nothing_says_nothing_and_shows_why(ctx, ui, qtbot):
    shown: list[str] = []

    def add_then_refuse(session):  # type: ignore[no-untyped-def]
        accounts.add_user(session, ctx.actor, _new_user("olly"))
        raise NotFound("That notice no longer exists.")

    with qtbot.assertNotEmitted(ctx.changes.changed):
        done = ctx.run(add_then_refuse, show_error=shown.append)
    assert done is None
    assert shown == ["That notice no longer exists."]
    assert ui.user("olly") is None


def test_a_refusal_is_a_warning_box_unless_the_screen_says_otherwise(ctx, ui, qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[str, str]] = []
    run = ui.drive_modal(QMessageBox, lambda box: seen.append((box.windowTitle(), box.text())))
    with qtbot.assertNotEmitted(ctx.changes.changed):
        done = ctx.run(
            lambda session: accounts.set_active(
                session, ctx.actor, ctx.actor.user_id, active=False
            ),
            parent=parent,
        )
    run.check()
    assert done is None
    assert len(seen) == 1
    title, text = seen[0]
    assert title == REFUSED_TITLE
    assert text == "You cannot deactivate your own account."
    stored = ui.user("ada")
    assert stored is not None and stored.active


def test_field_problems_go_to_the_fields_or_else_together_as_one_message(ctx, ui, qtbot):
    fields: list[dict[str, str]] = []
    shown: list[str] = []
    with qtbot.assertNotEmitted(ctx.changes.changed):
        done = ctx.run(
            lambda session: accounts.add_user(session, ctx.actor, _new_user("olly", "short")),
            show_error=shown.append,
            show_field_errors=fields.append,
        )
        assert done is None
        assert shown == []
        assert len(fields) == 1 and "password" in fields[0]

        done = ctx.run(
            lambda session: accounts.add_user(session, ctx.actor, _new_user("olly", "short")),
            show_error=shown.append,
        )
    assert done is None
    assert shown == [" ".join(fields[0].values())]
    assert ui.user("olly") is None


def test_reading_announces_nothing(ctx, qtbot):
    with qtbot.assertNotEmitted(ctx.changes.changed):
        users = ctx.read(lambda session: list(accounts.list_users(session, ctx.actor)))
    assert [u.username for u in users] == ["ada"]


def test_operations_without_a_signed_in_user_tell_nobody(store, device_id, admin):
    operations = Operations.on(store)
    assert operations.read(accounts.needs_first_administrator) is False
    done = operations.run(
        lambda session: accounts.attempt_sign_in(session, device_id, "ada", "wrong password")
    )
    assert done is not None and done.value is None
    assert done.changes.touches("audit_events")  # the refused sign-in is audited, and kept


def test_a_screen_refreshes_on_a_change_it_shows_and_not_on_others(ctx, qtbot, store, admin):
    page = UsersPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 1
    with store.session_factory.begin() as session:  # as another laptop's records arrive
        accounts.add_user(session, admin, _new_user("olly"))
    ctx.changes.changed.emit(OpChanges.of("notices", admin.user_id))
    assert page.model.rowCount() == 1  # not a change this screen shows
    ctx.changes.changed.emit(OpChanges.of("users"))
    assert page.model.rowCount() == 2

    # A change made through another screen is announced, and this one follows it.
    done = ctx.run(lambda session: accounts.add_user(session, ctx.actor, _new_user("mia")))
    assert done is not None
    assert page.model.rowCount() == 3
