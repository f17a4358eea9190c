"""Issue 12 point 8: a notice's detail shows the moves possible now, and says why not the rest.

A supervisor opening an issued notice sees only enabled buttons, one for each move possible
today (and Amend); every other move is listed with its reason once "Why can't I…?" is clicked.
The moves are the lifecycle's own (``TRANSITIONS``), so a new move appears by itself.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus, utc_now
from hfhate.services.notices.lifecycle import TRANSITIONS, allowed_actions, why_not
from hfhate.startup import ReadyStore
from hfhate.ui.context import Changes, UiContext
from hfhate.ui.notices.detail import NoticeDetail
from tests.fixtures.demo_windows import demo_actor, demo_ready


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadyStore]:
    ready = demo_ready(tmp_path_factory.mktemp("demo") / "data")
    yield ready
    ready.store.close()


def issued_notice(demo: ReadyStore) -> FixedPenaltyNotice:
    """The newest issued notice of the demo."""
    with demo.store.session_factory() as session:
        notice = session.scalars(
            select(FixedPenaltyNotice)
            .where(FixedPenaltyNotice.kind == NoticeKind.NOTICE)
            .where(FixedPenaltyNotice.status == NoticeStatus.ISSUED)
            .order_by(FixedPenaltyNotice.offence_at.desc())
        ).first()
        assert notice is not None
        session.expunge(notice)
        return notice


def test_a_supervisor_sees_the_moves_possible_now_and_why_not_the_rest(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    supervisor = demo_actor(demo, "supervisor")
    ctx = UiContext(
        session_factory=demo.store.session_factory,
        actor=supervisor,
        paths=demo.store.paths,
        store_key=demo.store.key,
        demo=True,
        changes=Changes(),
    )
    detail = NoticeDetail(ctx)
    qtbot.addWidget(detail)
    detail.resize(1100, 650)
    detail.show()
    qtbot.waitExposed(detail)
    notice = issued_notice(demo)
    assert detail.show_notice(notice.id) == ""
    today = london_date(utc_now())
    possible = {TRANSITIONS[a].label for a in allowed_actions(supervisor, notice, today)}
    not_now = {
        TRANSITIONS[a].label: why_not(notice, a, today)
        for a in TRANSITIONS
        if TRANSITIONS[a].label not in possible
    }
    assert possible and not_now  # an issued notice has both

    panel = detail.actions_panel
    shown = [b for b in panel.findChildren(QPushButton) if b.isVisibleTo(detail)]
    asking = [b for b in shown if b.text() == "Why can't I…?"]
    moves = [b for b in shown if b not in asking]
    assert [b.text() for b in moves if not b.isEnabled()] == []
    assert {b.accessibleName() for b in moves} == possible | {"Amend"}
    assert len(asking) == 1, "no Why can't I…? button"
    why_button = asking[0]

    listed = [
        w for w in panel.children() if getattr(w, "objectName", lambda: "")() == "actions_why"
    ]
    assert listed and not listed[0].isVisibleTo(detail)  # behind the button until asked
    qtbot.mouseClick(why_button, Qt.MouseButton.LeftButton)
    why = listed[0]
    assert why.isVisibleTo(detail)
    lines = why.text().splitlines()
    assert lines == [f"{label}: {reason}" for label, reason in not_now.items()]
    assert all(reason for reason in not_now.values())
    qtbot.mouseClick(why_button, Qt.MouseButton.LeftButton)
    assert not why.isVisibleTo(detail)
