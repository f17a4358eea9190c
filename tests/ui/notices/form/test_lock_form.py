"""The locked window (issue 13 point 6), driven as an officer would: a half-filled notice
survives lock and unlock, a wrong password is refused beside the field, another user signing
in at the lock signs the first out with their draft kept, and the idle time locks the window.
Past the staleness limit, issuing is refused with the reason (issue 13 point 7)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from hfhate.models import AuditEvent, Role, SyncState, utc_now
from hfhate.services.staleness import blocked_message
from hfhate.services.window_lock import WRONG_PASSWORD
from hfhate.ui.lock_screen import LockScreen


def _lock_with_keyboard(officer_form) -> LockScreen:  # type: ignore[no-untyped-def]
    window = officer_form.window
    focused = QApplication.focusWidget() or window
    officer_form.qtbot.keyClick(focused, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    lock = window.window_lock
    assert lock.locked
    return lock.screen


def _actions(store, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with store.session_factory() as session:
        query = select(AuditEvent).where(AuditEvent.action == action)
        return list(session.scalars(query.order_by(AuditEvent.at)))


def test_a_half_filled_notice_survives_lock_and_unlock(
    officer_form, ui, admin_password, store, screen_problems
):
    form, window = officer_form.form, officer_form.window
    officer_form.fill_recipient(name="Kevin Example")
    officer_form.type(form.when.place, "King Street, outside Lyric Square")
    screen = _lock_with_keyboard(officer_form)

    # Nothing personal shows and nothing under the lock can be reached.
    assert window.cover.currentWidget() is screen
    assert not form.isVisible() and not window.menuBar().isVisible()
    assert QApplication.focusWidget() is screen.password
    officer_form.qtbot.keyClick(screen.password, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.window_lock.locked  # area shortcuts are off while locked
    assert screen_problems(screen) == []  # every field named as its label reads
    ui.shot(window, "lock-screen")

    ui.type_into(screen.password, admin_password)
    officer_form.qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert not window.window_lock.locked
    assert form.isVisible() and window.menuBar().isVisible()
    assert form.recipient.name.text() == "Kevin Example"
    assert form.when.place.text() == "King Street, outside Lyric Square"
    assert [e.details["reason"] for e in _actions(store, "locked")] == ["lock now"]
    assert len(_actions(store, "unlocked")) == 1


def test_a_wrong_password_at_the_lock_is_refused_beside_the_field(officer_form, ui, store):
    screen = _lock_with_keyboard(officer_form)
    ui.type_into(screen.password, "not my password at all")
    ui.click(screen.unlock_button)
    assert officer_form.window.window_lock.locked
    assert screen.message.isVisible() and screen.message.text() == WRONG_PASSWORD
    assert screen.password.text() == ""
    [failed] = _actions(store, "sign_in_failed")
    assert failed.username == "olu"


def test_another_user_signing_in_at_the_lock_signs_the_first_out_keeping_the_draft(
    officer_form, ui, store, make_actor, admin_password, stored_drafts
):
    other = make_actor(Role.AUTHORISED_OFFICER, username="pat")
    form, window = officer_form.form, officer_form.window
    officer_form.fill_recipient(name="Kevin Example")
    screen = _lock_with_keyboard(officer_form)

    ui.type_into(screen.other_username, "pat")
    ui.type_into(screen.other_password, "wrong")
    ui.click(screen.switch_button)
    assert screen.other_message.isVisible()  # refused beside the fields
    assert window.isVisible() and window.switch_to is None

    ui.type_into(screen.other_password, admin_password)
    with officer_form.qtbot.waitSignal(window.signed_out, timeout=3000):
        ui.click(screen.switch_button)
    assert window.switch_to is not None and window.switch_to.user_id == other.user_id
    assert not window.isVisible()
    [draft] = stored_drafts()
    assert draft.user_id == officer_form.window.ctx.actor.user_id
    assert draft.form["recipient_name"] == "Kevin Example"
    [signed_out] = _actions(store, "sign_out")
    assert signed_out.user_id == window.ctx.actor.user_id
    assert form.recipient.name.text() == "Kevin Example"  # nothing was cleared on the way


def test_the_window_locks_after_the_idle_time_and_input_puts_it_off(officer_form):
    window, qtbot = officer_form.window, officer_form.qtbot
    lock = window.window_lock
    lock.idle.set_interval(300)  # the administrator's minutes, shortened for the test
    lock.idle.start()
    for _ in range(6):  # someone typing: no lock
        qtbot.wait(100)
        qtbot.keyClick(officer_form.form.when.place, Qt.Key.Key_A)
    assert not lock.locked
    qtbot.waitUntil(lambda: lock.locked, timeout=2000)
    assert window.cover.currentWidget() is lock.screen
    assert not lock.idle.timer.isActive()  # no second lock while locked


def test_past_the_staleness_limit_issuing_is_refused_with_the_reason(
    officer_form, numbered_laptop, stored_notices, store, ui
):
    with store.session_factory.begin() as session:
        session.add(
            SyncState(
                id=1,
                server_url="https://hfhate.example.invalid",
                device_id=officer_form.window.ctx.actor.device_id,
                device_token="token",
                enrolled_at=utc_now() - timedelta(days=90),
                last_sync_at=utc_now() - timedelta(days=45),
            )
        )
    window = officer_form.window
    window.refresh_status()
    assert window.stale_banner.isVisible()
    assert window.stale_banner.text() == blocked_message(45)
    officer_form.fill_notice()
    officer_form.wait_ready()
    ui.click(officer_form.form.issue_button)
    assert officer_form.form.problem.text() == blocked_message(45)
    assert stored_notices() == []
