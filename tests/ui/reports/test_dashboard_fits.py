"""The dashboard on the demo data, once counted, fits the laptop screens people have: nothing a
supervisor needs lies off-screen at 1280x720 or 1100x720 (the alerts, the charts' buttons).

With ``HFHATE_UI_SHOTS`` set, each size is saved as a screenshot for people to look at
(``docs/dashboard.png`` is the 1280x720 one, for the year 2026).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from hfhate.app import build_main_window
from hfhate.startup import ReadyStore
from hfhate.ui.reports.dashboard_page import DashboardPage
from tests.first_hour.test_p06_fits_1280 import off_screen_buttons
from tests.fixtures.demo_windows import demo_actor, demo_ready


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadyStore]:
    ready = demo_ready(tmp_path_factory.mktemp("demo") / "data")
    yield ready
    ready.store.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1100, 720)])
def test_the_counted_dashboard_fits_the_screen(qtbot, demo, width, height) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(demo, demo_actor(demo, "supervisor"))
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.open_area(window.area_titles().index("Reports"))
    page = window.current_page()
    assert isinstance(page, DashboardPage)
    page.period.choose("year")  # a busy year: alerts, every chart filled
    qtbot.waitUntil(lambda: page.figures is not None and not page.counting(), timeout=20_000)
    qtbot.wait(50)
    assert page.figures is not None and page.figures.notices.notices_issued > 0
    folder = os.environ.get("HFHATE_UI_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert window.grab().save(str(Path(folder) / f"dashboard-{width}x{height}.png"))
    assert off_screen_buttons(window, f"dashboard {width}x{height}") == []
