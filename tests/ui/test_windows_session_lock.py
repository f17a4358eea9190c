"""The Windows session lock message is recognised in the native event filter: a MSG built in
memory as Windows lays it out, passed as Qt passes it (``windows_generic_MSG`` and its address).
Windows itself is outside the project: registering with it is only possible there."""

from __future__ import annotations

import ctypes
import sys

from hfhate.ui.windows_session_lock import (
    EVENT_TYPE,
    MSG,
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    SessionLockFilter,
    is_session_lock,
    register_for_session_changes,
)

WTS_SESSION_UNLOCK = 0x8
WM_PAINT = 0x000F


def _message(message: int, w_param: int) -> MSG:
    return MSG(hwnd=None, message=message, wParam=w_param, lParam=0)


def test_only_the_session_lock_message_locks() -> None:
    heard: list[str] = []
    native_filter = SessionLockFilter(lambda: heard.append("locked"))
    for kind, message in (
        (EVENT_TYPE, _message(WM_PAINT, WTS_SESSION_LOCK)),
        (EVENT_TYPE, _message(WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK)),
        (b"xcb_generic_event_t", _message(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)),
    ):
        assert native_filter.nativeEventFilter(kind, ctypes.addressof(message)) == (False, 0)
    assert heard == []
    lock = _message(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    assert native_filter.nativeEventFilter(EVENT_TYPE, ctypes.addressof(lock)) == (False, 0)
    assert heard == ["locked"]
    assert not is_session_lock(EVENT_TYPE, 0)


def test_nothing_is_registered_away_from_windows() -> None:
    if sys.platform != "win32":
        assert register_for_session_changes(1234) is False
