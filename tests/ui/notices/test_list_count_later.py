"""A long list shows its first rows before it is counted: the count comes from a worker
thread and is shown once known; a count for a filter changed meanwhile is not shown, but the
search it was for is still logged with it."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import AuditEvent, NoticeKind
from hfhate.services.notices import queries as notice_queries
from hfhate.services.notices.queries import NoticeFilter
from hfhate.ui.context import UiContext
from hfhate.ui.notices.table_model import NoticesTableModel
from hfhate.ui.tables import PAGE_SIZE
from tests.fixtures.notices import numbered_name


class HeldCount:
    """Holds the model's count in its worker until ``release``: the test sees the list
    while it is still counted, whatever the machine's speed."""

    def __init__(self, model: NoticesTableModel) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()
        counter = model.counter

        def held() -> Callable[[Session], int]:
            count = counter()

            def wait_then_count(session: Session) -> int:
                self.started.set()
                assert self.gate.wait(10), "the test never released the count"
                return count(session)

            return wait_then_count

        model.counter = held  # type: ignore[method-assign]

    def release(self) -> None:
        self.gate.set()


def searches(ctx: UiContext) -> list[dict[str, object]]:
    with ctx.session_factory() as session:
        return [
            e.details
            for e in session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == "notices_searched")
                .order_by(AuditEvent.seq)
            )
        ]


def test_the_first_rows_show_while_the_count_is_pending_then_the_count(qtbot, ctx_for, desk):
    desk.issue_many(PAGE_SIZE + 50)
    model = NoticesTableModel(ctx_for(desk.supervisor), NoticeKind.NOTICE)
    held = HeldCount(model)
    with qtbot.assertNotEmitted(model.count_changed, wait=50):
        model.show_filter(NoticeFilter())
        assert held.started.wait(5)
    assert model.rowCount() == PAGE_SIZE  # the first page, before any count
    assert model.index(0, 3).data() == numbered_name(0)
    assert (model.counted, model.total) == (False, PAGE_SIZE)
    assert model.canFetchMore(model.index(-1, -1))
    assert searches(model.ctx) == []  # logged once counted
    with qtbot.waitSignal(model.count_changed, timeout=5000):
        held.release()
    assert (model.counted, model.total) == (True, PAGE_SIZE + 50)
    logged = {"found": PAGE_SIZE + 50, "kind": "notice", "search_text": False}
    assert searches(model.ctx) == [logged]


def test_the_page_says_counting_then_the_count(ui, desk, open_window, area):
    desk.issue_many(PAGE_SIZE + 1)
    page = area(open_window(desk.supervisor), "Notices")
    if not page.model.counted:  # the worker may already have answered while the window opened
        assert page.count_label.text() == "First 200 notices shown, counting the rest…"
    ui.qtbot.waitUntil(lambda: page.count_label.text() == "201 notices", timeout=5000)
    assert page.model.rowCount() == PAGE_SIZE


def test_a_short_list_is_counted_with_its_first_page(qtbot, ctx_for, desk):
    desk.issue_many(3)
    model = NoticesTableModel(ctx_for(desk.supervisor), NoticeKind.NOTICE)
    with qtbot.waitSignal(model.count_changed, timeout=1000):
        model.show_filter(NoticeFilter())
    assert (model.rowCount(), model.counted, model.total) == (3, True, 3)
    assert not model.canFetchMore(model.index(-1, -1))


def test_a_count_for_a_filter_changed_meanwhile_is_not_shown(qtbot, ctx_for, desk, monkeypatch):
    desk.issue_many(PAGE_SIZE + 50)
    desk.issue(recipient_name="Kevin Example")
    ctx = ctx_for(desk.supervisor)
    model = NoticesTableModel(ctx, NoticeKind.NOTICE)
    held = HeldCount(model)
    model.show_filter(NoticeFilter())  # 251 notices: counted in the worker, held
    assert held.started.wait(5)
    narrow = NoticeFilter(text="Kevin")
    model.show_filter(narrow)  # one notice: counted with its page
    assert (model.rowCount(), model.counted, model.total) == (1, True, 1)

    shown: list[int] = []
    model.count_changed.connect(lambda: shown.append(model.total))
    counted = threading.Event()
    real_count = notice_queries.count_notices

    def count_notices(*args: object) -> int:
        try:
            return real_count(*args)  # type: ignore[arg-type]
        finally:
            counted.set()

    monkeypatch.setattr(notice_queries, "count_notices", count_notices)
    held.release()
    assert counted.wait(5)
    qtbot.waitUntil(lambda: len(searches(ctx)) == 2, timeout=5000)
    assert shown == []  # the stale count never reached the list
    assert (model.rowCount(), model.counted, model.total) == (1, True, 1)
    # Both searches were shown, so both are logged, each with what it found.
    assert sorted(details["found"] for details in searches(ctx)) == [1, PAGE_SIZE + 51]
