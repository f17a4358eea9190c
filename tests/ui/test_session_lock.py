"""The window follows the desktop's screen lock on Linux: a child process on a private session
bus (``dbus-run-session``) opens a SystemLockListener, the freedesktop ``ActiveChanged(true)``
signal is sent with ``dbus-send``, and the listener says the screen locked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

CHILD = textwrap.dedent(
    """
    import subprocess
    from PySide6.QtCore import QCoreApplication, QTimer
    from hfhate.ui.session_lock import SystemLockListener

    app = QCoreApplication([])
    listener = SystemLockListener()
    print("listening", listener.listening, flush=True)
    listener.locked.connect(lambda: (print("locked", flush=True), app.quit()))
    send = ["dbus-send", "--session", "--type=signal", "/org/freedesktop/ScreenSaver"]
    event = "org.freedesktop.ScreenSaver.ActiveChanged"
    QTimer.singleShot(100, lambda: subprocess.run([*send, event, "boolean:false"]))
    QTimer.singleShot(200, lambda: subprocess.run([*send, event, "boolean:true"]))
    QTimer.singleShot(5000, app.quit)
    app.exec()
    """
)


@pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("dbus-send")),
    reason="needs dbus-run-session and dbus-send (Linux)",
)
def test_the_desktop_screen_lock_is_heard() -> None:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        check=False,
    )
    assert result.stdout.split("\n")[:2] == ["listening True", "locked"], result.stderr
