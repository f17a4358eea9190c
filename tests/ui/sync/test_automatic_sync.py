"""Automatic sync in the window, against a real hfhate-server process: after the interval, when
the server comes back, after a failure (no dialog, tried again later), never two at once; and
what the status bar says meanwhile."""

from __future__ import annotations

import re
import threading
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from hfhate.models import Role
from hfhate.services.ops import OpChanges
from hfhate.sync.schedule import SyncSchedule
from hfhate.sync.transport import Transport
from hfhate.ui.sync.password_dialog import ServerPasswordDialog
from tests.sync.conftest import (
    FAST_RETRY,
    PASSWORD,
    Laptop,
    ServerProcess,
    serve,
    stop,
    wait_for_health,
)
from tests.sync.test_end_to_end import issue, server_notices

SYNCED = re.compile(r"Online · Synced \d\d:\d\d · 0 waiting")
WAIT_MS = 20_000


def fast(interval: float = 3600.0, **timing: float) -> SyncSchedule:
    """Checks every 0.2 s; syncs every ``interval`` s; quick retries."""
    return SyncSchedule(
        **{
            "interval": interval,
            "check_interval": 0.2,
            "first_retry": 0.4,
            "longest_retry": 0.8,
            **timing,
        }
    )


def ready_officer(laptop: Laptop):  # type: ignore[no-untyped-def]
    """Olly on an enrolled laptop whose administrator has synced the accounts already."""
    olly = laptop.add("olly", Role.AUTHORISED_OFFICER)
    laptop.enrol()
    laptop.sync(laptop.admin)
    return olly


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every modal dialog shown (by ``exec``), by class name: automatic sync must open none."""
    shown: list[str] = []
    real_exec = QDialog.exec

    def exec_(dialog: QDialog) -> int:
        shown.append(type(dialog).__name__)
        return real_exec(dialog)

    monkeypatch.setattr(QDialog, "exec", exec_)
    return shown


def test_after_the_first_sync_now_the_laptop_syncs_by_itself_every_interval(
    qtbot, ui, sqlite_server, make_laptop, open_sync, sync_now, no_dialogs
) -> None:
    laptop = make_laptop(sqlite_server, "north")
    olly = ready_officer(laptop)
    issue(laptop, olly, 1)
    window, page = open_sync(laptop, olly, schedule=fast(interval=1.0))
    assert re.fullmatch(r"Online · Synced \d\d:\d\d · 5 waiting", window.sync_label.text()), (
        window.sync_label.text()
    )
    assert page.values["plan"].text().startswith("Starts after your first Sync now")
    qtbot.wait(1500)  # without the password nothing is sent by itself
    assert page.sync.syncs_started == 0 and len(server_notices(sqlite_server)) == 0

    sync_now(page)
    assert no_dialogs == ["ServerPasswordDialog"]
    assert SYNCED.fullmatch(window.sync_label.text()), window.sync_label.text()
    assert (
        page.values["plan"]
        .text()
        .startswith("Every 1 second, and when the server can be reached again; next about ")
    )
    issue(laptop, olly, 2)  # nobody presses anything now
    qtbot.waitUntil(lambda: len(server_notices(sqlite_server)) == 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: SYNCED.fullmatch(window.sync_label.text()) is not None, timeout=WAIT_MS)
    assert page.sync.syncs_started >= 2
    assert no_dialogs == ["ServerPasswordDialog"]


def restart(server: ServerProcess) -> None:
    """Start the server again on the same port and data, as after an outage."""
    port = server.url.rsplit(":", 1)[1]
    server.process = serve(server.data_dir, server.database_url, port)
    wait_for_health(server.url, server.process)


def test_when_the_server_comes_back_the_laptop_syncs_at_once(
    qtbot, ui, sqlite_server, make_laptop, open_sync, sync_now, no_dialogs
) -> None:
    laptop = make_laptop(sqlite_server, "north")
    olly = ready_officer(laptop)
    window, page = open_sync(laptop, olly, schedule=fast(interval=3600.0))
    sync_now(page)
    stop(sqlite_server.process)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Offline · "), timeout=WAIT_MS)
    assert re.fullmatch(r"Offline · Synced \d\d:\d\d · 0 waiting", window.sync_label.text()), (
        window.sync_label.text()
    )
    assert "could not be reached" in page.values["connection"].text()
    assert "could not be reached" in window.sync_label.toolTip()
    assert page.values["plan"].text() == "As soon as the server can be reached again."
    issue(laptop, olly, 1)  # a notice, its timeline entry, its victim's person, link, consent
    window.ctx.changes.changed.emit(OpChanges.of("notices"))
    assert window.sync_label.text().endswith(" · 5 waiting")
    qtbot.wait(100)  # laid out, for the picture
    ui.shot(window, "status-bar-offline")

    restart(sqlite_server)
    qtbot.waitUntil(lambda: len(server_notices(sqlite_server)) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: SYNCED.fullmatch(window.sync_label.text()) is not None, timeout=WAIT_MS)
    # Only the return of the server explains the second sync: the interval is an hour.
    assert page.sync.syncs_started == 2
    assert no_dialogs == ["ServerPasswordDialog"]
    stop(sqlite_server.process)


class Flaky(httpx.BaseTransport):
    """The real server over HTTP, except that the next ``failing`` pushes get a 503."""

    def __init__(self) -> None:
        self.real = httpx.HTTPTransport()
        self.failing = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/push") and self.failing > 0:
            self.failing -= 1
            return httpx.Response(503, text="Service Unavailable")
        return self.real.handle_request(request)


def test_a_failing_automatic_sync_shows_without_a_dialog_and_is_tried_again(
    qtbot, ui, sqlite_server, make_laptop, open_sync, sync_now, no_dialogs
) -> None:
    laptop = make_laptop(sqlite_server, "north")
    olly = ready_officer(laptop)
    flaky = Flaky()

    def make(url: str, _ca_file: str | None) -> Transport:
        made = Transport(url, timeout=10, retry=FAST_RETRY)
        made.client = httpx.Client(base_url=made.url + "/api/v1", transport=flaky)
        return made

    window, page = open_sync(
        laptop,
        olly,
        schedule=fast(interval=0.5, first_retry=2.0, longest_retry=2.0),
        make_transport=make,
    )
    sync_now(page)
    flaky.failing = FAST_RETRY.attempts  # every attempt of the next push
    issue(laptop, olly, 1)
    qtbot.waitUntil(lambda: "Sync failed" in window.sync_label.text(), timeout=WAIT_MS)
    assert re.fullmatch(
        r"Online · Sync failed \d\d:\d\d: The server had a problem \(HTTP 503\)"
        r" · Synced \d\d:\d\d · 5 waiting",
        window.sync_label.text(),
    ), window.sync_label.text()
    assert page.message.text().startswith("Sync stopped. The server at ")
    assert re.fullmatch(
        r"Trying again about \d\d:\d\d \(1 attempt failed\)\.", page.values["plan"].text()
    ), page.values["plan"].text()
    assert page.sync.password == PASSWORD  # kept: a busy server is tried again
    qtbot.wait(100)  # laid out, for the picture
    ui.shot(window, "status-bar-failed")
    qtbot.waitUntil(lambda: len(server_notices(sqlite_server)) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: SYNCED.fullmatch(window.sync_label.text()) is not None, timeout=WAIT_MS)
    assert "A sync with the server stopped" in page.history.text()
    assert no_dialogs == ["ServerPasswordDialog"]


def test_a_refused_automatic_sync_waits_for_sync_now(
    qtbot, ui, sqlite_server, make_laptop, open_sync, sync_now, no_dialogs
) -> None:
    laptop = make_laptop(sqlite_server, "north")
    olly = ready_officer(laptop)
    window, page = open_sync(laptop, olly, schedule=fast(interval=0.3))
    sync_now(page)
    sqlite_server.admin("revoke-device", str(page.values["device"].text()))
    qtbot.waitUntil(lambda: "Sync failed" in window.sync_label.text(), timeout=WAIT_MS)
    assert "revoked" in window.sync_label.toolTip()
    assert page.sync.password is None  # forgotten: trying again would not mend it
    started = page.sync.syncs_started
    qtbot.wait(1500)
    assert page.sync.syncs_started == started
    assert page.values["plan"].text().startswith("Starts after your first Sync now")
    assert no_dialogs == ["ServerPasswordDialog"]


class Gate:
    """Holds the first sync at its first request until released; counts syncs in flight."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = self.made = 0

    def transport(self, url: str, _ca_file: str | None) -> Transport:
        gate = self

        class Held(Transport):
            def __enter__(self) -> Transport:
                with gate.lock:
                    gate.made += 1
                    gate.in_flight += 1
                    gate.most_in_flight = max(gate.most_in_flight, gate.in_flight)
                return self

            def __exit__(self, *exc: object) -> None:
                with gate.lock:
                    gate.in_flight -= 1
                super().__exit__(*exc)

            def call(self, *args: Any, **kwargs: Any) -> Any:
                assert gate.release.wait(30), "the test never released the gate"
                return super().call(*args, **kwargs)

        return Held(url, timeout=10, retry=FAST_RETRY)


def test_never_two_syncs_at_once_and_the_status_bar_shows_progress(
    qtbot, ui, sqlite_server, make_laptop, open_sync
) -> None:
    laptop = make_laptop(sqlite_server, "north")
    olly = ready_officer(laptop)
    gate = Gate()
    try:
        held_sync(
            qtbot,
            ui,
            gate,
            *open_sync(laptop, olly, schedule=fast(interval=0.05), make_transport=gate.transport),
        )
    finally:
        gate.release.set()  # a failed check must not leave the worker waiting


def held_sync(qtbot, ui, gate, window, page) -> None:  # type: ignore[no-untyped-def]
    window.resize(1000, 640)
    typed = ui.drive_modal(
        ServerPasswordDialog,
        lambda dialog: (
            ui.type_into(dialog.password, PASSWORD),
            ui.click(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)),
        ),
    )
    ui.click(page.sync_button)
    typed.check()
    assert page.running and not page.sync_button.isEnabled()
    assert window.sync_label.text().startswith("Online · Syncing… · ")
    qtbot.wait(800)  # many ticks with a sync due every 0.05 s
    assert not page.sync.sync_now(PASSWORD)  # asked directly: refused while one runs
    ui.click(page.sync_button)  # disabled: nothing happens
    assert gate.made == 1 and page.sync.syncs_started == 1

    page.sync.sync_job.signals.progress.emit("sending", 400, 2000)
    qtbot.waitUntil(lambda: "sent 400 of 2,000" in window.sync_label.text(), timeout=5000)
    assert re.fullmatch(
        r"Online · Syncing: sent 400 of 2,000 · Synced \d\d:\d\d · 0 waiting",
        window.sync_label.text(),
    ), window.sync_label.text()
    assert page.message.text() == "Syncing: sent 400 of 2,000"
    assert (page.busy.maximum(), page.busy.value()) == (2000, 400)
    assert page.busy.isVisibleTo(page)
    qtbot.wait(100)  # laid out, for the pictures
    ui.shot(window.statusBar(), "status-bar-sync")  # docs/images/status-bar-sync.png
    ui.shot(window, "sync-area-syncing")

    gate.release.set()
    qtbot.waitUntil(lambda: page.sync.syncs_started >= 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not page.running, timeout=WAIT_MS)
    assert gate.most_in_flight == 1
    assert QApplication.activeModalWidget() is None


def test_a_sync_reports_its_progress_in_the_status_bar_as_it_goes(
    qtbot, ui, sqlite_server, make_laptop, open_sync, sync_now
) -> None:
    laptop = make_laptop(sqlite_server, "north")
    olly = ready_officer(laptop)
    # 1,500 changes (each notice, its timeline entry, its victim's person, link and consent):
    # three push batches of at most 500.
    issue(laptop, olly, 300)
    window, page = open_sync(laptop, olly)
    seen: list[str] = []
    page.sync.changed.connect(lambda: seen.append(window.sync_label.text()))
    sync_now(page)
    steps = [
        re.sub(r" · Synced \d\d:\d\d · \d+ waiting$", "", text)
        for text in seen
        if "Syncing" in text
    ]
    assert steps[0] == "Online · Syncing…"
    assert "Online · Syncing: sent 500 of 1,500" in steps
    assert "Online · Syncing: sent 1,500 of 1,500" in steps
    assert any(step.startswith("Online · Syncing: received ") for step in steps), steps
    assert SYNCED.fullmatch(window.sync_label.text())
