"""Qt's model tester on every engagement table model, and paging with fetchMore."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QModelIndex, Qt

from hfhate.services.engagement.follow_ups import add_follow_up
from hfhate.services.engagement.queries import SessionFilter, TrainedPerson
from hfhate.services.engagement.rules import FollowUpInput, RegisterPerson
from hfhate.ui.engagement.register_editor import RegisterModel
from hfhate.ui.engagement.table_models import (
    FollowUpsTableModel,
    SessionsTableModel,
    TrainedPeopleModel,
)
from hfhate.ui.tables import PAGE_SIZE


def test_sessions_model_passes_the_model_tester_and_pages_in(
    qtbot, qtmodeltester, officer_ctx, bulk_sessions
):
    bulk_sessions(2 * PAGE_SIZE + 17)
    model = SessionsTableModel(officer_ctx)
    model.reload()
    qtbot.waitUntil(lambda: model.counted, timeout=5000)  # counted once the page is shown
    assert (model.rowCount(), model.total) == (PAGE_SIZE, 2 * PAGE_SIZE + 17)
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    qtmodeltester.check(model)  # it fetches the rest as a view would
    assert model.rowCount() == 2 * PAGE_SIZE + 17
    assert not model.canFetchMore(QModelIndex())
    assert model.index(0, 7).data() == "Priya Person"
    assert model.index(5, 6).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    assert model.headerData(4, Qt.Orientation.Horizontal) == "School or organisation"
    model.set_filter(SessionFilter(text="Forum 41"))
    assert [model.index(r, 3).data() for r in range(model.rowCount())] == [
        "Forum 41",
        "Forum 410",
        "Forum 411",
        "Forum 412",
        "Forum 413",
        "Forum 414",
        "Forum 415",
        "Forum 416",
    ]


def test_follow_ups_model_passes_the_model_tester(
    qtmodeltester, store, officer, officer_ctx, record, days_ago
):
    saved = record(session_date=days_ago(10))
    with store.session_factory.begin() as session:
        for n in range(3):
            add_follow_up(
                session,
                officer,
                saved.id,
                FollowUpInput(
                    "action", f"Action {n}", owner_id=officer.user_id, due_on=days_ago(n - 1)
                ),
            )
        add_follow_up(
            session,
            officer,
            saved.id,
            FollowUpInput(
                "disclosure",
                "Disclosure",
                category="hate_crime",
                referral="cmarac",
                flagged=True,
                owner_id=officer.user_id,
                due_on=days_ago(0),
            ),
        )
    model = FollowUpsTableModel(officer_ctx)
    model.set_view("open", mine_only=True)
    qtmodeltester.check(model)
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == [
        "Action 2",
        "Action 1",
        "Disclosure",
        "Action 0",
    ]
    assert model.index(2, 2).data() == "Disclosure: Hate crime (flagged)"
    assert model.index(2, 3).data() == "Community MARAC (CMARAC)"
    model.set_view("overdue", mine_only=False)
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == ["Action 2"]


def test_trained_people_and_register_models_pass_the_model_tester(qtmodeltester):
    people = TrainedPeopleModel()
    people.set_people(
        [
            TrainedPerson(
                "Ann Lee",
                "Warden",
                "H&F Council",
                date(2024, 1, 5),
                uuid.uuid4(),
                "staff_training",
                2,
            )
        ],
        cutoff=date(2024, 6, 1),
    )
    qtmodeltester.check(people)
    assert people.index(0, 3).data() == "Fri 05 Jan 2024"
    assert people.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    register = RegisterModel()
    register.set_rows([RegisterPerson("Ann Lee", "Warden", "H&F Council")])
    register.add(RegisterPerson("Bo Chan"))
    qtmodeltester.check(register)
    register.remove(0)
    assert [register.index(0, c).data() for c in range(3)] == ["Bo Chan", "", ""]
