"""Hearing the Windows session lock (Win+L, the lock screen, a closed lid set to lock).

Windows tells a window that asked for it (``WTSRegisterSessionNotification``) with the message
``WM_WTSSESSION_CHANGE`` and ``wParam`` ``WTS_SESSION_LOCK``. Qt hands every native message to
application-wide native event filters as ``windows_generic_MSG`` with a pointer to the
``MSG``; ``SessionLockFilter`` reads it there and calls back. Registration is done once for
the main window's handle; everywhere else (or if the call fails) nothing is registered and
the idle time and "Lock now" still lock the window.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray

log = logging.getLogger(__name__)

WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
NOTIFY_FOR_THIS_SESSION = 0
EVENT_TYPE = b"windows_generic_MSG"


class MSG(ctypes.Structure):
    """The start of Windows' MSG structure: all that is read of it."""

    _fields_ = [
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
    ]


def is_session_lock(event_type: bytes, message_address: int) -> bool:
    """Whether the native message at ``message_address`` says this session was locked."""
    if event_type != EVENT_TYPE or not message_address:
        return False
    message = MSG.from_address(message_address)
    return bool(message.message == WM_WTSSESSION_CHANGE and message.wParam == WTS_SESSION_LOCK)


class SessionLockFilter(QAbstractNativeEventFilter):
    """Calls ``on_lock`` when Windows says the session locked; lets every message through."""

    def __init__(self, on_lock: Callable[[], None]) -> None:
        super().__init__()
        self.on_lock = on_lock

    def nativeEventFilter(  # noqa: N802 - Qt's name
        self, event_type: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> tuple[bool, int]:
        kind = bytes(event_type.data() if isinstance(event_type, QByteArray) else event_type)
        if is_session_lock(kind, int(message)):
            self.on_lock()
        return False, 0


def register_for_session_changes(window_handle: int) -> bool:
    """Ask Windows to send the session's lock messages to ``window_handle``; False elsewhere."""
    if sys.platform != "win32":
        return False
    try:
        wtsapi = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined,unused-ignore]
        return bool(wtsapi.WTSRegisterSessionNotification(window_handle, NOTIFY_FOR_THIS_SESSION))
    except OSError as error:
        log.warning("Could not ask Windows for session lock messages (%s)", type(error).__name__)
        return False
