"""Issue 12 point 1: time-barred notices are not chased.

Proceedings for a PSPO breach must start within six months of the offence (Magistrates'
Courts Act 1980 s.127). A notice for an offence on 11 December 2024 may be prosecuted until
11 June 2025; after that no referral, no reminder (it would threaten prosecution), only a
write-off, on the laptop and on the server; the Due actions list, the detail and the print
queue say so, and the nearest deadline comes first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from hfhate.models import FixedPenaltyNotice, NoticeEvent, NoticeStatus, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.notices import issuing, queries
from hfhate.services.notices.lifecycle import Action, NotAllowedNow, apply_action
from tests.first_hour.pushed import pushed_update_problems
from tests.fixtures.notices import notice_entry

ISSUED = datetime(2024, 12, 11, 14, 30, tzinfo=UTC)  # the offence half an hour before
LAST_DAY = date(2025, 6, 11)  # six months after the offence
BARRED = date(2025, 6, 12)


@pytest.fixture
def desk(store: Store, admin: Actor, make_actor: Callable[..., Actor]) -> dict[str, Any]:
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    return {
        "officer": make_actor(Role.AUTHORISED_OFFICER, username="oliver"),
        "supervisor": make_actor(Role.SUPERVISOR, username="sarah"),
    }


def _issue(store: Store, desk: dict[str, Any], at: datetime = ISSUED) -> FixedPenaltyNotice:
    with store.session_factory.begin() as session:
        return issuing.issue_notice(session, desk["officer"], notice_entry(at), now=at)


def _move(
    store: Store, desk: dict[str, Any], notice: FixedPenaltyNotice, action: Action, today: date
) -> FixedPenaltyNotice:
    reason = "Unpaid after the reminders." if action is not Action.SEND_REMINDER_1 else ""
    with store.session_factory.begin() as session:
        return apply_action(
            session, desk["supervisor"], notice.id, action, reason=reason, today=today
        )


def test_prosecution_is_possible_until_six_months_after_the_offence_and_not_after(
    store: Store, desk: dict[str, Any]
) -> None:
    late = _issue(store, desk)
    with pytest.raises(NotAllowedNow, match="time-barred: proceedings had to start by 11 June"):
        _move(store, desk, late, Action.REFER_FOR_PROSECUTION, BARRED)
    in_time = _issue(store, desk)
    referred = _move(store, desk, in_time, Action.REFER_FOR_PROSECUTION, LAST_DAY)
    assert referred.status is NoticeStatus.REFERRED_FOR_PROSECUTION


def test_no_reminder_once_time_barred_nor_one_whose_last_date_to_pay_is_too_late(
    store: Store, desk: dict[str, Any]
) -> None:
    notice = _issue(store, desk)
    with pytest.raises(NotAllowedNow, match="time-barred"):
        _move(store, desk, notice, Action.SEND_REMINDER_1, date(2026, 12, 3))
    # Five days before the last day: a first reminder gives 14 days, past it, so its threat
    # of prosecution could not be carried out.
    with pytest.raises(NotAllowedNow, match="could not lead to prosecution"):
        _move(store, desk, notice, Action.SEND_REMINDER_1, date(2025, 6, 6))
    sent = _move(store, desk, notice, Action.SEND_REMINDER_1, date(2025, 5, 1))
    assert sent.status is NoticeStatus.REMINDER_1


def test_a_time_barred_notice_is_written_off_under_that_category(
    store: Store, desk: dict[str, Any]
) -> None:
    notice = _issue(store, desk)
    _move(store, desk, notice, Action.WRITE_OFF, BARRED)
    with store.session_factory() as session:
        event = session.scalars(
            select(NoticeEvent).where(
                NoticeEvent.notice_id == notice.id, NoticeEvent.action == "write_off"
            )
        ).one()
    assert event.details.get("category") == "time_barred"


def test_due_actions_say_time_barred_and_put_the_nearest_deadline_first(
    store: Store, desk: dict[str, Any]
) -> None:
    barred = _issue(store, desk)  # last day 11 June 2025
    later = _issue(store, desk, datetime(2025, 3, 12, 14, 30, tzinfo=UTC))  # 12 Sep 2025
    sooner = _issue(store, desk, datetime(2025, 2, 1, 14, 30, tzinfo=UTC))  # 1 Aug 2025
    with store.session_factory() as session:
        due = queries.due_actions(session, desk["supervisor"], date(2025, 7, 1))
    assert [d.notice.number for d in due] == [sooner.number, later.number, barred.number]
    assert due[-1].why == "Time-barred: write it off"
    assert due[-1].prosecute_by == LAST_DAY
    assert not due[0].why.startswith("Time-barred")


def _server_answer(
    notice: FixedPenaltyNotice, actor: Actor, changes: dict[str, Any], on: date
) -> dict[str, str]:
    return pushed_update_problems(
        notice, actor, changes, datetime(on.year, on.month, on.day, 12, tzinfo=UTC)
    )


def test_the_server_refuses_a_pushed_referral_or_reminder_past_the_deadline(
    store: Store, desk: dict[str, Any]
) -> None:
    notice = _issue(store, desk)
    supervisor = desk["supervisor"]
    refused = _server_answer(notice, supervisor, {"status": "referred_for_prosecution"}, BARRED)
    assert "time-barred" in refused.get("status", "")
    refused = _server_answer(notice, supervisor, {"status": "reminder_1"}, BARRED)
    assert "time-barred" in " ".join(refused.values())
    # The same referral on the last day stands.
    assert (
        _server_answer(notice, supervisor, {"status": "referred_for_prosecution"}, LAST_DAY) == {}
    )


def test_the_detail_due_list_and_print_queue_show_the_deadline(
    store: Store, desk: dict[str, Any], qtbot: Any
) -> None:
    from PySide6.QtCore import Qt

    from hfhate.ui.notices.detail_fields import offence_rows
    from hfhate.ui.notices.due_page import DueActionsModel
    from hfhate.ui.print_queue.queue_model import PrintQueueModel, QueueRow

    notice = _issue(store, desk)  # time-barred today (the clock is after June 2025)
    with store.session_factory() as session:
        view = queries.read_notice(session, desk["supervisor"], notice.id, audited=False)
        rows = {key: (label, text) for key, label, text in offence_rows(view.notice)}
        due = queries.due_actions(session, desk["supervisor"], date(2025, 7, 1))
    label, text = rows["prosecute_by"]
    assert label == "Proceedings must start by"
    assert text.startswith("11 Jun 2025 (time-barred")

    model = DueActionsModel()
    model.set_rows(due)
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    column = headers.index("Proceedings by")
    assert model.data(model.index(0, column)) == "11 Jun 2025 (passed)"

    queue = PrintQueueModel()
    queue.show_rows([QueueRow.of(notice, printed_before=False)])
    assert queue.data(queue.index(0, 2)) == "TIME-BARRED: issued"
    tip = queue.data(queue.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert "not to be posted to its recipient" in tip


def test_notices_issued_before_the_deadline_was_kept_get_it_when_the_store_is_upgraded(
    store: Store, desk: dict[str, Any]
) -> None:
    """A store at the revision before (0008) holds a notice without a deadline: opening it
    with this version fills the notice's last day to start proceedings."""
    from alembic import command
    from sqlalchemy import text

    from hfhate.models.store import alembic_config, open_store
    from hfhate.security.cipher_store import make_cipher_engine

    notice = _issue(store, desk)
    store.close()
    engine = make_cipher_engine(store.paths.store, store.key)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(notices)"))]
    engine.dispose()
    assert "prosecute_by" not in columns

    reopened = open_store(store.paths, store.key)
    try:
        with reopened.session_factory() as session:
            stored = session.get_one(FixedPenaltyNotice, notice.id)
            assert stored.prosecute_by == LAST_DAY
    finally:
        reopened.close()
