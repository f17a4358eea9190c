"""Issue 12 point 6: every area fits the laptop screens people have.

At 1280x720 (the smallest common laptop screen) and at 1100x720 (the window's first size),
for each role on a demo store: every visible button of every area lies inside the window and
inside the area's visible part (nothing needed is off-screen), and in the notices lists and the
print queue every column is at least as wide as its heading and ends inside the table.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractItemView,
    QPushButton,
    QScrollArea,
    QTableView,
    QToolButton,
    QWidget,
)

from hfhate.app import build_main_window
from hfhate.startup import ReadyStore
from hfhate.ui.main_window import MainWindow
from tests.fixtures.demo_windows import DEMO_ROLES, demo_actor, demo_ready

SIZES = ((1280, 720), (1100, 720))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadyStore]:
    ready = demo_ready(tmp_path_factory.mktemp("demo") / "data")
    yield ready
    ready.store.close()


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def off_screen_buttons(window: MainWindow, where: str) -> list[str]:
    """Visible push and tool buttons of the shown area outside the window or its view.

    A button must lie inside the window, and inside the view that holds it; a long form may
    scroll up and down in its own view, so there only its sides count, and the view itself
    must be inside the window. The area's own frame should not need scrolling at all.
    """
    frame = window.stack.currentWidget()
    assert isinstance(frame, QScrollArea)
    problems = []
    for button in frame.findChildren(QPushButton) + frame.findChildren(QToolButton):
        if not button.isVisibleTo(window) or isinstance(button.parent(), QAbstractItemView):
            continue
        name = f"{where}: {type(button).__name__}({button.text()!r})"
        view = holding_view(button)
        viewport = view.viewport()
        inside = rect_in(button, viewport)
        in_window = rect_in(button, window)
        if view is not frame:
            in_window.setTop(0)  # a long form scrolls up and down in its own view
            in_window.setHeight(1)
            inside.moveTop(0)
            inside.setHeight(1)
            if not window.rect().contains(rect_in(viewport, window)):
                problems.append(f"{name}: its view {rect_in(viewport, window)} is off-screen")
        if not window.rect().contains(in_window):
            problems.append(f"{name} at {rect_in(button, window)} outside the window")
        elif not viewport.rect().contains(inside):
            problems.append(f"{name} at {rect_in(button, viewport)} outside its view")
    return problems


def holding_view(widget: QWidget) -> QScrollArea:
    """The nearest scroll area that ``widget`` is in."""
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        assert parent is not None
        parent = parent.parentWidget()
    return parent


def column_problems(table: QTableView, where: str) -> list[str]:
    """Columns narrower than their heading, or ending beyond the table's visible width."""
    header = table.horizontalHeader()
    model = table.model()
    problems = []
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        title = model.headerData(column, header.orientation())
        width = header.sectionSize(column)
        needed = header.fontMetrics().horizontalAdvance(str(title)) + 8
        if width < needed:
            problems.append(f"{where}: column {title!r} is {width} px, its heading needs {needed}")
        end = header.sectionViewportPosition(column) + width
        if end > table.viewport().width():
            problems.append(
                f"{where}: column {title!r} ends at {end}, beyond the table's "
                f"{table.viewport().width()} px"
            )
    return problems


def list_tables(page: QWidget) -> list[QTableView]:
    """The notices lists' and the print queue's tables on an area's page."""
    return [
        table
        for table in page.findChildren(QTableView)
        if table.accessibleName() in ("Notices", "Warnings", "Notices to print")
    ]


@pytest.mark.parametrize("username", DEMO_ROLES)
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_area_fits_the_screen(qtbot, demo, username, width, height) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(demo, demo_actor(demo, username))
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    assert (window.width(), window.height()) == (width, height)
    problems: list[str] = []
    for index, title in enumerate(window.area_titles()):
        window.open_area(index)
        qtbot.wait(20)
        where = f"{username} {width}x{height} {title}"
        problems += off_screen_buttons(window, where)
        for table in list_tables(window.current_page()):
            problems += column_problems(table, where)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_notice_and_the_preview_fit_the_screen(qtbot, demo, width, height) -> None:  # type: ignore[no-untyped-def]
    """The supervisor's notice detail (its actions) and the print queue's preview buttons."""
    window = build_main_window(demo, demo_actor(demo, "supervisor"))
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.open_area(window.area_titles().index("Notices"))
    notices = window.current_page()
    table = list_tables(notices)[0]
    table.setCurrentIndex(table.model().index(0, 0))
    table.activated.emit(table.currentIndex())
    qtbot.wait(20)
    problems = off_screen_buttons(window, f"notice detail {width}x{height}")
    window.open_area(window.area_titles().index("Print queue"))
    qtbot.wait(20)
    page = window.current_page()
    preview = page.preview  # type: ignore[attr-defined]
    for button in (preview.next_button, preview.print_button, preview.save_button):
        assert button.isVisibleTo(window), f"{button.text()} is hidden"
    problems += off_screen_buttons(window, f"print queue {width}x{height}")
    assert problems == [], "\n".join(problems)
