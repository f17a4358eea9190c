"""Issue 12 point 10: in demo mode every screen says what is true: nothing is sent.

The banner says nothing is sent to the council's server; the Start page, the status bar and
the Sync area say the same, never that changes are "kept safely on this laptop until it is
connected to the council's server".
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel

from hfhate.app import build_main_window
from hfhate.startup import ReadyStore
from tests.fixtures.demo_windows import DEMO_ROLES, demo_actor, demo_ready

SAYS_SENT_LATER = ("until it is connected", "kept safely", "kept on this laptop", "waiting")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadyStore]:
    ready = demo_ready(tmp_path_factory.mktemp("demo") / "data")
    yield ready
    ready.store.close()


@pytest.mark.parametrize("username", DEMO_ROLES)
def test_start_page_and_status_bar_say_nothing_is_sent(qtbot, demo, username) -> None:  # type: ignore[no-untyped-def]
    assert demo.demo
    window = build_main_window(demo, demo_actor(demo, username))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    start = window.current_page()
    start_says = start.sync_label.text()  # type: ignore[attr-defined]
    bar_says = window.sync_label.text()
    for said in (start_says, bar_says):
        assert "nothing here is sent to the council's server" in said
        assert not [words for words in SAYS_SENT_LATER if words in said.lower()], said
    banner = window.findChild(QLabel, "demo_banner")
    assert banner is not None and "nothing is sent to the council's server" in banner.text()


def test_the_sync_area_says_nothing_waits(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(demo, demo_actor(demo, "admin"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    sync = window.page("Sync")
    shown = {key: label.text() for key, label in sync.values.items()}  # type: ignore[attr-defined]
    for key in ("result", "waiting", "plan"):
        assert "kept on this laptop" not in shown[key]
        assert "enrolment" not in shown[key].lower()
        assert "never sent" in shown[key] or "nothing here is sent" in shown[key], shown
